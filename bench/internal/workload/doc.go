// Package workload implements GrumpyDB's engine benchmark workloads of
// BENCHMARKS.md §4.2 — M0 (the machine's fsync baseline), E1 (durable
// single-document insert, four shapes), E2 (16 concurrent durable
// inserters), E3/E3i (bulk load in transactions of 1,000, without and with
// indexes), E4/E5 (warm and cold point gets), E6 (full scan with decode) and
// E7/E8 (index exact match and range) — on the document shapes of §2 and the
// data sets of §3, their scale variants E4s–E8s (§4.4) on L100/L100i, the
// 100,000-document stores E3/E3i leave behind (built untimed the same way
// when E3/E3i are not in the run), and, through package roundtrip, the
// server round trips S1/S2 of §4.5 (R10's keys and documents, as compact
// JSON, are S1's data).
//
// Invariants:
//   - Randomness comes only from package keygen, with the seeds §4.2 and
//     §4.4 give.
//   - Setup and teardown stay outside the timed regions (§1.2); documents
//     are built in memory first and encoded by the engine inside them.
//   - Every sample is verified (§1.3): cheap checks inside the timed loop,
//     deep ones in an untimed pass. A wrong result fails the whole run with
//     an error wrapping ErrVerify; it is never just reported.
//   - The engine runs with its default, durable options.
//   - Nothing is asserted on timings; figures only go into report rows.
package workload

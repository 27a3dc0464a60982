// Package bench holds GrumpyDB's benchmark programs: the engine workloads of
// BENCHMARKS.md, the server round trips (with redis-server as the anchor),
// and the peer comparison with bbolt, SQLite and Pebble. It is its own
// module so the engine never depends on its peers.
//
// Layout:
//
//	cmd/grumpybench     M0, E1–E8 (BENCHMARKS.md §4.2), S1/S2 (§4.5) and the
//	                    §6.1 record
//	cmd/peerbench       C1–C7 and peak memory (§4.6), Q1–Q3 (Find vs SQLite)
//	internal/workload   the engine workloads, shapes (§2) and data sets (§3)
//	internal/peer       the peer stores, C1–C7 and Q1–Q3
//	internal/roundtrip  S1/S2: the real grumpydb-server and redis-server,
//	                    raw protocol connections, pipelining
//	internal/keygen     the ChaCha8 generator and UUIDv4 keys (§1.4)
//	internal/report     statistics, the environment block, the tables
//	internal/fsinfo     mount, file-system kind and disk usage of a directory
//	internal/scratch    scratch directories, with a tmpfs warning
//
// `go test ./...` here runs every workload and every peer workload in
// reduced mode (a smoke test whose verification must pass); it never
// asserts on timings.
package bench

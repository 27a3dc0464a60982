// Package roundtrip implements the server round-trip workloads of
// BENCHMARKS.md §4.5 — S1 (GET) and S2 (durable INSERT) — against the real
// grumpydb-server binary over loopback, with redis-server answering the
// same request pattern in the same run as the upper anchor for a loopback
// request/response server.
//
// The clients are raw TCP connections in the benchmark process, driven by
// the protocol package's request encoder (Command.AppendLine, the array
// and bulk encoders for Redis's RESP arrays) and its response decoder
// (ReadResponse). No driver is used, so the figure measures the server.
//
// Invariants:
//   - The server runs on a fresh data directory under the scratch
//     directory with `--no-tls --bind 127.0.0.1:<port> --no-http
//     --bootstrap-password <32 random characters>` and otherwise its
//     defaults (no configuration file exists in its working directory);
//     before any figure is taken a burst of pipelined PINGs larger than the
//     per-IP command burst proves the loopback bypass is in effect.
//   - Redis runs with `--save "" --appendonly yes --appendfsync always`, so
//     it too acknowledges only durable writes.
//   - Randomness comes only from package keygen with the §4.5 seeds
//     (0x5E4F0000 + c for S1, 0x5E4F1000 + c for S2, c the connection).
//   - Connections are opened and logged in untimed; the clock runs from
//     a barrier released once every connection of the configuration is
//     ready until the last reply of the sample has been read.
//   - Every reply is checked inside the timed loop (S1: a bulk equal to the
//     stored document; S2: +OK); after each S2 sample the count is checked
//     untimed. A wrong result fails the run with an error wrapping
//     ErrVerify; it is never just reported.
//   - Every process this package starts is stopped by Suite.Close.
package roundtrip

// Package bench holds GrumpyDB's benchmark programs: the engine workloads of
// BENCHMARKS.md and the peer comparison with bbolt, SQLite and Pebble. It is
// its own module so the engine never depends on its peers.
package bench

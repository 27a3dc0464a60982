// Package peer runs the peer comparison of BENCHMARKS.md §4.6 (C1–C7): the
// same workloads on GrumpyDB and on the embedded stores a Go user would
// otherwise pick — bbolt, SQLite (modernc.org/sqlite, pure Go, WAL journal,
// synchronous=FULL) and Pebble (Sync writes) — in one process, engines
// taking turns with the order rotating every repetition, each figure the
// median of the repetitions, every row with the ratio GrumpyDB ÷ peer.
//
// Documents are the `peer` shapes (peer-small ≈ 52 B, peer-medium ≈ 500 B,
// peer-large ≈ 4 KiB of JSON) built from fixed seeds. Peers store the JSON
// text and decode it with encoding/json into map[string]any; GrumpyDB
// stores its own documents, parsed from the same JSON before timing. The
// bbolt and Pebble indexes are second key spaces `value ‖ primary key`
// (strings NUL-terminated, integers as sign-flipped big-endian uint64);
// SQLite uses expression indexes on json_extract(doc, '$.email') and
// json_extract(doc, '$.age').
//
// Seeds: documents of shape s come from 0x9EE70000+s (s = 0 small, 1
// medium, 2 large) and their keys from 0x9EE71000+s; C4's gets from
// 0x9EE7C400, C6's lookups from 0x9EE7C600.
//
// Invariants: every engine runs with its default options and durable
// commits (GrumpyDB: default; bbolt: fsync on commit; SQLite: WAL with
// synchronous=FULL; Pebble: pebble.Sync); setup and teardown are untimed;
// every repetition is verified and a wrong result fails the run with an
// error wrapping ErrVerify.
package peer

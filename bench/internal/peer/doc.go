// Package peer runs the peer comparison of BENCHMARKS.md §4.6 (C1–C7), and
// the find workloads Q1–Q3 against SQLite: the
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
// The find workloads Q1–Q3 (finds.go) compare GrumpyDB's Find with
// SQLite running the equivalent SQL over json_extract, on the same kept
// stores (100,000 peer-medium documents): Q1 an equality find on the
// indexed email, Q2 an indexed age range sorted by age with limit 10, Q3
// both without any index (full scans). They run on those two engines
// only (Engine.Finds), every answer is checked against a model of the
// generated documents, and each row's notes carry both engines' plans
// (GrumpyDB's Explain with its examined and returned counts).
//
// Seeds: documents of shape s come from 0x9EE70000+s (s = 0 small, 1
// medium, 2 large) and their keys from 0x9EE71000+s; C4's gets from
// 0x9EE7C400, C6's lookups from 0x9EE7C600; Q1's emails from 0x9EE7D100,
// Q2's ranges from 0x9EE7D200, Q3's from 0x9EE7D300 (emails) and
// 0x9EE7D301 (ranges).
//
// Invariants: every engine runs with its default options and durable
// commits (GrumpyDB: default; bbolt: fsync on commit; SQLite: WAL with
// synchronous=FULL; Pebble: pebble.Sync); setup and teardown are untimed;
// every repetition is verified and a wrong result fails the run with an
// error wrapping ErrVerify.
package peer

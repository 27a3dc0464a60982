// Package engine is GrumpyDB's embedded storage engine: a durable document
// store with collections, secondary indexes, transactions and references.
//
// # Opening
//
//	db, err := engine.Open("./mydb", &engine.Options{CreateIfMissing: true})
//	defer db.Close()
//
// Open recovers first (an acknowledged commit is never lost, an
// unacknowledged one never half-applied) and locks the directory: a second
// opener, in this process or another, gets ErrLocked. Without
// CreateIfMissing a missing database is ErrNotExist, so read-only tools never
// create one. A Store manages a data directory of tenants and databases
// (<data>/<tenant>/<database>/).
//
// # Documents
//
// Documents are Values (null, bool, int64, float64, string, bytes, array,
// object with ordered fields, reference) stored under a uuid.UUID key in a
// collection. Insert, Get, Replace (full replacement), Put (upsert), Delete,
// Count, Scan (a key range, both ends inclusive) and InsertMany exist on the
// DB, each as its own transaction, and on Tx, inside one. ParseJSON and
// Value.String convert from and to the JSON form of PROTOCOL.md §3.2–3.3;
// ValueOf and Value.Decode convert from and to Go values. Limits (16 MiB
// encoded and as JSON, depth 128, no NaN or infinities, valid UTF-8, the
// naming rules for references) are checked before anything is written.
//
// # Transactions and concurrency
//
// A *DB is safe for concurrent use. Update runs a write transaction: one at
// a time, atomic, and durable when Update returns; concurrent committers
// share one fsync (group commit), and a committer releases the writer lock
// before it waits for its fsync, so the next writer can start. View runs a
// read transaction: it sees the latest commit that was durable when it
// began, for as long as it runs, and never waits for writers or blocks them.
// Iterators live inside their transaction; DB.Scan's iterator holds its own
// snapshot until Close.
//
// A reader that stays open while writers change many pages keeps the old
// versions of those pages in memory (they count against the buffer budget,
// which then grows past it; Stats reports them as PoolRetained). Close long
// readers; there is no time limit on them.
//
// # Indexes
//
// CreateIndex indexes a dotted field path (existing documents at once);
// indexes hold an entry for every document (multikey over arrays, one "no
// value" entry when the path reaches nothing) and are exact at any value
// length. Query returns the documents whose path holds a value equal to the
// given one; QueryRange the documents with a value in [lo, hi), in the one
// value order (Compare): null < booleans < numbers (by value, integers and
// floats mixed) < strings < bytes < references < arrays < objects.
//
// # Find
//
// Find (and FindCount, Explain) evaluates the filter language of REPL.md §9:
// equality on dotted paths, $eq $ne $gt $gte $lt $lte $in $nin $exists $and
// $or $not, in the one value order; FindOptions give sort (several paths,
// in the order written), skip, limit and projection. A planner uses a key
// range for bounded _id conditions, a secondary index for equality, $in or
// a range on an indexed path (or to serve a sort), and a full scan
// otherwise; the full filter is always re-checked on each fetched document,
// so results never depend on which indexes exist. Sorting keeps only the
// top k with a limit and spills to temporary files past SortMemoryBytes
// without one. Explain returns the plan with examined and returned counts.
//
//	it, err := tx.Find(ctx, "users", filter, engine.FindOptions{
//		Sort: []engine.SortKey{{Path: "age", Desc: true}}, Limit: 10})
//
// # Maintenance
//
// Flush checkpoints (data files written and fsynced, WAL emptied); Compact
// rewrites a collection and returns its free space to the file system;
// Check verifies every invariant (checksums, tree order and reachability,
// page accounting, index ↔ document agreement); Stats and CollectionStats
// report the buffer pool.
//
// # Errors
//
// Every error wraps one of the sentinels in errors.go (match with
// errors.Is); their texts are the wire protocol's stable prefixes, so a
// server can pass them on unchanged. A damaged file gives ErrCorrupt, never
// a panic; a failed write or fsync gives ErrIO and makes the database refuse
// further writes until it is reopened (recovery then replays the log).
//
// The machinery (pages, B+Trees, heap, WAL, buffer pool, file-system seam)
// lives under internal/; docs/ARCHITECTURE.md describes it.
package engine

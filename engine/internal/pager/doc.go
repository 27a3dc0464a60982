// Package pager is GrumpyDB's buffer pool, transaction manager and recovery:
// it owns every page file of one database and its write-ahead log.
//
// # Model
//
// A database is a set of page files (see package page), each with a
// persistent file number, plus one WAL. File 1 is the control file
// (catalog.db): its page 0 carries the next file number, the last commit
// sequence number and an opaque meta blob for the engine (the HLC high-water
// mark).
//
// Changes happen in write transactions, one at a time (BeginWrite takes the
// writer lock). A write transaction copies every page it changes into a
// private write set; nothing it does is visible to anyone until Commit. Commit
// gives the transaction the next sequence number, encodes the whole write set
// (full page images, file creations and drops, the meta blob) as ONE WAL
// record, installs the images in the pool as new page versions tagged with the
// sequence number, releases the writer lock, and only then waits for the WAL
// to make the record durable (group commit: concurrent committers share one
// fsync). Commit returns nil only once the record is durable.
//
// Read transactions are snapshots: BeginRead takes the highest sequence number
// that is durable and sees, for every page, the newest version whose sequence
// number is at most that. Readers never wait for the writer or for each other.
//
// # Invariants
//
//   - Redo only. A page version reaches a data file only after the WAL record
//     that produced it is durable, so the files only ever hold committed
//     state and recovery never has to undo anything.
//   - Every page image written anywhere durable is sealed (checksum, page
//     number, file number); every page read from a file is verified.
//   - A page version a reader may still need is kept in memory: when a commit
//     supersedes version Y of a page with version X, Y stays in the page's
//     chain until every reader that began before X was durable has ended.
//     Such retained versions count against the pool budget; the budget is a
//     target, not a hard cap, while long readers pin old versions (Stats
//     reports them as "retained").
//   - A checkpoint (when the WAL passes its size threshold, on Flush and on
//     Close) holds the writer lock, waits until everything applied is
//     durable, writes every dirty page to its file, fsyncs the files and
//     their directories, and only then resets the WAL.
//   - A failed WAL write or fsync poisons the pager: every later write
//     returns an error and the pager must be reopened (recovery replays the
//     log). Durability is never assumed after an fsync error.
//
// # Recovery
//
// Open scans the database directory for page files (each file's page 0 names
// its file number and its canonical path), replays every complete WAL record
// in order (file creations, page images, file drops), fsyncs, and resets the
// WAL. A dropped file is moved to the _trash directory when its drop is
// applied and deleted once no reader can use it; a crash before the drop was
// durable moves it back.
package pager

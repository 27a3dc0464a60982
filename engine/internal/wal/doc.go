// Package wal is GrumpyDB's write-ahead log: one append-only file (wal.log)
// per database holding opaque records, each given a log sequence number
// (LSN), framed with a checksum, made durable by group commit, and replayed
// at recovery. The WAL never interprets a payload; the pager defines them.
//
// # Life cycle
//
// Open creates the log if it is missing, otherwise scans it to the end of
// its valid records, cuts off a torn or corrupt tail (and fsyncs the cut),
// and positions for appends. Recovery then calls Replay; normal operation
// calls Append (buffer a record, get its LSN) and Sync (make every record up
// to an LSN durable). A checkpoint calls Reset, which discards every record
// and starts a new, empty generation of the log whose LSNs continue upward.
//
// # On-disk format
//
// All integers are little-endian. CRC32C is CRC-32 with the Castagnoli
// polynomial. The file is a header followed by zero or more records.
//
// File header, HeaderSize (32) bytes:
//
//	offset size field
//	0      8    magic "GRMPYWAL"
//	8      4    format version (Version, currently 1)
//	12     4    salt: random per generation (chosen at creation and at
//	            every Reset, never equal to the previous generation's)
//	16     8    base LSN: the LSN of this generation's first record (>= 1)
//	24     4    reserved, zero
//	28     4    CRC32C of bytes [0, 28)
//
// Record, RecordHeaderSize (16) bytes plus its payload:
//
//	offset size field
//	0      4    payload length n, 0 <= n <= MaxPayload (64 MiB)
//	4      4    checksum: CRC32C of the payload bytes, continued over bytes
//	            [0, 4) (the length), then bytes [8, 16) (the LSN), then the
//	            4-byte chain value
//	8      8    LSN
//	16     n    payload
//
// The chain value of a generation's first record is the header's salt; for
// every later record it is the checksum field of the record before it. The
// first record carries the base LSN and each record's LSN is its
// predecessor's plus one.
//
// A record is valid when it lies wholly inside the file, its length is at
// most MaxPayload, its LSN is the expected next one and its checksum
// matches. Scanning (Open and Replay) stops at the first record that is not
// valid; that record and everything after it is a torn tail and Open
// truncates it away. Because each checksum covers the salt (through the
// chain), the LSN and the previous checksum, bytes left over from an older
// generation or from an earlier, longer version of the same generation are
// never mistaken for valid records: they fail the LSN sequence or the chain.
// Zeroed space never validates either, since LSN 0 is never used.
//
// # Invariants
//
//   - LSNs start at 1, strictly increase, and are never reused: not across
//     reopen (the next LSN is the last valid record's plus one, or the base
//     LSN of an empty log) and not across Reset (the new base is at least
//     every LSN ever handed out plus one, buffered records included).
//   - wal.log always exists with a whole, valid header once Open has
//     returned: creation and Reset build the new generation in wal.log.tmp,
//     fsync it, rename it over wal.log and fsync the directory, so a crash at
//     any step leaves either the old log or the new empty one. Open removes
//     a stale wal.log.tmp.
//   - DurableLSN never moves backward, and no record at or below it can be
//     lost: each was written and fsynced, or discarded by Reset.
//
// # Group commit and concurrency
//
// Append and Sync are safe for concurrent use. Append encodes the record
// into an in-memory buffer and never waits for I/O. Sync(lsn) returns at
// once if lsn is already durable; otherwise, if no write is in progress, the
// caller becomes the leader: it takes the whole buffer (swapping in a second
// buffer, so appends carry on meanwhile), writes it with one WriteAt,
// fsyncs once, publishes the new durable LSN and wakes every waiter. Callers
// that arrive while a leader is busy wait; when it finishes, those still not
// covered elect the next leader, whose batch covers all of them.
//
// Replay and Reset must not run concurrently with Append or Sync; they are
// meant for recovery and checkpoints, when the caller has quiesced writers.
//
// # Failure
//
// If a write or fsync of the log fails, the Log becomes failed: the Sync
// that hit the error and every later Append and Sync return an error
// wrapping both ErrFailed and the cause. The failed fsync is never retried,
// because after a failed fsync the kernel may already have dropped the dirty
// pages and a retry could report success for data that is gone (the 2018
// "fsyncgate" lesson). The only way forward is to Close the log and Open it
// again, which rescans what actually reached the file. A failure in Reset
// before the rename leaves the old log in place and the Log usable; a
// failure at the rename or after makes the Log failed.
//
// The package never panics on a corrupt or hostile file: bad bytes end the
// valid prefix or yield ErrCorrupt.
package wal

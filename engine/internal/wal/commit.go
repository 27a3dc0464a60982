package wal

import (
	"fmt"
	"hash/crc32"
)

// Append buffers one record holding a copy of payload and returns its LSN.
// It does not wait for I/O, not even for a batch being written: the record
// goes to the buffer the next Sync's leader will take. Records are totally
// ordered by LSN. The record is durable only once Sync(lsn) has returned
// nil. Append fails with ErrTooLarge for a payload over MaxPayload, with
// ErrClosed after Close, and with ErrFailed once the log has failed.
func (l *Log) Append(payload []byte) (lsn uint64, err error) {
	if len(payload) > MaxPayload {
		return 0, fmt.Errorf("%w: %d bytes, limit %d", ErrTooLarge, len(payload), MaxPayload)
	}
	// The payload's CRC, the costly part of the checksum, needs no lock;
	// the LSN and chain it is continued over are added below.
	payloadSum := crc32.Checksum(payload, castagnoli)

	l.mu.Lock()
	defer l.mu.Unlock()
	if err := l.usableLocked(); err != nil {
		return 0, err
	}
	lsn = l.next
	var rh [RecordHeaderSize]byte
	l.chain = putRecordHeader(&rh, len(payload), lsn, payloadSum, l.chain)
	l.buf = append(l.buf, rh[:]...)
	l.buf = append(l.buf, payload...)
	l.next++
	return lsn, nil
}

// Sync returns once every record with an LSN at or below lsn is durable:
// written to the file and fsynced. Concurrent callers share the work (group
// commit): one leader writes everything buffered so far in a single WriteAt
// and fsyncs once, and every caller whose LSN that batch covers returns.
// Sync of an LSN not yet appended fails with ErrInvalidLSN. If the write or
// fsync fails the log becomes failed, and this and every later Sync return
// an error wrapping ErrFailed and the cause; the fsync is never retried.
func (l *Log) Sync(lsn uint64) error {
	if lsn <= l.durable.Load() {
		return nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	for {
		switch {
		case lsn <= l.durable.Load():
			return nil
		case l.failed != nil:
			return l.failedErr()
		case l.flushing:
			// A leader is writing; it may cover lsn, and if not the
			// next leader will take everything buffered meanwhile.
			l.cond.Wait()
		case l.closed:
			return ErrClosed
		case lsn >= l.next:
			return fmt.Errorf("%w: sync of %d, but the last appended LSN is %d", ErrInvalidLSN, lsn, l.next-1)
		default:
			l.flushLocked()
		}
	}
}

// flushLocked makes this caller the leader for one batch: it takes the
// whole buffer, swaps in the spare, releases mu while it writes the batch
// with one WriteAt and fsyncs once, then reacquires mu, publishes the new
// durable LSN (or records the failure) and wakes every waiter. Call with mu
// held, flushing false, no failure recorded and the buffer non-empty.
func (l *Log) flushLocked() {
	batch, last, off, f, alloc := l.buf, l.next-1, l.end, l.f, l.alloc
	l.buf = l.spare
	if l.buf == nil {
		l.buf = make([]byte, 0, l.opts.BufferSize)
	}
	l.spare = nil
	l.flushing = true
	l.batch = int64(len(batch))

	l.mu.Unlock()
	err := writeFull(f, batch, off)
	if err != nil {
		err = fmt.Errorf("wal: write %d bytes at offset %d of %s: %w", len(batch), off, l.path, err)
	}
	if end := off + int64(len(batch)); err == nil && end > alloc && l.opts.Preallocate > 0 && !l.opts.NoSync {
		// Lay zeros down ahead of the log so that the next commits
		// overwrite existing blocks: their fsyncs then flush data only.
		// Zeros never validate as a record (LSN 0 is never used). The
		// fsync below covers the batch and the zeros alike.
		if zerr := writeFull(f, make([]byte, l.opts.Preallocate), end); zerr != nil {
			err = fmt.Errorf("wal: extend %s: %w", l.path, zerr)
		} else {
			alloc = end + l.opts.Preallocate
		}
	}
	if err == nil && !l.opts.NoSync {
		if serr := f.Sync(); serr != nil {
			err = fmt.Errorf("wal: fsync %s: %w", l.path, serr)
		} else {
			l.syncs.Add(1)
		}
	}
	l.mu.Lock()

	l.flushing = false
	l.batch = 0
	if err != nil {
		l.failed = err
	} else {
		l.end = off + int64(len(batch))
		l.alloc = max(alloc, l.end)
		l.durable.Store(last)
	}
	if cap(batch) <= retainFactor*l.opts.BufferSize {
		l.spare = batch[:0]
	}
	l.cond.Broadcast()
}

package wal

import (
	"fmt"
	"os"
)

// Reset is the checkpoint: it discards every record (the caller guarantees
// each is durable elsewhere or obsolete) and restarts the log empty, with
// the next LSN max(nextLSN, NextLSN()), so LSNs keep increasing. Records
// buffered but not synced are discarded too; their LSNs are not reused.
//
// The new generation is built in wal.log.tmp, fsynced, renamed over the log
// and the directory fsynced, so a crash at any point leaves either the old
// log or the new empty one. A failure before the rename leaves the old log
// and the Log as they were; a failure at the rename or later makes the Log
// failed. Reset must not run concurrently with Append, Sync or Replay.
func (l *Log) Reset(nextLSN uint64) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	for l.flushing {
		l.cond.Wait()
	}
	if err := l.usableLocked(); err != nil {
		return err
	}
	base := max(nextLSN, l.next, 1)
	if base > MaxLSN {
		return fmt.Errorf("%w: reset to %d, above MaxLSN", ErrInvalidLSN, base)
	}
	h := header{salt: newSalt(l.hdr.salt), base: base}
	renamed, err := installGeneration(l.fsys, l.path, h)
	if err != nil {
		if renamed {
			l.failed = err
			return l.failedErr()
		}
		return err
	}
	// The old file is gone from the name space; whatever happens next,
	// the handle to it is of no more use.
	_ = l.f.Close()
	l.f = nil
	f, err := l.fsys.OpenFile(l.path, os.O_RDWR, 0)
	if err != nil {
		l.failed = fmt.Errorf("wal: reopen %s after reset: %w", l.path, err)
		return l.failedErr()
	}
	l.f = f
	l.hdr = h
	l.next = base
	l.chain = h.salt
	l.end = HeaderSize
	l.alloc = HeaderSize
	l.buf = l.buf[:0]
	l.durable.Store(base - 1)
	return nil
}

package wal

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sync"
	"sync/atomic"

	"github.com/grumpydb/grumpydb/engine/internal/vfs"
)

// Log is an open write-ahead log. Append, Sync, DurableLSN, NextLSN and
// Size are safe for concurrent use; Replay and Reset must not overlap
// Append or Sync (see the package documentation).
type Log struct {
	fsys vfs.FS
	path string
	opts Options

	// durable is the highest LSN known written and fsynced; every lower LSN
	// is durable (or obsolete, below the current generation's base). It is
	// only stored with mu held, but read without it.
	durable atomic.Uint64
	// syncs counts the fsyncs of the log file since Open.
	syncs atomic.Uint64

	mu   sync.Mutex
	cond sync.Cond // on mu; broadcast whenever a leader finishes a batch

	f     vfs.File // the current generation's file; nil once closed or lost
	hdr   header   // the current generation's header
	next  uint64   // LSN the next Append returns
	chain uint32   // chain value for the next record (see doc.go)
	end   int64    // file offset just past the last record written by a completed batch
	// alloc is how far the file has been filled (records, then zeros laid
	// down ahead of them): appends below it overwrite blocks that already
	// exist, so their fsync need not change the file's size.
	alloc  int64
	buf    []byte // encoded records appended and not yet taken by a leader
	spare  []byte // the other buffer, reused for the next batch (may be nil)
	batch  int64  // length of the batch a leader is writing, if flushing
	closed bool
	// flushing is true while a leader, with mu released, writes and
	// fsyncs a batch. At most one batch is in flight.
	flushing bool
	// failed is the first write or fsync error; once set it never clears.
	failed error
}

// Open opens the log at path in fsys, creating it (with base LSN 1) if it
// does not exist. It scans the existing records, truncates a torn or
// corrupt tail, fsyncs the file, and positions for appends; the records it
// kept are all durable when it returns. A file whose header is missing or
// invalid yields ErrCorrupt.
func Open(fsys vfs.FS, path string, opts Options) (*Log, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	if err := removeStaleTmp(fsys, path+tmpSuffix); err != nil {
		return nil, err
	}
	f, err := fsys.OpenFile(path, os.O_RDWR, 0)
	if errors.Is(err, fs.ErrNotExist) {
		if _, err := installGeneration(fsys, path, header{salt: newSalt(0), base: 1}); err != nil {
			return nil, err
		}
		f, err = fsys.OpenFile(path, os.O_RDWR, 0)
	}
	if err != nil {
		return nil, fmt.Errorf("wal: open %s: %w", path, err)
	}
	l := &Log{fsys: fsys, path: path, opts: opts, f: f}
	l.cond.L = &l.mu
	if err := l.load(); err != nil {
		_ = f.Close()
		return nil, err
	}
	l.buf = make([]byte, 0, opts.BufferSize)
	return l, nil
}

// removeStaleTmp deletes a generation file left behind by a crash during
// creation or Reset. Such a file was never renamed into place, so nothing
// in it is part of the log.
func removeStaleTmp(fsys vfs.FS, tmp string) error {
	if _, err := fsys.Stat(tmp); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return fmt.Errorf("wal: stat %s: %w", tmp, err)
	}
	if err := fsys.Remove(tmp); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("wal: remove stale %s: %w", tmp, err)
	}
	return nil
}

// load reads the header of l.f, scans to the end of the valid records,
// cuts off anything after them and fsyncs, then sets l's position.
func (l *Log) load() error {
	size, err := l.f.Size()
	if err != nil {
		return fmt.Errorf("wal: size of %s: %w", l.path, err)
	}
	hb := make([]byte, HeaderSize)
	if size < HeaderSize {
		return fmt.Errorf("%w: %s is %d bytes, shorter than its header", ErrCorrupt, l.path, size)
	}
	if _, err := l.f.ReadAt(hb, 0); err != nil {
		return fmt.Errorf("wal: read header of %s: %w", l.path, err)
	}
	h, err := decodeHeader(hb)
	if err != nil {
		return fmt.Errorf("%s: %w", l.path, err)
	}
	s := newScanner(l.f, size, h)
	for {
		_, _, ok, err := s.next()
		if err != nil {
			return err
		}
		if !ok {
			break
		}
	}
	if s.off < size {
		if err := l.f.Truncate(s.off); err != nil {
			return fmt.Errorf("wal: truncate torn tail of %s at %d: %w", l.path, s.off, err)
		}
	}
	// Make the kept records and the cut durable before anyone relies on
	// them: a record read back from the page cache may never have reached
	// the disk, and an unsynced cut could let stale bytes reappear.
	if err := l.f.Sync(); err != nil {
		return fmt.Errorf("wal: sync %s: %w", l.path, err)
	}
	l.hdr = h
	l.next = s.lsn
	l.chain = s.chain
	l.end = s.off
	l.alloc = s.off
	l.durable.Store(s.lsn - 1)
	return nil
}

// DurableLSN returns the highest LSN known to be durable: every record with
// an LSN at or below it has been written and fsynced (or discarded by
// Reset as obsolete).
func (l *Log) DurableLSN() uint64 { return l.durable.Load() }

// NextLSN returns the LSN the next Append will return.
func (l *Log) NextLSN() uint64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.next
}

// Syncs returns the number of fsyncs of the log file since Open: with
// group commit, fewer than the commits that waited for durability.
func (l *Log) Syncs() uint64 { return l.syncs.Load() }

// Size returns the log's length in bytes: the file as written plus the
// records buffered or in flight. A checkpoint policy can compare it with a
// threshold.
func (l *Log) Size() int64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.end + l.batch + int64(len(l.buf))
}

// Close makes every appended record durable (unless the log has failed),
// then closes the file. It returns the failure of that last Sync, or of an
// earlier one, or of closing the file. Calls after the first return
// ErrClosed.
func (l *Log) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return ErrClosed
	}
	l.closed = true
	for l.flushing {
		l.cond.Wait()
	}
	if l.failed == nil && len(l.buf) > 0 {
		l.flushLocked()
	}
	var err error
	if l.failed != nil {
		err = l.failedErr()
	}
	if l.f != nil {
		if cerr := l.f.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("wal: close %s: %w", l.path, cerr)
		}
		l.f = nil
	}
	l.buf, l.spare = nil, nil
	l.cond.Broadcast()
	return err
}

// failedErr is the error Append and Sync return once the log has failed.
// Call with mu held and l.failed set.
func (l *Log) failedErr() error {
	return fmt.Errorf("%w: %w", ErrFailed, l.failed)
}

// usableLocked reports why the log cannot take appends, if it cannot. Call
// with mu held.
func (l *Log) usableLocked() error {
	if l.closed {
		return ErrClosed
	}
	if l.failed != nil {
		return l.failedErr()
	}
	return nil
}

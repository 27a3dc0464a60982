package wal

import "fmt"

// Replay calls fn for every valid record with an LSN at or above from, in
// LSN order, covering the records of the current generation that are in
// the file (everything Open found plus every batch written since). The
// payload passed to fn is only valid until fn returns; fn must copy what it
// keeps. If fn returns an error, Replay stops and returns it unchanged.
// A record that no longer validates, though Open accepted it, yields
// ErrCorrupt. Replay must not run concurrently with Append, Sync or Reset.
func (l *Log) Replay(from uint64, fn func(lsn uint64, payload []byte) error) error {
	l.mu.Lock()
	if err := l.usableLocked(); err != nil {
		l.mu.Unlock()
		return err
	}
	f, end, h := l.f, l.end, l.hdr
	l.mu.Unlock()

	s := newScanner(f, end, h)
	for {
		lsn, payload, ok, err := s.next()
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		if lsn < from {
			continue
		}
		if err := fn(lsn, payload); err != nil {
			return err
		}
	}
	if s.off != end {
		return fmt.Errorf("%w: %s: record at offset %d (LSN %d) no longer validates", ErrCorrupt, l.path, s.off, s.lsn)
	}
	return nil
}

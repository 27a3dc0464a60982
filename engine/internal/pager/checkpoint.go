package pager

import (
	"errors"
	"fmt"
	"io/fs"
	"sort"
)

// Flush checkpoints: after it returns, every committed change is in the page
// files and the WAL is empty.
func (p *Pager) Flush() error {
	p.writer.Lock()
	defer p.writer.Unlock()
	if err := p.err(); err != nil {
		return err
	}
	return p.checkpointLocked()
}

// checkpointLocked writes every dirty page to its file, fsyncs the files and
// directories, and resets the WAL. The writer lock must be held.
func (p *Pager) checkpointLocked() error {
	if err := p.err(); err != nil {
		return err
	}
	if p.lastLSN != 0 {
		if err := p.log.Sync(p.lastLSN); err != nil {
			return p.fail(err)
		}
	}
	p.publishDurable(p.applied)
	if err := p.logControl(); err != nil {
		return p.fail(err)
	}

	for i := range p.pool.shards {
		sh := &p.pool.shards[i]
		sh.mu.Lock()
		for k, c := range sh.chains {
			if !c.dirty || c.loading != nil {
				continue
			}
			if f := p.file(k.file); f == nil || f.dropped != 0 {
				c.dirty = false
				continue
			}
			if k == (pageKey{ControlFile, 0}) {
				continue // written below, always
			}
			if err := p.writeDisk(k, c.vers[len(c.vers)-1].data); err != nil {
				sh.mu.Unlock()
				return p.fail(err)
			}
			c.dirty = false
		}
		sh.mu.Unlock()
	}
	if p.file(ControlFile) != nil {
		k := pageKey{ControlFile, 0}
		img, err := p.get(k, maxSeq)
		if err != nil {
			return p.fail(err)
		}
		if err := p.writeDisk(k, p.controlImage(img)); err != nil {
			return p.fail(err)
		}
		sh := p.pool.shard(k)
		sh.mu.Lock()
		if c := sh.chains[k]; c != nil {
			c.dirty = false
		}
		sh.mu.Unlock()
	}
	if err := p.syncAll(); err != nil {
		return p.fail(err)
	}
	if err := p.log.Reset(p.lastLSN + 1); err != nil {
		return p.fail(err)
	}
	// The new log generation holds no page: every page's next change is
	// logged whole again.
	clear(p.logged)
	p.checkpoints.Add(1)
	return nil
}

// logControl logs the image of the control file's page 0 that the
// checkpoint is about to write (it carries the sequence number and meta,
// which no commit logs as a page), so a torn write of it is repaired by
// recovery like any other.
func (p *Pager) logControl() error {
	if p.file(ControlFile) == nil {
		return nil
	}
	img, err := p.get(pageKey{ControlFile, 0}, maxSeq)
	if err != nil {
		return err
	}
	rec := &commitRecord{seq: p.applied, meta: p.meta,
		pages: []pageImage{{file: ControlFile, no: 0, data: p.controlImage(img)}}}
	lsn, err := p.log.Append(rec.encode())
	if err != nil {
		return err
	}
	p.walRecords.Add(1)
	p.lastLSN = lsn
	return p.log.Sync(lsn)
}

// controlImage returns a copy of page 0 of the control file carrying the
// last sequence number and meta, resealed.
func (p *Pager) controlImage(img []byte) []byte {
	c := append([]byte(nil), img...)
	header{c}.setControl(p.applied, p.meta)
	pg := header{c}.p
	pg.Seal(ControlFile, 0)
	return c
}

// syncAll fsyncs every file written since the last sync, then the
// directories whose entries changed.
func (p *Pager) syncAll() error {
	p.filesMu.RLock()
	var files []*file
	for _, f := range p.files {
		if f.written.Load() {
			files = append(files, f)
		}
	}
	p.filesMu.RUnlock()
	for _, f := range files {
		f.written.Store(false)
		if err := p.syncFile(f.f); err != nil {
			f.written.Store(true)
			return fmt.Errorf("pager: fsync %s: %w", f.rel, err)
		}
	}
	p.mu.Lock()
	dirs := make([]string, 0, len(p.dirsToSync))
	for d := range p.dirsToSync {
		dirs = append(dirs, d)
	}
	p.dirsToSync = make(map[string]struct{})
	p.mu.Unlock()
	sort.Strings(dirs)
	for _, d := range dirs {
		if err := p.syncDir(d); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("pager: fsync directory %s: %w", d, err)
		}
	}
	return nil
}

package pager

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"

	"github.com/grumpydb/grumpydb/engine/internal/page"
	"github.com/grumpydb/grumpydb/engine/internal/wal"
)

// recover finds the page files, opens the WAL and replays it.
func (p *Pager) recover() error {
	broken := map[string]bool{} // rel paths whose page 0 is unreadable
	if err := p.scan("", broken); err != nil {
		return err
	}
	log, err := wal.Open(p.fs, p.abs(walName), wal.Options{NoSync: p.opts.NoSync, Preallocate: p.opts.WALPreallocate})
	if err != nil {
		return fmt.Errorf("pager: open WAL: %w", err)
	}
	p.log = log
	if ctl := p.file(ControlFile); ctl != nil {
		hp, err := p.readDisk(pageKey{ControlFile, 0})
		if err != nil {
			return err
		}
		h := header{hp}
		p.applied = h.lastSeq()
		p.meta = h.meta()
	}
	if len(broken) > 0 {
		if err := p.bindBroken(broken); err != nil {
			return err
		}
	}
	replayed := 0
	p.replay = make(map[pageKey]page.Page)
	defer func() { p.replay = nil }()
	err = log.Replay(0, func(lsn uint64, payload []byte) error {
		rec, err := decodeCommit(payload)
		if err != nil {
			return fmt.Errorf("pager: WAL record at LSN %d: %w", lsn, err)
		}
		if err := p.redo(rec, broken); err != nil {
			return err
		}
		replayed++
		p.lastLSN = lsn
		return nil
	})
	if err != nil {
		return err
	}
	// Files numbered at or past the durable next file number were being
	// built (see Builder) by a commit that never became durable.
	next := uint32(^uint32(0))
	if p.files[ControlFile] != nil {
		hp, err := p.readDisk(pageKey{ControlFile, 0})
		if err != nil {
			return err
		}
		next = header{hp}.nextFile()
		for no, f := range p.files {
			if no >= next {
				f.f.Close()
				if err := p.fs.Remove(p.abs(f.where)); err != nil && !errors.Is(err, fs.ErrNotExist) {
					return err
				}
				p.dirsToSync[path.Dir(p.abs(f.where))] = struct{}{}
				delete(p.files, no)
			}
		}
	}
	for rel := range broken {
		full := p.abs(rel)
		st, err := p.fs.Stat(full)
		if err != nil {
			continue
		}
		no, isTemp := parseTempName(rel)
		// Deletable: an empty file (created by a commit that never became
		// durable), a leftover in _trash, or an unfinished build.
		if st.Size() != 0 && !strings.HasPrefix(rel, trashDir+"/") && !(isTemp && no >= next) {
			return p.brokenError(rel)
		}
		if err := p.fs.Remove(full); err != nil {
			return err
		}
		p.dirsToSync[path.Dir(full)] = struct{}{}
	}
	// Files in _trash were dropped by durable commits: delete them. Files
	// still under their temporary names were created by durable commits:
	// give them their canonical names.
	p.filesMu.Lock()
	var misplaced []*file
	for _, f := range p.files {
		if f.where != f.rel {
			misplaced = append(misplaced, f)
		}
	}
	p.filesMu.Unlock()
	sort.Slice(misplaced, func(i, j int) bool { return misplaced[i].no < misplaced[j].no })
	for _, f := range misplaced {
		if strings.HasPrefix(f.where, trashDir+"/") {
			f.f.Close()
			if err := p.fs.Remove(p.abs(f.where)); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return err
			}
			p.dirsToSync[p.abs(trashDir)] = struct{}{}
			delete(p.files, f.no)
		}
	}
	for _, f := range misplaced {
		if strings.HasPrefix(f.where, trashDir+"/") {
			continue
		}
		if err := p.fs.MkdirAll(path.Dir(p.abs(f.rel)), 0o755); err != nil {
			return err
		}
		if err := p.fs.Rename(p.abs(f.where), p.abs(f.rel)); err != nil {
			return fmt.Errorf("pager: rename %s to %s: %w", f.where, f.rel, err)
		}
		p.dirsToSync[path.Dir(p.abs(f.rel))] = struct{}{}
		p.dirsToSync[path.Dir(p.abs(f.where))] = struct{}{}
		f.where = f.rel
	}
	if ctl := p.file(ControlFile); ctl != nil {
		hp, err := p.readDisk(pageKey{ControlFile, 0})
		if err != nil {
			return err
		}
		if err := checkHeader(hp); err != nil {
			return err
		}
	}
	if replayed > 0 || len(p.dirsToSync) > 0 {
		if p.file(ControlFile) != nil {
			hp, err := p.readDisk(pageKey{ControlFile, 0})
			if err != nil {
				return err
			}
			rec := &commitRecord{seq: p.applied, meta: p.meta,
				pages: []pageImage{{file: ControlFile, no: 0, data: p.controlImage(hp)}}}
			lsn, err := p.log.Append(rec.encode())
			if err != nil {
				return err
			}
			if err := p.log.Sync(lsn); err != nil {
				return err
			}
			p.lastLSN = lsn
		}
		if err := p.writeControl(); err != nil {
			return err
		}
		if err := p.syncAll(); err != nil {
			return err
		}
		if err := p.log.Reset(p.lastLSN + 1); err != nil {
			return err
		}
	}
	p.durable.Store(p.applied)
	return nil
}

// writeControl writes the recovered sequence number and meta into page 0 of
// the control file.
func (p *Pager) writeControl() error {
	if p.file(ControlFile) == nil {
		return nil
	}
	hp, err := p.readDisk(pageKey{ControlFile, 0})
	if err != nil {
		return err
	}
	return p.writeDisk(pageKey{ControlFile, 0}, p.controlImage(hp))
}

// scan walks the database directory for page files and opens them.
func (p *Pager) scan(rel string, broken map[string]bool) error {
	ents, err := p.fs.ReadDir(p.abs(rel))
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) && rel == "" {
			return fmt.Errorf("pager: database directory %s: %w", p.dir, err)
		}
		return err
	}
	for _, e := range ents {
		name := path.Join(rel, e.Name())
		if e.IsDir() {
			if err := p.scan(name, broken); err != nil {
				return err
			}
			continue
		}
		inTrash := strings.HasPrefix(name, trashDir+"/")
		if !inTrash && !strings.HasSuffix(name, ".db") && !strings.HasSuffix(name, ".idx") {
			continue
		}
		if err := p.openExisting(name, broken); err != nil {
			return err
		}
	}
	return nil
}

func (p *Pager) openExisting(rel string, broken map[string]bool) error {
	f, err := p.fs.OpenFile(p.abs(rel), openFlags, 0)
	if err != nil {
		return fmt.Errorf("pager: open %s: %w", rel, err)
	}
	hp := make(page.Page, page.Size)
	n, err := f.ReadAt(hp, 0)
	if err != nil && !(errors.Is(err, io.EOF) && n == page.Size) {
		if !errors.Is(err, io.EOF) {
			f.Close()
			return fmt.Errorf("pager: read %s: %w", rel, err)
		}
		f.Close()
		broken[rel] = true
		return nil
	}
	if hp.Verify(hp.File(), 0) != nil || checkHeader(hp) != nil {
		f.Close()
		broken[rel] = true
		return nil
	}
	no := hp.File()
	canon := header{hp}.path()
	if other := p.files[no]; other != nil {
		f.Close()
		// Two copies of one file: a stale one left in _trash loses.
		if strings.HasPrefix(rel, trashDir+"/") {
			broken[rel] = true
			return nil
		}
		if strings.HasPrefix(other.where, trashDir+"/") {
			other.f.Close()
			broken[other.where] = true
			g, err := p.fs.OpenFile(p.abs(rel), openFlags, 0)
			if err != nil {
				return err
			}
			p.files[no] = &file{no: no, rel: canon, where: rel, f: g}
			return nil
		}
		return fmt.Errorf("%w: files %s and %s both claim file number %d", page.ErrCorrupt, rel, other.where, no)
	}
	p.files[no] = &file{no: no, rel: canon, where: rel, f: f}
	return nil
}

// redo applies one commit record to the files.
func (p *Pager) redo(rec *commitRecord, broken map[string]bool) error {
	for _, no := range rec.drops {
		f := p.files[no]
		if f == nil {
			continue
		}
		f.f.Close()
		if err := p.fs.Remove(p.abs(f.where)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		p.dirsToSync[path.Dir(p.abs(f.where))] = struct{}{}
		delete(p.files, no)
	}
	for _, c := range rec.creates {
		if f := p.files[c.no]; f != nil {
			continue
		}
		full := p.abs(c.rel)
		if err := p.fs.MkdirAll(path.Dir(full), 0o755); err != nil {
			return err
		}
		f, err := p.fs.OpenFile(full, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o644)
		if err != nil {
			return fmt.Errorf("pager: recreate %s: %w", c.rel, err)
		}
		delete(broken, c.rel)
		if tmp := tempName(c.no, c.rel); broken[tmp] {
			if err := p.fs.Remove(p.abs(tmp)); err != nil {
				return err
			}
			delete(broken, tmp)
		}
		p.files[c.no] = &file{no: c.no, rel: c.rel, where: c.rel, f: f}
		p.dirsToSync[path.Dir(full)] = struct{}{}
	}
	for _, img := range rec.pages {
		f := p.files[img.file]
		if f == nil {
			continue // dropped later and already gone
		}
		k := pageKey{img.file, img.no}
		data := img.data
		if data == nil {
			base := p.replay[k]
			if base == nil {
				// Not rebuilt in this replay: start from the file.
				base = make(page.Page, page.Size)
				f.f.ReadAt(base, int64(img.no)*page.Size)
			}
			data = append(page.Page(nil), base...)
			if err := applyDelta(data, img.delta); err != nil {
				return err
			}
			if err := data.Verify(img.file, img.no); err != nil {
				return fmt.Errorf("pager: redo delta of page %d of %s: %w", img.no, f.rel, err)
			}
		}
		p.replay[k] = data
		if _, err := f.f.WriteAt(data, int64(img.no)*page.Size); err != nil {
			return fmt.Errorf("pager: redo page %d of %s: %w", img.no, f.rel, err)
		}
		f.written.Store(true)
	}
	p.applied = rec.seq
	p.meta = rec.meta
	return nil
}

// bindBroken finds, in the WAL, the page-0 images of files whose page 0 is
// unreadable on disk (torn by a crash while being written): the image names
// the file's number and path, so every record for the file can be
// replayed, and the replayed page 0 repairs it.
func (p *Pager) bindBroken(broken map[string]bool) error {
	return p.log.Replay(0, func(lsn uint64, payload []byte) error {
		rec, err := decodeCommit(payload)
		if err != nil {
			return fmt.Errorf("pager: WAL record at LSN %d: %w", lsn, err)
		}
		for _, img := range rec.pages {
			if img.no != 0 || img.data == nil || p.files[img.file] != nil {
				continue
			}
			rel := header{img.data}.path()
			where := rel
			if !broken[where] {
				where = tempName(img.file, rel)
				if !broken[where] {
					continue
				}
			}
			g, err := p.fs.OpenFile(p.abs(where), openFlags, 0)
			if err != nil {
				return fmt.Errorf("pager: reopen %s: %w", where, err)
			}
			delete(broken, where)
			p.files[img.file] = &file{no: img.file, rel: rel, where: where, f: g}
		}
		return nil
	})
}

// brokenError describes a file whose page 0 is unreadable and that no log
// record repairs: another format's file, or real damage.
func (p *Pager) brokenError(rel string) error {
	hp := make(page.Page, page.Size)
	if f, err := p.fs.OpenFile(p.abs(rel), openFlags, 0); err == nil {
		f.ReadAt(hp, 0)
		f.Close()
	}
	if hp.Verify(hp.File(), 0) == nil {
		if err := checkHeader(hp); err != nil {
			return fmt.Errorf("%s: %w", rel, err)
		}
	}
	if string(hp.Payload()[offMagic:offMagic+8]) != fileMagic {
		return fmt.Errorf("%w: %s is not a GrumpyDB page file", page.ErrFormat, rel)
	}
	return fmt.Errorf("%w: %s: unreadable file header", page.ErrCorrupt, rel)
}

package pager

import (
	"fmt"
	"path"
	"strconv"
	"strings"
)

// File names and durability.
//
// A new file is created under a temporary name beside its canonical path
// (".<number>.<name>", which the recovery scan also finds), and a dropped
// file stays at its path, until the commit that creates or drops it is
// durable. Then, in commit order, dropped files move to _trash/ (their
// handles stay open for old readers; they are deleted when the last such
// reader ends) and new files take their canonical names. So a canonical
// path always holds the newest durable file for it, and nothing an
// unacknowledged commit did is ever in the way: recovery deletes whatever
// is in _trash/ (only durable drops put files there), moves files still
// under temporary names to their canonical paths, and deletes empty files
// that no durable record created.
type pendingRename struct {
	seq     uint64
	drops   []*file
	creates []*file
}

func tempName(no uint32, rel string) string {
	return path.Join(path.Dir(rel), "."+strconv.FormatUint(uint64(no), 10)+"."+path.Base(rel))
}

// parseTempName returns the file number in a temporary name.
func parseTempName(rel string) (uint32, bool) {
	base := path.Base(rel)
	if len(base) < 3 || base[0] != '.' {
		return 0, false
	}
	end := strings.IndexByte(base[1:], '.')
	if end <= 0 {
		return 0, false
	}
	n, err := strconv.ParseUint(base[1:1+end], 10, 32)
	return uint32(n), err == nil
}

func trashName(no uint32) string {
	return path.Join(trashDir, "f"+strconv.FormatUint(uint64(no), 10))
}

// queueRenames records the renames commit seq needs once it is durable.
// Called with the writer lock held, so commits queue in order.
func (p *Pager) queueRenames(seq uint64, drops []uint32, created []*file) {
	if len(drops) == 0 && len(created) == 0 {
		return
	}
	r := pendingRename{seq: seq, creates: created}
	for _, no := range drops {
		if f := p.file(no); f != nil {
			r.drops = append(r.drops, f)
		}
	}
	p.renameMu.Lock()
	p.renames = append(p.renames, r)
	p.renameMu.Unlock()
}

// runRenames carries out, in commit order, the renames of every commit up
// to durable.
func (p *Pager) runRenames(durable uint64) error {
	p.renameMu.Lock()
	defer p.renameMu.Unlock()
	for len(p.renames) > 0 && p.renames[0].seq <= durable {
		r := p.renames[0]
		for _, f := range r.drops {
			if err := p.fs.MkdirAll(p.abs(trashDir), 0o755); err != nil {
				return err
			}
			trash := trashName(f.no)
			if err := p.fs.Rename(p.abs(f.where), p.abs(trash)); err != nil {
				return fmt.Errorf("pager: drop %s: %w", f.rel, err)
			}
			p.moved(f, trash)
		}
		for _, f := range r.creates {
			if err := p.fs.Rename(p.abs(f.where), p.abs(f.rel)); err != nil {
				return fmt.Errorf("pager: create %s: %w", f.rel, err)
			}
			p.moved(f, f.rel)
		}
		p.renames = p.renames[1:]
	}
	return nil
}

func (p *Pager) moved(f *file, to string) {
	p.filesMu.Lock()
	from := f.where
	f.where = to
	p.filesMu.Unlock()
	p.mu.Lock()
	p.dirsToSync[path.Dir(p.abs(from))] = struct{}{}
	p.dirsToSync[path.Dir(p.abs(to))] = struct{}{}
	p.mu.Unlock()
}

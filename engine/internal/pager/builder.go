package pager

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"sort"

	"github.com/grumpydb/grumpydb/engine/internal/page"
)

// Builder writes a new file directly, bypassing the WAL and the buffer pool,
// for bulk rebuilds (compaction) whose size must not be bounded by memory
// or by the WAL's record limit. It belongs to a write transaction:
//
//	b, _ := tx.BuildFile("users/data.db", 0)
//	… build through b (a page.Store), calling b.Step() between units of work …
//	b.Finish()            // write everything, fsync the file and its directory
//	tx.AdoptFile(b)       // the commit makes it part of the database
//
// The file is created under a temporary name and gets its file number from
// the transaction, so until the commit is durable the number is not taken:
// recovery deletes any file whose number is not below the durable next file
// number. After a durable commit the file is renamed to its canonical path
// like any created file, and its pages are read through the pool.
//
// Pages live in a private cache of at most the given size; a page touched
// since the last Step stays cached (so pages a structure operation holds
// stay valid), older ones are written to the file when the cache is full.
type Builder struct {
	tx       *WriteTx
	f        *file
	pages    uint32
	freeHead uint32
	freeN    uint32
	cache    map[uint32]*bpage
	max      int
	epoch    uint64
	finished bool
	err      error
}

type bpage struct {
	data  page.Page
	dirty bool
	epoch uint64
}

// BuildFile starts building a new file at rel with a private cache of
// cachePages pages (0: 1024).
func (tx *WriteTx) BuildFile(rel string, cachePages int) (*Builder, error) {
	if err := tx.check(); err != nil {
		return nil, err
	}
	if tx.p.Fresh() {
		return nil, errors.New("pager: cannot build a file in a fresh database")
	}
	ctl, err := tx.write(pageKey{ControlFile, 0})
	if err != nil {
		return nil, err
	}
	h := header{ctl}
	no := h.nextFile()
	h.setNextFile(no + 1)
	where := tempName(no, path.Clean(rel))
	full := tx.p.abs(where)
	if err := tx.p.fs.MkdirAll(path.Dir(full), 0o755); err != nil {
		return nil, err
	}
	f, err := tx.p.fs.OpenFile(full, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return nil, fmt.Errorf("pager: build %s: %w", rel, err)
	}
	if cachePages <= 0 {
		cachePages = 1024
	}
	b := &Builder{tx: tx, f: &file{no: no, rel: path.Clean(rel), where: where, f: f},
		pages: 2, cache: map[uint32]*bpage{}, max: cachePages}
	b.cache[page.MetaPage] = &bpage{data: page.New(page.TypeMeta), dirty: true}
	tx.builds = append(tx.builds, b)
	return b, nil
}

// File returns the number the file will have.
func (b *Builder) File() uint32 { return b.f.no }

// Step marks the end of a unit of work: pages touched before it may be
// written out and dropped from the cache.
func (b *Builder) Step() error {
	b.epoch++
	if len(b.cache) <= b.max || b.err != nil {
		return b.err
	}
	type cand struct {
		no    uint32
		epoch uint64
	}
	var cs []cand
	for no, bp := range b.cache {
		if bp.epoch < b.epoch {
			cs = append(cs, cand{no, bp.epoch})
		}
	}
	sort.Slice(cs, func(i, j int) bool { return cs[i].epoch < cs[j].epoch })
	for _, c := range cs {
		if len(b.cache) <= b.max/2 {
			break
		}
		if err := b.flush(c.no); err != nil {
			return err
		}
		delete(b.cache, c.no)
	}
	return nil
}

func (b *Builder) flush(no uint32) error {
	bp := b.cache[no]
	if bp == nil || !bp.dirty {
		return nil
	}
	bp.data.Seal(b.f.no, no)
	if _, err := b.f.f.WriteAt(bp.data, int64(no)*page.Size); err != nil {
		b.err = fmt.Errorf("pager: build %s: %w", b.f.rel, err)
		return b.err
	}
	bp.dirty = false
	return nil
}

func (b *Builder) get(no uint32) (*bpage, error) {
	if b.err != nil {
		return nil, b.err
	}
	if b.finished {
		return nil, ErrTxDone
	}
	if no == 0 || no >= b.pages {
		return nil, fmt.Errorf("%w: page %d of %s (%d pages)", page.ErrOutOfRange, no, b.f.rel, b.pages)
	}
	if bp := b.cache[no]; bp != nil {
		bp.epoch = b.epoch
		return bp, nil
	}
	buf := make(page.Page, page.Size)
	n, err := b.f.f.ReadAt(buf, int64(no)*page.Size)
	if err != nil && !(errors.Is(err, io.EOF) && n == page.Size) {
		return nil, fmt.Errorf("pager: build %s: read page %d: %w", b.f.rel, no, err)
	}
	if err := buf.Verify(b.f.no, no); err != nil {
		return nil, err
	}
	bp := &bpage{data: buf, epoch: b.epoch}
	b.cache[no] = bp
	return bp, nil
}

// Read implements page.Store.
func (b *Builder) Read(no uint32) (page.Page, error) {
	bp, err := b.get(no)
	if err != nil {
		return nil, err
	}
	return bp.data, nil
}

// Write implements page.Store.
func (b *Builder) Write(no uint32) (page.Page, error) {
	bp, err := b.get(no)
	if err != nil {
		return nil, err
	}
	bp.dirty = true
	return bp.data, nil
}

// Alloc implements page.Store.
func (b *Builder) Alloc(t page.Type) (uint32, page.Page, error) {
	if b.err != nil {
		return 0, nil, b.err
	}
	var no uint32
	if b.freeHead != 0 {
		fp, err := b.get(b.freeHead)
		if err != nil {
			return 0, nil, err
		}
		no = b.freeHead
		b.freeHead = binary.LittleEndian.Uint32(fp.data.Payload())
		b.freeN--
	} else {
		no = b.pages
		b.pages++
	}
	bp := &bpage{data: page.New(t), dirty: true, epoch: b.epoch}
	b.cache[no] = bp
	return no, bp.data, nil
}

// Free implements page.Store.
func (b *Builder) Free(no uint32) error {
	if no == page.MetaPage {
		return fmt.Errorf("%w: cannot free the meta page", page.ErrOutOfRange)
	}
	bp, err := b.get(no)
	if err != nil {
		return err
	}
	if bp.data.Type() == page.TypeFree {
		return fmt.Errorf("%w: page %d of %s freed twice", page.ErrCorrupt, no, b.f.rel)
	}
	clear(bp.data)
	bp.data.SetType(page.TypeFree)
	binary.LittleEndian.PutUint32(bp.data.Payload(), b.freeHead)
	b.freeHead = no
	b.freeN++
	bp.dirty = true
	return nil
}

// Pages implements page.Store.
func (b *Builder) Pages() uint32 { return b.pages }

// Finish writes every page and the file header, and fsyncs the file and its
// directory. The builder is read-only afterwards.
func (b *Builder) Finish() error {
	if b.err != nil {
		return b.err
	}
	for no := range b.cache {
		if err := b.flush(no); err != nil {
			return err
		}
	}
	hp, err := newHeader(b.f.rel)
	if err != nil {
		return err
	}
	h := header{hp}
	h.setPageCount(b.pages)
	h.setFreeHead(b.freeHead)
	h.setFreeCount(b.freeN)
	hp.Seal(b.f.no, 0)
	if _, err := b.f.f.WriteAt(hp, 0); err != nil {
		b.err = err
		return err
	}
	if err := b.tx.p.syncFile(b.f.f); err != nil {
		b.err = err
		return err
	}
	if err := b.tx.p.syncDir(path.Dir(b.tx.p.abs(b.f.where))); err != nil {
		b.err = err
		return err
	}
	b.finished = true
	b.cache = nil
	return nil
}

// AdoptFile makes a finished build part of the transaction: the commit
// records its creation (no page images: the file is already durable).
func (tx *WriteTx) AdoptFile(b *Builder) error {
	if err := tx.check(); err != nil {
		return err
	}
	if !b.finished || b.tx != tx {
		return errors.New("pager: adopt of an unfinished or foreign build")
	}
	for no, path := range tx.p.Files() {
		if path == b.f.rel && !tx.dropping(no) {
			return fmt.Errorf("pager: file %q already exists", b.f.rel)
		}
	}
	tx.creates = append(tx.creates, fileCreate{b.f.no, b.f.rel})
	tx.adopted = append(tx.adopted, b.f)
	tx.newFile[b.f.no] = true
	return nil
}

// discardBuilds deletes the files of builds the transaction did not commit.
func (tx *WriteTx) discardBuilds(keepAdopted bool) {
	for _, b := range tx.builds {
		adopted := false
		for _, f := range tx.adopted {
			if f == b.f {
				adopted = true
			}
		}
		if adopted && keepAdopted {
			continue
		}
		b.f.f.Close()
		tx.p.fs.Remove(tx.p.abs(b.f.where))
	}
	tx.builds = nil
}

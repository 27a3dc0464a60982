package pager

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path"

	"github.com/grumpydb/grumpydb/engine/internal/page"
	"github.com/grumpydb/grumpydb/engine/internal/wal"
)

// WriteTx is the one write transaction in progress. It is not safe for
// concurrent use.
type WriteTx struct {
	p       *Pager
	writes  map[pageKey]*txPage
	order   []pageKey
	creates []fileCreate
	newFile map[uint32]bool
	drops   []uint32
	meta    []byte
	metaSet bool
	onApply []func(seq uint64)
	builds  []*Builder
	adopted []*file
	done    bool
}

// OnApply registers fn to run when the commit is applied: with the writer
// lock still held, before the commit is durable or visible to readers. The
// engine uses it to publish the catalog version that goes with seq.
func (tx *WriteTx) OnApply(fn func(seq uint64)) { tx.onApply = append(tx.onApply, fn) }

type txPage struct {
	data page.Page // private, modifiable copy
	base page.Page // the version it was copied from (nil for a new page)
}

// BeginWrite waits for the writer lock and starts a write transaction. It
// sees every applied commit (durable or about to be).
func (p *Pager) BeginWrite() (*WriteTx, error) {
	p.writer.Lock()
	if err := p.err(); err != nil {
		p.writer.Unlock()
		return nil, err
	}
	return &WriteTx{p: p, writes: make(map[pageKey]*txPage), newFile: make(map[uint32]bool)}, nil
}

func (tx *WriteTx) check() error {
	if tx.done {
		return ErrTxDone
	}
	return tx.p.err()
}

func (tx *WriteTx) live(no uint32) error {
	if tx.newFile[no] {
		return nil
	}
	for _, d := range tx.drops {
		if d == no {
			return fmt.Errorf("%w: %d (dropped in this transaction)", ErrNoFile, no)
		}
	}
	f := tx.p.file(no)
	if f == nil || f.dropped != 0 {
		return fmt.Errorf("%w: %d", ErrNoFile, no)
	}
	return nil
}

func (tx *WriteTx) read(k pageKey) (page.Page, error) {
	if w := tx.writes[k]; w != nil {
		return w.data, nil
	}
	return tx.p.get(k, maxSeq)
}

func (tx *WriteTx) write(k pageKey) (page.Page, error) {
	if w := tx.writes[k]; w != nil {
		return w.data, nil
	}
	base, err := tx.p.get(k, maxSeq)
	if err != nil {
		return nil, err
	}
	data := append(page.Page(nil), base...)
	tx.put(k, data, base)
	return data, nil
}

func (tx *WriteTx) put(k pageKey, data, base page.Page) {
	if w := tx.writes[k]; w != nil {
		w.data = data
		return
	}
	tx.writes[k] = &txPage{data: data, base: base}
	tx.order = append(tx.order, k)
}

// Store returns the transaction's view of file no.
func (tx *WriteTx) Store(no uint32) (page.Store, error) {
	if err := tx.check(); err != nil {
		return nil, err
	}
	if err := tx.live(no); err != nil {
		return nil, err
	}
	return &writeStore{tx: tx, file: no}, nil
}

// SetMeta sets the meta blob this commit records (at most MaxMeta bytes).
func (tx *WriteTx) SetMeta(meta []byte) error {
	if len(meta) > MaxMeta {
		return fmt.Errorf("pager: meta of %d bytes (max %d)", len(meta), MaxMeta)
	}
	tx.meta = append([]byte(nil), meta...)
	tx.metaSet = true
	return nil
}

// CreateFile creates a page file at rel (relative to the database
// directory) with pages 0 and 1, and returns its number. The first file a
// fresh database creates is the control file, number 1.
func (tx *WriteTx) CreateFile(rel string) (uint32, error) {
	if err := tx.check(); err != nil {
		return 0, err
	}
	rel = path.Clean(rel)
	if rel == "." || path.IsAbs(rel) || rel == walName || len(rel) > maxPath || rel[0] == '.' {
		return 0, fmt.Errorf("pager: bad file path %q", rel)
	}
	for no, path := range tx.p.Files() {
		if path == rel && !tx.dropping(no) {
			return 0, fmt.Errorf("pager: file %q already exists", rel)
		}
	}
	for _, c := range tx.creates {
		if c.rel == rel {
			return 0, fmt.Errorf("pager: file %q already exists", rel)
		}
	}
	var no uint32
	if tx.p.Fresh() && len(tx.creates) == 0 {
		no = ControlFile
	} else {
		ctl, err := tx.write(pageKey{ControlFile, 0})
		if err != nil {
			return 0, err
		}
		h := header{ctl}
		no = h.nextFile()
		h.setNextFile(no + 1)
	}
	hdr, err := newHeader(rel)
	if err != nil {
		return 0, err
	}
	if no == ControlFile {
		header{hdr}.setNextFile(ControlFile + 1)
	}
	tx.newFile[no] = true
	tx.creates = append(tx.creates, fileCreate{no, rel})
	tx.put(pageKey{no, 0}, hdr, nil)
	tx.put(pageKey{no, page.MetaPage}, page.New(page.TypeMeta), nil)
	return no, nil
}

func (tx *WriteTx) isAdopted(no uint32) bool {
	for _, f := range tx.adopted {
		if f.no == no {
			return true
		}
	}
	return false
}

func (tx *WriteTx) dropping(no uint32) bool {
	for _, d := range tx.drops {
		if d == no {
			return true
		}
	}
	return false
}

// DropFile deletes file no when the transaction commits (and once no reader
// can still use it).
func (tx *WriteTx) DropFile(no uint32) error {
	if err := tx.check(); err != nil {
		return err
	}
	if no == ControlFile || tx.newFile[no] {
		return fmt.Errorf("pager: cannot drop file %d", no)
	}
	if err := tx.live(no); err != nil {
		return err
	}
	tx.drops = append(tx.drops, no)
	return nil
}

// Rollback abandons the transaction and releases the writer lock. It is a
// no-op after Commit or Rollback.
func (tx *WriteTx) Rollback() {
	if tx.done {
		return
	}
	tx.done = true
	tx.discardBuilds(false)
	tx.p.writer.Unlock()
}

// Commit makes the transaction durable and visible. It returns nil only once
// its WAL record is fsynced; on error nothing of it is visible (and, for a
// WAL failure, the pager is poisoned).
func (tx *WriteTx) Commit() error {
	wait, err := tx.CommitDeferred()
	if err != nil {
		return err
	}
	return wait()
}

// durableNow is the wait of a commit that wrote nothing.
func durableNow() error { return nil }

// CommitDeferred is Commit without the wait for durability: it appends the
// transaction's WAL record, applies it (later write transactions build on
// it) and releases the writer lock, then returns a function that waits
// until the record is fsynced and makes it visible to readers. Until that
// function returns nil the commit is neither durable nor visible to new
// readers (unless a later commit's wait publishes it: one fsync covers
// every earlier record). A crash before then may lose it, so nothing may be
// acknowledged to a client before the wait returns nil. The function may
// be called more than once and from any goroutine.
func (tx *WriteTx) CommitDeferred() (wait func() error, err error) {
	if tx.done {
		return nil, ErrTxDone
	}
	p := tx.p
	if err := p.err(); err != nil {
		tx.Rollback()
		return nil, err
	}
	// Drop pages of files dropped in this transaction from the write set.
	if len(tx.drops) > 0 {
		dropped := map[uint32]bool{}
		for _, d := range tx.drops {
			dropped[d] = true
		}
		order := tx.order[:0]
		for _, k := range tx.order {
			if dropped[k.file] {
				delete(tx.writes, k)
			} else {
				order = append(order, k)
			}
		}
		tx.order = order
	}
	if len(tx.order) == 0 && len(tx.drops) == 0 && !tx.metaSet {
		tx.Rollback()
		return durableNow, nil
	}
	seq := p.applied + 1
	rec := &commitRecord{seq: seq, creates: tx.creates, drops: tx.drops}
	rec.meta = p.meta
	if tx.metaSet {
		rec.meta = tx.meta
	}
	for _, k := range tx.order {
		w := tx.writes[k]
		d := w.data
		d.SetLSN(seq)
		d.Seal(k.file, k.no)
		img := pageImage{file: k.file, no: k.no, data: d}
		if _, ok := p.logged[k]; ok && w.base != nil && k != (pageKey{ControlFile, 0}) {
			if delta, ok := appendDeltaWithin(nil, w.base, d, page.Size/2); ok {
				img = pageImage{file: k.file, no: k.no, delta: delta}
			}
		}
		rec.pages = append(rec.pages, img)
	}
	// Create the new files (under temporary names) before the record
	// exists, so a failure here leaves nothing that matters: recovery
	// deletes empty files no record created.
	var plain []fileCreate
	for _, c := range tx.creates {
		if !tx.isAdopted(c.no) {
			plain = append(plain, c)
		}
	}
	created, err := p.createFiles(plain)
	if err != nil {
		tx.Rollback()
		return nil, err
	}
	created = append(created, tx.adopted...)
	lsn, err := p.log.Append(rec.encode())
	if err != nil {
		p.discardFiles(created[:len(created)-len(tx.adopted)])
		tx.Rollback()
		if errors.Is(err, wal.ErrTooLarge) {
			// Nothing was written: refuse the transaction, stay healthy.
			return nil, fmt.Errorf("%w: %d changed pages", ErrTxTooLarge, len(rec.pages))
		}
		return nil, p.fail(err)
	}
	p.walRecords.Add(1)
	for _, img := range rec.pages {
		p.logged[pageKey{img.file, img.no}] = struct{}{}
	}
	p.registerFiles(created)
	p.install(tx, seq)
	p.markDrops(tx.drops, seq)
	p.queueRenames(seq, tx.drops, created)
	p.applied = seq
	tx.builds = nil
	for _, fn := range tx.onApply {
		fn(seq)
	}
	p.lastLSN = lsn
	p.meta = rec.meta
	tx.done = true
	p.writer.Unlock()
	return func() error { return p.awaitDurable(lsn, seq) }, nil
}

// awaitDurable waits until the record at lsn (commit seq) is fsynced,
// publishes it to readers, and checkpoints when the log has grown past its
// budget.
func (p *Pager) awaitDurable(lsn, seq uint64) error {
	if err := p.log.Sync(lsn); err != nil {
		return p.fail(err)
	}
	p.publishDurable(seq)
	if p.log.Size() > p.opts.CheckpointBytes && p.writer.TryLock() {
		err := p.checkpointLocked()
		p.writer.Unlock()
		if err != nil {
			// The commit itself is durable; the failed checkpoint has
			// poisoned the pager for what comes next.
			return nil
		}
	}
	return nil
}

// install adds the transaction's pages to the pool as version seq.
func (p *Pager) install(tx *WriteTx, seq uint64) {
	var multi []pageKey
	for _, k := range tx.order {
		w := tx.writes[k]
		sh := p.pool.shard(k)
		for {
			sh.mu.Lock()
			c := sh.chains[k]
			if c != nil && c.loading != nil {
				ch := c.loading
				sh.mu.Unlock()
				<-ch
				continue
			}
			if c == nil {
				c = &chain{}
				if w.base != nil {
					c.vers = append(c.vers, version{seq: 0, data: w.base})
					p.pool.used.Add(page.Size)
				}
				sh.chains[k] = c
			}
			c.vers = append(c.vers, version{seq: seq, data: w.data})
			c.dirty = true
			c.lastUse = p.pool.tick.Add(1)
			if len(c.vers) > 1 {
				multi = append(multi, k)
			}
			sh.mu.Unlock()
			p.pool.used.Add(page.Size)
			break
		}
	}
	p.mu.Lock()
	for _, k := range multi {
		p.multi[k] = struct{}{}
	}
	p.mu.Unlock()
	p.maybeEvict()
}

func (p *Pager) createFiles(cs []fileCreate) ([]*file, error) {
	var out []*file
	for _, c := range cs {
		where := tempName(c.no, c.rel)
		full := p.abs(where)
		if err := p.fs.MkdirAll(path.Dir(full), 0o755); err != nil {
			p.discardFiles(out)
			return nil, fmt.Errorf("pager: create %s: %w", c.rel, err)
		}
		f, err := p.fs.OpenFile(full, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o644)
		if err != nil {
			p.discardFiles(out)
			return nil, fmt.Errorf("pager: create %s: %w", c.rel, err)
		}
		out = append(out, &file{no: c.no, rel: c.rel, where: where, f: f})
	}
	return out, nil
}

func (p *Pager) discardFiles(fs []*file) {
	for _, f := range fs {
		f.f.Close()
		p.fs.Remove(p.abs(f.where))
	}
}

func (p *Pager) registerFiles(fs []*file) {
	if len(fs) == 0 {
		return
	}
	p.filesMu.Lock()
	for _, f := range fs {
		p.files[f.no] = f
	}
	p.filesMu.Unlock()
	p.mu.Lock()
	for _, f := range fs {
		p.dirsToSync[path.Dir(p.abs(f.rel))] = struct{}{}
	}
	p.mu.Unlock()
}

// markDrops marks dropped files: new transactions no longer see them, old
// readers still do. They stay where they are until the drop is durable
// (see runRenames).
func (p *Pager) markDrops(drops []uint32, seq uint64) {
	for _, no := range drops {
		f := p.file(no)
		if f == nil {
			continue
		}
		p.filesMu.Lock()
		f.dropped = seq
		p.filesMu.Unlock()
		p.mu.Lock()
		p.drops = append(p.drops, f)
		p.mu.Unlock()
	}
}

// writeStore is a WriteTx's page.Store for one file.
type writeStore struct {
	tx   *WriteTx
	file uint32
}

func (s *writeStore) hdr() (header, error) {
	p, err := s.tx.read(pageKey{s.file, 0})
	return header{p}, err
}

func (s *writeStore) inRange(no uint32) error {
	if err := s.tx.check(); err != nil {
		return err
	}
	h, err := s.hdr()
	if err != nil {
		return err
	}
	if no == 0 || no >= h.pageCount() {
		return fmt.Errorf("%w: page %d of file %d (%d pages)", page.ErrOutOfRange, no, s.file, h.pageCount())
	}
	return nil
}

func (s *writeStore) Read(no uint32) (page.Page, error) {
	if err := s.inRange(no); err != nil {
		return nil, err
	}
	return s.tx.read(pageKey{s.file, no})
}

func (s *writeStore) Write(no uint32) (page.Page, error) {
	if err := s.inRange(no); err != nil {
		return nil, err
	}
	return s.tx.write(pageKey{s.file, no})
}

func (s *writeStore) Alloc(t page.Type) (uint32, page.Page, error) {
	if err := s.tx.check(); err != nil {
		return 0, nil, err
	}
	hp, err := s.tx.write(pageKey{s.file, 0})
	if err != nil {
		return 0, nil, err
	}
	h := header{hp}
	if head := h.freeHead(); head != 0 {
		k := pageKey{s.file, head}
		fp, err := s.tx.read(k)
		if err != nil {
			return 0, nil, err
		}
		if fp.Type() != page.TypeFree || h.freeCount() == 0 {
			return 0, nil, fmt.Errorf("%w: free-list page %d of file %d is not free", page.ErrCorrupt, head, s.file)
		}
		next := binary.LittleEndian.Uint32(fp.Payload())
		if next >= h.pageCount() {
			return 0, nil, fmt.Errorf("%w: free-list link %d of file %d out of range", page.ErrCorrupt, next, s.file)
		}
		h.setFreeHead(next)
		h.setFreeCount(h.freeCount() - 1)
		d := page.New(t)
		if w := s.tx.writes[k]; w != nil {
			w.data = d
		} else {
			s.tx.put(k, d, fp)
		}
		return head, d, nil
	}
	no := h.pageCount()
	if no == ^uint32(0) {
		return 0, nil, fmt.Errorf("pager: file %d is full", s.file)
	}
	h.setPageCount(no + 1)
	d := page.New(t)
	s.tx.put(pageKey{s.file, no}, d, nil)
	return no, d, nil
}

func (s *writeStore) Free(no uint32) error {
	if err := s.inRange(no); err != nil {
		return err
	}
	if no == page.MetaPage {
		return fmt.Errorf("%w: cannot free the meta page", page.ErrOutOfRange)
	}
	d, err := s.tx.write(pageKey{s.file, no})
	if err != nil {
		return err
	}
	if d.Type() == page.TypeFree {
		return fmt.Errorf("%w: page %d of file %d freed twice", page.ErrCorrupt, no, s.file)
	}
	hp, err := s.tx.write(pageKey{s.file, 0})
	if err != nil {
		return err
	}
	h := header{hp}
	clear(d)
	d.SetType(page.TypeFree)
	binary.LittleEndian.PutUint32(d.Payload(), h.freeHead())
	h.setFreeHead(no)
	h.setFreeCount(h.freeCount() + 1)
	return nil
}

func (s *writeStore) Pages() uint32 {
	h, err := s.hdr()
	if err != nil {
		return 0
	}
	return h.pageCount()
}

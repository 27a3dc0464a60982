package pager

import (
	"fmt"
	"sync"

	"github.com/grumpydb/grumpydb/engine/internal/page"
)

// ReadTx is a snapshot of the database as of the latest durable commit when
// it began. It is safe for concurrent use; Close it when done, since the
// page versions it may need are kept in memory until then.
type ReadTx struct {
	p    *Pager
	snap uint64
	once sync.Once
	done bool
	mu   sync.Mutex
}

// BeginRead starts a read transaction. It never waits for the writer.
func (p *Pager) BeginRead() (*ReadTx, error) {
	if err := p.err(); err != nil {
		return nil, err
	}
	p.mu.Lock()
	s := p.durable.Load()
	p.readers[s]++
	p.mu.Unlock()
	return &ReadTx{p: p, snap: s}, nil
}

// Seq returns the sequence number of the commit the snapshot shows.
func (r *ReadTx) Seq() uint64 { return r.snap }

// Close ends the transaction. Pages it returned must not be used after.
func (r *ReadTx) Close() {
	r.once.Do(func() {
		r.mu.Lock()
		r.done = true
		r.mu.Unlock()
		p := r.p
		p.mu.Lock()
		if p.readers[r.snap]--; p.readers[r.snap] <= 0 {
			delete(p.readers, r.snap)
		}
		p.mu.Unlock()
		p.sweep()
	})
}

// Store returns the snapshot's read-only view of file no.
func (r *ReadTx) Store(no uint32) (page.Store, error) {
	r.mu.Lock()
	done := r.done
	r.mu.Unlock()
	if done {
		return nil, ErrTxDone
	}
	f := r.p.file(no)
	if f == nil || (f.dropped != 0 && f.dropped <= r.snap) {
		return nil, fmt.Errorf("%w: %d", ErrNoFile, no)
	}
	hp, err := r.p.get(pageKey{no, 0}, r.snap)
	if err != nil {
		return nil, err
	}
	return &readStore{r: r, file: no, pages: header{hp}.pageCount()}, nil
}

type readStore struct {
	r     *ReadTx
	file  uint32
	pages uint32
}

func (s *readStore) Read(no uint32) (page.Page, error) {
	if no == 0 || no >= s.pages {
		return nil, fmt.Errorf("%w: page %d of file %d (%d pages)", page.ErrOutOfRange, no, s.file, s.pages)
	}
	if s.r.p.closed.Load() {
		return nil, ErrClosed
	}
	return s.r.p.get(pageKey{s.file, no}, s.r.snap)
}

func (s *readStore) Write(uint32) (page.Page, error) { return nil, page.ErrReadOnly }

func (s *readStore) Alloc(page.Type) (uint32, page.Page, error) {
	return 0, nil, page.ErrReadOnly
}

func (s *readStore) Free(uint32) error { return page.ErrReadOnly }

func (s *readStore) Pages() uint32 { return s.pages }

package heap

import (
	"errors"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"testing"

	"github.com/grumpydb/grumpydb/engine/internal/page"
)

// newHeap returns a formatted heap on a fresh MemStore. When the test ends
// without having failed, the heap must still pass Check.
func newHeap(tb testing.TB) *page.MemStore {
	tb.Helper()
	st := page.NewMemStore()
	if err := Init(st); err != nil {
		tb.Fatalf("Init: %v", err)
	}
	tb.Cleanup(func() {
		if !tb.Failed() {
			if _, _, err := Check(st); err != nil {
				tb.Errorf("Check at end of test: %v", err)
			}
		}
	})
	return st
}

// rawHeap is newHeap without the final Check, for tests that corrupt pages.
func rawHeap(tb testing.TB) *page.MemStore {
	tb.Helper()
	st := page.NewMemStore()
	if err := Init(st); err != nil {
		tb.Fatalf("Init: %v", err)
	}
	return st
}

// pattern returns n bytes that depend on n and tag, so records of the same
// length still differ.
func pattern(n int, tag uint64) []byte {
	b := make([]byte, n)
	x := tag*0x9e3779b97f4a7c15 + uint64(n)
	for i := range b {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		b[i] = byte(x)
	}
	return b
}

func mustInsert(tb testing.TB, st page.Store, rec []byte) RID {
	tb.Helper()
	rid, err := Insert(st, rec)
	if err != nil {
		tb.Fatalf("Insert(%d bytes): %v", len(rec), err)
	}
	return rid
}

func mustCheck(tb testing.TB, st page.Store) ([]uint32, int) {
	tb.Helper()
	pages, n, err := Check(st)
	if err != nil {
		tb.Fatalf("Check: %v", err)
	}
	return pages, n
}

func mustStats(tb testing.TB, st page.Store) Stats {
	tb.Helper()
	s, err := GetStats(st)
	if err != nil {
		tb.Fatalf("GetStats: %v", err)
	}
	return s
}

// testSeed returns the seed for a randomised test: GRUMPY_SEED if set, else
// a random one. It logs the seed so a failure can be replayed.
func testSeed(tb testing.TB) uint64 {
	tb.Helper()
	seed := rand.Uint64()
	if s := os.Getenv("GRUMPY_SEED"); s != "" {
		v, err := strconv.ParseUint(s, 0, 64)
		if err != nil {
			tb.Fatalf("GRUMPY_SEED=%q: %v", s, err)
		}
		seed = v
	}
	tb.Logf("seed %d (set GRUMPY_SEED=%d to replay)", seed, seed)
	return seed
}

// long reports whether the long variants of randomised tests should run.
func long() bool { return os.Getenv("GRUMPY_LONG") == "1" }

// isCorrupt reports whether err wraps page.ErrCorrupt.
func isCorrupt(err error) bool { return errors.Is(err, page.ErrCorrupt) }

// sparseStore is a Store whose page numbers need not be dense: it starts
// allocating at next, so tests can reach high page numbers cheaply. Pages
// never allocated read as errors.
type sparseStore struct {
	pages map[uint32]page.Page
	next  uint32
	free  []uint32
}

func newSparseStore(next uint32) *sparseStore {
	return &sparseStore{
		pages: map[uint32]page.Page{0: page.New(page.TypeFileHeader), 1: page.New(page.TypeMeta)},
		next:  next,
	}
}

func (s *sparseStore) Read(no uint32) (page.Page, error) {
	p, ok := s.pages[no]
	if !ok || no == 0 {
		return nil, page.ErrOutOfRange
	}
	return p, nil
}

func (s *sparseStore) Write(no uint32) (page.Page, error) { return s.Read(no) }

func (s *sparseStore) Alloc(t page.Type) (uint32, page.Page, error) {
	var no uint32
	if n := len(s.free); n > 0 {
		no, s.free = s.free[n-1], s.free[:n-1]
	} else {
		no = s.next
		s.next++
	}
	p := page.New(t)
	s.pages[no] = p
	return no, p, nil
}

func (s *sparseStore) Free(no uint32) error {
	p, ok := s.pages[no]
	if !ok || no <= page.MetaPage {
		return page.ErrOutOfRange
	}
	if p.Type() == page.TypeFree {
		return errors.New("sparseStore: double free")
	}
	s.pages[no] = page.New(page.TypeFree)
	s.free = append(s.free, no)
	return nil
}

func (s *sparseStore) Pages() uint32 { return s.next }

// clone returns an independent copy of s.
func (s *sparseStore) clone() *sparseStore {
	c := &sparseStore{pages: make(map[uint32]page.Page, len(s.pages)), next: s.next, free: slices.Clone(s.free)}
	for no, p := range s.pages {
		c.pages[no] = slices.Clone(p)
	}
	return c
}

package btree

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"testing"

	"github.com/grumpydb/grumpydb/engine/internal/page"
)

// newTree returns a MemStore holding a freshly initialised tree.
func newTree(t testing.TB) (*page.MemStore, *Tree) {
	t.Helper()
	st := page.NewMemStore()
	if err := Init(st); err != nil {
		t.Fatalf("Init: %v", err)
	}
	return st, New(st)
}

// mustCheck runs Check and verifies that every page of the file is exactly
// one of: page 0, a tree page, a free page (nothing leaks, nothing is used
// twice).
func mustCheck(t testing.TB, st *page.MemStore) []uint32 {
	t.Helper()
	pages, err := Check(st)
	if err != nil {
		t.Fatalf("Check: %v", err)
	}
	if err := pageAccounting(st, pages); err != nil {
		t.Fatal(err)
	}
	return pages
}

func pageAccounting(st *page.MemStore, pages []uint32) error {
	owner := make([]string, st.Pages())
	owner[0] = "header"
	claim := func(no uint32, who string) error {
		if int(no) >= len(owner) {
			return fmt.Errorf("%s page %d beyond file of %d pages", who, no, len(owner))
		}
		if owner[no] != "" {
			return fmt.Errorf("page %d is both %s and %s", no, owner[no], who)
		}
		owner[no] = who
		return nil
	}
	for _, no := range pages {
		if err := claim(no, "tree"); err != nil {
			return err
		}
	}
	for _, no := range st.FreePages() {
		if err := claim(no, "free"); err != nil {
			return err
		}
	}
	for no, who := range owner {
		if who == "" {
			return fmt.Errorf("page %d leaked: neither in the tree nor free", no)
		}
	}
	return nil
}

// testSeed returns the seed for a randomised test: GRUMPY_SEED when set,
// otherwise a fresh one. It is logged so a failure can be replayed.
func testSeed(t testing.TB) uint64 {
	t.Helper()
	seed := rand.Uint64()
	if s := os.Getenv("GRUMPY_SEED"); s != "" {
		v, err := strconv.ParseUint(s, 0, 64)
		if err != nil {
			t.Fatalf("GRUMPY_SEED=%q: %v", s, err)
		}
		seed = v
	}
	t.Logf("seed %d (replay with GRUMPY_SEED=%d)", seed, seed)
	return seed
}

func longTests() bool { return os.Getenv("GRUMPY_LONG") != "" }

// model is the reference: a sorted list of keys and their values.
type model struct {
	keys []string
	vals map[string][]byte
}

func newModel() *model { return &model{vals: map[string][]byte{}} }

func (m *model) put(k string, v []byte) (replaced bool) {
	_, replaced = m.vals[k]
	if !replaced {
		i, _ := slices.BinarySearch(m.keys, k)
		m.keys = slices.Insert(m.keys, i, k)
	}
	m.vals[k] = append([]byte(nil), v...)
	return replaced
}

func (m *model) del(k string) bool {
	if _, ok := m.vals[k]; !ok {
		return false
	}
	delete(m.vals, k)
	i, _ := slices.BinarySearch(m.keys, k)
	m.keys = slices.Delete(m.keys, i, i+1)
	return true
}

// compareAll walks the tree both ways and compares it with the model.
func (m *model) compareAll(t testing.TB, tr *Tree) {
	t.Helper()
	c := tr.Cursor()
	i := 0
	for c.First(); c.Valid(); c.Next() {
		if i >= len(m.keys) {
			t.Fatalf("forward scan: extra key %q", c.Key())
		}
		if string(c.Key()) != m.keys[i] || !bytes.Equal(c.Value(), m.vals[m.keys[i]]) {
			t.Fatalf("forward scan entry %d: got %q=%q, want %q=%q", i, c.Key(), c.Value(), m.keys[i], m.vals[m.keys[i]])
		}
		i++
	}
	if c.Err() != nil || i != len(m.keys) {
		t.Fatalf("forward scan: %d of %d entries, err %v", i, len(m.keys), c.Err())
	}
	i = len(m.keys) - 1
	for c.Last(); c.Valid(); c.Prev() {
		if i < 0 || string(c.Key()) != m.keys[i] {
			t.Fatalf("backward scan entry %d: got %q", i, c.Key())
		}
		i--
	}
	if c.Err() != nil || i != -1 {
		t.Fatalf("backward scan stopped at %d, err %v", i, c.Err())
	}
	n, err := tr.Len()
	if err != nil || n != uint64(len(m.keys)) {
		t.Fatalf("Len = %d, %v; want %d", n, err, len(m.keys))
	}
}

func isCorrupt(err error) bool { return errors.Is(err, page.ErrCorrupt) }

var errNoEnd = errors.New("cursor did not terminate")

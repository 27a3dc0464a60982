package heap

import (
	"bytes"
	"encoding/binary"
	"slices"
	"testing"

	"github.com/grumpydb/grumpydb/engine/internal/page"
)

func TestChainRoundTrip(t *testing.T) {
	for _, n := range []int{MaxInline + 1, ovCap, ovCap + 1, 5*ovCap - 1, 5 * ovCap} {
		st := page.NewMemStore()
		rec := pattern(n, 1)
		first, err := writeChain(st, rec)
		if err != nil {
			t.Fatal(err)
		}
		got, err := readChain(st, 99, first, n)
		if err != nil || !bytes.Equal(got, rec) {
			t.Fatalf("n=%d: readChain %d bytes, %v", n, len(got), err)
		}
		nos, err := chainList(st, 99, first, n)
		if err != nil || len(nos) != chainPages(n) {
			t.Fatalf("n=%d: %d pages, want %d (%v)", n, len(nos), chainPages(n), err)
		}
		// Asking for another length is corruption.
		for _, m := range []int{n - 1, n + 1} {
			if _, err := readChain(st, 99, first, m); !isCorrupt(err) {
				t.Fatalf("n=%d read as %d: %v", n, m, err)
			}
		}
	}
}

func TestRewriteChain(t *testing.T) {
	cases := []struct{ from, to int }{
		{3 * ovCap, 3 * ovCap}, // same pages
		{3 * ovCap, 7*ovCap + 5},
		{7 * ovCap, ovCap + 1},
		{ovCap + 1, MaxInline + 1},
	}
	for _, c := range cases {
		st := page.NewMemStore()
		first, err := writeChain(st, pattern(c.from, 1))
		if err != nil {
			t.Fatal(err)
		}
		old, _ := chainList(st, 0, first, c.from)
		rec := pattern(c.to, 2)
		first2, err := rewriteChain(st, 0, first, c.from, rec)
		if err != nil {
			t.Fatal(err)
		}
		if first2 != first {
			t.Errorf("%d->%d: chain moved from page %d to %d", c.from, c.to, first, first2)
		}
		got, err := readChain(st, 0, first2, c.to)
		if err != nil || !bytes.Equal(got, rec) {
			t.Fatalf("%d->%d: %v", c.from, c.to, err)
		}
		nos, _ := chainList(st, 0, first2, c.to)
		keep := min(len(old), len(nos))
		if !slices.Equal(nos[:keep], old[:keep]) {
			t.Errorf("%d->%d: pages %v not reused from %v", c.from, c.to, nos, old)
		}
		if free := st.FreePages(); len(free) != len(old)-keep {
			t.Errorf("%d->%d: %d pages freed, want %d", c.from, c.to, len(free), len(old)-keep)
		}
	}
}

// TestChainCycles links chains into loops of every shape and checks that
// the walk reports them, within the bound of pages the length implies.
func TestChainCycles(t *testing.T) {
	const pages = 4
	n := pages * ovCap // every chunk is full, so lengths alone cannot tell
	for from := range pages {
		for to := range from + 1 {
			st := page.NewMemStore()
			first, err := writeChain(st, pattern(n, 1))
			if err != nil {
				t.Fatal(err)
			}
			nos, _ := chainList(st, 0, first, n)
			p, _ := st.Write(nos[from])
			binary.LittleEndian.PutUint32(p[ovNext:], nos[to])
			reads := 0
			err = walkChain(st, 0, first, n, func(uint32, []byte) error { reads++; return nil })
			if !isCorrupt(err) {
				t.Fatalf("loop %d->%d: %v", from, to, err)
			}
			if reads > pages {
				t.Fatalf("loop %d->%d: %d pages visited", from, to, reads)
			}
		}
	}
}

func TestParseStub(t *testing.T) {
	cases := []struct {
		name  string
		n     int
		first uint32
		ok    bool
	}{
		{"ok", MaxInline + 1, 5, true},
		{"max", MaxRecordSize, 5, true},
		{"inline length", MaxInline, 5, false},
		{"too long", MaxRecordSize + 1, 5, false},
		{"page 0", MaxInline + 1, 0, false},
		{"meta page", MaxInline + 1, page.MetaPage, false},
	}
	for _, c := range cases {
		n, first, err := parseStub(3, 0, makeStub(c.n, c.first))
		if c.ok != (err == nil) || (c.ok && (n != c.n || first != c.first)) {
			t.Errorf("%s: parseStub = %d, %d, %v", c.name, n, first, err)
		}
		if !c.ok && !isCorrupt(err) {
			t.Errorf("%s: %v is not ErrCorrupt", c.name, err)
		}
	}
	if _, _, err := parseStub(3, 0, make([]byte, 7)); !isCorrupt(err) {
		t.Errorf("short stub: %v", err)
	}
}

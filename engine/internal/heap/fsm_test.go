package heap

import (
	"bytes"
	"errors"
	"testing"
)

func TestMapEntries(t *testing.T) {
	cases := []struct {
		free int
		want byte
	}{
		{0, 1}, {3, 1}, {4, 1}, {35, 1}, {36, 2}, {67, 2}, {68, 3},
		{emptyFree, 255},
	}
	for _, c := range cases {
		if got := entryFor(c.free); got != c.want {
			t.Errorf("entryFor(%d) = %d, want %d", c.free, got, c.want)
		}
	}
	// A page whose entry is at least entryNeeded(n) always fits n bytes
	// with a new slot (entryFor is monotonic, so the largest free count
	// that does not fit is the one to test), entry 1 (the insert page's)
	// never qualifies, and no more than a granule of space is overlooked.
	for n := 0; n <= MaxInline; n++ {
		need := entryNeeded(n)
		if need < 2 {
			t.Fatalf("entryNeeded(%d) = %d", n, need)
		}
		if free := n + slotSize - 1; entryFor(free) >= need {
			t.Fatalf("free %d has entry %d >= entryNeeded(%d) = %d but does not fit", free, entryFor(free), n, need)
		}
		if free := max(n, 1) + slotSize + granule - 1; entryFor(free) < need {
			t.Fatalf("free %d has entry %d < entryNeeded(%d) = %d", free, entryFor(free), n, need)
		}
	}
}

// TestHighPageNumbers uses a sparse store to put data pages under the
// second map page and at the last page the map can describe.
func TestHighPageNumbers(t *testing.T) {
	st := newSparseStore(fsmCap + 10)
	if err := Init(st); err != nil {
		t.Fatal(err)
	}
	a := mustInsert(t, st, pattern(4000, 1))
	st.next = 2 * fsmCap // the next allocations land under map page 2
	b := mustInsert(t, st, pattern(MaxInline, 2))
	c := mustInsert(t, st, pattern(MaxInline, 3))
	if a.Page/fsmCap != 1 || b.Page/fsmCap != 2 || c.Page/fsmCap != 2 {
		t.Fatalf("pages %v %v %v not where intended", a, b, c)
	}
	m, err := loadMeta(st)
	if err != nil {
		t.Fatal(err)
	}
	if m.dirLen() != 3 {
		t.Fatalf("directory length %d, want 3", m.dirLen())
	}
	if no, _ := m.dir(0); no != 0 {
		t.Fatalf("map page 0 exists (%d) though no data page needs it", no)
	}
	var order []RID
	if err := Scan(st, func(r RID, _ []byte) error { order = append(order, r); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(order) != 3 || order[0] != a || order[1] != b || order[2] != c {
		t.Fatalf("Scan order %v, want %v %v %v", order, a, b, c)
	}
	// Free space on page a (under map page 1) is found from page c.
	r := mustInsert(t, st, pattern(4000, 4))
	if r.Page != a.Page {
		t.Fatalf("4000 bytes went to %v, want page %d", r, a.Page)
	}
	if _, n, err := Check(st); err != nil || n != 4 {
		t.Fatalf("Check: %d records, %v", n, err)
	}

	// The last describable page works; the one after is refused.
	st.next = MaxDataPage
	last := mustInsert(t, st, pattern(MaxInline, 5))
	if last.Page != MaxDataPage {
		t.Fatalf("insert went to %v, want page %d", last, MaxDataPage)
	}
	if _, err := Insert(st, pattern(MaxInline, 6)); !errors.Is(err, ErrHeapFull) {
		t.Fatalf("insert past MaxDataPage = %v, want ErrHeapFull", err)
	}
	if got, err := Get(st, last); err != nil || !bytes.Equal(got, pattern(MaxInline, 5)) {
		t.Fatalf("Get(%v): %v", last, err)
	}
	// Overflow pages need no map entry: a long record still goes in, its
	// stub on the last data page and its chain past MaxDataPage.
	ov := mustInsert(t, st, pattern(20000, 7))
	if ov.Page != MaxDataPage {
		t.Fatalf("stub went to %v, want page %d", ov, MaxDataPage)
	}
	if got, err := Get(st, ov); err != nil || !bytes.Equal(got, pattern(20000, 7)) {
		t.Fatalf("Get(%v): %v", ov, err)
	}
	if _, n, err := Check(st); err != nil || n != 6 {
		t.Fatalf("Check after ErrHeapFull: %d records, %v", n, err)
	}
}

// TestFindPageTightensBound checks that a map page searched in vain gets a
// lower directory bound, and that the bound rises again when space frees.
func TestFindPageTightensBound(t *testing.T) {
	st := newHeap(t)
	var rids []RID
	for i := range 10 {
		rids = append(rids, mustInsert(t, st, pattern(4000, uint64(i))))
	}
	// Free one record: its page (not the insert page) gets a big entry.
	if err := Delete(st, rids[2]); err != nil {
		t.Fatal(err)
	}
	bound := func() byte {
		m, err := loadMeta(st)
		if err != nil {
			t.Fatal(err)
		}
		_, mx := m.dir(0)
		return mx
	}
	high := bound()
	if high < entryNeeded(4000) {
		t.Fatalf("bound %d after freeing 4000 bytes", high)
	}
	// Use the space up: the page found becomes the insert page (entry 1).
	r := mustInsert(t, st, pattern(4000, 20))
	if r.Page != rids[2].Page {
		t.Fatalf("reinsert went to %v, want page %d", r, rids[2].Page)
	}
	// Nothing else has room for 4000 bytes: the next insert searches in
	// vain and lowers the bound.
	mustInsert(t, st, pattern(4100, 21))
	if got := bound(); got >= entryNeeded(4000) {
		t.Fatalf("bound still %d after a failed search", got)
	}
}

package heap

import (
	"bytes"
	"errors"
	"slices"
	"testing"

	"github.com/grumpydb/grumpydb/engine/internal/page"
)

func TestInsertGetSizes(t *testing.T) {
	cases := []struct {
		name     string
		n        int
		overflow int // overflow pages the record needs
	}{
		{"empty", 0, 0},
		{"one byte", 1, 0},
		{"small", 200, 0},
		{"max inline", MaxInline, 0},
		{"min overflow", MaxInline + 1, 1},
		{"one full overflow page", ovCap, 1},
		{"just over one page", ovCap + 1, 2},
		{"benchmark overflow shape", 20480 + 30, 3},
		{"200 KiB", 200 << 10, chainPages(200 << 10)},
		{"max record", MaxRecordSize, chainPages(MaxRecordSize)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st := newHeap(t)
			rec := pattern(c.n, 1)
			rid := mustInsert(t, st, rec)
			got, err := Get(st, rid)
			if err != nil || !bytes.Equal(got, rec) {
				t.Fatalf("Get = %d bytes, %v; want the %d inserted", len(got), err, c.n)
			}
			s := mustStats(t, st)
			if s.OverflowPages != c.overflow || s.Records != 1 || s.DataPages != 1 || s.RecordBytes != int64(c.n) {
				t.Fatalf("stats %+v, want 1 record of %d bytes, 1 data page, %d overflow pages", s, c.n, c.overflow)
			}
			pages, n := mustCheck(t, st)
			if n != 1 || len(pages) != 1+1+1+c.overflow { // meta, map, data, overflow
				t.Fatalf("Check: %d records, %d pages %v", n, len(pages), pages)
			}
		})
	}
}

func TestTooLarge(t *testing.T) {
	st := newHeap(t)
	big := make([]byte, MaxRecordSize+1)
	if _, err := Insert(st, big); !errors.Is(err, ErrRecordTooLarge) {
		t.Fatalf("Insert(MaxRecordSize+1) = %v, want ErrRecordTooLarge", err)
	}
	rid := mustInsert(t, st, []byte("x"))
	if _, err := Update(st, rid, big); !errors.Is(err, ErrRecordTooLarge) {
		t.Fatalf("Update(MaxRecordSize+1) = %v, want ErrRecordTooLarge", err)
	}
	if got, err := Get(st, rid); err != nil || string(got) != "x" {
		t.Fatalf("record changed by refused update: %q, %v", got, err)
	}
	if s := mustStats(t, st); s.OverflowPages != 0 || s.Records != 1 {
		t.Fatalf("refused records left pages behind: %+v", s)
	}
}

func TestNoRecord(t *testing.T) {
	st := newHeap(t)
	a := mustInsert(t, st, []byte("a"))
	b := mustInsert(t, st, []byte("b"))
	mustInsert(t, st, []byte("c"))
	if err := Delete(st, b); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		rid  RID
	}{
		{"zero RID", RID{}},
		{"meta page", RID{Page: page.MetaPage}},
		{"past end of file", RID{Page: 1000}},
		{"slot past directory", RID{Page: a.Page, Slot: 50}},
		{"deleted slot", b},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if _, err := Get(st, c.rid); !errors.Is(err, ErrNoRecord) {
				t.Errorf("Get = %v, want ErrNoRecord", err)
			}
			if err := Delete(st, c.rid); !errors.Is(err, ErrNoRecord) {
				t.Errorf("Delete = %v, want ErrNoRecord", err)
			}
			if _, err := Update(st, c.rid, []byte("z")); !errors.Is(err, ErrNoRecord) {
				t.Errorf("Update = %v, want ErrNoRecord", err)
			}
		})
	}
	// A record whose page was emptied and freed.
	if err := Delete(st, a); err != nil {
		t.Fatal(err)
	}
	last := RID{Page: a.Page, Slot: 2}
	if err := Delete(st, last); err != nil {
		t.Fatal(err)
	}
	if _, err := Get(st, last); !errors.Is(err, ErrNoRecord) {
		t.Fatalf("Get on freed page = %v, want ErrNoRecord", err)
	}
	if free := st.FreePages(); !slices.Contains(free, a.Page) {
		t.Fatalf("emptied data page %d not freed (free list %v)", a.Page, free)
	}
}

// fillPage fills rid's page (the insert page) with 100-byte records until
// fewer than 4 bytes are free, and returns their RIDs.
func fillPage(tb testing.TB, st page.Store, rid RID) []RID {
	tb.Helper()
	var fill []RID
	for {
		d := dataPage{no: rid.Page, p: mustRead(tb, st, rid.Page)}
		n := min(100, d.free()-slotSize)
		if n < 0 {
			return fill
		}
		r := mustInsert(tb, st, pattern(n, uint64(len(fill)+10)))
		if r.Page != rid.Page {
			tb.Fatalf("filler went to page %d, not %d", r.Page, rid.Page)
		}
		fill = append(fill, r)
	}
}

func TestUpdate(t *testing.T) {
	const (
		alone = iota // the record is alone on its page
		holes        // the page is fragmented: half its bytes free in holes
		full         // the page has fewer than 4 bytes free
	)
	cases := []struct {
		name     string
		from, to int
		page     int
		sameRID  bool
	}{
		{"shrink inline", 300, 100, alone, true},
		{"same size", 300, 300, full, true},
		{"to empty", 300, 0, full, true},
		{"from empty", 0, 300, alone, true},
		{"grow inline, room on page", 100, 2000, alone, true},
		{"grow inline, page compacted", 100, 2000, holes, true},
		{"grow inline, page full: moves", 100, 4000, full, false},
		{"inline to overflow", 300, 50000, full, true},
		{"tiny inline to overflow, page full: moves", 2, 50000, full, false},
		{"overflow to inline", 50000, 300, alone, true},
		{"overflow to big inline, page full: moves", 50000, 4000, full, false},
		{"overflow grows", 50000, 120000, full, true},
		{"overflow shrinks", 120000, 9000, full, true},
		{"overflow to empty", 120000, 0, full, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st := newHeap(t)
			rid := mustInsert(t, st, pattern(c.from, 1))
			var fill []RID
			if c.page != alone {
				fill = fillPage(t, st, rid)
			}
			if c.page == holes {
				kept := fill[:0:0]
				for i, r := range fill {
					if i%2 == 0 {
						if err := Delete(st, r); err != nil {
							t.Fatal(err)
						}
					} else {
						kept = append(kept, r)
					}
				}
				fill = kept
			}
			want := pattern(c.to, 2)
			got, err := Update(st, rid, want)
			if err != nil {
				t.Fatalf("Update: %v", err)
			}
			if (got == rid) != c.sameRID {
				t.Fatalf("Update moved %v -> %v, want same RID %v", rid, got, c.sameRID)
			}
			if b, err := Get(st, got); err != nil || !bytes.Equal(b, want) {
				t.Fatalf("Get after Update: %d bytes, %v", len(b), err)
			}
			if !c.sameRID {
				if _, err := Get(st, rid); !errors.Is(err, ErrNoRecord) {
					t.Fatalf("old RID after move: %v, want ErrNoRecord", err)
				}
			}
			for _, r := range fill {
				if b, err := Get(st, r); err != nil || len(b) > 100 {
					t.Fatalf("filler %v lost: %v", r, err)
				}
			}
			ov := 0
			if c.to > MaxInline {
				ov = chainPages(c.to)
			}
			s := mustStats(t, st)
			if s.OverflowPages != ov || s.Records != len(fill)+1 || s.RecordBytes < int64(c.to) {
				t.Fatalf("stats %+v, want %d overflow pages, %d records", s, ov, len(fill)+1)
			}
			if pages, _ := mustCheck(t, st); len(pages) != 2+s.DataPages+ov {
				t.Fatalf("heap uses %d pages, want meta+map+%d data+%d overflow: %v", len(pages), s.DataPages, ov, pages)
			}
			assertNoLeak(t, st)
		})
	}
}

func TestOverflowPagesFreed(t *testing.T) {
	st := newHeap(t)
	keep := mustInsert(t, st, []byte("keep the data page"))
	rid := mustInsert(t, st, pattern(100000, 1))
	n := chainPages(100000)
	if err := Delete(st, rid); err != nil {
		t.Fatal(err)
	}
	if got := len(st.FreePages()); got != n {
		t.Fatalf("%d pages freed, want %d", got, n)
	}
	// The freed pages are reused by the next large record.
	before := st.Pages()
	mustInsert(t, st, pattern(100000, 2))
	if st.Pages() != before {
		t.Fatalf("file grew from %d to %d pages though %d were free", before, st.Pages(), n)
	}
	if _, err := Get(st, keep); err != nil {
		t.Fatal(err)
	}
}

func TestSlotReuseAndCompaction(t *testing.T) {
	st := newHeap(t)
	var rids []RID
	for i := range 20 {
		rids = append(rids, mustInsert(t, st, pattern(380, uint64(i))))
	}
	p := rids[0].Page
	for _, r := range rids {
		if r.Page != p {
			t.Fatalf("20 records of 380 bytes did not share a page: %v", rids)
		}
	}
	// Delete every other record: holes of 380 bytes, none big enough
	// for 2000 bytes, but together they are.
	for i := 1; i < 20; i += 2 {
		if err := Delete(st, rids[i]); err != nil {
			t.Fatal(err)
		}
	}
	big := pattern(2000, 99)
	r := mustInsert(t, st, big)
	if r.Page != p || r.Slot != 1 {
		t.Fatalf("insert went to %v, want the first dead slot %d:1", r, p)
	}
	for i := 0; i < 20; i += 2 {
		if b, err := Get(st, rids[i]); err != nil || !bytes.Equal(b, pattern(380, uint64(i))) {
			t.Fatalf("record %d damaged by compaction: %v", i, err)
		}
	}
	if b, _ := Get(st, r); !bytes.Equal(b, big) {
		t.Fatal("new record wrong")
	}
	// Deleting the last slots shrinks the directory.
	d := dataPage{no: p, p: mustRead(t, st, p)}
	before := d.nSlots()
	if err := Delete(st, rids[18]); err != nil {
		t.Fatal(err)
	}
	if d = (dataPage{no: p, p: mustRead(t, st, p)}); d.nSlots() != before-2 {
		t.Fatalf("directory %d slots after deleting the last live one, want %d", d.nSlots(), before-2)
	}
}

// assertNoLeak checks that every page of the store but page 0 is either
// used by the heap or on the free list.
func assertNoLeak(tb testing.TB, st *page.MemStore) {
	tb.Helper()
	pages, _ := mustCheck(tb, st)
	if used, free := len(pages), len(st.FreePages()); used+free+1 != int(st.Pages()) {
		tb.Fatalf("file of %d pages: heap uses %d, %d free: %d leaked", st.Pages(), used, free, int(st.Pages())-1-used-free)
	}
}

func mustRead(tb testing.TB, st page.Store, no uint32) page.Page {
	tb.Helper()
	p, err := st.Read(no)
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

func TestAppendFillFactor(t *testing.T) {
	cases := []struct {
		size     int
		minRatio float64
	}{
		{55, 0.90},
		{200, 0.90},
		{510, 0.90},
	}
	for _, c := range cases {
		t.Run("", func(t *testing.T) {
			st := newHeap(t)
			const total = 2 << 20
			for i := 0; i < total/c.size; i++ {
				mustInsert(t, st, pattern(c.size, uint64(i)))
			}
			s := mustStats(t, st)
			ratio := float64(s.RecordBytes) / float64(s.DataPages*page.Size)
			t.Logf("%d-byte records: %d data pages, fill %.3f", c.size, s.DataPages, ratio)
			if ratio < c.minRatio {
				t.Fatalf("fill %.3f below %.2f", ratio, c.minRatio)
			}
		})
	}
}

func TestScanOrder(t *testing.T) {
	st := newHeap(t)
	want := map[RID][]byte{}
	for i := range 300 {
		n := []int{10, 3000, 9000}[i%3]
		rec := pattern(n, uint64(i))
		want[mustInsert(t, st, rec)] = rec
	}
	var last RID
	seen := 0
	err := Scan(st, func(r RID, b []byte) error {
		if seen > 0 && (r.Page < last.Page || r.Page == last.Page && r.Slot <= last.Slot) {
			t.Fatalf("Scan gave %v after %v", r, last)
		}
		if !bytes.Equal(b, want[r]) {
			t.Fatalf("Scan %v: wrong bytes", r)
		}
		last = r
		seen++
		return nil
	})
	if err != nil || seen != len(want) {
		t.Fatalf("Scan saw %d of %d records, err %v", seen, len(want), err)
	}
	stop := errors.New("stop")
	calls := 0
	if err := Scan(st, func(RID, []byte) error { calls++; return stop }); err != stop || calls != 1 {
		t.Fatalf("Scan with failing callback = %v after %d calls", err, calls)
	}
}

func TestInitAndMeta(t *testing.T) {
	st := page.NewMemStore()
	if _, err := Insert(st, nil); !isCorrupt(err) {
		t.Fatalf("Insert before Init = %v, want ErrCorrupt", err)
	}
	if err := Init(st); err != nil {
		t.Fatal(err)
	}
	if err := Init(st); !errors.Is(err, ErrFormatted) {
		t.Fatalf("second Init = %v, want ErrFormatted", err)
	}
	pages, n := mustCheck(t, st)
	if !slices.Equal(pages, []uint32{page.MetaPage}) || n != 0 {
		t.Fatalf("empty heap: pages %v records %d", pages, n)
	}
	if s := mustStats(t, st); s != (Stats{}) {
		t.Fatalf("empty heap stats %+v", s)
	}
}

func TestReadOnlyStore(t *testing.T) {
	st := newHeap(t)
	rid := mustInsert(t, st, []byte("hello"))
	st.SetReadOnly(true)
	defer st.SetReadOnly(false)
	if b, err := Get(st, rid); err != nil || string(b) != "hello" {
		t.Fatalf("Get on read-only store: %q, %v", b, err)
	}
	if _, err := Insert(st, []byte("x")); !errors.Is(err, page.ErrReadOnly) {
		t.Fatalf("Insert on read-only store = %v", err)
	}
	if err := Delete(st, rid); !errors.Is(err, page.ErrReadOnly) {
		t.Fatalf("Delete on read-only store = %v", err)
	}
	if _, _, err := Check(st); err != nil {
		t.Fatalf("Check on read-only store: %v", err)
	}
}

func TestEmptyPageFreedAndHintCleared(t *testing.T) {
	st := newHeap(t)
	r1 := mustInsert(t, st, pattern(4500, 1))
	r2 := mustInsert(t, st, pattern(4500, 2)) // does not fit: second page
	if r1.Page == r2.Page {
		t.Fatal("two 4500-byte records share a page")
	}
	for _, r := range []RID{r2, r1} {
		if err := Delete(st, r); err != nil {
			t.Fatal(err)
		}
	}
	if s := mustStats(t, st); s.DataPages != 0 {
		t.Fatalf("empty heap keeps %d data pages", s.DataPages)
	}
	m, err := loadMeta(st)
	if err != nil || m.hint() != 0 {
		t.Fatalf("hint %d after deleting everything (%v)", m.hint(), err)
	}
	// Freed data pages come back for new data.
	before := st.Pages()
	mustInsert(t, st, pattern(4500, 3))
	mustInsert(t, st, pattern(4500, 4))
	if st.Pages() != before {
		t.Fatalf("file grew from %d to %d pages", before, st.Pages())
	}
}

func TestFreeSpaceReusedAcrossPages(t *testing.T) {
	st := newHeap(t)
	var rids []RID
	for i := range 400 {
		rids = append(rids, mustInsert(t, st, pattern(1000, uint64(i))))
	}
	s0 := mustStats(t, st)
	// Free half of every page.
	for i := 0; i < len(rids); i += 2 {
		if err := Delete(st, rids[i]); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 200 {
		mustInsert(t, st, pattern(1000, uint64(1000+i)))
	}
	s1 := mustStats(t, st)
	if s1.DataPages != s0.DataPages {
		t.Fatalf("refilling freed space grew the heap from %d to %d data pages", s0.DataPages, s1.DataPages)
	}
}

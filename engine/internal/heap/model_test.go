package heap

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/grumpydb/grumpydb/engine/internal/page"
)

// model is the reference the randomised tests compare the heap with.
type model struct {
	recs map[RID][]byte
	rids []RID // the keys of recs, for random picks
	pos  map[RID]int
}

func newModel() *model { return &model{recs: map[RID][]byte{}, pos: map[RID]int{}} }

func (m *model) add(tb testing.TB, rid RID, rec []byte) {
	tb.Helper()
	if _, dup := m.recs[rid]; dup {
		tb.Fatalf("heap handed out live RID %v again", rid)
	}
	m.recs[rid] = rec
	m.pos[rid] = len(m.rids)
	m.rids = append(m.rids, rid)
}

func (m *model) remove(rid RID) {
	i := m.pos[rid]
	last := m.rids[len(m.rids)-1]
	m.rids[i], m.pos[last] = last, i
	m.rids = m.rids[:len(m.rids)-1]
	delete(m.pos, rid)
	delete(m.recs, rid)
}

func (m *model) pick(rng *rand.Rand) RID { return m.rids[rng.IntN(len(m.rids))] }

func (m *model) bytes() int64 {
	var n int64
	for _, r := range m.recs {
		n += int64(len(r))
	}
	return n
}

// verify checks the heap against the model with Check, Scan and GetStats.
func (m *model) verify(tb testing.TB, st *page.MemStore) {
	tb.Helper()
	_, n := mustCheck(tb, st)
	if n != len(m.recs) {
		tb.Fatalf("Check counts %d records, model has %d", n, len(m.recs))
	}
	seen := 0
	err := Scan(st, func(rid RID, b []byte) error {
		want, ok := m.recs[rid]
		if !ok {
			return fmt.Errorf("Scan gave %v, not in the model", rid)
		}
		if !bytes.Equal(b, want) {
			return fmt.Errorf("Scan %v: %d bytes, model has %d", rid, len(b), len(want))
		}
		seen++
		return nil
	})
	if err != nil || seen != len(m.recs) {
		tb.Fatalf("Scan: %v (saw %d of %d)", err, seen, len(m.recs))
	}
	if s := mustStats(tb, st); s.Records != len(m.recs) || s.RecordBytes != m.bytes() {
		tb.Fatalf("stats %+v, model has %d records of %d bytes", s, len(m.recs), m.bytes())
	}
	assertNoLeak(tb, st)
}

// randSize draws a record size: mostly small, many around the inline limit,
// many overflow records up to 200 KiB and, when huge is set, a few of
// several MiB.
func randSize(rng *rand.Rand, huge bool) int {
	switch r := rng.IntN(1000); {
	case r < 400:
		return rng.IntN(300)
	case r < 650:
		return 300 + rng.IntN(MaxInline+500-300)
	case r < 997 || !huge:
		return rng.IntN(200 << 10)
	default:
		return 1<<20 + rng.IntN(3<<20)
	}
}

func TestModel(t *testing.T) {
	seed := testSeed(t)
	rng := rand.New(rand.NewPCG(seed, 0x6865617021))
	ops := 4000
	if testing.Short() {
		ops = 800
	}
	if long() {
		ops = 60000
	}
	st := newHeap(t)
	m := newModel()
	tag := uint64(0)
	next := func(n int) []byte { tag++; return pattern(n, tag) }
	for op := range ops {
		// Keep the live set between about 50 and 300 records.
		insertP := 45
		switch {
		case len(m.rids) < 50:
			insertP = 80
		case len(m.rids) > 300:
			insertP = 20
		}
		switch r := rng.IntN(100); {
		case op == ops/2:
			rec := next(MaxRecordSize)
			rid, err := Insert(st, rec)
			if err != nil {
				t.Fatalf("op %d: Insert(MaxRecordSize): %v", op, err)
			}
			m.add(t, rid, rec)
			if _, err := Insert(st, make([]byte, MaxRecordSize+1)); !errors.Is(err, ErrRecordTooLarge) {
				t.Fatalf("op %d: Insert(MaxRecordSize+1) = %v", op, err)
			}
		case r < insertP || len(m.rids) == 0:
			rec := next(randSize(rng, true))
			rid, err := Insert(st, rec)
			if err != nil {
				t.Fatalf("op %d: Insert(%d bytes): %v", op, len(rec), err)
			}
			m.add(t, rid, rec)
		case r < insertP+25:
			rid := m.pick(rng)
			rec := next(randSize(rng, true))
			got, err := Update(st, rid, rec)
			if err != nil {
				t.Fatalf("op %d: Update(%v, %d bytes): %v", op, rid, len(rec), err)
			}
			m.remove(rid)
			m.add(t, got, rec)
		case r < insertP+50:
			rid := m.pick(rng)
			if err := Delete(st, rid); err != nil {
				t.Fatalf("op %d: Delete(%v): %v", op, rid, err)
			}
			m.remove(rid)
			if _, err := Get(st, rid); !errors.Is(err, ErrNoRecord) {
				t.Fatalf("op %d: Get(%v) after Delete = %v, want ErrNoRecord", op, rid, err)
			}
		default:
			rid := m.pick(rng)
			b, err := Get(st, rid)
			if err != nil || !bytes.Equal(b, m.recs[rid]) {
				t.Fatalf("op %d: Get(%v) = %d bytes, %v; model has %d", op, rid, len(b), err, len(m.recs[rid]))
			}
		}
		if op%250 == 249 {
			m.verify(t, st)
		}
	}
	m.verify(t, st)
	t.Logf("%d ops, %d live records, %d pages in file", ops, len(m.rids), st.Pages())
	for len(m.rids) > 0 {
		rid := m.rids[0]
		if err := Delete(st, rid); err != nil {
			t.Fatalf("Delete(%v): %v", rid, err)
		}
		m.remove(rid)
	}
	m.verify(t, st)
	if s := mustStats(t, st); s.DataPages != 0 || s.OverflowPages != 0 {
		t.Fatalf("empty heap keeps pages: %+v", s)
	}
}

// TestChurnBoundedFile replaces records at random for a long time with a
// stationary live set and checks that the file stops growing: freed data
// and overflow pages and free space on data pages are reused.
func TestChurnBoundedFile(t *testing.T) {
	cases := []struct {
		name string
		live int
		size func(*rand.Rand) int
	}{
		{"mixed up to 200KiB", 200, func(rng *rand.Rand) int { return randSize(rng, false) }},
		{"inline only", 3000, func(rng *rand.Rand) int {
			if rng.IntN(10) == 0 {
				return rng.IntN(MaxInline + 1)
			}
			return rng.IntN(600)
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { churnTest(t, c.live, c.size) })
	}
}

func churnTest(t *testing.T, live int, size func(*rand.Rand) int) {
	seed := testSeed(t)
	rng := rand.New(rand.NewPCG(seed, 0x636875726e))
	ops := 6000
	if testing.Short() {
		ops = 1500
	}
	if long() {
		ops = 100000
	}
	st := newHeap(t)
	m := newModel()
	tag := uint64(0)
	next := func() []byte { tag++; return pattern(size(rng), tag) }
	for range live {
		rec := next()
		m.add(t, mustInsert(t, st, rec), rec)
	}
	peak := 0 // most pages in use (not free) before any operation
	churn := func(k int) {
		for range k {
			peak = max(peak, int(st.Pages())-len(st.FreePages()))
			rid := m.pick(rng)
			rec := next()
			if rng.IntN(2) == 0 {
				got, err := Update(st, rid, rec)
				if err != nil {
					t.Fatalf("Update: %v", err)
				}
				m.remove(rid)
				m.add(t, got, rec)
				continue
			}
			if err := Delete(st, rid); err != nil {
				t.Fatalf("Delete: %v", err)
			}
			m.remove(rid)
			m.add(t, mustInsert(t, st, rec), rec)
		}
	}
	// Let the layout settle before taking the reference size.
	churn(ops / 5)
	ref := st.Pages()
	churn(ops)
	m.verify(t, st)
	s := mustStats(t, st)
	pages, _ := mustCheck(t, st)
	t.Logf("file %d pages after warm-up, %d after %d more ops (peak in use %d); heap uses %d pages for %d bytes (%+v)",
		ref, st.Pages(), ops, peak, len(pages), m.bytes(), s)
	if limit := ref + ref/2 + 64; st.Pages() > limit {
		t.Fatalf("file grew from %d to %d pages under churn (limit %d)", ref, st.Pages(), limit)
	}
	// The file only grows when no freed page is left: its size is the
	// peak of pages in use, plus what one operation holds briefly (an
	// update allocates a new chain before freeing the old one).
	if slack := 2*chainPages(200<<10) + 4; int(st.Pages()) > peak+slack {
		t.Fatalf("file has %d pages, at most %d were in use at once", st.Pages(), peak)
	}
	// Overflow pages are exact; data pages may be part empty but not
	// mostly so.
	if minimal := int(m.bytes()/page.Size) + 1; len(pages) > 2*minimal+2 {
		t.Fatalf("heap uses %d pages for %d bytes (%d pages if packed)", len(pages), m.bytes(), minimal)
	}
}

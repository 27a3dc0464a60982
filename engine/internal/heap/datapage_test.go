package heap

import (
	"bytes"
	"testing"

	"github.com/grumpydb/grumpydb/engine/internal/page"
)

func newDataPage() dataPage {
	p := page.New(page.TypeData)
	initData(p)
	return dataPage{no: 7, p: p}
}

// putRec stores rec in a fresh or reused slot and returns the slot.
func putRec(t *testing.T, d dataPage, rec []byte) int {
	t.Helper()
	if !d.fits(len(rec)) {
		t.Fatalf("%d bytes do not fit (free %d)", len(rec), d.free())
	}
	i, err := d.freeSlot()
	if err != nil {
		t.Fatal(err)
	}
	if err := d.put(i, rec, false); err != nil {
		t.Fatal(err)
	}
	if err := d.verify(); err != nil {
		t.Fatalf("after put: %v", err)
	}
	return i
}

func wantRecs(t *testing.T, d dataPage, want map[int][]byte) {
	t.Helper()
	if d.live() != len(want) {
		t.Fatalf("%d live slots, want %d", d.live(), len(want))
	}
	for i, rec := range want {
		b, stub, err := d.record(i)
		if err != nil || stub || !bytes.Equal(b, rec) {
			t.Fatalf("slot %d: %d bytes, %v", i, len(b), err)
		}
	}
}

func TestDataPageLifecycle(t *testing.T) {
	d := newDataPage()
	if d.free() != emptyFree || d.checkHeader() != nil || d.verify() != nil {
		t.Fatalf("fresh page: free %d, %v", d.free(), d.verify())
	}
	want := map[int][]byte{}
	for i := range 11 {
		rec := pattern(700, uint64(i))
		want[putRec(t, d, rec)] = rec
	}
	if d.fits(700) {
		t.Fatalf("12th 700-byte record fits, free %d", d.free())
	}
	wantRecs(t, d, want)
	// Holes: slots 1, 3, 5 die; the gap stays small.
	for _, i := range []int{1, 3, 5} {
		d.release(i)
		delete(want, i)
	}
	d.trim()
	if err := d.verify(); err != nil {
		t.Fatal(err)
	}
	gap := d.dataStart() - d.dirEnd()
	if gap >= 2000 || !d.fits(2000) {
		t.Fatalf("gap %d, free %d: want a fragmented page with room for 2000", gap, d.free())
	}
	// A 2000-byte record needs compaction and takes the first dead slot.
	rec := pattern(2000, 50)
	if i := putRec(t, d, rec); i != 1 {
		t.Fatalf("took slot %d, want 1", i)
	} else {
		want[i] = rec
	}
	wantRecs(t, d, want)
	// Shrinking keeps the record under its slot.
	short := pattern(100, 51)
	off := d.shrink(1, len(short), false)
	copy(d.p[off:], short)
	want[1] = short
	if err := d.verify(); err != nil {
		t.Fatal(err)
	}
	wantRecs(t, d, want)
	// Deleting the last slots shrinks the directory, past the dead slot 5.
	n := d.nSlots()
	for i := n - 1; i >= 6; i-- {
		d.release(i)
		delete(want, i)
	}
	d.trim()
	if d.nSlots() != 5 {
		t.Fatalf("%d slots after deleting 6..%d (5 was dead), want 5", d.nSlots(), n-1)
	}
	if err := d.verify(); err != nil {
		t.Fatal(err)
	}
	wantRecs(t, d, want)
}

func TestDataPageEmptyRecords(t *testing.T) {
	d := newDataPage()
	want := map[int][]byte{}
	for range maxSlots {
		want[putRec(t, d, nil)] = []byte{}
	}
	if d.fits(0) || d.free() != 0 {
		t.Fatalf("page of %d empty records still has %d free", maxSlots, d.free())
	}
	wantRecs(t, d, want)
	d.release(0)
	if !d.fits(0) || d.fits(1) {
		t.Fatalf("after freeing one slot: fits(0)=%v fits(1)=%v", d.fits(0), d.fits(1))
	}
}

func TestDataPagePutAliasing(t *testing.T) {
	// put copies a record that aliases the page before compacting.
	d := newDataPage()
	var slots []int
	for i := range 8 {
		slots = append(slots, putRec(t, d, pattern(1000, uint64(i))))
	}
	for _, i := range []int{0, 2, 4, 6} {
		d.release(i)
	}
	src, _, err := d.record(slots[7])
	if err != nil {
		t.Fatal(err)
	}
	want := bytes.Clone(src[:900])
	i, _ := d.freeSlot()
	if err := d.put(i, src[:900], false); err != nil {
		t.Fatal(err)
	}
	// Fill the rest so that compaction certainly happened.
	big := pattern(d.free()-d.slotCost(), 3)
	putRec(t, d, big)
	if got, _, _ := d.record(i); !bytes.Equal(got, want) {
		t.Fatal("record copied from the page itself was damaged by compaction")
	}
}

func TestDataPageHeaderChecks(t *testing.T) {
	cases := []struct {
		name string
		set  func(d dataPage)
	}{
		{"too many slots", func(d dataPage) { d.setNSlots(maxSlots + 1) }},
		{"more live than slots", func(d dataPage) { d.setLive(d.nSlots() + 1) }},
		{"record area past page", func(d dataPage) { d.setDataStart(page.Size + 1) }},
		{"record area inside directory", func(d dataPage) { d.setDataStart(d.dirEnd() - 1) }},
		{"free less than gap", func(d dataPage) { d.setFree(d.dataStart() - d.dirEnd() - 1) }},
		{"free more than page", func(d dataPage) { d.setFree(page.Size) }},
		{"wrong type", func(d dataPage) { d.p.SetType(page.TypeOverflow) }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := newDataPage()
			putRec(t, d, pattern(300, 1))
			putRec(t, d, pattern(300, 2))
			c.set(d)
			if err := d.checkHeader(); !isCorrupt(err) {
				t.Fatalf("checkHeader = %v, want ErrCorrupt", err)
			}
			if err := d.compact(); !isCorrupt(err) {
				t.Fatalf("compact = %v, want ErrCorrupt", err)
			}
		})
	}
}

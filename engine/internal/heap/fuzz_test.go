package heap

import (
	"bytes"
	"errors"
	"testing"

	"github.com/grumpydb/grumpydb/engine/internal/page"
)

func FuzzDecodeRID(f *testing.F) {
	f.Add([]byte{0, 0, 0, 2, 0, 1})
	f.Add([]byte{})
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7})
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := DecodeRID(b)
		if (err == nil) != (len(b) == RIDSize) {
			t.Fatalf("DecodeRID(%x) = %v, %v", b, r, err)
		}
		if err == nil && !bytes.Equal(r.Append(nil), b) {
			t.Fatalf("round trip of %x gave %x", b, r.Append(nil))
		}
	})
}

// fuzzFixture builds a heap whose data page 2 holds inline records and
// stubs, followed by the pages of their overflow chains.
type fuzzFixture struct {
	st      *sparseStore
	rids    []RID
	data    uint32 // the data page
	ov      uint32 // a middle overflow page
	mapPage uint32
}

func newFuzzFixture(tb testing.TB) fuzzFixture {
	st := newSparseStore(2)
	if err := Init(st); err != nil {
		tb.Fatal(err)
	}
	fx := fuzzFixture{st: st}
	for i, n := range []int{0, 10, 300, 20000, 1200, MaxInline, 9000} {
		fx.rids = append(fx.rids, mustInsert(tb, st, pattern(n, uint64(i))))
	}
	if err := Delete(st, fx.rids[1]); err != nil {
		tb.Fatal(err)
	}
	fx.data = fx.rids[0].Page
	nos, err := chainList(st, fx.data, mustStubTB(tb, st, fx.rids[3]), 20000)
	if err != nil {
		tb.Fatal(err)
	}
	fx.ov = nos[1]
	m, err := loadMeta(st)
	if err != nil {
		tb.Fatal(err)
	}
	fx.mapPage, _ = m.dir(0)
	return fx
}

func mustStubTB(tb testing.TB, st page.Store, r RID) uint32 {
	d := dataPage{no: r.Page, p: mustRead(tb, st, r.Page)}
	b, _, err := d.record(int(r.Slot))
	if err != nil {
		tb.Fatal(err)
	}
	_, first, err := parseStub(r.Page, int(r.Slot), b)
	if err != nil {
		tb.Fatal(err)
	}
	return first
}

// clone returns a copy of fx with its own pages.
func (fx fuzzFixture) clone() fuzzFixture {
	c := fx
	c.st = fx.st.clone()
	return c
}

// payload returns a copy of page no's payload, for seeds.
func (fx fuzzFixture) payload(tb testing.TB, no uint32) []byte {
	return bytes.Clone(mustRead(tb, fx.st, no).Payload())
}

// exercise runs every heap operation on a possibly corrupt heap. Nothing may
// panic; if Check accepts the heap, reading it must work and agree.
func (fx fuzzFixture) exercise(t *testing.T) {
	st := fx.st
	_, _, checkErr := Check(st)
	scanned := map[RID][]byte{}
	scanErr := Scan(st, func(r RID, b []byte) error {
		scanned[r] = bytes.Clone(b)
		return nil
	})
	_, statsErr := GetStats(st)
	if checkErr == nil {
		if scanErr != nil || statsErr != nil {
			t.Fatalf("Check passed but Scan = %v, GetStats = %v", scanErr, statsErr)
		}
		for r, want := range scanned {
			if got, err := Get(st, r); err != nil || !bytes.Equal(got, want) {
				t.Fatalf("Check passed but Get(%v) = %d bytes, %v", r, len(got), err)
			}
		}
	}
	rids := append([]RID(nil), fx.rids...)
	for s := range 40 {
		rids = append(rids, RID{Page: fx.data, Slot: uint16(s)})
	}
	for _, r := range rids {
		if b, err := Get(st, r); err == nil && len(b) > MaxRecordSize {
			t.Fatalf("Get(%v) returned %d bytes", r, len(b))
		}
	}
	// On a heap Check accepts, every change must work (or find no record)
	// and leave a heap Check accepts.
	valid := checkErr == nil
	must := func(what string, err error) {
		if valid && err != nil && !errors.Is(err, ErrNoRecord) {
			t.Fatalf("Check passed but %s: %v", what, err)
		}
	}
	for i, n := range []int{100, 3000, 15000} {
		_, err := Insert(st, pattern(n, uint64(i)))
		must("Insert", err)
	}
	for i, r := range rids[:len(fx.rids)+4] {
		switch i % 3 {
		case 0:
			_, err := Update(st, r, pattern(2000+i, 4))
			must("Update", err)
		case 1:
			_, err := Update(st, r, pattern(12000+i, 5))
			must("Update", err)
		default:
			must("Delete", Delete(st, r))
		}
	}
	_, _, err := Check(st)
	must("Check after changes", err)
	_ = Scan(st, func(RID, []byte) error { return nil })
}

// fuzzPage is the body of the page fuzz targets: it replaces the payload
// (and type) of the page pick chooses with the fuzzer's bytes.
func fuzzPage(f *testing.F, pick func(fuzzFixture) uint32, keepType page.Type) {
	base := newFuzzFixture(f)
	valid := base.payload(f, pick(base))
	f.Add(valid, uint8(keepType))
	f.Add([]byte{}, uint8(keepType))
	for _, i := range []int{0, 2, 4, 6, 8, 12, 40, 100} {
		b := bytes.Clone(valid)
		b[i] ^= 0x41
		f.Add(b, uint8(keepType))
	}
	f.Add(valid, uint8(page.TypeData))
	f.Add(valid, uint8(page.TypeOverflow))
	f.Fuzz(func(t *testing.T, payload []byte, typ uint8) {
		fx := base.clone()
		p, err := fx.st.Write(pick(fx))
		if err != nil {
			t.Fatal(err)
		}
		clear(p.Payload())
		copy(p.Payload(), payload)
		p.SetType(page.Type(typ % 8))
		fx.exercise(t)
	})
}

func FuzzDataPage(f *testing.F) {
	fuzzPage(f, func(fx fuzzFixture) uint32 { return fx.data }, page.TypeData)
}

func FuzzOverflowPage(f *testing.F) {
	fuzzPage(f, func(fx fuzzFixture) uint32 { return fx.ov }, page.TypeOverflow)
}

func FuzzMetaPage(f *testing.F) {
	fuzzPage(f, func(fuzzFixture) uint32 { return page.MetaPage }, page.TypeMeta)
}

func FuzzMapPage(f *testing.F) {
	fuzzPage(f, func(fx fuzzFixture) uint32 { return fx.mapPage }, page.TypeMeta)
}

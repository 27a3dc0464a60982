package heap

import (
	"encoding/binary"
	"fmt"
	"strings"
	"testing"

	"github.com/grumpydb/grumpydb/engine/internal/page"
)

// fixture is a small heap with inline and overflow records whose pages the
// corruption tests damage.
type fixture struct {
	st    *page.MemStore
	p     uint32 // data page holding small and the stubs
	small []RID  // 100-byte records
	big1  RID    // 20000 bytes: 3 overflow pages
	big2  RID    // 10000 bytes: 2 overflow pages
	big3  RID    // 20000 bytes
	chain map[RID][]uint32
	other uint32 // a later data page, the insert page
	fsm   uint32 // the map page
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	f := &fixture{st: rawHeap(t), chain: map[RID][]uint32{}}
	for i := range 5 {
		f.small = append(f.small, mustInsert(t, f.st, pattern(100, uint64(i))))
	}
	f.big1 = mustInsert(t, f.st, pattern(20000, 1))
	f.big2 = mustInsert(t, f.st, pattern(10000, 2))
	f.big3 = mustInsert(t, f.st, pattern(20000, 3))
	f.p = f.small[0].Page
	for _, r := range []RID{f.big1, f.big2, f.big3} {
		if r.Page != f.p {
			t.Fatalf("stub %v not on page %d", r, f.p)
		}
		b, _ := Get(f.st, r)
		nos, err := chainList(f.st, f.p, mustStub(t, f.st, r), len(b))
		if err != nil {
			t.Fatal(err)
		}
		f.chain[r] = nos
	}
	// Fill the page and move the insert page elsewhere, so page p's map
	// entry is exact.
	fillPage(t, f.st, f.small[0])
	f.other = mustInsert(t, f.st, pattern(MaxInline, 9)).Page
	m, err := loadMeta(f.st)
	if err != nil {
		t.Fatal(err)
	}
	f.fsm, _ = m.dir(0)
	if m.hint() != f.other || f.other == f.p {
		t.Fatalf("insert page %d, want %d", m.hint(), f.other)
	}
	mustCheck(t, f.st)
	return f
}

func mustStub(t *testing.T, st page.Store, r RID) uint32 {
	t.Helper()
	d := dataPage{no: r.Page, p: mustRead(t, st, r.Page)}
	b, stub, err := d.record(int(r.Slot))
	if err != nil || !stub {
		t.Fatalf("%v is not a stub: %v", r, err)
	}
	return binary.LittleEndian.Uint32(b[4:])
}

func (f *fixture) page(t *testing.T, no uint32) page.Page {
	t.Helper()
	p, err := f.st.Write(no)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func (f *fixture) data(t *testing.T) dataPage { return dataPage{no: f.p, p: f.page(t, f.p)} }

func (f *fixture) stubBytes(t *testing.T, r RID) []byte {
	d := f.data(t)
	off, _, _ := d.slot(int(r.Slot))
	return d.p[off : off+stubSize]
}

func TestCorruption(t *testing.T) {
	cases := []struct {
		name   string
		damage func(*testing.T, *fixture)
		get    func(*fixture) RID // a record whose Get must report corruption
		scan   bool               // Scan must report corruption too
	}{
		{"slot past page end", func(t *testing.T, f *fixture) {
			f.data(t).setSlot(int(f.small[1].Slot), page.Size-50, 100, false)
		}, func(f *fixture) RID { return f.small[1] }, true},
		{"slot inside slot directory", func(t *testing.T, f *fixture) {
			f.data(t).setSlot(int(f.small[1].Slot), dpSlots, 100, false)
		}, func(f *fixture) RID { return f.small[1] }, true},
		{"overlapping records", func(t *testing.T, f *fixture) {
			d := f.data(t)
			off, _, _ := d.slot(int(f.small[1].Slot))
			d.setSlot(int(f.small[2].Slot), off+10, 100, false)
		}, nil, false},
		{"free count wrong", func(t *testing.T, f *fixture) {
			d := f.data(t)
			d.setFree(d.free() + 1)
		}, nil, false},
		{"live count wrong", func(t *testing.T, f *fixture) {
			d := f.data(t)
			d.setLive(d.live() - 1)
		}, nil, false},
		{"dead slot with a length", func(t *testing.T, f *fixture) {
			f.data(t).setSlot(int(f.small[3].Slot), 0, 5, false)
		}, func(f *fixture) RID { return f.small[3] }, true},
		{"slot count past page", func(t *testing.T, f *fixture) {
			f.data(t).setNSlots(maxSlots + 1)
		}, func(f *fixture) RID { return f.small[0] }, true},
		{"record area start inside directory", func(t *testing.T, f *fixture) {
			f.data(t).setDataStart(dpSlots)
		}, func(f *fixture) RID { return f.small[0] }, true},
		{"inline record longer than MaxInline", func(t *testing.T, f *fixture) {
			d := f.data(t)
			off, _, _ := d.slot(int(f.small[4].Slot))
			d.setSlot(int(f.small[4].Slot), off-MaxInline, MaxInline+100, false)
		}, func(f *fixture) RID { return f.small[4] }, true},
		{"data page has wrong type", func(t *testing.T, f *fixture) {
			f.page(t, f.p).SetType(page.TypeLeaf)
		}, func(f *fixture) RID { return f.small[0] }, true},
		{"overflow cycle", func(t *testing.T, f *fixture) {
			c := f.chain[f.big2]
			binary.LittleEndian.PutUint32(f.page(t, c[1])[ovNext:], c[0])
		}, func(f *fixture) RID { return f.big2 }, true},
		{"overflow chain ends early", func(t *testing.T, f *fixture) {
			binary.LittleEndian.PutUint32(f.page(t, f.chain[f.big1][1])[ovNext:], 0)
		}, func(f *fixture) RID { return f.big1 }, true},
		{"overflow chain points past file", func(t *testing.T, f *fixture) {
			binary.LittleEndian.PutUint32(f.page(t, f.chain[f.big1][0])[ovNext:], 1<<30)
		}, func(f *fixture) RID { return f.big1 }, true},
		{"overflow chunk length wrong", func(t *testing.T, f *fixture) {
			binary.LittleEndian.PutUint16(f.page(t, f.chain[f.big1][2])[ovLen:], 17)
		}, func(f *fixture) RID { return f.big1 }, true},
		{"overflow page has wrong type", func(t *testing.T, f *fixture) {
			f.page(t, f.chain[f.big1][1]).SetType(page.TypeData)
		}, func(f *fixture) RID { return f.big1 }, true},
		{"stub length past MaxRecordSize", func(t *testing.T, f *fixture) {
			binary.LittleEndian.PutUint32(f.stubBytes(t, f.big1), MaxRecordSize+1)
		}, func(f *fixture) RID { return f.big1 }, true},
		{"stub length disagrees with chain", func(t *testing.T, f *fixture) {
			binary.LittleEndian.PutUint32(f.stubBytes(t, f.big1), 20001)
		}, func(f *fixture) RID { return f.big1 }, true},
		{"stub points at a data page", func(t *testing.T, f *fixture) {
			binary.LittleEndian.PutUint32(f.stubBytes(t, f.big2)[4:], f.other)
		}, func(f *fixture) RID { return f.big2 }, true},
		{"two stubs share a chain", func(t *testing.T, f *fixture) {
			binary.LittleEndian.PutUint32(f.stubBytes(t, f.big3)[4:], f.chain[f.big1][0])
		}, nil, false},
		{"map entry disagrees with page", func(t *testing.T, f *fixture) {
			f.page(t, f.fsm)[fsmEntries+int(f.p)]++
		}, nil, false},
		{"map registers an overflow page", func(t *testing.T, f *fixture) {
			f.page(t, f.fsm)[fsmEntries+int(f.chain[f.big1][0])] = 3
		}, nil, true},
		{"map registers a page past the file", func(t *testing.T, f *fixture) {
			f.page(t, f.fsm)[fsmEntries+int(f.st.Pages())+3] = 3
		}, nil, true},
		{"map page index wrong", func(t *testing.T, f *fixture) {
			binary.LittleEndian.PutUint32(f.page(t, f.fsm)[fsmIndexOff:], 7)
		}, nil, true},
		{"directory bound too low", func(t *testing.T, f *fixture) {
			f.page(t, page.MetaPage)[metaDir+4] = 0
		}, nil, false},
		{"directory names a page past the file", func(t *testing.T, f *fixture) {
			binary.LittleEndian.PutUint32(f.page(t, page.MetaPage)[metaDir:], 99999)
		}, nil, true},
		{"bytes after directory", func(t *testing.T, f *fixture) {
			f.page(t, page.MetaPage)[page.Size-1] = 1
		}, nil, false},
		{"meta magic wrong", func(t *testing.T, f *fixture) {
			f.page(t, page.MetaPage)[metaMagicOff] ^= 0xff
		}, nil, true},
		{"insert page not registered", func(t *testing.T, f *fixture) {
			binary.LittleEndian.PutUint32(f.page(t, page.MetaPage)[metaHint:], f.chain[f.big1][0])
		}, nil, false},
		{"insert page entry not the hint entry", func(t *testing.T, f *fixture) {
			f.page(t, f.fsm)[fsmEntries+int(f.other)] = 40
		}, nil, false},
		{"trailing dead slot", func(t *testing.T, f *fixture) {
			d := f.data(t)
			last := d.nSlots() - 1
			_, n, _ := d.slot(last)
			d.setSlot(last, 0, 0, false)
			d.setLive(d.live() - 1)
			d.setFree(d.free() + n)
		}, nil, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t)
			c.damage(t, f)
			_, _, err := Check(f.st)
			if !isCorrupt(err) {
				t.Fatalf("Check = %v, want ErrCorrupt", err)
			}
			if !strings.Contains(err.Error(), "heap: page ") {
				t.Errorf("Check error %q does not name a page", err)
			}
			if c.get != nil {
				rid := c.get(f)
				if _, err := Get(f.st, rid); !isCorrupt(err) {
					t.Errorf("Get(%v) = %v, want ErrCorrupt", rid, err)
				} else if !strings.Contains(err.Error(), "page ") {
					t.Errorf("Get error %q does not name a page", err)
				}
			}
			if err := Scan(f.st, func(RID, []byte) error { return nil }); c.scan && !isCorrupt(err) {
				t.Errorf("Scan = %v, want ErrCorrupt", err)
			}
			// Changes must not panic either; whatever they return is fine
			// as long as corrupt bytes are not handed out as records.
			_, _ = Insert(f.st, pattern(50, 1))
			_, _ = Insert(f.st, pattern(30000, 1))
			for _, r := range append(f.small, f.big1, f.big2, f.big3) {
				if b, err := Get(f.st, r); err == nil && len(b) > MaxRecordSize {
					t.Fatal("oversized record returned")
				}
				_, _ = Update(f.st, r, pattern(3000, 2))
				_ = Delete(f.st, r)
			}
		})
	}
}

// TestCorruptionMessagesNamePage checks the form of corruption errors.
func TestCorruptionMessagesNamePage(t *testing.T) {
	f := newFixture(t)
	f.data(t).setSlot(int(f.small[1].Slot), page.Size-50, 100, false)
	_, err := Get(f.st, f.small[1])
	if want := fmt.Sprintf("heap: page %d:", f.p); err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("Get error %v, want prefix %q", err, want)
	}
}

package btree

import (
	"math/rand/v2"
	"testing"

	"github.com/grumpydb/grumpydb/engine/internal/page"
)

// corruptFixture is a tree of height >= 3 and the pages the corruption
// cases tamper with.
type corruptFixture struct {
	st        *page.MemStore
	tr        *Tree
	m         meta
	firstLeaf uint32 // leftmost leaf
	lastLeaf  uint32 // rightmost leaf
	firstKey  []byte // a copy of the smallest key (lives in firstLeaf)
	midBranch uint32 // leftmost branch one level below the root
}

func newCorruptFixture(t *testing.T) *corruptFixture {
	t.Helper()
	st, tr := newTree(t)
	r := rand.New(rand.NewPCG(42, 42))
	for i := 0; i < 1500; i++ {
		if _, err := tr.Put(longPrefixKey(r), randValue(r, 20)); err != nil {
			t.Fatal(err)
		}
	}
	mustCheck(t, st)
	f := &corruptFixture{st: st, tr: tr}
	var err error
	if f.m, err = readMeta(st); err != nil {
		t.Fatal(err)
	}
	if f.m.height < 3 {
		t.Fatalf("fixture height %d, want >= 3", f.m.height)
	}
	leaf, no, err := tr.descend(f.m, nil, leftmost, nil)
	if err != nil {
		t.Fatal(err)
	}
	f.firstLeaf = no
	k, _ := leafKey(leaf, no, 0)
	f.firstKey = append([]byte(nil), k...)
	if _, f.lastLeaf, err = tr.descend(f.m, nil, rightmost, nil); err != nil {
		t.Fatal(err)
	}
	rootPage, _ := st.Read(f.m.root)
	f.midBranch = link0(rootPage)
	return f
}

func (f *corruptFixture) page(t *testing.T, no uint32) page.Page {
	t.Helper()
	p, err := f.st.Write(no)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestCorruption(t *testing.T) {
	type scan int
	const (
		noScan scan = iota
		forward
		backward
	)
	cases := []struct {
		name   string
		mutate func(t *testing.T, f *corruptFixture)
		get    bool // Get(firstKey) must report corruption
		scan   scan // a full scan in this direction must report corruption
	}{
		{"leaf count beyond its cells", func(t *testing.T, f *corruptFixture) {
			setCount(f.page(t, f.firstLeaf), 4000)
		}, true, forward},
		{"leaf slots point past the page", func(t *testing.T, f *corruptFixture) {
			p := f.page(t, f.firstLeaf)
			for i := 0; i < nodeCount(p); i++ {
				setSlot(p, i, page.Size-1)
			}
		}, true, forward},
		{"leaf slot points into the slot array", func(t *testing.T, f *corruptFixture) {
			p := f.page(t, f.firstLeaf)
			for i := 0; i < nodeCount(p); i++ {
				setSlot(p, i, slotsStart)
			}
		}, true, forward},
		{"leaf cell length overruns the page", func(t *testing.T, f *corruptFixture) {
			p := f.page(t, f.firstLeaf)
			for i := 0; i < nodeCount(p); i++ {
				le.PutUint16(p[slotOff(p, i):], 0xffff)
			}
		}, true, forward},
		{"leaf typed as a data page", func(t *testing.T, f *corruptFixture) {
			f.page(t, f.firstLeaf).SetType(page.TypeData)
		}, true, forward},
		{"leaf level byte wrong", func(t *testing.T, f *corruptFixture) {
			f.page(t, f.firstLeaf)[offLevel] = 1
		}, true, forward},
		{"leaf flags set", func(t *testing.T, f *corruptFixture) {
			f.page(t, f.firstLeaf)[offFlags] = 0x80
		}, true, forward},
		{"leaf cell area starts before the slots end", func(t *testing.T, f *corruptFixture) {
			setCellStart(f.page(t, f.firstLeaf), slotsStart)
		}, true, forward},
		{"root typed as a leaf", func(t *testing.T, f *corruptFixture) {
			f.page(t, f.m.root).SetType(page.TypeLeaf)
		}, true, forward},
		{"child pointer loops to the root", func(t *testing.T, f *corruptFixture) {
			setLink0(f.page(t, f.m.root), f.m.root)
		}, true, forward},
		{"child pointer loops to its own page", func(t *testing.T, f *corruptFixture) {
			setLink0(f.page(t, f.midBranch), f.midBranch)
		}, true, forward},
		{"child pointer to the meta page", func(t *testing.T, f *corruptFixture) {
			setLink0(f.page(t, f.midBranch), page.MetaPage)
		}, true, forward},
		{"child pointer past the file", func(t *testing.T, f *corruptFixture) {
			setLink0(f.page(t, f.midBranch), 1<<30)
		}, true, forward},
		{"two children share a page", func(t *testing.T, f *corruptFixture) {
			p := f.page(t, f.m.root)
			le.PutUint32(p[slotOff(p, 0)+2:], link0(p))
		}, false, noScan},
		{"branch separators out of order", func(t *testing.T, f *corruptFixture) {
			p := f.page(t, f.midBranch)
			a, b := slotOff(p, 0), slotOff(p, 1)
			setSlot(p, 0, b)
			setSlot(p, 1, a)
		}, false, noScan},
		{"leaf keys out of order", func(t *testing.T, f *corruptFixture) {
			p := f.page(t, f.firstLeaf)
			a, b := slotOff(p, 0), slotOff(p, 1)
			setSlot(p, 0, b)
			setSlot(p, 1, a)
		}, false, forward},
		{"leaf next link loops back to the first leaf", func(t *testing.T, f *corruptFixture) {
			setLink1(f.page(t, f.lastLeaf), f.firstLeaf)
		}, false, noScan},
		{"leaf next link skips a leaf", func(t *testing.T, f *corruptFixture) {
			p := f.page(t, f.firstLeaf)
			q, _ := f.st.Read(link1(p))
			setLink1(p, link1(q))
		}, false, forward},
		{"leaf prev link wrong", func(t *testing.T, f *corruptFixture) {
			setLink0(f.page(t, f.lastLeaf), f.lastLeaf)
		}, false, backward},
		{"first leaf has a prev link", func(t *testing.T, f *corruptFixture) {
			setLink0(f.page(t, f.firstLeaf), f.lastLeaf)
		}, false, noScan},
		{"garbage accounting off by one", func(t *testing.T, f *corruptFixture) {
			p := f.page(t, f.firstLeaf)
			setGarbage(p, nodeGarbage(p)+1)
		}, false, noScan},
		{"garbage larger than the cell area", func(t *testing.T, f *corruptFixture) {
			setGarbage(f.page(t, f.firstLeaf), page.Size)
		}, true, forward},
		{"cells overlap", func(t *testing.T, f *corruptFixture) {
			p := f.page(t, f.firstLeaf)
			setSlot(p, 1, slotOff(p, 0)+1)
		}, false, noScan},
		{"empty non-root leaf", func(t *testing.T, f *corruptFixture) {
			p := f.page(t, f.firstLeaf)
			setCount(p, 0)
			setCellStart(p, page.Size)
			setGarbage(p, 0)
		}, false, forward},
		{"meta magic", func(t *testing.T, f *corruptFixture) {
			f.page(t, page.MetaPage)[metaOffMagic] ^= 0xff
		}, true, forward},
		{"meta version", func(t *testing.T, f *corruptFixture) {
			le.PutUint16(f.page(t, page.MetaPage)[metaOffVersion:], 9)
		}, true, forward},
		{"meta type", func(t *testing.T, f *corruptFixture) {
			f.page(t, page.MetaPage).SetType(page.TypeLeaf)
		}, true, backward},
		{"meta root past the file", func(t *testing.T, f *corruptFixture) {
			le.PutUint32(f.page(t, page.MetaPage)[metaOffRoot:], 1<<20)
		}, true, forward},
		{"meta root is the meta page", func(t *testing.T, f *corruptFixture) {
			le.PutUint32(f.page(t, page.MetaPage)[metaOffRoot:], page.MetaPage)
		}, true, forward},
		{"meta height too large", func(t *testing.T, f *corruptFixture) {
			le.PutUint32(f.page(t, page.MetaPage)[metaOffHeight:], uint32(f.m.height+1))
		}, true, forward},
		{"meta height zero", func(t *testing.T, f *corruptFixture) {
			le.PutUint32(f.page(t, page.MetaPage)[metaOffHeight:], 0)
		}, true, backward},
		{"meta root points at a leaf", func(t *testing.T, f *corruptFixture) {
			le.PutUint32(f.page(t, page.MetaPage)[metaOffRoot:], f.firstLeaf)
		}, true, forward},
		{"meta count wrong", func(t *testing.T, f *corruptFixture) {
			p := f.page(t, page.MetaPage)
			le.PutUint64(p[metaOffCount:], le.Uint64(p[metaOffCount:])+1)
		}, false, noScan},
		{"meta reserved bytes", func(t *testing.T, f *corruptFixture) {
			f.page(t, page.MetaPage)[page.Size-1] = 1
		}, false, noScan},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newCorruptFixture(t)
			c.mutate(t, f)
			if _, err := Check(f.st); !isCorrupt(err) {
				t.Errorf("Check = %v, want an error wrapping page.ErrCorrupt", err)
			}
			if _, err := Inspect(f.st); !isCorrupt(err) {
				t.Errorf("Inspect = %v, want an error wrapping page.ErrCorrupt", err)
			}
			if err := Drop(f.st); !isCorrupt(err) {
				t.Errorf("Drop = %v, want an error wrapping page.ErrCorrupt", err)
			}
			if c.get {
				if _, _, err := f.tr.Get(f.firstKey); !isCorrupt(err) {
					t.Errorf("Get = %v, want an error wrapping page.ErrCorrupt", err)
				}
				if _, err := f.tr.Put(f.firstKey, nil); !isCorrupt(err) {
					t.Errorf("Put = %v, want an error wrapping page.ErrCorrupt", err)
				}
				if _, err := f.tr.Delete(f.firstKey); !isCorrupt(err) {
					t.Errorf("Delete = %v, want an error wrapping page.ErrCorrupt", err)
				}
			}
			if c.scan != noScan {
				if err := fullScan(f.tr, c.scan == forward, 1<<20); !isCorrupt(err) {
					t.Errorf("scan = %v, want an error wrapping page.ErrCorrupt", err)
				}
			}
		})
	}
}

// fullScan walks the whole tree in one direction and returns the cursor's
// error; more than limit steps is reported as a failure to terminate.
func fullScan(tr *Tree, fwd bool, limit int) error {
	c := tr.Cursor()
	if fwd {
		c.First()
	} else {
		c.Last()
	}
	for n := 0; c.Valid(); n++ {
		if n > limit {
			return errNoEnd
		}
		if fwd {
			c.Next()
		} else {
			c.Prev()
		}
	}
	return c.Err()
}

// TestCorruptionRandomFlips flips random bytes of random tree pages. The
// file may or may not still be a valid tree, but nothing may panic or loop,
// and every error must wrap page.ErrCorrupt.
func TestCorruptionRandomFlips(t *testing.T) {
	seed := testSeed(t)
	r := rand.New(rand.NewPCG(seed, 3))
	f := newCorruptFixture(t)
	pages := mustCheck(t, f.st)
	detected := 0
	rounds := 300
	for round := 0; round < rounds; round++ {
		no := pages[r.IntN(len(pages))]
		p := f.page(t, no)
		saved := append(page.Page(nil), p...)
		for n := 1 + r.IntN(4); n > 0; n-- {
			// Half of the flips hit the node header and slot array.
			i := page.HeaderSize + r.IntN(page.Size-page.HeaderSize)
			if r.IntN(2) == 0 {
				i = page.HeaderSize + r.IntN(64)
			}
			p[i] ^= byte(1 + r.IntN(255))
		}
		_, cerr := Check(f.st)
		if cerr != nil {
			detected++
			if !isCorrupt(cerr) {
				t.Fatalf("round %d, page %d: Check = %v, not ErrCorrupt", round, no, cerr)
			}
		}
		for _, err := range []error{
			func() error { _, _, err := f.tr.Get(f.firstKey); return err }(),
			fullScan(f.tr, true, 1<<20),
			fullScan(f.tr, false, 1<<20),
		} {
			if err != nil && !isCorrupt(err) {
				t.Fatalf("round %d, page %d: %v, not ErrCorrupt", round, no, err)
			}
			if err != nil && cerr == nil {
				t.Fatalf("round %d, page %d: Check passed but an operation failed: %v", round, no, err)
			}
		}
		copy(p, saved)
	}
	mustCheck(t, f.st)
	t.Logf("%d of %d corruptions detected by Check", detected, rounds)
	if detected < rounds/2 {
		t.Errorf("Check detected only %d of %d corruptions", detected, rounds)
	}
}

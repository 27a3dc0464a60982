package btree

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/grumpydb/grumpydb/engine/internal/page"
)

func TestBuildGatherRoundTrip(t *testing.T) {
	cases := []struct {
		name  string
		lvl   int
		cells []cell
	}{
		{"empty leaf", 0, nil},
		{"leaf", 0, cellsOf(50, 20, 7)},
		{"leaf of max cells", 0, cellsOf(6, MaxKeySize, MaxValueSize)},
		{"branch", 3, cellsOf(40, 30, 0)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, err := buildNode(9, c.lvl, c.cells, 5, 0)
			if err != nil {
				t.Fatal(err)
			}
			if err := checkNode(p, 9, c.lvl); err != nil {
				t.Fatal(err)
			}
			if got, want := nodeUsed(p), cellsSize(c.cells, c.lvl); got != want {
				t.Fatalf("nodeUsed = %d, want %d", got, want)
			}
			var got []cell
			if c.lvl == 0 {
				got, err = gatherLeaf(p, 9)
			} else {
				got, err = gatherBranch(p, 9)
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(c.cells) {
				t.Fatalf("%d cells back, want %d", len(got), len(c.cells))
			}
			for i := range got {
				w := c.cells[i]
				if !bytes.Equal(got[i].key, w.key) || (c.lvl == 0 && !bytes.Equal(got[i].val, w.val)) || (c.lvl > 0 && got[i].child != w.child) {
					t.Fatalf("cell %d: got %+v, want %+v", i, got[i], w)
				}
			}
			if link0(p) != 5 {
				t.Fatalf("link0 = %d, want 5", link0(p))
			}
		})
	}
	if _, err := buildNode(9, 0, cellsOf(7, MaxKeySize, MaxValueSize), 0, 0); !isCorrupt(err) {
		t.Fatalf("overfull build: %v, want an error", err)
	}
}

// TestInPlaceEdits drives insertSlot/removeSlot/compact against a model
// list, so that garbage accumulates and compaction kicks in.
func TestInPlaceEdits(t *testing.T) {
	p := page.New(page.TypeLeaf)
	initNode(p, 0)
	var want []string
	val := func(k string) []byte { return bytes.Repeat([]byte{k[0]}, len(k)%40) }
	insert := func(i int, k string) {
		t.Helper()
		c := cell{key: []byte(k), val: val(k)}
		if freeSpace(p) < leafCellSize(c) {
			t.Fatalf("test bug: no room for %q", k)
		}
		off, err := insertSlot(p, 2, i, leafCellSize(c)-slotSize)
		if err != nil {
			t.Fatal(err)
		}
		putLeafCell(p, off, c.key, c.val)
		want = append(want[:i], append([]string{k}, want[i:]...)...)
	}
	remove := func(i int) {
		t.Helper()
		if err := removeSlot(p, 2, i); err != nil {
			t.Fatal(err)
		}
		want = append(want[:i], want[i+1:]...)
	}
	verify := func(step int) {
		t.Helper()
		if err := checkNode(p, 2, 0); err != nil {
			t.Fatalf("step %d: %v", step, err)
		}
		if nodeCount(p) != len(want) {
			t.Fatalf("step %d: count %d, want %d", step, nodeCount(p), len(want))
		}
		live := 0
		for i, w := range want {
			k, v, err := leafEntry(p, 2, i)
			if err != nil || string(k) != w || !bytes.Equal(v, val(w)) {
				t.Fatalf("step %d: entry %d = %q/%q (%v), want %q", step, i, k, v, err, w)
			}
			live += leafCellHeader + len(k) + len(v)
		}
		if live+nodeGarbage(p) != page.Size-nodeCellStart(p) {
			t.Fatalf("step %d: live %d + garbage %d != cell area %d", step, live, nodeGarbage(p), page.Size-nodeCellStart(p))
		}
	}
	compactions := 0
	for step := 0; step < 3000; step++ {
		k := fmt.Sprintf("%05d%s", (step*7919)%10007, bytes.Repeat([]byte{'z'}, step%90))
		c := cell{key: []byte(k), val: val(k)}
		if freeSpace(p) >= leafCellSize(c) && step%3 != 2 {
			if contiguousFree(p) < leafCellSize(c) {
				compactions++
			}
			insert(step%(len(want)+1), k)
		} else if len(want) > 0 {
			remove((step * 31) % len(want))
		}
		verify(step)
	}
	if compactions == 0 {
		t.Fatal("no insert needed a compaction; the test exercises too little")
	}
	if err := compact(p, 2); err != nil || nodeGarbage(p) != 0 {
		t.Fatalf("compact: %v, garbage %d", err, nodeGarbage(p))
	}
	verify(-1)
}

func TestCheckNodeHeader(t *testing.T) {
	good := func() page.Page {
		p, _ := buildNode(4, 0, cellsOf(3, 10, 10), 0, 0)
		return p
	}
	cases := []struct {
		name   string
		lvl    int
		mutate func(page.Page)
		ok     bool
	}{
		{"valid", 0, func(page.Page) {}, true},
		{"wrong level expected", 1, func(page.Page) {}, false},
		{"type", 0, func(p page.Page) { p.SetType(page.TypeFree) }, false},
		{"level byte", 0, func(p page.Page) { p[offLevel] = 2 }, false},
		{"flags", 0, func(p page.Page) { p[offFlags] = 1 }, false},
		{"count past cells", 0, func(p page.Page) { setCount(p, 4100) }, false},
		{"cell start past page", 0, func(p page.Page) { setCellStart(p, page.Size+1) }, false},
		{"garbage past area", 0, func(p page.Page) { setGarbage(p, 1000) }, false},
		{"branch reserved link", 1, func(p page.Page) {
			p.SetType(page.TypeBranch)
			p[offLevel] = 1
			setLink1(p, 3)
		}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := good()
			c.mutate(p)
			err := checkNode(p, 4, c.lvl)
			if c.ok != (err == nil) || (err != nil && !isCorrupt(err)) {
				t.Fatalf("checkNode = %v, want ok=%v", err, c.ok)
			}
		})
	}
	if err := checkNode(page.Page(make([]byte, 100)), 4, 0); !isCorrupt(err) {
		t.Fatalf("short page: %v", err)
	}
}

// TestInsertSlotLyingGarbage: a garbage count larger than the real dead
// bytes must not let an insert write over the slot array or before the page.
func TestInsertSlotLyingGarbage(t *testing.T) {
	p, err := buildNode(2, 0, cellsOf(6, MaxKeySize, MaxValueSize), 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	real := contiguousFree(p) // 440 bytes
	// Move 400 free bytes into the cell area as dead bytes, and claim 500
	// more dead bytes than there are.
	setCellStart(p, nodeCellStart(p)-400)
	setGarbage(p, 400+500)
	if err := checkNode(p, 2, 0); err != nil {
		t.Fatalf("test page rejected by the header check: %v", err)
	}
	size := real + 100 // fits the claimed space, not the real one
	if freeSpace(p) < size+slotSize {
		t.Fatalf("test bug: claimed free space %d", freeSpace(p))
	}
	if _, err := insertSlot(p, 2, 0, size); !isCorrupt(err) {
		t.Fatalf("insertSlot = %v, want corruption", err)
	}
}

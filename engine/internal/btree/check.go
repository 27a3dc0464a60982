package btree

import (
	"bytes"
	"cmp"
	"slices"

	"github.com/grumpydb/grumpydb/engine/internal/page"
)

// Stats describes the shape of a tree, as found by a full walk.
type Stats struct {
	Height      int    // levels; 1 when the root is a leaf
	Entries     uint64 // entries found in the leaves
	Leaves      int    // leaf pages
	Branches    int    // branch pages
	LeafBytes   int    // bytes of slots and cells in use over all leaves
	BranchBytes int    // same over all branches
}

// NodeCapacity is the number of bytes of a node page available to slots and
// cells (the unit of LeafBytes and BranchBytes).
const NodeCapacity = nodeCapacity

// LeafFill is the mean fraction of leaf capacity in use.
func (s Stats) LeafFill() float64 {
	if s.Leaves == 0 {
		return 0
	}
	return float64(s.LeafBytes) / float64(s.Leaves*nodeCapacity)
}

// Check verifies every invariant of the tree in st and returns the page
// numbers it uses, meta page included, in ascending order. It reads every
// page of the tree once. Violations are reported with an error wrapping
// page.ErrCorrupt that names the page.
//
// Checked: the meta page; every node's type, level, header and free-space
// accounting (live cell bytes + garbage = cell area, no overlapping cells);
// keys non-empty, at most MaxKeySize, strictly ascending within a node and
// within the bounds set by the separators above; all leaves at the same
// depth; prev/next links consistent in both directions and in key order;
// no page reachable twice; non-root leaves non-empty, the root branch with
// at least one separator; the entry count equal to the meta count.
func Check(st page.Store) ([]uint32, error) {
	c, err := walk(st)
	if err != nil {
		return nil, err
	}
	slices.Sort(c.pages)
	return c.pages, nil
}

// Inspect walks and checks the tree like Check and returns its Stats.
func Inspect(st page.Store) (Stats, error) {
	c, err := walk(st)
	if err != nil {
		return Stats{}, err
	}
	return c.stats, nil
}

type checker struct {
	st       page.Store
	height   int
	seen     []uint64 // bitmap of visited pages
	pages    []uint32
	stats    Stats
	lastLeaf uint32 // previous leaf in key order
	lastNext uint32 // its next link
	lastKey  []byte // its largest key
}

func walk(st page.Store) (*checker, error) {
	mp, err := st.Read(page.MetaPage)
	if err != nil {
		return nil, err
	}
	m, err := decodeMeta(mp, st.Pages())
	if err != nil {
		return nil, err
	}
	for i := metaEnd; i < page.Size; i++ {
		if mp[i] != 0 {
			return nil, corrupt(page.MetaPage, "reserved byte %d is %#x", i, mp[i])
		}
	}
	c := &checker{
		st:     st,
		height: m.height,
		seen:   make([]uint64, (st.Pages()+63)/64),
		pages:  []uint32{page.MetaPage},
	}
	c.stats.Height = m.height
	if err := c.node(m.root, m.height-1, nil, nil, true); err != nil {
		return nil, err
	}
	if c.lastNext != 0 {
		return nil, corrupt(c.lastLeaf, "last leaf has next link %d", c.lastNext)
	}
	if c.stats.Entries != m.count {
		return nil, corrupt(page.MetaPage, "meta count %d, leaves hold %d entries", m.count, c.stats.Entries)
	}
	return c, nil
}

type extent struct{ off, size int }

// node checks the subtree at page no (level lvl) whose keys must lie in
// [lo, hi); nil bounds are open. Recursion depth is bounded by the height.
func (c *checker) node(no uint32, lvl int, lo, hi []byte, root bool) error {
	if no <= page.MetaPage || no >= c.st.Pages() {
		return corrupt(no, "node pointer out of range [2, %d)", c.st.Pages())
	}
	if c.seen[no/64]&(1<<(no%64)) != 0 {
		return corrupt(no, "page reachable twice")
	}
	c.seen[no/64] |= 1 << (no % 64)
	c.pages = append(c.pages, no)
	p, err := readNode(c.st, no, lvl)
	if err != nil {
		return err
	}
	n := nodeCount(p)
	exts := make([]extent, 0, n)
	keys := make([][]byte, n)
	children := make([]uint32, 0, n+1)
	children = append(children, link0(p))
	live := 0
	for i := 0; i < n; i++ {
		off, size, err := cellExtent(p, no, i)
		if err != nil {
			return err
		}
		exts = append(exts, extent{off, size})
		live += size
		if lvl == 0 {
			keys[i], err = leafKey(p, no, i)
		} else {
			var child uint32
			keys[i], child, err = branchEntry(p, no, i)
			children = append(children, child)
		}
		if err != nil {
			return err
		}
		k := keys[i]
		if len(k) == 0 || len(k) > MaxKeySize {
			return corrupt(no, "key %d has %d bytes", i, len(k))
		}
		if i > 0 && bytes.Compare(keys[i-1], k) >= 0 {
			return corrupt(no, "keys %d and %d out of order", i-1, i)
		}
		if lo != nil && bytes.Compare(k, lo) < 0 {
			return corrupt(no, "key %d below its separator", i)
		}
		if hi != nil && bytes.Compare(k, hi) >= 0 {
			return corrupt(no, "key %d not below its separator", i)
		}
	}
	slices.SortFunc(exts, func(a, b extent) int { return cmp.Compare(a.off, b.off) })
	for i := 1; i < len(exts); i++ {
		if exts[i-1].off+exts[i-1].size > exts[i].off {
			return corrupt(no, "cells at %d and %d overlap", exts[i-1].off, exts[i].off)
		}
	}
	if cs := nodeCellStart(p); live+nodeGarbage(p) != page.Size-cs {
		return corrupt(no, "live %d + garbage %d bytes != cell area %d", live, nodeGarbage(p), page.Size-cs)
	}
	used := slotSize*n + live
	if lvl == 0 {
		return c.leaf(p, no, n, keys, used, root)
	}
	if root && n == 0 {
		return corrupt(no, "root branch has no separator")
	}
	c.stats.Branches++
	c.stats.BranchBytes += used
	for i, child := range children {
		clo, chi := lo, hi
		if i > 0 {
			clo = keys[i-1]
		}
		if i < n {
			chi = keys[i]
		}
		if err := c.node(child, lvl-1, clo, chi, false); err != nil {
			return err
		}
	}
	return nil
}

// leaf checks what node cannot see alone: emptiness and the leaf chain.
func (c *checker) leaf(p page.Page, no uint32, n int, keys [][]byte, used int, root bool) error {
	if n == 0 && !root {
		return corrupt(no, "non-root leaf is empty")
	}
	if prev := link0(p); prev != c.lastLeaf {
		return corrupt(no, "prev link %d, want %d", prev, c.lastLeaf)
	}
	if c.lastLeaf != 0 {
		if c.lastNext != no {
			return corrupt(c.lastLeaf, "next link %d, want %d", c.lastNext, no)
		}
		if bytes.Compare(c.lastKey, keys[0]) >= 0 {
			return corrupt(no, "first key not above the previous leaf's last key")
		}
	}
	c.lastLeaf, c.lastNext = no, link1(p)
	if n > 0 {
		c.lastKey = keys[n-1]
	}
	c.stats.Leaves++
	c.stats.LeafBytes += used
	c.stats.Entries += uint64(n)
	return nil
}

package btree

import (
	"github.com/grumpydb/grumpydb/engine/internal/page"
)

// cell is one decoded entry of a node, used by the structural paths (split,
// merge, redistribution) that rebuild whole pages. In a leaf it holds key and
// val; in a branch it holds a separator key and the child to its right. The
// slices alias source pages, which stay unchanged until the overlay commits.
type cell struct {
	key, val []byte
	child    uint32
}

// leafCellSize is the number of node bytes (slot included) cell c takes in a
// leaf.
func leafCellSize(c cell) int { return slotSize + leafCellHeader + len(c.key) + len(c.val) }

// branchCellSize is the number of node bytes (slot included) cell c takes in
// a branch.
func branchCellSize(c cell) int { return slotSize + branchCellHeader + len(c.key) }

// cellsSize is the number of node bytes cells take at level lvl.
func cellsSize(cells []cell, lvl int) int {
	n := 0
	for _, c := range cells {
		if lvl == 0 {
			n += leafCellSize(c)
		} else {
			n += branchCellSize(c)
		}
	}
	return n
}

// gatherLeaf decodes all entries of a checked leaf.
func gatherLeaf(p page.Page, no uint32) ([]cell, error) {
	n := nodeCount(p)
	cells := make([]cell, n, n+1)
	for i := range cells {
		k, v, err := leafEntry(p, no, i)
		if err != nil {
			return nil, err
		}
		cells[i] = cell{key: k, val: v}
	}
	return cells, nil
}

// gatherBranch decodes all separators of a checked branch.
func gatherBranch(p page.Page, no uint32) ([]cell, error) {
	n := nodeCount(p)
	cells := make([]cell, n, n+1)
	for i := range cells {
		k, c, err := branchEntry(p, no, i)
		if err != nil {
			return nil, err
		}
		cells[i] = cell{key: k, child: c}
	}
	return cells, nil
}

// buildNode returns a fresh page image of a node at level lvl holding cells
// in order. For a leaf, link0 and link1 are the prev and next links; for a
// branch, link0 is the leftmost child and link1 must be zero. no names the
// page in the error returned when the cells do not fit.
func buildNode(no uint32, lvl int, cells []cell, link0v, link1v uint32) (page.Page, error) {
	if sz := cellsSize(cells, lvl); sz > nodeCapacity {
		return nil, corrupt(no, "rebuilt node needs %d bytes, capacity %d", sz, nodeCapacity)
	}
	p := make(page.Page, page.Size)
	initNode(p, lvl)
	end := page.Size
	for i, c := range cells {
		if lvl == 0 {
			end -= leafCellSize(c) - slotSize
			putLeafCell(p, end, c.key, c.val)
		} else {
			end -= branchCellSize(c) - slotSize
			putBranchCell(p, end, c.key, c.child)
		}
		setSlot(p, i, end)
	}
	setCount(p, len(cells))
	setCellStart(p, end)
	setLink0(p, link0v)
	setLink1(p, link1v)
	return p, nil
}

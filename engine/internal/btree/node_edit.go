package btree

import (
	"github.com/grumpydb/grumpydb/engine/internal/page"
)

// In-place edits of one writable node page. They are the fast paths of Put
// and Delete: the change stays inside one page, so a failed Store.Write
// before the first edit leaves the tree untouched. Callers check the room
// (freeSpace) first; the edits still validate every slot they move, so a
// corrupt page yields an error, never an out-of-range access.

// compact rewrites the cell area of a checked node so that the garbage is
// gone and all free space is contiguous. Slot order is kept.
func compact(p page.Page, no uint32) error {
	var tmp [page.Size]byte
	n := nodeCount(p)
	lim := slotsEnd(p)
	end := page.Size
	for i := 0; i < n; i++ {
		off, size, err := cellExtent(p, no, i)
		if err != nil {
			return err
		}
		end -= size
		if end < lim {
			return corrupt(no, "live cells exceed the page (overlapping cells)")
		}
		copy(tmp[end:end+size], p[off:off+size])
		setSlot(p, i, end)
	}
	copy(p[end:], tmp[end:])
	setCellStart(p, end)
	setGarbage(p, 0)
	return nil
}

// insertSlot makes room for a cell of size bytes at slot i (0 ≤ i ≤
// nodeCount) and returns the cell's offset; the caller fills the cell. It
// compacts the page when the contiguous gap is too small.
func insertSlot(p page.Page, no uint32, i, size int) (int, error) {
	need := size + slotSize
	if contiguousFree(p) < need {
		if freeSpace(p) < need {
			return 0, corrupt(no, "no room for a %d-byte cell", size)
		}
		if err := compact(p, no); err != nil {
			return 0, err
		}
		if contiguousFree(p) < need { // the garbage count lied
			return 0, corrupt(no, "garbage count exceeds the dead bytes")
		}
	}
	n := nodeCount(p)
	off := nodeCellStart(p) - size
	s := slotsStart + slotSize*i
	e := slotsStart + slotSize*n
	copy(p[s+slotSize:e+slotSize], p[s:e])
	setSlot(p, i, off)
	setCount(p, n+1)
	setCellStart(p, off)
	return off, nil
}

// removeSlot drops slot i of a checked node; its cell becomes garbage (or is
// reclaimed directly when it is the lowest cell).
func removeSlot(p page.Page, no uint32, i int) error {
	off, size, err := cellExtent(p, no, i)
	if err != nil {
		return err
	}
	if off == nodeCellStart(p) {
		setCellStart(p, off+size)
	} else {
		setGarbage(p, nodeGarbage(p)+size)
	}
	n := nodeCount(p)
	s := slotsStart + slotSize*i
	e := slotsStart + slotSize*n
	copy(p[s:e-slotSize], p[s+slotSize:e])
	setCount(p, n-1)
	return nil
}

// putLeafCell writes a leaf cell at off. The room was reserved by
// insertSlot.
func putLeafCell(p page.Page, off int, key, val []byte) {
	le.PutUint16(p[off:], uint16(len(key)))
	p[off+2] = byte(len(val))
	copy(p[off+leafCellHeader:], key)
	copy(p[off+leafCellHeader+len(key):], val)
}

// putBranchCell writes a branch cell at off.
func putBranchCell(p page.Page, off int, key []byte, child uint32) {
	le.PutUint16(p[off:], uint16(len(key)))
	le.PutUint32(p[off+2:], child)
	copy(p[off+branchCellHeader:], key)
}

// initNode formats p as an empty node of level lvl (0 = leaf).
func initNode(p page.Page, lvl int) {
	clear(p[page.HeaderSize:])
	if lvl == 0 {
		p.SetType(page.TypeLeaf)
	} else {
		p.SetType(page.TypeBranch)
	}
	p[offLevel] = byte(lvl)
	setCellStart(p, page.Size)
}

package btree

import (
	"bytes"
	"errors"
	"slices"

	"github.com/grumpydb/grumpydb/engine/internal/page"
)

// Put stores val under key, inserting or overwriting. It reports whether an
// entry was replaced. key and val must not alias pages of this tree (copy
// a Cursor's Key or Value before passing it here).
func (t *Tree) Put(key, val []byte) (replaced bool, err error) {
	return t.put(key, val, true)
}

// Insert stores val under key only when key is absent; it writes nothing if
// key is present. It reports whether the entry was inserted.
func (t *Tree) Insert(key, val []byte) (inserted bool, err error) {
	existed, err := t.put(key, val, false)
	return err == nil && !existed, err
}

// put implements Put and Insert and reports whether key was present.
func (t *Tree) put(key, val []byte, overwrite bool) (bool, error) {
	if err := checkKey(key); err != nil {
		return false, err
	}
	if err := checkValue(val); err != nil {
		return false, err
	}
	m, err := readMeta(t.st)
	if err != nil {
		return false, err
	}
	var pth path
	leaf, no, err := t.descend(m, key, byKey, &pth)
	if err != nil {
		return false, err
	}
	idx, found, err := leafSearch(leaf, no, key)
	if err != nil {
		return false, err
	}
	newSize := leafCellSize(cell{key: key, val: val})
	if found {
		if !overwrite {
			return true, nil
		}
		_, old, err := leafEntry(leaf, no, idx)
		if err != nil {
			return true, err
		}
		if bytes.Equal(old, val) {
			return true, nil
		}
		if len(old) == len(val) || freeSpace(leaf)+leafCellSize(cell{key: key, val: old}) >= newSize {
			return true, t.replaceInPlace(no, idx, key, val)
		}
		return true, t.putSlow(m, &pth, leaf, no, idx, true, key, val)
	}
	if freeSpace(leaf) >= newSize {
		mp, err := t.st.Write(page.MetaPage)
		if err != nil {
			return false, err
		}
		p, err := t.st.Write(no)
		if err != nil {
			return false, err
		}
		off, err := insertSlot(p, no, idx, newSize-slotSize)
		if err != nil {
			return false, err
		}
		putLeafCell(p, off, key, val)
		m.count++
		m.encode(mp)
		return false, nil
	}
	return false, t.putSlow(m, &pth, leaf, no, idx, false, key, val)
}

// replaceInPlace overwrites the value of entry idx of leaf no, which has
// room for the new cell.
func (t *Tree) replaceInPlace(no uint32, idx int, key, val []byte) error {
	p, err := t.st.Write(no)
	if err != nil {
		return err
	}
	_, old, err := leafEntry(p, no, idx)
	if err != nil {
		return err
	}
	if len(old) == len(val) {
		copy(old[:len(val)], val)
		return nil
	}
	if err := removeSlot(p, no, idx); err != nil {
		return err
	}
	off, err := insertSlot(p, no, idx, leafCellHeader+len(key)+len(val))
	if err != nil {
		return err
	}
	putLeafCell(p, off, key, val)
	return nil
}

// putSlow inserts (or, with replace, overwrites entry idx with) key/val in
// a leaf that has no room, splitting it and as many ancestors as needed.
// The whole change goes through an overlay, so a Store error leaves the
// tree as it was.
func (t *Tree) putSlow(m meta, pth *path, leaf page.Page, no uint32, idx int, replace bool, key, val []byte) error {
	ov := newOverlay(t.st)
	if err := t.planSplit(ov, m, pth, leaf, no, idx, replace, key, val); err != nil {
		return errors.Join(err, ov.abort())
	}
	return ov.commit()
}

func (t *Tree) planSplit(ov *overlay, m meta, pth *path, leaf page.Page, no uint32, idx int, replace bool, key, val []byte) error {
	cells, err := gatherLeaf(leaf, no)
	if err != nil {
		return err
	}
	nc := cell{key: key, val: val}
	if replace {
		cells[idx] = nc
	} else {
		cells = slices.Insert(cells, idx, nc)
	}
	prev, next := link0(leaf), link1(leaf)
	seq := !replace && idx == len(cells)-1 && next == 0
	mp, err := ov.mutable(page.MetaPage, -1)
	if err != nil {
		return err
	}
	if !replace {
		m.count++
	}
	s := splitPoint(cells, 0, seq)
	if s < 0 {
		return corrupt(no, "cannot split leaf of %d entries", len(cells))
	}
	rno, err := ov.alloc(page.TypeLeaf)
	if err != nil {
		return err
	}
	left, err := buildNode(no, 0, cells[:s], prev, rno)
	if err != nil {
		return err
	}
	right, err := buildNode(rno, 0, cells[s:], no, next)
	if err != nil {
		return err
	}
	ov.set(no, left)
	ov.set(rno, right)
	if next != 0 {
		np, err := ov.mutable(next, 0)
		if err != nil {
			return err
		}
		if link0(np) != no {
			return corrupt(next, "prev link %d, want %d", link0(np), no)
		}
		setLink0(np, rno)
	}
	up := cell{key: separator(cells[s-1].key, cells[s].key), child: rno}
	pending := true
	for lvl := 1; lvl < m.height; lvl++ {
		pe := pth.elems[m.height-1-lvl]
		p, err := readNode(ov, pe.no, lvl)
		if err != nil {
			return err
		}
		bcells, err := gatherBranch(p, pe.no)
		if err != nil {
			return err
		}
		bseq := seq && pe.ci == len(bcells)
		bcells = slices.Insert(bcells, pe.ci, up)
		child0 := link0(p)
		if cellsSize(bcells, lvl) <= nodeCapacity {
			img, err := buildNode(pe.no, lvl, bcells, child0, 0)
			if err != nil {
				return err
			}
			ov.set(pe.no, img)
			pending = false
			break
		}
		s := splitPoint(bcells, lvl, bseq)
		if s < 0 {
			return corrupt(pe.no, "cannot split branch of %d separators", len(bcells))
		}
		rno, err := ov.alloc(page.TypeBranch)
		if err != nil {
			return err
		}
		limg, err := buildNode(pe.no, lvl, bcells[:s], child0, 0)
		if err != nil {
			return err
		}
		rimg, err := buildNode(rno, lvl, bcells[s+1:], bcells[s].child, 0)
		if err != nil {
			return err
		}
		ov.set(pe.no, limg)
		ov.set(rno, rimg)
		up = cell{key: bcells[s].key, child: rno}
	}
	if pending {
		if m.height >= maxHeight {
			return ErrTooTall
		}
		rootNo, err := ov.alloc(page.TypeBranch)
		if err != nil {
			return err
		}
		img, err := buildNode(rootNo, m.height, []cell{up}, m.root, 0)
		if err != nil {
			return err
		}
		ov.set(rootNo, img)
		m.root = rootNo
		m.height++
	}
	m.encode(mp)
	return nil
}

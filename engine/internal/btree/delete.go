package btree

import (
	"errors"
	"slices"

	"github.com/grumpydb/grumpydb/engine/internal/page"
)

// minFill is the number of used bytes below which a non-root node is
// rebalanced after a delete: merged with a sibling when the two fit in one
// page, otherwise topped up from a sibling.
const minFill = nodeCapacity / 4

// Delete removes key and reports whether it was present. key must not alias
// pages of this tree.
func (t *Tree) Delete(key []byte) (found bool, err error) {
	if err := checkKey(key); err != nil {
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
	if err != nil || !found {
		return false, err
	}
	_, size, err := cellExtent(leaf, no, idx)
	if err != nil {
		return false, err
	}
	if m.height == 1 || nodeUsed(leaf)-size-slotSize >= minFill {
		mp, err := t.st.Write(page.MetaPage)
		if err != nil {
			return false, err
		}
		p, err := t.st.Write(no)
		if err != nil {
			return false, err
		}
		if err := removeSlot(p, no, idx); err != nil {
			return false, err
		}
		m.count--
		m.encode(mp)
		return true, nil
	}
	ov := newOverlay(t.st)
	if err := t.planDelete(ov, m, &pth, no, idx); err != nil {
		return false, errors.Join(err, ov.abort())
	}
	if err := ov.commit(); err != nil {
		return false, err
	}
	return true, nil
}

// planDelete stages the removal of entry idx from leaf no, which leaves the
// leaf underfull, and the rebalancing that follows, level by level up to the
// root.
func (t *Tree) planDelete(ov *overlay, m meta, pth *path, no uint32, idx int) error {
	mp, err := ov.mutable(page.MetaPage, -1)
	if err != nil {
		return err
	}
	x, err := loadDraft(ov, no, 0)
	if err != nil {
		return err
	}
	x.cells = slices.Delete(x.cells, idx, idx+1)
	m.count--
	for x.lvl < m.height-1 {
		pe := pth.elems[m.height-2-x.lvl]
		par, err := loadDraft(ov, pe.no, x.lvl+1)
		if err != nil {
			return err
		}
		if pe.ci > len(par.cells) || par.child(pe.ci) != x.no {
			return corrupt(pe.no, "child %d is not page %d any more", pe.ci, x.no)
		}
		up, err := rebalance(ov, x, par, pe.ci)
		if err != nil {
			return err
		}
		if !up {
			m.encode(mp)
			return nil
		}
		x = par
	}
	return finishRoot(ov, mp, m, x)
}

// rebalance stages node x (child ci of par) after it shrank. It reports
// whether par lost a child and so must be rebalanced in turn; otherwise
// every changed page, par included, is staged.
func rebalance(ov *overlay, x, par *draft, ci int) (up bool, err error) {
	if x.empty() {
		if x.lvl == 0 {
			if err := unlinkLeaf(ov, x); err != nil {
				return false, err
			}
		}
		if err := ov.free(x.no); err != nil {
			return false, err
		}
		par.removeChild(ci)
		return true, nil
	}
	if x.size() >= minFill {
		return false, x.stage(ov)
	}
	var left, right *draft
	if ci > 0 {
		if left, err = loadSibling(ov, par, ci-1, x); err != nil {
			return false, err
		}
		if fitsMerged(left, x, par.cells[ci-1].key) {
			if err := merge(ov, left, x, par.cells[ci-1].key); err != nil {
				return false, err
			}
			par.removeChild(ci)
			return true, nil
		}
	}
	if ci < len(par.cells) {
		if right, err = loadSibling(ov, par, ci+1, x); err != nil {
			return false, err
		}
		if fitsMerged(x, right, par.cells[ci].key) {
			if err := merge(ov, x, right, par.cells[ci].key); err != nil {
				return false, err
			}
			par.removeChild(ci + 1)
			return true, nil
		}
	}
	if left != nil {
		if ok, err := redistribute(ov, left, x, par, ci-1); ok || err != nil {
			return false, err
		}
	}
	if right != nil {
		if ok, err := redistribute(ov, x, right, par, ci); ok || err != nil {
			return false, err
		}
	}
	// Neither merging nor redistributing is possible (long separators and
	// a full parent): leave x underfull, which is still a valid tree.
	return false, x.stage(ov)
}

// loadSibling loads child i of par, a sibling of x.
func loadSibling(ov *overlay, par *draft, i int, x *draft) (*draft, error) {
	no := par.child(i)
	if no == x.no {
		return nil, corrupt(par.no, "child %d is page %d again", i, no)
	}
	return loadDraft(ov, no, x.lvl)
}

// finishRoot stages the root after a delete and collapses root branches
// with a single child.
func finishRoot(ov *overlay, mp page.Page, m meta, x *draft) error {
	if x.lvl == 0 || len(x.cells) > 0 {
		if err := x.stage(ov); err != nil {
			return err
		}
		m.encode(mp)
		return nil
	}
	if x.link0 == 0 {
		return corrupt(x.no, "root branch lost its last child")
	}
	if err := ov.free(x.no); err != nil {
		return err
	}
	m.root = x.link0
	m.height--
	for m.height > 1 {
		p, err := readNode(ov, m.root, m.height-1)
		if err != nil {
			return err
		}
		if nodeCount(p) > 0 {
			break
		}
		if err := ov.free(m.root); err != nil {
			return err
		}
		m.root = link0(p)
		m.height--
	}
	m.encode(mp)
	return nil
}

// fitsMerged reports whether a and its right sibling b, separated by sep,
// fit in one node.
func fitsMerged(a, b *draft, sep []byte) bool {
	n := a.size() + b.size()
	if a.lvl > 0 {
		n += branchCellSize(cell{key: sep})
	}
	return n <= nodeCapacity
}

// merge moves everything of b, the right sibling of a, into a and frees b.
func merge(ov *overlay, a, b *draft, sep []byte) error {
	if a.lvl == 0 {
		a.cells = append(a.cells, b.cells...)
		a.link1 = b.link1
		if b.link1 != 0 {
			np, err := ov.mutable(b.link1, 0)
			if err != nil {
				return err
			}
			if link0(np) != b.no {
				return corrupt(b.link1, "prev link %d, want %d", link0(np), b.no)
			}
			setLink0(np, a.no)
		}
	} else {
		a.cells = append(a.cells, cell{key: sep, child: b.link0})
		a.cells = append(a.cells, b.cells...)
	}
	if err := ov.free(b.no); err != nil {
		return err
	}
	return a.stage(ov)
}

// redistribute evens out the bytes of siblings a and b (b right of a,
// separated by par.cells[si]). It reports false, changing nothing, when no
// cut fits or the parent has no room for the new separator.
func redistribute(ov *overlay, a, b, par *draft, si int) (bool, error) {
	all := make([]cell, 0, len(a.cells)+len(b.cells)+1)
	all = append(all, a.cells...)
	if a.lvl > 0 {
		all = append(all, cell{key: par.cells[si].key, child: b.link0})
	}
	all = append(all, b.cells...)
	s := splitPoint(all, a.lvl, false)
	if s < 0 {
		return false, nil
	}
	var upKey []byte
	if a.lvl == 0 {
		upKey = separator(all[s-1].key, all[s].key)
	} else {
		upKey = all[s].key
	}
	old := par.cells[si]
	if par.size()-branchCellSize(old)+branchCellSize(cell{key: upKey}) > nodeCapacity {
		return false, nil
	}
	if a.lvl == 0 {
		a.cells, b.cells = all[:s], all[s:]
	} else {
		a.cells, b.link0, b.cells = all[:s], all[s].child, all[s+1:]
	}
	par.cells[si] = cell{key: upKey, child: old.child}
	for _, d := range []*draft{a, b, par} {
		if err := d.stage(ov); err != nil {
			return false, err
		}
	}
	return true, nil
}

// unlinkLeaf takes leaf x out of the leaf chain.
func unlinkLeaf(ov *overlay, x *draft) error {
	if x.link0 != 0 {
		p, err := ov.mutable(x.link0, 0)
		if err != nil {
			return err
		}
		if link1(p) != x.no {
			return corrupt(x.link0, "next link %d, want %d", link1(p), x.no)
		}
		setLink1(p, x.link1)
	}
	if x.link1 != 0 {
		p, err := ov.mutable(x.link1, 0)
		if err != nil {
			return err
		}
		if link0(p) != x.no {
			return corrupt(x.link1, "prev link %d, want %d", link0(p), x.no)
		}
		setLink0(p, x.link0)
	}
	return nil
}

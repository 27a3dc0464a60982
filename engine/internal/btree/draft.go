package btree

import (
	"slices"
)

// draft is a node being rebuilt by Delete's rebalancing: its decoded cells
// and links, staged into an overlay as a fresh image when final.
type draft struct {
	no    uint32
	lvl   int
	cells []cell
	link0 uint32 // leaf: prev link; branch: leftmost child, 0 once it has no child left
	link1 uint32 // leaf: next link; branch: 0
}

// loadDraft decodes node no of level lvl.
func loadDraft(r reader, no uint32, lvl int) (*draft, error) {
	p, err := readNode(r, no, lvl)
	if err != nil {
		return nil, err
	}
	d := &draft{no: no, lvl: lvl, link0: link0(p)}
	if lvl == 0 {
		d.link1 = link1(p)
		d.cells, err = gatherLeaf(p, no)
	} else {
		d.cells, err = gatherBranch(p, no)
	}
	if err != nil {
		return nil, err
	}
	return d, nil
}

// size is the number of node bytes the draft takes.
func (d *draft) size() int { return cellsSize(d.cells, d.lvl) }

// empty reports a leaf without entries or a branch without children.
func (d *draft) empty() bool {
	if d.lvl == 0 {
		return len(d.cells) == 0
	}
	return d.link0 == 0
}

// child returns child i (0 ≤ i ≤ len(cells)) of a branch draft.
func (d *draft) child(i int) uint32 {
	if i == 0 {
		return d.link0
	}
	return d.cells[i-1].child
}

// removeChild drops child i of a branch draft with the separator bounding
// it (for the leftmost child, the separator after it).
func (d *draft) removeChild(i int) {
	switch {
	case i > 0:
		d.cells = slices.Delete(d.cells, i-1, i)
	case len(d.cells) == 0:
		d.link0 = 0
	default:
		d.link0 = d.cells[0].child
		d.cells = slices.Delete(d.cells, 0, 1)
	}
}

// stage builds the draft's image and stages it in ov.
func (d *draft) stage(ov *overlay) error {
	img, err := buildNode(d.no, d.lvl, d.cells, d.link0, d.link1)
	if err != nil {
		return err
	}
	ov.set(d.no, img)
	return nil
}

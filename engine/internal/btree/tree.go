package btree

import (
	"github.com/grumpydb/grumpydb/engine/internal/page"
)

// MaxKeySize is the largest key, in bytes.
const MaxKeySize = 1024

// MaxValueSize is the largest value, in bytes.
const MaxValueSize = 255

// Tree is a handle on the B+Tree stored in one file, seen through the Store
// of one transaction. It holds no state of its own: every operation starts
// from the meta page. A Tree is not safe for concurrent use (its Store is
// not either).
type Tree struct {
	st page.Store
}

// New returns a handle on the tree in st, which Init formatted.
func New(st page.Store) *Tree { return &Tree{st: st} }

// pathElem records one branch passed on the way down: its page and the index
// of the child taken.
type pathElem struct {
	no uint32
	ci int
}

// path is the list of branches from the root (elems[0], at level height-1)
// down to the leaf's parent (elems[height-2]).
type path struct {
	elems [maxHeight]pathElem
}

// descent modes.
const (
	byKey = iota
	leftmost
	rightmost
)

// descend walks from the root to a leaf: the one whose key range holds key
// (byKey), or the first or last leaf. It records the branches in pth when
// pth is not nil. Node levels must decrease by one per step, so a child
// pointer that loops back is reported as corruption.
func (t *Tree) descend(m meta, key []byte, mode int, pth *path) (page.Page, uint32, error) {
	no := m.root
	for lvl := m.height - 1; lvl > 0; lvl-- {
		p, err := readNode(t.st, no, lvl)
		if err != nil {
			return nil, 0, err
		}
		var ci int
		switch mode {
		case byKey:
			if ci, err = branchSearch(p, no, key); err != nil {
				return nil, 0, err
			}
		case rightmost:
			ci = nodeCount(p)
		}
		child, err := childAt(p, no, ci)
		if err != nil {
			return nil, 0, err
		}
		if pth != nil {
			pth.elems[m.height-1-lvl] = pathElem{no: no, ci: ci}
		}
		no = child
	}
	p, err := readNode(t.st, no, 0)
	if err != nil {
		return nil, 0, err
	}
	if nodeCount(p) == 0 && m.height > 1 {
		return nil, 0, corrupt(no, "non-root leaf is empty")
	}
	return p, no, nil
}

// Get returns the value stored under key. The value aliases the page: it is
// valid until the transaction ends and must not be modified.
func (t *Tree) Get(key []byte) (val []byte, ok bool, err error) {
	if err := checkKey(key); err != nil {
		return nil, false, err
	}
	m, err := readMeta(t.st)
	if err != nil {
		return nil, false, err
	}
	leaf, no, err := t.descend(m, key, byKey, nil)
	if err != nil {
		return nil, false, err
	}
	idx, found, err := leafSearch(leaf, no, key)
	if err != nil || !found {
		return nil, false, err
	}
	_, v, err := leafEntry(leaf, no, idx)
	if err != nil {
		return nil, false, err
	}
	return v, true, nil
}

// Len returns the number of entries, as kept in the meta page.
func (t *Tree) Len() (uint64, error) {
	m, err := readMeta(t.st)
	if err != nil {
		return 0, err
	}
	return m.count, nil
}

package btree

import (
	"bytes"

	"github.com/grumpydb/grumpydb/engine/internal/page"
)

// Cursor walks the entries of a tree in key order, in either direction,
// following the leaf links: a range scan costs one descent plus the leaves
// it crosses.
//
// A cursor belongs to the transaction of its Tree's Store. It stays correct
// while the transaction only reads; changing the tree (Put, Insert, Delete)
// while a cursor is in use is undefined: the cursor may skip or repeat
// entries or report corruption. Reposition it (First, Seek, ...) after a
// change.
//
// The cursor checks what it walks: keys must strictly increase (Next) or
// decrease (Prev), and leaf links must agree in both directions, so a
// corrupt file ends the walk with an error wrapping page.ErrCorrupt instead
// of looping.
type Cursor struct {
	t     *Tree
	leaf  page.Page
	no    uint32
	idx   int
	key   []byte
	val   []byte
	valid bool
	err   error
}

// Cursor returns a new, unpositioned cursor.
func (t *Tree) Cursor() *Cursor { return &Cursor{t: t} }

// Valid reports whether the cursor is on an entry.
func (c *Cursor) Valid() bool { return c.valid }

// Err returns the error that stopped the cursor, if any.
func (c *Cursor) Err() error { return c.err }

// Key returns the key of the current entry, or nil. It aliases the page:
// valid until the transaction ends, not to be modified.
func (c *Cursor) Key() []byte {
	if !c.valid {
		return nil
	}
	return c.key
}

// Value returns the value of the current entry, or nil. Same rules as Key.
func (c *Cursor) Value() []byte {
	if !c.valid {
		return nil
	}
	return c.val
}

func (c *Cursor) fail(err error) {
	c.valid = false
	c.err = err
	c.leaf, c.key, c.val = nil, nil, nil
}

// seekLeaf resets the cursor and descends to a leaf.
func (c *Cursor) seekLeaf(key []byte, mode int) bool {
	c.valid, c.err, c.leaf, c.key, c.val = false, nil, nil, nil, nil
	m, err := readMeta(c.t.st)
	if err != nil {
		c.fail(err)
		return false
	}
	leaf, no, err := c.t.descend(m, key, mode, nil)
	if err != nil {
		c.fail(err)
		return false
	}
	c.leaf, c.no = leaf, no
	return nodeCount(leaf) > 0
}

// at positions the cursor on entry i of the current leaf.
func (c *Cursor) at(i int) {
	k, v, err := leafEntry(c.leaf, c.no, i)
	if err != nil {
		c.fail(err)
		return
	}
	c.idx, c.key, c.val, c.valid = i, k, v, true
}

// First moves to the smallest entry.
func (c *Cursor) First() {
	if c.seekLeaf(nil, leftmost) {
		c.at(0)
	}
}

// Last moves to the largest entry.
func (c *Cursor) Last() {
	if c.seekLeaf(nil, rightmost) {
		c.at(nodeCount(c.leaf) - 1)
	}
}

// Seek moves to the first entry whose key is >= key.
func (c *Cursor) Seek(key []byte) {
	if !c.seekLeaf(key, byKey) {
		return
	}
	idx, _, err := leafSearch(c.leaf, c.no, key)
	if err != nil {
		c.fail(err)
		return
	}
	if n := nodeCount(c.leaf); idx == n {
		c.at(n - 1)
		c.Next()
		return
	}
	c.at(idx)
}

// SeekLast moves to the last entry whose key is <= key.
func (c *Cursor) SeekLast(key []byte) {
	if !c.seekLeaf(key, byKey) {
		return
	}
	idx, found, err := leafSearch(c.leaf, c.no, key)
	if err != nil {
		c.fail(err)
		return
	}
	switch {
	case found:
		c.at(idx)
	case idx > 0:
		c.at(idx - 1)
	default:
		c.at(0)
		c.Prev()
	}
}

// Next moves to the following entry; past the last one the cursor becomes
// invalid. It does nothing on an invalid cursor.
func (c *Cursor) Next() {
	if !c.valid {
		return
	}
	prev := c.key
	if c.idx+1 < nodeCount(c.leaf) {
		c.at(c.idx + 1)
	} else {
		nx := link1(c.leaf)
		if nx == 0 {
			c.valid, c.key, c.val = false, nil, nil
			return
		}
		if !c.hop(nx, link0) {
			return
		}
		c.at(0)
	}
	if c.valid && bytes.Compare(c.key, prev) <= 0 {
		c.fail(corrupt(c.no, "key order broken at entry %d", c.idx))
	}
}

// Prev moves to the preceding entry; before the first one the cursor
// becomes invalid. It does nothing on an invalid cursor.
func (c *Cursor) Prev() {
	if !c.valid {
		return
	}
	next := c.key
	if c.idx > 0 {
		c.at(c.idx - 1)
	} else {
		pv := link0(c.leaf)
		if pv == 0 {
			c.valid, c.key, c.val = false, nil, nil
			return
		}
		if !c.hop(pv, link1) {
			return
		}
		c.at(nodeCount(c.leaf) - 1)
	}
	if c.valid && bytes.Compare(c.key, next) >= 0 {
		c.fail(corrupt(c.no, "key order broken at entry %d", c.idx))
	}
}

// hop moves to leaf no, whose back link (read by back) must point at the
// current leaf.
func (c *Cursor) hop(no uint32, back func(page.Page) uint32) bool {
	p, err := readNode(c.t.st, no, 0)
	if err != nil {
		c.fail(err)
		return false
	}
	if b := back(p); b != c.no {
		c.fail(corrupt(no, "sibling link %d, want %d", b, c.no))
		return false
	}
	if nodeCount(p) == 0 {
		c.fail(corrupt(no, "non-root leaf is empty"))
		return false
	}
	c.leaf, c.no = p, no
	return true
}

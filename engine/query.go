package engine

import (
	"bytes"
	"fmt"
	"sort"

	"github.com/google/uuid"
)

// Query returns the documents whose indexed path holds a value equal to v
// (multikey: an array element counts), exactly the documents
// find({<path>: v}) returns, each once, ordered by key. A null v also finds
// documents the path does not reach. An array or object v fails with
// ErrNotIndexable.
func (tx *Tx) Query(collection, index string, v Value) ([]Document, error) {
	if err := tx.check(false); err != nil {
		return nil, err
	}
	if k := v.Kind(); k == KindArray || k == KindObject {
		return nil, ErrNotIndexable
	}
	c, ix, err := tx.openIndex(collection, index)
	if err != nil {
		return nil, err
	}
	var docs []Document
	seen := map[uuid.UUID]bool{}
	// visit walks the entries whose value key is exactly vk. Entries that
	// may not match exactly (truncated keys, "no value") are re-checked
	// against the document.
	visit := func(vk []byte, recheckAll bool) error {
		return tx.scanIndex(ix, vk, func(key []byte, truncated bool) (bool, error) {
			if !bytes.Equal(key[:len(key)-16], vk) {
				return false, nil
			}
			var id uuid.UUID
			copy(id[:], key[len(key)-16:])
			if seen[id] {
				return true, nil
			}
			doc, ok, err := c.get(id)
			if err != nil || !ok {
				return false, errMissingDoc(err, id, index)
			}
			if (truncated || recheckAll) && !matchesEq(doc, ix.segs, v) {
				return true, nil
			}
			seen[id] = true
			docs = append(docs, Document{ID: id, Value: doc})
			return true, nil
		})
	}
	if v.Kind() == KindNull {
		// A missing path matches null; a path reaching only empty arrays
		// also has a "no value" entry but does not match.
		if err := visit([]byte{noValueKey}, true); err != nil {
			return nil, err
		}
	}
	key := appendIndexKey(nil, v)
	if len(key) > maxIndexValueKey {
		key = key[:maxIndexValueKey]
	}
	if err := visit(key, false); err != nil {
		return nil, err
	}
	if v.Kind() == KindNull {
		sort.Slice(docs, func(i, j int) bool { return bytes.Compare(docs[i].ID[:], docs[j].ID[:]) < 0 })
	}
	return docs, nil
}

// QueryRange returns the documents with at least one indexed value x with
// lo <= x < hi in the value order (documents the path does not reach are
// never included), each once at its smallest such x; results are ordered by
// that value, then by key. Array or object bounds fail with
// ErrNotIndexable.
func (tx *Tx) QueryRange(collection, index string, lo, hi Value) ([]Document, error) {
	if err := tx.check(false); err != nil {
		return nil, err
	}
	for _, b := range []Value{lo, hi} {
		if k := b.Kind(); k == KindArray || k == KindObject {
			return nil, ErrNotIndexable
		}
	}
	c, ix, err := tx.openIndex(collection, index)
	if err != nil {
		return nil, err
	}
	if Compare(lo, hi) >= 0 {
		return nil, nil
	}
	hiKey := appendIndexKey(nil, hi)
	loKey := appendIndexKey(nil, lo)
	start := loKey
	if len(start) > maxIndexValueKey {
		start = start[:maxIndexValueKey]
	}
	var docs []Document
	seen := map[uuid.UUID]bool{}
	reorder := false
	err = tx.scanIndex(ix, start, func(key []byte, truncated bool) (bool, error) {
		// Entries come in value order; an exact entry at or past hi ends
		// the range (a truncated one below it is only a candidate).
		if bytes.Compare(key[:len(key)-16], hiKey) >= 0 {
			return false, nil
		}
		if !truncated && bytes.Compare(key[:len(key)-16], loKey) < 0 {
			return true, nil
		}
		var id uuid.UUID
		copy(id[:], key[len(key)-16:])
		if seen[id] {
			return true, nil
		}
		doc, ok, err := c.get(id)
		if err != nil || !ok {
			return false, errMissingDoc(err, id, index)
		}
		if truncated {
			if _, found := minInRange(doc, ix.segs, lo, hi); !found {
				return true, nil
			}
			reorder = true
		}
		seen[id] = true
		docs = append(docs, Document{ID: id, Value: doc})
		return true, nil
	})
	if err != nil {
		return nil, err
	}
	if reorder {
		// Truncated keys order by document key within their prefix:
		// restore (smallest value in range, key) order.
		mins := make(map[uuid.UUID]Value, len(docs))
		for _, d := range docs {
			mins[d.ID], _ = minInRange(d.Value, ix.segs, lo, hi)
		}
		sort.SliceStable(docs, func(i, j int) bool {
			if c := Compare(mins[docs[i].ID], mins[docs[j].ID]); c != 0 {
				return c < 0
			}
			return bytes.Compare(docs[i].ID[:], docs[j].ID[:]) < 0
		})
	}
	return docs, nil
}

// minInRange returns the smallest indexed value of doc in [lo, hi).
func minInRange(doc Value, segs []string, lo, hi Value) (Value, bool) {
	vals, _ := indexEntries(doc, segs)
	var best Value
	found := false
	for _, x := range vals {
		if Compare(x, lo) >= 0 && Compare(x, hi) < 0 && (!found || Compare(x, best) < 0) {
			best, found = x, true
		}
	}
	return best, found
}

func errMissingDoc(err error, id uuid.UUID, index string) error {
	if err != nil {
		return err
	}
	return fmt.Errorf("%w: index %s refers to missing document %s", ErrCorrupt, index, id)
}

func (tx *Tx) openIndex(collection, index string) (*colls, *indexMeta, error) {
	c, err := tx.open(collection)
	if err != nil {
		return nil, nil, err
	}
	ix := c.m.index(index)
	if ix == nil {
		return nil, nil, fmt.Errorf("%w: %s", ErrIndexNotFound, index)
	}
	return c, ix, nil
}

// scanIndex calls fn for each entry from the first key >= lo until fn
// returns false.
func (tx *Tx) scanIndex(ix *indexMeta, lo []byte, fn func(key []byte, truncated bool) (bool, error)) error {
	t, err := tx.indexTree(ix)
	if err != nil {
		return err
	}
	cur := t.Cursor()
	for cur.Seek(lo); cur.Valid(); cur.Next() {
		k := cur.Key()
		if len(k) < 17 {
			return fmt.Errorf("%w: index %s: short entry", ErrCorrupt, ix.name)
		}
		val := cur.Value()
		more, err := fn(k, len(val) > 0 && val[0]&flagTruncated != 0)
		if err != nil || !more {
			return err
		}
	}
	return wrapStorage(cur.Err())
}

// matchesEq reports whether the path reaches a value equal to v (or an
// array with an element equal to v), or, for a null v, reaches nothing.
func matchesEq(doc Value, segs []string, v Value) bool {
	vals := resolvePath(doc, segs)
	if len(vals) == 0 {
		return v.Kind() == KindNull
	}
	for _, r := range vals {
		if Equal(r, v) {
			return true
		}
		if r.Kind() == KindArray {
			for _, e := range r.Elems() {
				if Equal(e, v) {
					return true
				}
			}
		}
	}
	return false
}

// Query runs Tx.Query in its own snapshot.
func (db *DB) Query(collection, index string, v Value) ([]Document, error) {
	var out []Document
	err := db.View(func(tx *Tx) error {
		var err error
		out, err = tx.Query(collection, index, v)
		return err
	})
	return out, err
}

// QueryRange runs Tx.QueryRange in its own snapshot.
func (db *DB) QueryRange(collection, index string, lo, hi Value) ([]Document, error) {
	var out []Document
	err := db.View(func(tx *Tx) error {
		var err error
		out, err = tx.QueryRange(collection, index, lo, hi)
		return err
	})
	return out, err
}

package engine

import (
	"fmt"

	"github.com/google/uuid"
)

// DefaultResolveDepth is the depth ResolveDeep uses when given a negative
// depth.
const DefaultResolveDepth = 16

type refTarget struct {
	coll string
	id   uuid.UUID
}

// Resolve returns the document at (collection, id) with its references
// replaced by the documents they name, one level deep.
func (tx *Tx) Resolve(collection string, id uuid.UUID) (Value, error) {
	return tx.ResolveDeep(collection, id, 1)
}

// ResolveDeep returns the document at (collection, id) with references up to
// depth hops away replaced by their target documents (a negative depth
// means DefaultResolveDepth; 0 returns the document unchanged). A reference
// whose target is missing stays as it is. A reference back onto the chain
// of documents being resolved fails with ErrCyclicReference; a document
// reached by two branches (a diamond) is simply resolved twice.
func (tx *Tx) ResolveDeep(collection string, id uuid.UUID, depth int) (Value, error) {
	if depth < 0 {
		depth = DefaultResolveDepth
	}
	root, err := tx.Get(collection, id)
	if err != nil {
		return Value{}, err
	}
	v, _, err := tx.resolveValue(root, depth, []refTarget{{collection, id}})
	return v, err
}

// resolveValue returns v with its references resolved, and whether
// anything changed (so untouched subtrees are shared, not copied).
func (tx *Tx) resolveValue(v Value, depth int, path []refTarget) (Value, bool, error) {
	switch v.Kind() {
	case KindRef:
		if depth == 0 {
			return v, false, nil
		}
		t := refTarget{v.RefCollection(), v.RefID()}
		for _, p := range path {
			if p == t {
				return Value{}, false, fmt.Errorf("%w: %s/%s", ErrCyclicReference, t.coll, t.id)
			}
		}
		if !tx.HasCollection(t.coll) {
			return v, false, nil
		}
		c, err := tx.open(t.coll)
		if err != nil {
			return Value{}, false, err
		}
		doc, ok, err := c.get(t.id)
		if err != nil || !ok {
			return v, false, err
		}
		r, _, err := tx.resolveValue(doc, depth-1, append(path[:len(path):len(path)], t))
		return r, true, err
	case KindArray:
		elems := v.Elems()
		var out []Value
		for i, e := range elems {
			r, changed, err := tx.resolveValue(e, depth, path)
			if err != nil {
				return Value{}, false, err
			}
			if changed && out == nil {
				out = make([]Value, len(elems))
				copy(out, elems[:i])
			}
			if out != nil {
				out[i] = r
			}
		}
		if out == nil {
			return v, false, nil
		}
		return Array(out...), true, nil
	case KindObject:
		fields := v.Fields()
		var out []Field
		for i, f := range fields {
			r, changed, err := tx.resolveValue(f.Value, depth, path)
			if err != nil {
				return Value{}, false, err
			}
			if changed && out == nil {
				out = make([]Field, len(fields))
				copy(out, fields[:i])
			}
			if out != nil {
				out[i] = Field{Key: f.Key, Value: r}
			}
		}
		if out == nil {
			return v, false, nil
		}
		return Object(out...), true, nil
	}
	return v, false, nil
}

// Resolve runs Tx.Resolve in its own snapshot.
func (db *DB) Resolve(collection string, id uuid.UUID) (Value, error) {
	return db.ResolveDeep(collection, id, 1)
}

// ResolveDeep runs Tx.ResolveDeep in its own snapshot.
func (db *DB) ResolveDeep(collection string, id uuid.UUID, depth int) (Value, error) {
	var v Value
	err := db.View(func(tx *Tx) error {
		var err error
		v, err = tx.ResolveDeep(collection, id, depth)
		return err
	})
	return v, err
}

package engine

// Sort order of find results (REPL.md §9.5, §9.7).
//
// A document's sort value for a path is taken from the values the path
// reaches, each reached array contributing its elements one level deep (the
// values a secondary index holds for the document, indexEntries): the
// smallest for an ascending key, the largest for a descending one, null when
// there are none. Documents compare key by key, then by ascending document
// key, so every order is total and deterministic.

import (
	"bytes"

	"github.com/google/uuid"
)

// sortPath is a compiled sort key.
type sortPath struct {
	path string
	segs []string
	isID bool // the path starts at the key ("_id")
	desc bool
}

// sortSpec is a compiled sort: keys in order, ties broken by ascending
// document key. A spec with no keys is key order.
type sortSpec struct {
	keys []sortPath
}

// compileSort validates the sort keys and drops those after a key on
// "_id" (keys are unique, so they never decide anything); a leading
// ascending "_id" is key order, the empty spec.
func compileSort(keys []SortKey) (*sortSpec, error) {
	s := &sortSpec{}
	for _, k := range keys {
		segs, err := splitPath(k.Path)
		if err != nil {
			return nil, optionsErr(err.Error())
		}
		p := sortPath{path: k.Path, segs: segs, isID: segs[0] == "_id", desc: k.Desc}
		if p.isID && len(segs) == 1 {
			if len(s.keys) == 0 && !p.desc {
				return s, nil
			}
			s.keys = append(s.keys, p)
			return s, nil
		}
		s.keys = append(s.keys, p)
	}
	return s, nil
}

// keysOf returns the sort values of a document, one per key.
func (s *sortSpec) keysOf(id uuid.UUID, doc Value) []Value {
	if len(s.keys) == 0 {
		return nil
	}
	out := make([]Value, len(s.keys))
	for i, k := range s.keys {
		out[i] = k.valueOf(id, doc)
	}
	return out
}

func (k *sortPath) valueOf(id uuid.UUID, doc Value) Value {
	if k.isID {
		if len(k.segs) == 1 {
			return String(id.String())
		}
		return Value{}
	}
	vals, _ := indexEntries(doc, k.segs)
	return extremeValue(vals, k.desc)
}

// extremeValue returns the smallest (or, with largest, the largest) of vs,
// null when vs is empty.
func extremeValue(vs []Value, largest bool) Value {
	var best Value
	for i, v := range vs {
		if i == 0 {
			best = v
			continue
		}
		c := Compare(v, best)
		if largest && c > 0 || !largest && c < 0 {
			best = v
		}
	}
	return best
}

// compare orders two documents given their sort values.
func (s *sortSpec) compare(aID uuid.UUID, aKeys []Value, bID uuid.UUID, bKeys []Value) int {
	for i, k := range s.keys {
		c := Compare(aKeys[i], bKeys[i])
		if k.desc {
			c = -c
		}
		if c != 0 {
			return c
		}
	}
	return bytes.Compare(aID[:], bID[:])
}

package engine

// Sorted results straight from a secondary index on the first sort path.
//
// An ascending walk of the whole index meets each document first at its
// smallest entry, a descending walk at its largest: exactly the sort value
// of REPL.md §9.7. The walk goes value group by value group (the entries of
// one value key); within a group documents come in ascending key order,
// also when descending (a descending walk finds each group from its end and
// reads it forwards). A document is taken only in the group of its sort
// value, computed from the document, so one met again elsewhere is
// skipped without any memory of what was returned.
//
// Documents that sort as null are the "no value" entries (0x01) and the
// stored nulls (0x02): one group, merged by key, first when ascending and
// last when descending. A group whose value key may have been cut (long
// values), or any group when there are further sort keys, holds documents
// of different sort values: it is collected in a sorter (bounded,
// spilling) and given back in full sort order.
//
// When every document has exactly one entry (the index holds as many
// entries as the collection has documents: each document has at least
// one), a document's only entry is its sort value. The walk can then be
// restricted to the bounds of a condition on the same path (an interval or
// exact values) and still give sort order, and no document is met twice.

import (
	"bytes"
	"slices"

	"github.com/google/uuid"
	"github.com/grumpydb/grumpydb/engine/internal/btree"
)

// indexGroup yields the document keys of one group.
type indexGroup interface {
	nextID() (uuid.UUID, bool, error)
}

// orderSource yields the matching documents in sortSpec order.
type orderSource struct {
	r      *findRun
	ix     *indexMeta
	t      *btree.Tree
	spec   *sortSpec
	desc   bool
	b      *indexBounds // nil: the whole index
	single bool         // every document has one entry
	want   int          // documents the caller may take (skip+limit); 0: all
	given  int

	budget int64
	dir    string

	phase   int // orderStart, orderGroups, orderNull, orderDone
	cur     *btree.Cursor
	points  [][][]byte // point bounds: the groups left, in walk order
	group   indexGroup
	gvk     []byte // value key of the current group; nil for the null group
	collect *sorter
	pending sortedStream
}

const (
	orderStart = iota
	orderGroups
	orderNull
	orderDone
)

// singleValued reports whether every document has exactly one entry in ix.
func (r *findRun) singleValued(t *btree.Tree) (bool, error) {
	n, err := t.Len()
	if err != nil {
		return false, wrapStorage(err)
	}
	docs, err := r.c.primary.Len()
	if err != nil {
		return false, wrapStorage(err)
	}
	return n == docs, nil
}

// newOrderSource walks ix in the order of spec (whose first key is on ix's
// path), within b if not nil. With bounds it returns nil when some
// document has several entries: the walk would not give sort order.
func newOrderSource(r *findRun, ix *indexMeta, b *indexBounds, spec *sortSpec, want int, budget int64, dir string) (*orderSource, error) {
	t, err := r.tx.indexTree(ix)
	if err != nil {
		return nil, err
	}
	single, err := r.singleValued(t)
	if err != nil || b != nil && !single {
		return nil, err
	}
	s := &orderSource{r: r, ix: ix, t: t, spec: spec, desc: spec.keys[0].desc, b: b, single: single,
		want: want, budget: budget, dir: dir, cur: t.Cursor()}
	if b != nil && b.isPoints {
		var null [][]byte
		for _, p := range b.points {
			if p[0] <= keyNull {
				null = append(null, p)
			} else {
				s.points = append(s.points, [][]byte{p})
			}
		}
		if null != nil {
			s.points = append([][][]byte{null}, s.points...)
		}
		if s.desc {
			slices.Reverse(s.points)
		}
	}
	return s, nil
}

// valueGroup walks the entries of one value key forwards from cur.
type valueGroup struct {
	ix    *indexMeta
	cur   *btree.Cursor
	vk    []byte
	first bool
}

func (g *valueGroup) nextID() (uuid.UUID, bool, error) {
	if !g.first {
		g.cur.Next()
	}
	g.first = false
	if !g.cur.Valid() {
		return uuid.UUID{}, false, wrapStorage(g.cur.Err())
	}
	vk, id, err := entryParts(g.ix, g.cur.Key())
	if err != nil || !bytes.Equal(vk, g.vk) {
		return uuid.UUID{}, false, err
	}
	return id, true, nil
}

// startGroup moves to the next group; ok is false after the last one.
func (s *orderSource) startGroup() (bool, error) {
	if s.b != nil && s.b.isPoints {
		return s.startPoints()
	}
	for {
		switch s.phase {
		case orderStart:
			s.phase = orderGroups
			switch {
			case s.b != nil && s.desc:
				// The last entry at or below the top of the interval.
				top := append(append([]byte(nil), cutKey(s.b.hi.key)...), bytes.Repeat([]byte{0xff}, 17)...)
				s.cur.SeekLast(top)
			case s.b != nil:
				s.cur.Seek(s.b.seekKey())
			case s.desc:
				s.cur.Last()
			default:
				s.cur.Seek([]byte{keyNull + 1})
				return true, s.startNull()
			}
		case orderGroups:
			if !s.cur.Valid() {
				if err := s.cur.Err(); err != nil {
					return false, wrapStorage(err)
				}
				s.phase = orderDone
				if s.desc && s.b == nil {
					s.phase = orderNull
				}
				continue
			}
			vk, _, err := entryParts(s.ix, s.cur.Key())
			if err != nil {
				return false, err
			}
			trunc := entryTruncated(s.cur.Value())
			if s.b == nil && s.desc && vk[0] <= keyNull {
				s.phase = orderNull
				continue
			}
			if s.b != nil {
				if !s.desc && !s.b.inHigh(vk, trunc) || s.desc && !s.b.inLow(vk, trunc) {
					s.phase = orderDone
					continue
				}
				if !s.b.contains(vk, trunc) {
					// Before the interval's start in walk order.
					if s.desc {
						s.cur.Prev()
					} else {
						s.cur.Next()
					}
					continue
				}
			}
			s.gvk = append([]byte(nil), vk...)
			if s.desc {
				// Read the group forwards, then step back before it.
				fc := s.t.Cursor()
				fc.Seek(s.gvk)
				s.group = &valueGroup{ix: s.ix, cur: fc, vk: s.gvk, first: true}
				s.cur.SeekLast(s.gvk)
			} else {
				s.group = &valueGroup{ix: s.ix, cur: s.cur, vk: s.gvk, first: true}
			}
			s.startCollect(trunc)
			return true, nil
		case orderNull:
			s.phase = orderDone
			return true, s.startNull()
		default:
			return false, nil
		}
	}
}

// startPoints starts the next group of point bounds.
func (s *orderSource) startPoints() (bool, error) {
	if len(s.points) == 0 {
		return false, nil
	}
	vks := s.points[0]
	s.points = s.points[1:]
	m, err := newIDMerge(s.ix, s.t, vks)
	if err != nil {
		return false, err
	}
	s.group, s.gvk = m, vks[0]
	if vks[0][0] <= keyNull {
		s.gvk = nil
	}
	// A value key of the cut length may stand for several values.
	s.startCollect(len(vks[0]) == maxIndexValueKey)
	return true, nil
}

func (s *orderSource) startNull() error {
	m, err := newIDMerge(s.ix, s.t, [][]byte{{noValueKey}, {keyNull}})
	if err != nil {
		return err
	}
	s.group, s.gvk = m, nil
	s.startCollect(false)
	return nil
}

// startCollect decides whether the new group is collected and sorted.
func (s *orderSource) startCollect(truncated bool) {
	if !truncated && len(s.spec.keys) == 1 {
		return
	}
	limit := 0
	if s.want > 0 {
		limit = max(s.want-s.given, 1)
	}
	s.collect = newSorter(s.spec, limit, s.budget, s.dir)
}

// belongs reports whether doc is taken in the current group.
func (s *orderSource) belongs(id uuid.UUID, doc Value) bool {
	if s.single {
		return true
	}
	if s.gvk == nil { // the null group
		if !s.desc {
			return true // a document with a null entry has it as its smallest
		}
		return extremeEntry(s.ix, id, doc, true)[0] <= keyNull
	}
	return bytes.Equal(extremeEntry(s.ix, id, doc, s.desc), s.gvk)
}

func (s *orderSource) next() (Document, bool, error) {
	for {
		if s.pending != nil {
			it, ok, err := s.pending.next()
			if err != nil {
				return Document{}, false, err
			}
			if ok {
				s.given++
				return it.doc, true, nil
			}
			s.pending.close()
			s.pending = nil
			s.collect.close()
			s.collect = nil
		}
		if s.group == nil {
			ok, err := s.startGroup()
			if err != nil || !ok {
				return Document{}, false, err
			}
			continue
		}
		id, ok, err := s.group.nextID()
		if err != nil {
			return Document{}, false, err
		}
		if !ok {
			s.group = nil
			if s.collect != nil {
				if s.pending, err = s.collect.result(); err != nil {
					return Document{}, false, err
				}
			}
			continue
		}
		if err := s.r.step(); err != nil {
			return Document{}, false, err
		}
		doc, err := s.r.fetch(id, s.ix)
		if err != nil {
			return Document{}, false, err
		}
		if !s.r.filter.Match(id, doc) || !s.belongs(id, doc) {
			continue
		}
		d := Document{ID: id, Value: doc}
		if s.collect != nil {
			if err := s.collect.add(d); err != nil {
				return Document{}, false, err
			}
			continue
		}
		s.given++
		return d, true, nil
	}
}

func (s *orderSource) close() {
	if s.pending != nil {
		s.pending.close()
		s.pending = nil
	}
	if s.collect != nil {
		s.collect.close()
		s.collect = nil
	}
	s.phase, s.group, s.points = orderDone, nil, nil
}

package engine

// Candidate sources of a find: each yields the documents that match the
// filter, each once, and counts the documents it reads (Plan.Examined).
//
//   - primarySource walks key intervals of the primary index (a full scan
//     is the interval of every key): key order.
//   - pointSource merges the entries of a few exact value keys of one
//     secondary index by document key (each value's entries are in key
//     order), skipping a key met again: key order.
//   - rangeSource walks one interval of a secondary index, or many exact
//     value keys one after the other (more than maxMergePoints: one cursor
//     each would be too many). A document with several entries in the
//     bounds is taken at the first one only (the smallest of its entries
//     the bounds hold, computed from the document): index order, which the
//     caller sorts.
//
// Every candidate is checked against the full filter: an index only
// narrows the candidates.

import (
	"bytes"
	"context"
	"fmt"

	"github.com/google/uuid"
	"github.com/grumpydb/grumpydb/engine/internal/btree"
	"github.com/grumpydb/grumpydb/engine/internal/heap"
)

// docSource yields documents.
type docSource interface {
	next() (Document, bool, error)
	close()
}

// findRun is the state shared by the parts of one find.
type findRun struct {
	ctx      context.Context
	tx       *Tx
	c        *colls
	filter   *Filter
	examined int
	steps    int
	// fields is filter.topFields(), computed on first use (fieldsSet):
	// a scan decodes only these to test a document.
	fields    map[string]struct{}
	fieldsSet bool
}

// scanLoad reads the document at rid for a scan and reports whether it
// matches the filter; only a matching document is decoded in full, and
// before that only the fields the filter reaches (decodeFields).
func (r *findRun) scanLoad(id uuid.UUID, rid heap.RID) (Value, bool, error) {
	if !r.fieldsSet {
		r.fields, r.fieldsSet = r.filter.topFields(), true
	}
	if r.fields == nil {
		v, err := r.c.load(rid)
		return v, err == nil, err
	}
	b, err := heap.Get(r.c.heapSt, rid)
	if err != nil {
		return Value{}, false, wrapStorage(err)
	}
	part, isObject, err := decodeFields(b, r.fields)
	if err != nil {
		return Value{}, false, err
	}
	if isObject && !r.filter.Match(id, part) {
		return Value{}, false, nil
	}
	v, err := DecodeValue(b)
	if err != nil {
		return Value{}, false, wrapStorage(err)
	}
	return v, r.filter.Match(id, v), nil
}

// step is called once per entry visited: it checks the transaction and,
// at the first step and every 64 steps, the context.
func (r *findRun) step() error {
	r.steps++
	if r.steps%64 == 1 {
		if err := r.ctx.Err(); err != nil {
			return err
		}
	}
	return r.tx.check(false)
}

// fetch reads the document an index entry of ix refers to.
func (r *findRun) fetch(id uuid.UUID, ix *indexMeta) (Value, error) {
	r.examined++
	doc, ok, err := r.c.get(id)
	if err != nil || !ok {
		return Value{}, errMissingDoc(err, id, ix.name)
	}
	return doc, nil
}

// entryParts splits an index entry into its value key and document key.
func entryParts(ix *indexMeta, key []byte) (vk []byte, id uuid.UUID, err error) {
	if len(key) < 17 {
		return nil, id, fmt.Errorf("%w: index %s: short entry", ErrCorrupt, ix.name)
	}
	copy(id[:], key[len(key)-16:])
	return key[:len(key)-16], id, nil
}

func entryTruncated(val []byte) bool { return len(val) > 0 && val[0]&flagTruncated != 0 }

// primarySource walks intervals of the primary index.
type primarySource struct {
	r       *findRun
	set     idSet
	i       int
	cur     *btree.Cursor
	started bool // cur is on an entry already returned or skipped
}

func newPrimarySource(r *findRun, set idSet) *primarySource {
	return &primarySource{r: r, set: set, cur: r.c.primary.Cursor()}
}

func (s *primarySource) next() (Document, bool, error) {
	for s.i < len(s.set) {
		iv := s.set[s.i]
		if !s.started {
			s.cur.Seek(iv.lo[:])
			s.started = true
		} else {
			s.cur.Next()
		}
		if err := s.r.step(); err != nil {
			return Document{}, false, err
		}
		if !s.cur.Valid() {
			if err := s.cur.Err(); err != nil {
				return Document{}, false, wrapStorage(err)
			}
			s.i = len(s.set)
			break
		}
		k := s.cur.Key()
		if bytes.Compare(k, iv.hi[:]) > 0 {
			s.i++
			s.started = false
			continue
		}
		rid, err := heap.DecodeRID(s.cur.Value())
		if err != nil {
			return Document{}, false, wrapStorage(err)
		}
		s.r.examined++
		var id uuid.UUID
		copy(id[:], k)
		v, match, err := s.r.scanLoad(id, rid)
		if err != nil {
			return Document{}, false, err
		}
		if match {
			return Document{ID: id, Value: v}, true, nil
		}
	}
	return Document{}, false, nil
}

func (s *primarySource) close() { s.i = len(s.set) }

// entryStream walks the entries of one exact value key.
type entryStream struct {
	ix    *indexMeta
	cur   *btree.Cursor
	vk    []byte
	id    uuid.UUID
	valid bool
}

func newEntryStream(ix *indexMeta, t *btree.Tree, vk []byte) (*entryStream, error) {
	s := &entryStream{ix: ix, cur: t.Cursor(), vk: vk}
	s.cur.Seek(vk)
	return s, s.load()
}

func (s *entryStream) load() error {
	s.valid = false
	if !s.cur.Valid() {
		return wrapStorage(s.cur.Err())
	}
	vk, id, err := entryParts(s.ix, s.cur.Key())
	if err != nil {
		return err
	}
	if bytes.Equal(vk, s.vk) {
		s.id, s.valid = id, true
	}
	return nil
}

func (s *entryStream) advance() error {
	s.cur.Next()
	return s.load()
}

// idMerge merges entry streams by document key, each key once.
type idMerge struct {
	streams []*entryStream
	last    uuid.UUID
	hasLast bool
}

func newIDMerge(ix *indexMeta, t *btree.Tree, vks [][]byte) (*idMerge, error) {
	m := &idMerge{}
	for _, vk := range vks {
		s, err := newEntryStream(ix, t, vk)
		if err != nil {
			return nil, err
		}
		if s.valid {
			m.streams = append(m.streams, s)
		}
	}
	return m, nil
}

// nextID returns the next document key in ascending order.
func (m *idMerge) nextID() (uuid.UUID, bool, error) {
	for len(m.streams) > 0 {
		best := 0
		for i := 1; i < len(m.streams); i++ {
			if cmpID(m.streams[i].id, m.streams[best].id) < 0 {
				best = i
			}
		}
		s := m.streams[best]
		id := s.id
		if err := s.advance(); err != nil {
			return id, false, err
		}
		if !s.valid {
			m.streams = append(m.streams[:best], m.streams[best+1:]...)
		}
		if m.hasLast && id == m.last {
			continue
		}
		m.last, m.hasLast = id, true
		return id, true, nil
	}
	return uuid.UUID{}, false, nil
}

// pointSource yields the matching documents among the entries of exact
// value keys, in key order.
type pointSource struct {
	r  *findRun
	ix *indexMeta
	m  *idMerge
}

func newPointSource(r *findRun, b *indexBounds) (*pointSource, error) {
	t, err := r.tx.indexTree(b.ix)
	if err != nil {
		return nil, err
	}
	m, err := newIDMerge(b.ix, t, b.points)
	if err != nil {
		return nil, err
	}
	return &pointSource{r: r, ix: b.ix, m: m}, nil
}

func (s *pointSource) next() (Document, bool, error) {
	for {
		id, ok, err := s.m.nextID()
		if err != nil || !ok {
			return Document{}, false, err
		}
		if err := s.r.step(); err != nil {
			return Document{}, false, err
		}
		doc, err := s.r.fetch(id, s.ix)
		if err != nil {
			return Document{}, false, err
		}
		if s.r.filter.Match(id, doc) {
			return Document{ID: id, Value: doc}, true, nil
		}
	}
}

func (s *pointSource) close() { s.m.streams = nil }

// maxMergePoints is the most exact value keys a pointSource merges.
const maxMergePoints = 32

// rangeSource yields the matching documents with an entry in an interval
// or among exact value keys, in index order.
type rangeSource struct {
	r       *findRun
	b       *indexBounds
	cur     *btree.Cursor
	single  bool // every document has one entry: none is met twice
	started bool
	pi      int // the point being walked
	done    bool
}

func newRangeSource(r *findRun, b *indexBounds) (*rangeSource, error) {
	t, err := r.tx.indexTree(b.ix)
	if err != nil {
		return nil, err
	}
	single, err := r.singleValued(t)
	if err != nil {
		return nil, err
	}
	return &rangeSource{r: r, b: b, cur: t.Cursor(), single: single}, nil
}

func (s *rangeSource) next() (Document, bool, error) {
	for !s.done {
		vk, id, ok, err := s.advance()
		if err != nil || !ok {
			s.done = true
			return Document{}, false, err
		}
		doc, err := s.r.fetch(id, s.b.ix)
		if err != nil {
			return Document{}, false, err
		}
		if !s.r.filter.Match(id, doc) || !s.single && !bytes.Equal(firstEntryIn(s.b, id, doc), vk) {
			continue
		}
		return Document{ID: id, Value: doc}, true, nil
	}
	return Document{}, false, nil
}

// advance moves to the next entry in the bounds.
func (s *rangeSource) advance() (vk []byte, id uuid.UUID, ok bool, err error) {
	b := s.b
	if b.isPoints && len(b.points) == 0 {
		return nil, id, false, nil
	}
	if !s.started {
		s.started = true
		if b.isPoints {
			s.cur.Seek(b.points[0])
		} else {
			s.cur.Seek(b.seekKey())
		}
	} else {
		s.cur.Next()
	}
	for {
		if err := s.r.step(); err != nil {
			return nil, id, false, err
		}
		if s.cur.Valid() {
			vk, id, err = entryParts(b.ix, s.cur.Key())
			if err != nil {
				return nil, id, false, err
			}
			trunc := entryTruncated(s.cur.Value())
			switch {
			case !b.isPoints && !b.inHigh(vk, trunc):
				return nil, id, false, nil
			case !b.isPoints && !b.inLow(vk, trunc):
				s.cur.Next()
				continue
			case !b.isPoints || bytes.Equal(vk, b.points[s.pi]):
				return vk, id, true, nil
			}
		} else if err := s.cur.Err(); err != nil || !b.isPoints {
			return nil, id, false, wrapStorage(err)
		}
		// The entries of this point are done: on to the next one.
		s.pi++
		if s.pi >= len(b.points) {
			return nil, id, false, nil
		}
		s.cur.Seek(b.points[s.pi])
	}
}

func (s *rangeSource) close() { s.done = true }

// firstEntryIn returns the smallest value key of doc's entries that the
// bounds hold (nil if none).
func firstEntryIn(b *indexBounds, id uuid.UUID, doc Value) []byte {
	keys, trunc := entries(b.ix, id, doc)
	var best []byte
	for i, k := range keys {
		vk := k[:len(k)-16]
		if b.contains(vk, trunc[i]) && (best == nil || bytes.Compare(vk, best) < 0) {
			best = vk
		}
	}
	return best
}

// extremeEntry returns the smallest (or, with largest, the largest) value
// key of doc's entries.
func extremeEntry(ix *indexMeta, id uuid.UUID, doc Value, largest bool) []byte {
	keys, _ := entries(ix, id, doc)
	var best []byte
	for _, k := range keys {
		vk := k[:len(k)-16]
		if best == nil {
			best = vk
			continue
		}
		c := bytes.Compare(vk, best)
		if largest && c > 0 || !largest && c < 0 {
			best = vk
		}
	}
	return best
}

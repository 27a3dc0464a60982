package engine

// Bounded-memory sorting of find results.
//
// A sorter collects documents and gives them back in sortSpec order. With a
// limit k it keeps only the best k: the buffer is cut back to k whenever it
// reaches 2k, so it holds at most 2k documents (O(n log k) in all). Without
// a limit, or when even that buffer outgrows the memory budget, the buffer
// is sorted and written as a run to a temporary file (os.CreateTemp in the
// configured directory) and emptied; at the end the runs and the buffer are
// merged k ways (at most sortFanIn runs at once: more runs are first merged
// into longer runs). A run holds at most k documents when there is a limit.
// Run files are removed by close.
//
// Run file format: a sequence of records, each
//
//	16 bytes   document key
//	uvarint n  length of the encoded document
//	n bytes    AppendEncoded(document) (format byte included)
//
// Sort values are not stored: they are recomputed from the document when a
// run is read back.

import (
	"bufio"
	"container/heap"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
)

// sortFanIn is the most runs merged at once.
const sortFanIn = 64

// sortItem is one buffered document with its sort values and estimated
// memory.
type sortItem struct {
	doc  Document
	keys []Value
	mem  int64
}

type sorter struct {
	spec   *sortSpec
	limit  int // keep only the first limit documents; 0: all
	budget int64
	dir    string
	fanIn  int

	buf  []sortItem
	mem  int64
	runs []*sortRun
	file *os.File // the spill file, once created
	size int64    // bytes written to it
}

func newSorter(spec *sortSpec, limit int, budget int64, dir string) *sorter {
	if budget <= 0 {
		budget = DefaultSortMemoryBytes
	}
	if dir == "" {
		dir = os.TempDir()
	}
	return &sorter{spec: spec, limit: limit, budget: budget, dir: dir, fanIn: sortFanIn}
}

func (s *sorter) cmp(a, b *sortItem) int {
	return s.spec.compare(a.doc.ID, a.keys, b.doc.ID, b.keys)
}

func (s *sorter) sortBuf() {
	slices.SortFunc(s.buf, func(a, b sortItem) int { return s.cmp(&a, &b) })
}

// cut sorts the buffer and keeps its first limit items.
func (s *sorter) cut() {
	s.sortBuf()
	if s.limit > 0 && len(s.buf) > s.limit {
		clear(s.buf[s.limit:])
		s.buf = s.buf[:s.limit]
	}
	s.mem = 0
	for i := range s.buf {
		s.mem += s.buf[i].mem
	}
}

// add takes a document.
func (s *sorter) add(d Document) error {
	it := sortItem{doc: d, keys: s.spec.keysOf(d.ID, d.Value)}
	it.mem = itemMemory(&it)
	s.buf = append(s.buf, it)
	s.mem += it.mem
	if s.limit > 0 && s.limit <= math.MaxInt/2 && len(s.buf) >= 2*s.limit {
		s.cut()
	}
	if s.mem > s.budget {
		return s.spill()
	}
	return nil
}

// itemMemory estimates the bytes a buffered item holds.
func itemMemory(it *sortItem) int64 {
	n := int64(64) + valueMemory(it.doc.Value)
	for _, k := range it.keys {
		n += 24 + valueMemory(k) // shared with the document, counted again
	}
	return n
}

// valueMemory estimates the bytes a decoded value occupies.
func valueMemory(v Value) int64 {
	n := int64(24)
	switch v.kind {
	case KindString, KindBytes, KindRef:
		n += int64(v.num)
	case KindArray:
		for _, e := range v.elems() {
			n += valueMemory(e)
		}
	case KindObject:
		for _, f := range v.fields() {
			n += 16 + int64(len(f.Key)) + valueMemory(f.Value)
		}
	}
	return n
}

// spill writes the sorted buffer as a run and empties it.
func (s *sorter) spill() error {
	s.cut()
	if len(s.buf) == 0 {
		return nil
	}
	w, err := s.create()
	if err != nil {
		return err
	}
	for i := range s.buf {
		if err := w.write(s.buf[i].doc); err != nil {
			return err
		}
	}
	r, err := w.finish()
	if err != nil {
		return err
	}
	s.runs = append(s.runs, r)
	clear(s.buf)
	s.buf, s.mem = s.buf[:0], 0
	return nil
}

// result returns the sorted documents. The sorter must not be added to
// afterwards; close still removes its files.
func (s *sorter) result() (sortedStream, error) {
	if len(s.runs) == 0 {
		s.cut()
		items := s.buf
		s.buf = nil
		return &sliceStream{items: items}, nil
	}
	if err := s.spill(); err != nil {
		return nil, err
	}
	// Merge down to at most fanIn runs.
	for len(s.runs) > s.fanIn {
		var next []*sortRun
		for i := 0; i < len(s.runs); i += s.fanIn {
			group := s.runs[i:min(i+s.fanIn, len(s.runs))]
			if len(group) == 1 {
				next = append(next, group[0])
				continue
			}
			r, err := s.mergeInto(group)
			if err != nil {
				return nil, err
			}
			next = append(next, r)
		}
		s.runs = next
	}
	return s.merger(s.runs)
}

// mergeInto merges runs into one new run (keeping at most limit
// documents).
func (s *sorter) mergeInto(runs []*sortRun) (*sortRun, error) {
	m, err := s.merger(runs)
	if err != nil {
		return nil, err
	}
	w, err := s.create()
	if err != nil {
		return nil, err
	}
	for n := 0; s.limit == 0 || n < s.limit; n++ {
		it, ok, err := m.next()
		if err != nil {
			return nil, err
		}
		if !ok {
			break
		}
		if err := w.write(it.doc); err != nil {
			return nil, err
		}
	}
	return w.finish()
}

// close removes the spill file.
func (s *sorter) close() {
	s.runs, s.buf = nil, nil
	if s.file != nil {
		_ = s.file.Close()
		_ = os.Remove(s.file.Name())
		s.file = nil
	}
}

func spillErr(err error) error { return fmt.Errorf("%w: sort spill: %v", ErrIO, err) }

// runWriter appends one run to the spill file.
type runWriter struct {
	s     *sorter
	start int64
	w     *bufio.Writer
	buf   []byte
}

// create starts a run at the end of the spill file, creating the file on
// first use.
func (s *sorter) create() (*runWriter, error) {
	if s.file == nil {
		f, err := os.CreateTemp(s.dir, "grumpy-sort-*.run")
		if err != nil {
			return nil, spillErr(err)
		}
		s.file = f
	}
	return &runWriter{s: s, start: s.size, w: bufio.NewWriterSize(&fileAppender{s: s}, 64<<10)}, nil
}

// fileAppender writes at the end of the spill file.
type fileAppender struct{ s *sorter }

func (a *fileAppender) Write(p []byte) (int, error) {
	n, err := a.s.file.WriteAt(p, a.s.size)
	a.s.size += int64(n)
	return n, err
}

func (w *runWriter) write(d Document) error {
	w.buf = AppendEncoded(w.buf[:0], d.Value)
	var hdr [16 + binary.MaxVarintLen64]byte
	copy(hdr[:16], d.ID[:])
	n := 16 + binary.PutUvarint(hdr[16:], uint64(len(w.buf)))
	if _, err := w.w.Write(hdr[:n]); err != nil {
		return spillErr(err)
	}
	if _, err := w.w.Write(w.buf); err != nil {
		return spillErr(err)
	}
	return nil
}

// finish flushes the run and returns a reader of it.
func (w *runWriter) finish() (*sortRun, error) {
	if err := w.w.Flush(); err != nil {
		return nil, spillErr(err)
	}
	sec := io.NewSectionReader(w.s.file, w.start, w.s.size-w.start)
	return &sortRun{r: bufio.NewReaderSize(sec, 32<<10)}, nil
}

// sortRun reads one run.
type sortRun struct {
	r   *bufio.Reader
	buf []byte
}

// read returns the next document of the run; ok is false at its end.
func (r *sortRun) read() (d Document, ok bool, err error) {
	if _, err := io.ReadFull(r.r, d.ID[:]); err != nil {
		if err == io.EOF {
			return d, false, nil
		}
		return d, false, spillErr(err)
	}
	n, err := binary.ReadUvarint(r.r)
	if err != nil {
		return d, false, spillErr(err)
	}
	if n > 1<<32 {
		return d, false, spillErr(fmt.Errorf("record of %d bytes", n))
	}
	if uint64(cap(r.buf)) < n {
		r.buf = make([]byte, n)
	}
	r.buf = r.buf[:n]
	if _, err := io.ReadFull(r.r, r.buf); err != nil {
		return d, false, spillErr(err)
	}
	if d.Value, err = DecodeValue(r.buf); err != nil {
		return d, false, spillErr(err)
	}
	return d, true, nil
}

// sortedStream yields sorted items.
type sortedStream interface {
	next() (sortItem, bool, error)
	close()
}

type sliceStream struct {
	items []sortItem
	i     int
}

func (s *sliceStream) next() (sortItem, bool, error) {
	if s.i >= len(s.items) {
		return sortItem{}, false, nil
	}
	it := s.items[s.i]
	s.items[s.i] = sortItem{}
	s.i++
	return it, true, nil
}

func (s *sliceStream) close() { s.items = nil }

// runMerger merges sorted runs through a heap of their heads.
type runMerger struct {
	s     *sorter
	runs  []*sortRun
	heads mergeHeap
	given int
	err   error
}

type mergeHead struct {
	item sortItem
	run  int
}

type mergeHeap struct {
	s     *sorter
	items []mergeHead
}

func (h *mergeHeap) Len() int           { return len(h.items) }
func (h *mergeHeap) Less(i, j int) bool { return h.s.cmp(&h.items[i].item, &h.items[j].item) < 0 }
func (h *mergeHeap) Swap(i, j int)      { h.items[i], h.items[j] = h.items[j], h.items[i] }
func (h *mergeHeap) Push(x any)         { h.items = append(h.items, x.(mergeHead)) }
func (h *mergeHeap) Pop() any {
	last := h.items[len(h.items)-1]
	h.items = h.items[:len(h.items)-1]
	return last
}

func (s *sorter) merger(runs []*sortRun) (*runMerger, error) {
	m := &runMerger{s: s, runs: runs, heads: mergeHeap{s: s}}
	for i := range runs {
		if err := m.pull(i); err != nil {
			return nil, err
		}
	}
	heap.Init(&m.heads)
	return m, nil
}

// pull reads the next document of run i into the heap (unordered: callers
// fix the heap).
func (m *runMerger) pull(i int) error {
	d, ok, err := m.runs[i].read()
	if err != nil || !ok {
		return err
	}
	m.heads.items = append(m.heads.items, mergeHead{item: sortItem{doc: d, keys: m.s.spec.keysOf(d.ID, d.Value)}, run: i})
	return nil
}

func (m *runMerger) next() (sortItem, bool, error) {
	if m.err != nil || len(m.heads.items) == 0 || m.s.limit > 0 && m.given >= m.s.limit {
		return sortItem{}, false, m.err
	}
	m.given++
	top := heap.Pop(&m.heads).(mergeHead)
	d, ok, err := m.runs[top.run].read()
	if err != nil {
		m.err = err
		return sortItem{}, false, err
	}
	if ok {
		heap.Push(&m.heads, mergeHead{item: sortItem{doc: d, keys: m.s.spec.keysOf(d.ID, d.Value)}, run: top.run})
	}
	return top.item, true, nil
}

func (m *runMerger) close() { m.heads.items = nil }

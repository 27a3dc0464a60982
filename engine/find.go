package engine

// Find: filtered, sorted, paged and projected reads (REPL.md §9).
//
// A find runs in steps: the planner (plan.go) picks a candidate source
// that yields every matching document once; when its order is not the one
// asked for, a sorter (sortspill.go) puts the results in sort order (key
// order without a sort), keeping only skip+limit of them when there is a
// limit and spilling to temporary files past the memory budget; then skip,
// limit and the projection apply. Results are the same whichever plan is
// chosen and whether or not indexes exist.

import (
	"context"
	"math"
)

// FindIterator walks the results of a find. Use it as
//
//	it, err := tx.Find(ctx, "users", filter, opts)
//	if err != nil { … }
//	defer it.Close()
//	for it.Next() { use(it.Document()) }
//	if err := it.Err(); err != nil { … }
//
// An iterator from a Tx lives inside that transaction (do not write to the
// collection while it runs); one from a DB holds its own snapshot until
// Close. Close also removes the sort's temporary files. Cancelling the
// context stops it with the context's error.
type FindIterator struct {
	tx    *Tx
	owned bool
	run   *findRun
	plan  *chosenPlan
	src   docSource
	proj  *Projection
	skip  int
	limit int

	skipped  int
	returned int
	doc      Document
	err      error
	done     bool
}

// findQuery is a validated find.
type findQuery struct {
	filter *Filter
	spec   *sortSpec
	opts   FindOptions
	want   int // skip+limit, 0 without a limit
}

func prepareFind(filter Value, opts *FindOptions) (*findQuery, error) {
	f, err := ParseFilter(filter)
	if err != nil {
		return nil, err
	}
	spec, err := checkOptions(opts)
	if err != nil {
		return nil, err
	}
	q := &findQuery{filter: f, spec: spec, opts: *opts}
	if opts.Limit > 0 {
		q.want = opts.Limit
		if opts.Skip <= math.MaxInt-opts.Limit {
			q.want += opts.Skip
		} else {
			q.want = math.MaxInt
		}
	}
	return q, nil
}

// start plans the query and returns its iterator; sorted is false for a
// count, which needs no order.
func (tx *Tx) start(ctx context.Context, collection string, q *findQuery, sorted bool) (*FindIterator, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	if err := tx.check(false); err != nil {
		return nil, err
	}
	c, err := tx.open(collection)
	if err != nil {
		return nil, err
	}
	run := &findRun{ctx: ctx, tx: tx, c: c, filter: q.filter}
	spec := q.spec
	if !sorted {
		spec = &sortSpec{}
	}
	p, err := run.choosePlan(spec, q.want, &q.opts)
	if err != nil {
		return nil, err
	}
	src := p.src
	if sorted && !p.ordered {
		src = &sortedSource{inner: src, s: newSorter(spec, q.want, q.opts.SortMemoryBytes, q.opts.TempDir)}
	}
	return &FindIterator{tx: tx, run: run, plan: p, src: src, proj: q.opts.Projection,
		skip: q.opts.Skip, limit: q.opts.Limit}, nil
}

// Find returns an iterator over the documents of the collection that
// match filter (§9.1–9.3; the empty object matches all), in opts.Sort
// order (key order without one), after opts.Skip and opts.Limit, each
// reshaped by opts.Projection. Documents never carry an added "_id"
// unless Projection.AddID asks for it. With opts.Explain the iterator
// yields one Document with the nil key whose value is the plan (§9.6), as
// Explain returns it. An invalid filter fails with ErrInvalidFilter, bad
// options with ErrInvalidOptions, an unknown collection with
// ErrCollectionNotFound.
func (tx *Tx) Find(ctx context.Context, collection string, filter Value, opts FindOptions) (*FindIterator, error) {
	q, err := prepareFind(filter, &opts)
	if err != nil {
		return nil, err
	}
	if opts.Explain {
		p, err := tx.explain(ctx, collection, q)
		if err != nil {
			return nil, err
		}
		return &FindIterator{tx: tx, src: &singleSource{doc: Document{Value: p.Value()}}}, nil
	}
	return tx.start(ctx, collection, q, true)
}

// FindCount returns the number of documents of the collection that match
// filter.
func (tx *Tx) FindCount(ctx context.Context, collection string, filter Value) (int, error) {
	return tx.FindCountWith(ctx, collection, filter, FindOptions{})
}

// FindCountWith returns the number of results a Find with these options
// would give: the matching documents after opts.Skip and opts.Limit (the
// wire's "count": true). Sort, projection and explain are ignored.
func (tx *Tx) FindCountWith(ctx context.Context, collection string, filter Value, opts FindOptions) (int, error) {
	opts.Sort, opts.Projection, opts.Explain = nil, nil, false
	q, err := prepareFind(filter, &opts)
	if err != nil {
		return 0, err
	}
	if q.filter.MatchAll() {
		n, err := tx.Count(collection) // O(1)
		if err != nil {
			return 0, err
		}
		n = max(n-opts.Skip, 0)
		if opts.Limit > 0 {
			n = min(n, opts.Limit)
		}
		return n, nil
	}
	it, err := tx.start(ctx, collection, q, false)
	if err != nil {
		return 0, err
	}
	n := 0
	for it.Next() {
		n++
	}
	return n, it.Close()
}

// Explain runs the find and returns its plan: the kind, the index used,
// the bounds it scanned, the documents read and the results returned.
// opts.Explain is ignored.
func (tx *Tx) Explain(ctx context.Context, collection string, filter Value, opts FindOptions) (Plan, error) {
	opts.Explain = false
	q, err := prepareFind(filter, &opts)
	if err != nil {
		return Plan{}, err
	}
	return tx.explain(ctx, collection, q)
}

func (tx *Tx) explain(ctx context.Context, collection string, q *findQuery) (Plan, error) {
	it, err := tx.start(ctx, collection, q, true)
	if err != nil {
		return Plan{}, err
	}
	for it.Next() {
	}
	p := it.Plan()
	return p, it.Close()
}

// Next advances to the next result, reporting whether there is one.
func (it *FindIterator) Next() bool {
	if it.done {
		return false
	}
	if it.limit > 0 && it.returned >= it.limit {
		return it.finish(nil)
	}
	for {
		d, ok, err := it.src.next()
		if err != nil {
			return it.finish(err)
		}
		if !ok {
			return it.finish(nil)
		}
		if it.skipped < it.skip {
			it.skipped++
			continue
		}
		it.returned++
		if it.proj != nil {
			d.Value = it.proj.Apply(d.ID, d.Value)
		}
		it.doc = d
		return true
	}
}

func (it *FindIterator) finish(err error) bool {
	if it.err == nil {
		it.err = err
	}
	if !it.done {
		it.done = true
		it.src.close()
	}
	return false
}

// Document returns the current result.
func (it *FindIterator) Document() Document { return it.doc }

// Err returns the error that stopped the iteration, if any.
func (it *FindIterator) Err() error { return it.err }

// Plan returns the plan with the counts so far (complete once Next has
// returned false).
func (it *FindIterator) Plan() Plan {
	if it.plan == nil {
		return Plan{}
	}
	p := Plan{Plan: it.plan.kind, Bounds: it.plan.bounds, Returned: it.returned}
	if it.plan.ix != nil {
		p.Index = it.plan.ix.name
	}
	if it.run != nil {
		p.Examined = it.run.examined
	}
	return p
}

// Close ends the iteration, removes temporary files, ends the snapshot of a
// DB iterator, and returns Err.
func (it *FindIterator) Close() error {
	it.finish(nil)
	if it.owned && it.tx != nil {
		it.tx.Rollback()
		it.owned = false
	}
	return it.err
}

// sortedSource drains its inner source into a sorter on first use.
type sortedSource struct {
	inner docSource
	s     *sorter
	out   sortedStream
}

func (s *sortedSource) next() (Document, bool, error) {
	if s.out == nil {
		for {
			d, ok, err := s.inner.next()
			if err != nil {
				return Document{}, false, err
			}
			if !ok {
				break
			}
			if err := s.s.add(d); err != nil {
				return Document{}, false, err
			}
		}
		s.inner.close()
		out, err := s.s.result()
		if err != nil {
			return Document{}, false, err
		}
		s.out = out
	}
	it, ok, err := s.out.next()
	return it.doc, ok, err
}

func (s *sortedSource) close() {
	s.inner.close()
	if s.out != nil {
		s.out.close()
	}
	s.s.close()
}

// singleSource yields one document.
type singleSource struct {
	doc  Document
	done bool
}

func (s *singleSource) next() (Document, bool, error) {
	if s.done {
		return Document{}, false, nil
	}
	s.done = true
	return s.doc, true, nil
}

func (s *singleSource) close() { s.done = true }

// The DB-level forms run in their own snapshot.

// Find runs Tx.Find in a snapshot the iterator holds until Close.
func (db *DB) Find(ctx context.Context, collection string, filter Value, opts FindOptions) (*FindIterator, error) {
	tx, err := db.BeginRead()
	if err != nil {
		return nil, err
	}
	it, err := tx.Find(ctx, collection, filter, opts)
	if err != nil {
		tx.Rollback()
		return nil, err
	}
	it.owned = true
	return it, nil
}

// FindCount runs Tx.FindCount in its own snapshot.
func (db *DB) FindCount(ctx context.Context, collection string, filter Value) (int, error) {
	return db.FindCountWith(ctx, collection, filter, FindOptions{})
}

// FindCountWith runs Tx.FindCountWith in its own snapshot.
func (db *DB) FindCountWith(ctx context.Context, collection string, filter Value, opts FindOptions) (int, error) {
	var n int
	err := db.View(func(tx *Tx) error {
		var err error
		n, err = tx.FindCountWith(ctx, collection, filter, opts)
		return err
	})
	return n, err
}

// Explain runs Tx.Explain in its own snapshot.
func (db *DB) Explain(ctx context.Context, collection string, filter Value, opts FindOptions) (Plan, error) {
	var p Plan
	err := db.View(func(tx *Tx) error {
		var err error
		p, err = tx.Explain(ctx, collection, filter, opts)
		return err
	})
	return p, err
}

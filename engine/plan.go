package engine

// The query planner.
//
// Only conditions every match must satisfy are used: the field conditions
// at the top level of the filter and inside (nested) $and, never those
// under $or or $not. In order of preference:
//
//  1. key-range: conditions on "_id" that bound the key ($eq, $in, $gt,
//     $gte, $lt, $lte) select key intervals of the primary index; the key
//     is single-valued, so the intervals of several conditions intersect.
//  2. index: a condition on the path of a secondary index that narrows the
//     candidates (plan_bounds.go). When several do, the one with the fewest
//     entries wins: their entries are walked in lock step (without reading
//     documents) until one runs out.
//     When the sort's first path is that index's and every document has
//     one entry in it, the walk of the bounds gives the sort order; with a
//     limit, bounds that the walk meets first (a lower bound ascending, an
//     upper bound descending, exact values) are then preferred.
//  3. index: a sort whose first path has a secondary index (and nothing
//     above applies) walks that index in sort order (find_order.go).
//  4. scan: the whole primary index.
//
// Whatever the plan, every candidate is checked against the full filter and
// reached once, so results are those of the brute-force evaluation.
// Primary walks and equality lookups give key order; an index interval
// gives index order. When the order a plan gives is not the one asked for,
// the results go through a sorter (sortspill.go).

import "github.com/grumpydb/grumpydb/engine/internal/btree"

// The plan kinds Plan.Plan reports.
const (
	PlanScan     = "scan"
	PlanIndex    = "index"
	PlanKeyRange = "key-range"
)

// chosenPlan is the planner's decision and the source it built.
type chosenPlan struct {
	kind    string
	ix      *indexMeta
	bounds  Value
	src     docSource
	ordered bool // src yields in the requested order
}

// choosePlan picks the plan of a find. want is skip+limit (0: all).
func (r *findRun) choosePlan(spec *sortSpec, want int, opts *FindOptions) (*chosenPlan, error) {
	conj := r.filter.root.conjuncts(nil)
	keyOrder := len(spec.keys) == 0

	// 1. Key ranges.
	ids, bounded := allIDs(), false
	for _, n := range conj {
		if !n.isID || len(n.segs) != 1 {
			continue
		}
		for i := range n.ops {
			if set, ok := idConstraint(&n.ops[i]); ok {
				ids, bounded = ids.intersect(set), true
			}
		}
	}
	if bounded {
		return &chosenPlan{kind: PlanKeyRange, bounds: idSetValue(ids),
			src: newPrimarySource(r, ids), ordered: keyOrder}, nil
	}

	// 2. Secondary index bounds.
	var cands []indexBounds
	for _, n := range conj {
		if n.isID {
			continue
		}
		for _, ix := range r.c.m.indexes {
			if ix.path != n.path {
				continue
			}
			for i := range n.ops {
				if b, ok := boundsFor(ix, &n.ops[i]); ok {
					cands = append(cands, b)
				}
			}
		}
	}
	if len(cands) > 0 {
		cands, err := r.preferStreaming(cands, spec, want)
		if err != nil {
			return nil, err
		}
		best, err := r.smallest(cands)
		if err != nil {
			return nil, err
		}
		b := &cands[best]
		p := &chosenPlan{kind: PlanIndex, ix: b.ix, bounds: b.display}
		if !keyOrder && spec.keys[0].path == b.ix.path && !spec.keys[0].isID {
			// The same index may give the sort order too.
			src, err := newOrderSource(r, b.ix, b, spec, want, opts.SortMemoryBytes, opts.TempDir)
			if err != nil {
				return nil, err
			}
			if src != nil {
				p.src, p.ordered = src, true
				return p, nil
			}
		}
		if b.isPoints && len(b.points) <= maxMergePoints {
			p.src, err = newPointSource(r, b)
			p.ordered = keyOrder
		} else {
			p.src, err = newRangeSource(r, b)
		}
		if err != nil {
			return nil, err
		}
		return p, nil
	}

	// 3. Sort by an indexed path.
	if !keyOrder && !spec.keys[0].isID {
		for _, ix := range r.c.m.indexes {
			if ix.path != spec.keys[0].path {
				continue
			}
			src, err := newOrderSource(r, ix, nil, spec, want, opts.SortMemoryBytes, opts.TempDir)
			if err != nil {
				return nil, err
			}
			return &chosenPlan{kind: PlanIndex, ix: ix, bounds: Array(Object()), src: src, ordered: true}, nil
		}
	}

	// 4. Full scan.
	return &chosenPlan{kind: PlanScan, src: newPrimarySource(r, allIDs()), ordered: keyOrder}, nil
}

// preferStreaming keeps, for a limited sort whose first path has a
// single-valued index with candidate bounds, the bounds whose walk in sort
// order starts at their constrained end (points, a lower bound when
// ascending, an upper bound when descending): that walk stops after about
// limit documents.
func (r *findRun) preferStreaming(cands []indexBounds, spec *sortSpec, want int) ([]indexBounds, error) {
	if want == 0 || len(spec.keys) == 0 || spec.keys[0].isID {
		return cands, nil
	}
	k := spec.keys[0]
	var keep []indexBounds
	for _, b := range cands {
		if b.ix.path != k.path {
			continue
		}
		if b.isPoints || k.desc != b.lower {
			keep = append(keep, b)
		}
	}
	if len(keep) == 0 {
		return cands, nil
	}
	t, err := r.tx.indexTree(keep[0].ix)
	if err != nil {
		return nil, err
	}
	if single, err := r.singleValued(t); err != nil || !single {
		return cands, err
	}
	return keep, nil
}

// idSetValue shows key intervals as Explain's bounds.
func idSetValue(s idSet) Value {
	out := make([]Value, 0, len(s))
	for _, iv := range s {
		if iv.lo == iv.hi {
			out = append(out, boundObject("eq", String(iv.lo.String())))
			continue
		}
		out = append(out, Object(Field{Key: "gte", Value: String(iv.lo.String())},
			Field{Key: "lte", Value: String(iv.hi.String())}))
	}
	return Array(out...)
}

// smallest returns the candidate with the fewest entries.
func (r *findRun) smallest(cands []indexBounds) (int, error) {
	if len(cands) == 1 {
		return 0, nil
	}
	walkers := make([]*boundsWalker, len(cands))
	for i := range cands {
		t, err := r.tx.indexTree(cands[i].ix)
		if err != nil {
			return 0, err
		}
		walkers[i] = &boundsWalker{b: &cands[i], cur: t.Cursor()}
	}
	for {
		for i, w := range walkers {
			if err := r.step(); err != nil {
				return 0, err
			}
			more, err := w.step()
			if err != nil {
				return 0, err
			}
			if !more {
				return i, nil
			}
		}
	}
}

// boundsWalker steps through the entries of bounds without reading
// documents.
type boundsWalker struct {
	b       *indexBounds
	cur     *btree.Cursor
	pi      int
	started bool
}

// step moves to the next entry in the bounds, reporting whether there is
// one.
func (w *boundsWalker) step() (bool, error) {
	b := w.b
	if b.isPoints && len(b.points) == 0 {
		return false, nil
	}
	if !w.started {
		w.started = true
		if b.isPoints {
			w.cur.Seek(b.points[0])
		} else {
			w.cur.Seek(b.seekKey())
		}
	} else {
		w.cur.Next()
	}
	for {
		if !w.cur.Valid() {
			if err := w.cur.Err(); err != nil {
				return false, wrapStorage(err)
			}
			if !b.isPoints {
				return false, nil
			}
		} else {
			vk, _, err := entryParts(b.ix, w.cur.Key())
			if err != nil {
				return false, err
			}
			trunc := entryTruncated(w.cur.Value())
			if !b.isPoints {
				if !b.inHigh(vk, trunc) {
					return false, nil
				}
				if b.inLow(vk, trunc) {
					return true, nil
				}
				w.cur.Next()
				continue
			}
			if string(vk) == string(b.points[w.pi]) {
				return true, nil
			}
		}
		w.pi++
		if w.pi >= len(b.points) {
			return false, nil
		}
		w.cur.Seek(b.points[w.pi])
	}
}

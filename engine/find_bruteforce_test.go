package engine

// A brute-force evaluator of find, written from REPL.md §9 alone: it
// shares only the value order (Compare, Equal, SameClass) with the engine.
// The differential test and the fuzz targets judge Find and Filter by it.

import (
	"bytes"
	"slices"
	"strings"

	"github.com/google/uuid"
)

func bfIsIndex(seg string) (int, bool) {
	if seg == "" || seg[0] == '0' && len(seg) > 1 {
		return 0, false
	}
	n := 0
	for _, c := range []byte(seg) {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	if len(seg) > 9 {
		return -1, true // an index beyond any array
	}
	return n, true
}

// bfReach returns the values a path reaches (§9.2).
func bfReach(id uuid.UUID, doc Value, path string) []Value {
	segs := strings.Split(path, ".")
	if segs[0] == "_id" {
		if len(segs) == 1 {
			return []Value{String(id.String())}
		}
		return nil
	}
	cur := []Value{doc}
	for _, seg := range segs {
		var next []Value
		for _, v := range cur {
			switch v.Kind() {
			case KindObject:
				if m, ok := v.Get(seg); ok {
					next = append(next, m)
				}
			case KindArray:
				if i, ok := bfIsIndex(seg); ok {
					if i >= 0 && i < v.Len() {
						next = append(next, v.Index(i))
					}
					continue
				}
				for _, e := range v.Elems() {
					if m, ok := e.Get(seg); ok {
						next = append(next, m)
					}
				}
			}
		}
		cur = next
	}
	return cur
}

// bfCandidates: reached values and the elements of reached arrays.
func bfCandidates(reached []Value) []Value {
	var out []Value
	for _, r := range reached {
		out = append(out, r)
		if r.Kind() == KindArray {
			out = append(out, r.Elems()...)
		}
	}
	return out
}

func bfEq(reached []Value, v Value) bool {
	if len(reached) == 0 {
		return v.Kind() == KindNull
	}
	for _, c := range bfCandidates(reached) {
		if Equal(c, v) {
			return true
		}
	}
	return false
}

func bfIsOperatorObject(v Value) bool {
	fs := v.Fields()
	if len(fs) == 0 || len(fs) == 1 && fs[0].Key == "$ref" {
		return false
	}
	for _, f := range fs {
		if !strings.HasPrefix(f.Key, "$") {
			return false
		}
	}
	return true
}

func bfOps(reached []Value, ops Value) bool {
	for _, f := range ops.Fields() {
		v := f.Value
		var ok bool
		switch f.Key {
		case "$eq":
			ok = bfEq(reached, v)
		case "$ne":
			ok = !bfEq(reached, v)
		case "$gt", "$gte", "$lt", "$lte":
			if v.Kind() == KindNull {
				ok = (f.Key == "$gte" || f.Key == "$lte") && bfEq(reached, v)
				break
			}
			for _, c := range bfCandidates(reached) {
				if !SameClass(c, v) {
					continue
				}
				cmp := Compare(c, v)
				if f.Key == "$gt" && cmp > 0 || f.Key == "$gte" && cmp >= 0 || f.Key == "$lt" && cmp < 0 || f.Key == "$lte" && cmp <= 0 {
					ok = true
				}
			}
		case "$in", "$nin":
			for _, e := range v.Elems() {
				if bfEq(reached, e) {
					ok = true
				}
			}
			if f.Key == "$nin" {
				ok = !ok
			}
		case "$exists":
			ok = (len(reached) > 0) == v.Bool()
		case "$not":
			ok = !bfOps(reached, v)
		default:
			panic("generator made an unknown operator " + f.Key)
		}
		if !ok {
			return false
		}
	}
	return true
}

func bfMatch(filter Value, id uuid.UUID, doc Value) bool {
	for _, f := range filter.Fields() {
		var ok bool
		switch f.Key {
		case "$and":
			ok = true
			for _, e := range f.Value.Elems() {
				ok = ok && bfMatch(e, id, doc)
			}
		case "$or":
			for _, e := range f.Value.Elems() {
				ok = ok || bfMatch(e, id, doc)
			}
		case "$not":
			ok = !bfMatch(f.Value, id, doc)
		default:
			reached := bfReach(id, doc, f.Key)
			if bfIsOperatorObject(f.Value) {
				ok = bfOps(reached, f.Value)
			} else {
				ok = bfEq(reached, f.Value)
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// bfSortValue: the smallest (largest) reached value, arrays taken element
// by element one level deep; null when there is none (§9.7).
func bfSortValue(id uuid.UUID, doc Value, path string, desc bool) Value {
	var vals []Value
	for _, r := range bfReach(id, doc, path) {
		if r.Kind() == KindArray {
			vals = append(vals, r.Elems()...)
		} else {
			vals = append(vals, r)
		}
	}
	if len(vals) == 0 {
		return Null()
	}
	best := vals[0]
	for _, v := range vals[1:] {
		if c := Compare(v, best); desc && c > 0 || !desc && c < 0 {
			best = v
		}
	}
	return best
}

func bfSort(docs []Document, keys []SortKey) {
	slices.SortFunc(docs, func(a, b Document) int {
		for _, k := range keys {
			c := Compare(bfSortValue(a.ID, a.Value, k.Path, k.Desc), bfSortValue(b.ID, b.Value, k.Path, k.Desc))
			if k.Desc {
				c = -c
			}
			if c != 0 {
				return c
			}
		}
		return bytes.Compare(a.ID[:], b.ID[:])
	})
}

// bfProject applies a projection object (§9.6, §9.7) the simple way: with
// lists of split paths.
func bfProject(spec Value, doc Value) Value {
	var paths [][]string
	include := true
	for _, f := range spec.Fields() {
		keep := f.Value.Kind() == KindBool && f.Value.Bool() || f.Value.Kind() == KindInt && f.Value.Int() == 1 ||
			f.Value.Kind() == KindFloat && f.Value.Float() == 1
		if f.Key == "_id" {
			if len(spec.Fields()) == 1 {
				include = keep
			}
			continue
		}
		include = keep
		if segs := strings.Split(f.Key, "."); segs[0] != "_id" {
			paths = append(paths, segs)
		}
	}
	if doc.Kind() != KindObject {
		if include {
			return Object()
		}
		return doc
	}
	return bfProjectIn(doc, paths, include)
}

func bfProjectIn(v Value, paths [][]string, include bool) Value {
	// applicable returns the paths applying below a member, and whether
	// one of them ends at it.
	applicable := func(sub [][]string) (rest [][]string, whole bool) {
		for _, p := range sub {
			if len(p) == 1 {
				whole = true
			} else {
				rest = append(rest, p[1:])
			}
		}
		return rest, whole
	}
	isContainer := func(v Value) bool { return v.Kind() == KindObject || v.Kind() == KindArray }
	if v.Kind() == KindObject {
		var fs []Field
		for _, f := range v.Fields() {
			var sub [][]string
			for _, p := range paths {
				if p[0] == f.Key {
					sub = append(sub, p)
				}
			}
			rest, whole := applicable(sub)
			switch {
			case len(sub) == 0:
				if !include {
					fs = append(fs, f)
				}
			case whole:
				if include {
					fs = append(fs, f)
				}
			case isContainer(f.Value):
				fs = append(fs, Field{Key: f.Key, Value: bfProjectIn(f.Value, rest, include)})
			default:
				if !include {
					fs = append(fs, f)
				}
			}
		}
		return Object(fs...)
	}
	var es []Value
	for i, e := range v.Elems() {
		var walk, sel [][]string
		for _, p := range paths {
			if n, ok := bfIsIndex(p[0]); ok {
				if n == i {
					sel = append(sel, p)
				}
			} else {
				walk = append(walk, p)
			}
		}
		rest, whole := applicable(sel)
		switch {
		case whole:
			if include {
				es = append(es, e)
			}
		case isContainer(e):
			es = append(es, bfProjectIn(e, append(walk, rest...), include))
		default:
			if !include {
				es = append(es, e)
			}
		}
	}
	return Array(es...)
}

// bfFind evaluates a whole query.
func bfFind(docs map[uuid.UUID]Value, filter Value, keys []SortKey, skip, limit int, proj Value) []Document {
	var out []Document
	for id, d := range docs {
		if bfMatch(filter, id, d) {
			out = append(out, Document{ID: id, Value: d})
		}
	}
	bfSort(out, keys)
	out = out[min(skip, len(out)):]
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	if proj.Kind() == KindObject && proj.Len() > 0 {
		for i := range out {
			out[i].Value = bfProject(proj, out[i].Value)
		}
	}
	return out
}

// bfExpectedPlan is the plan kind the planner must choose (plan.go's rules
// restated).
func bfExpectedPlan(filter Value, keys []SortKey, indexed []string) string {
	var conj []Field
	var walk func(f Value)
	walk = func(f Value) {
		for _, e := range f.Fields() {
			switch e.Key {
			case "$and":
				for _, x := range e.Value.Elems() {
					walk(x)
				}
			case "$or", "$not":
			default:
				conj = append(conj, e)
			}
		}
	}
	walk(filter)
	usable := func(op string, v Value) bool {
		switch op {
		case "$eq":
			return v.Kind() != KindArray
		case "$in":
			for _, e := range v.Elems() {
				if e.Kind() == KindArray {
					return false
				}
			}
			return true
		case "$gt", "$lt":
			return v.Kind() != KindArray && v.Kind() != KindNull
		case "$gte", "$lte":
			return v.Kind() != KindArray
		case "$exists":
			return !v.Bool()
		}
		return false
	}
	idBound, index := false, false
	for _, c := range conj {
		isID := strings.Split(c.Key, ".")[0] == "_id"
		ops := []Field{{Key: "$eq", Value: c.Value}}
		if bfIsOperatorObject(c.Value) {
			ops = c.Value.Fields()
		}
		for _, op := range ops {
			switch {
			case c.Key == "_id":
				if slices.Contains([]string{"$eq", "$in", "$gt", "$gte", "$lt", "$lte"}, op.Key) {
					idBound = true
				}
			case !isID && slices.Contains(indexed, c.Key) && usable(op.Key, op.Value):
				index = true
			}
		}
	}
	switch {
	case idBound:
		return PlanKeyRange
	case index:
		return PlanIndex
	}
	if len(keys) > 0 && strings.Split(keys[0].Path, ".")[0] != "_id" && slices.Contains(indexed, keys[0].Path) {
		return PlanIndex
	}
	return PlanScan
}

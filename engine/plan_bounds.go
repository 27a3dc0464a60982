package engine

// Index bounds: which entries of a secondary index can belong to documents
// a condition matches (REPL.md §9.7).
//
// Entries are "value key ‖ 16-byte document key" (index.go); the value key
// is appendIndexKey's order-preserving encoding, cut to maxIndexValueKey
// bytes (and flagged) when longer. Full value keys are prefix-free, so the
// entries of one value are contiguous and value keys compare like values.
// A cut key T stands for some value whose full key extends T; a scan
// therefore treats flagged entries as possible members of a range whenever
// some extension of T could be in it, and the full filter, always
// evaluated on the fetched document, settles the matter.
//
// A condition narrows the candidates only when every document it matches
// has an entry in its bounds:
//
//   - $eq v (and literals) for a v that is not an array: the entries of v
//     (a reached value equal to v is itself an entry, or an array whose
//     element is); a null v also takes the "no value" entries;
//   - $in: the union of its elements' entries (no array element);
//   - $gt/$gte/$lt/$lte v for a v that is not an array (null operands
//     are compiled away): the entries of v's class on the right side of v;
//   - $exists: false: the "no value" entries.
//
// An array operand matches a reached array equal to it, which is not an
// entry (arrays are indexed element by element), so it never uses an
// index. Bounds of several conditions are never intersected: on a
// multikey path two conditions may hold through different elements.

import (
	"bytes"
	"slices"
)

// keyBound is one end of a value-key interval; a nil key is unbounded.
type keyBound struct {
	key  []byte
	incl bool
}

// indexBounds are the entries of one index a scan visits: a sorted list of
// distinct exact value keys (points), or one interval [lo, hi].
type indexBounds struct {
	ix       *indexMeta
	isPoints bool
	points   [][]byte // cut to maxIndexValueKey
	lo, hi   keyBound
	lower    bool  // an interval bounded by its operand from below ($gt, $gte)
	display  Value // the bounds as Explain shows them
}

// cutKey returns k cut to the length index entries keep.
func cutKey(k []byte) []byte {
	if len(k) > maxIndexValueKey {
		return k[:maxIndexValueKey]
	}
	return k
}

// classBounds returns the value keys at which v's class starts and ends
// (the first tag byte of the class, and the one after it).
func classBounds(v Value) (start, end []byte) {
	switch v.Kind() {
	case KindBool:
		return []byte{keyFalse}, []byte{keyTrue + 1}
	case KindInt, KindFloat:
		return []byte{keyNumber}, []byte{keyNumber + 1}
	case KindString:
		return []byte{keyString}, []byte{keyString + 1}
	case KindBytes:
		return []byte{keyBytes}, []byte{keyBytes + 1}
	case KindRef:
		return []byte{keyRef}, []byte{keyRef + 1}
	case KindObject:
		return []byte{keyObject}, []byte{keyObject + 1}
	}
	return []byte{keyNull}, []byte{keyNull + 1}
}

// pointKeys returns the value keys an equality with v visits.
func pointKeys(v Value) [][]byte {
	if v.Kind() == KindNull {
		return [][]byte{{noValueKey}, {keyNull}}
	}
	return [][]byte{cutKey(appendIndexKey(nil, v))}
}

func boundObject(k string, v Value) Value { return Object(Field{Key: k, Value: v}) }

// boundsFor returns the bounds of one operator on ix's path; ok is false
// when the operator cannot narrow the candidates.
func boundsFor(ix *indexMeta, op *fieldOp) (b indexBounds, ok bool) {
	b.ix = ix
	switch op.kind {
	case opEq:
		if op.val.Kind() == KindArray {
			return b, false
		}
		b.isPoints, b.points = true, pointKeys(op.val)
		b.display = Array(boundObject("eq", op.val))
		return b, true
	case opIn:
		type pt struct {
			key []byte
			v   Value
		}
		var pts []pt
		for _, v := range op.list {
			if v.Kind() == KindArray {
				return b, false
			}
			pts = append(pts, pt{key: appendIndexKey(nil, v), v: v})
		}
		slices.SortStableFunc(pts, func(a, b pt) int { return bytes.Compare(a.key, b.key) })
		var shown []Value
		for i, p := range pts {
			if i > 0 && bytes.Equal(p.key, pts[i-1].key) {
				continue
			}
			shown = append(shown, boundObject("eq", p.v))
			b.points = append(b.points, pointKeys(p.v)...)
		}
		slices.SortFunc(b.points, bytes.Compare)
		b.points = slices.CompactFunc(b.points, bytes.Equal)
		b.isPoints = true
		b.display = arrayValue(shown)
		return b, true
	case opExists:
		if op.exists {
			return b, false
		}
		b.isPoints, b.points = true, [][]byte{{noValueKey}}
		b.display = Array(boundObject("exists", Bool(false)))
		return b, true
	case opGt, opGte, opLt, opLte:
		if op.val.Kind() == KindArray {
			return b, false
		}
		start, end := classBounds(op.val)
		k := appendIndexKey(nil, op.val)
		b.display = Array(boundObject(opName(op.kind), op.val))
		switch op.kind {
		case opGt, opGte:
			b.lo = keyBound{key: k, incl: op.kind == opGte}
			b.hi = keyBound{key: end}
			b.lower = true
		default:
			b.lo = keyBound{key: start, incl: true}
			b.hi = keyBound{key: k, incl: op.kind == opLte}
		}
		return b, true
	}
	return b, false
}

// inLow reports whether an entry with value key vk (cut when truncated)
// may be at or above the interval's low end.
func (b *indexBounds) inLow(vk []byte, truncated bool) bool {
	if b.lo.key == nil {
		return true
	}
	if truncated {
		return bytes.Compare(vk, cutKey(b.lo.key)) >= 0
	}
	c := bytes.Compare(vk, b.lo.key)
	return c > 0 || c == 0 && b.lo.incl
}

// inHigh reports whether an entry may be at or below the interval's high
// end. Once it fails, it fails for every later entry.
func (b *indexBounds) inHigh(vk []byte, truncated bool) bool {
	if b.hi.key == nil {
		return true
	}
	c := bytes.Compare(vk, b.hi.key)
	if truncated {
		return c < 0 // every extension of vk is above a key vk equals
	}
	return c < 0 || c == 0 && b.hi.incl
}

// contains reports whether an entry is one the bounds visit.
func (b *indexBounds) contains(vk []byte, truncated bool) bool {
	if b.isPoints {
		_, found := slices.BinarySearchFunc(b.points, vk, bytes.Compare)
		return found
	}
	return b.inLow(vk, truncated) && b.inHigh(vk, truncated)
}

// seekKey is where an interval scan starts.
func (b *indexBounds) seekKey() []byte {
	if b.lo.key == nil {
		return nil
	}
	return cutKey(b.lo.key)
}

// opName returns the name of a range operator as bounds show it.
func opName(k opKind) string {
	switch k {
	case opGt:
		return "gt"
	case opGte:
		return "gte"
	case opLt:
		return "lt"
	}
	return "lte"
}

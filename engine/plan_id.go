package engine

// Key ranges for conditions on "_id" (REPL.md §9.2).
//
// The path "_id" reaches the key as its canonical string (36 characters,
// lower-case hex, hyphens after the 8th, 12th, 16th and 20th digit). Those
// strings sort like the key bytes, so a condition comparing the key with a
// string selects one interval of keys: the bounds are the smallest
// canonical string at or above the operand (ceilCanonical) and the largest
// at or below it (floorCanonical), computed position by position over the
// fixed template of the canonical form. Conditions with an operand of
// another class, or an equality with a non-canonical string, select no key.

import (
	"bytes"
	"slices"

	"github.com/google/uuid"
)

// idInterval is an inclusive range of document keys.
type idInterval struct{ lo, hi uuid.UUID }

// idSet is a sorted list of disjoint, non-adjacent-overlapping intervals.
type idSet []idInterval

func allIDs() idSet { return idSet{{lo: uuid.UUID{}, hi: maxUUID}} }

func cmpID(a, b uuid.UUID) int { return bytes.Compare(a[:], b[:]) }

// idPoints returns the set of the given keys.
func idPoints(ids []uuid.UUID) idSet {
	slices.SortFunc(ids, cmpID)
	ids = slices.Compact(ids)
	s := make(idSet, len(ids))
	for i, id := range ids {
		s[i] = idInterval{lo: id, hi: id}
	}
	return s
}

// intersect returns the keys in both sets.
func (a idSet) intersect(b idSet) idSet {
	var out idSet
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		lo, hi := a[i].lo, a[i].hi
		if cmpID(b[j].lo, lo) > 0 {
			lo = b[j].lo
		}
		if cmpID(b[j].hi, hi) < 0 {
			hi = b[j].hi
		}
		if cmpID(lo, hi) <= 0 {
			out = append(out, idInterval{lo: lo, hi: hi})
		}
		if cmpID(a[i].hi, b[j].hi) < 0 {
			i++
		} else {
			j++
		}
	}
	return out
}

// idConstraint returns the keys an operator on "_id" allows; bounding is
// false for operators that do not bound the key ($ne, $nin, $exists,
// $not).
func idConstraint(op *fieldOp) (set idSet, bounding bool) {
	switch op.kind {
	case opEq:
		if id, ok := canonicalKey(op.val); ok {
			return idPoints([]uuid.UUID{id}), true
		}
		return nil, true
	case opIn:
		var ids []uuid.UUID
		for _, v := range op.list {
			if id, ok := canonicalKey(v); ok {
				ids = append(ids, id)
			}
		}
		return idPoints(ids), true
	case opGt, opGte, opLt, opLte:
		if op.val.Kind() != KindString {
			return nil, true
		}
		s := op.val.Str()
		iv := idInterval{hi: maxUUID}
		var ok bool
		switch op.kind {
		case opGt:
			iv.lo, ok = ceilCanonical(s, true)
		case opGte:
			iv.lo, ok = ceilCanonical(s, false)
		case opLt:
			iv.hi, ok = floorCanonical(s, true)
		default:
			iv.hi, ok = floorCanonical(s, false)
		}
		if !ok {
			return nil, true
		}
		return idSet{iv}, true
	case opNever:
		return nil, true
	}
	return nil, false
}

func canonicalKey(v Value) (uuid.UUID, bool) {
	if v.Kind() != KindString {
		return uuid.UUID{}, false
	}
	b, ok := parseCanonicalUUID(v.Str())
	return uuid.UUID(b), ok
}

const canonicalLen = 36

func isHyphenPos(i int) bool { return i == 8 || i == 13 || i == 18 || i == 23 }

// validCanonical reports whether c may stand at position i of a canonical
// UUID string.
func validCanonical(i int, c byte) bool {
	if isHyphenPos(i) {
		return c == '-'
	}
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f'
}

// minCanonical and maxCanonical are the smallest and largest characters at
// position i.
func minCanonical(i int) byte {
	if isHyphenPos(i) {
		return '-'
	}
	return '0'
}

func maxCanonical(i int) byte {
	if isHyphenPos(i) {
		return '-'
	}
	return 'f'
}

// nextCanonical returns the smallest valid character at i above c.
func nextCanonical(i int, c byte) (byte, bool) {
	if isHyphenPos(i) {
		return '-', c < '-'
	}
	switch {
	case c < '0':
		return '0', true
	case c < '9':
		return c + 1, true
	case c < 'a':
		return 'a', true
	case c < 'f':
		return c + 1, true
	}
	return 0, false
}

// prevCanonical returns the largest valid character at i below c.
func prevCanonical(i int, c byte) (byte, bool) {
	if isHyphenPos(i) {
		return '-', c > '-'
	}
	switch {
	case c > 'f':
		return 'f', true
	case c > 'a':
		return c - 1, true
	case c > '9':
		return '9', true
	case c > '0':
		return c - 1, true
	}
	return 0, false
}

// bumpCanonical turns buf[:i] (a valid canonical prefix) into the
// smallest canonical string whose first i characters are above it (up) or
// the largest whose first i characters are below it (down).
func bumpCanonical(buf *[canonicalLen]byte, i int, up bool) bool {
	for j := i - 1; j >= 0; j-- {
		if isHyphenPos(j) {
			continue
		}
		var c byte
		var ok bool
		if up {
			c, ok = nextCanonical(j, buf[j])
		} else {
			c, ok = prevCanonical(j, buf[j])
		}
		if ok {
			buf[j] = c
			fillCanonical(buf, j+1, !up)
			return true
		}
	}
	return false
}

// fillCanonical sets buf[from:] to the smallest (or, with largest, the
// largest) characters.
func fillCanonical(buf *[canonicalLen]byte, from int, largest bool) {
	for k := from; k < canonicalLen; k++ {
		if largest {
			buf[k] = maxCanonical(k)
		} else {
			buf[k] = minCanonical(k)
		}
	}
}

func canonicalToKey(buf *[canonicalLen]byte) uuid.UUID {
	b, _ := parseCanonicalUUID(string(buf[:]))
	return uuid.UUID(b)
}

// ceilCanonical returns the smallest key whose canonical string is >= s
// (> s when strict); ok is false when there is none.
func ceilCanonical(s string, strict bool) (uuid.UUID, bool) {
	var buf [canonicalLen]byte
	for i := 0; i < canonicalLen; i++ {
		if i == len(s) {
			// s is a proper prefix: the smallest extension is above it.
			fillCanonical(&buf, i, false)
			return canonicalToKey(&buf), true
		}
		c := s[i]
		if validCanonical(i, c) {
			buf[i] = c
			continue
		}
		if nc, ok := nextCanonical(i, c); ok {
			buf[i] = nc
			fillCanonical(&buf, i+1, false)
			return canonicalToKey(&buf), true
		}
		if !bumpCanonical(&buf, i, true) {
			return uuid.UUID{}, false
		}
		return canonicalToKey(&buf), true
	}
	// The first 36 characters are canonical: s itself, or a longer string
	// that sorts above them.
	if len(s) > canonicalLen || strict {
		if !bumpCanonical(&buf, canonicalLen, true) {
			return uuid.UUID{}, false
		}
	}
	return canonicalToKey(&buf), true
}

// floorCanonical returns the largest key whose canonical string is <= s
// (< s when strict); ok is false when there is none.
func floorCanonical(s string, strict bool) (uuid.UUID, bool) {
	var buf [canonicalLen]byte
	for i := 0; i < canonicalLen; i++ {
		if i == len(s) {
			// Every canonical string extending s is above it.
			if !bumpCanonical(&buf, i, false) {
				return uuid.UUID{}, false
			}
			return canonicalToKey(&buf), true
		}
		c := s[i]
		if validCanonical(i, c) {
			buf[i] = c
			continue
		}
		if pc, ok := prevCanonical(i, c); ok {
			buf[i] = pc
			fillCanonical(&buf, i+1, true)
			return canonicalToKey(&buf), true
		}
		if !bumpCanonical(&buf, i, false) {
			return uuid.UUID{}, false
		}
		return canonicalToKey(&buf), true
	}
	// A longer s sorts above its canonical prefix, which is then <= s.
	if len(s) == canonicalLen && strict {
		if !bumpCanonical(&buf, canonicalLen, false) {
			return uuid.UUID{}, false
		}
	}
	return canonicalToKey(&buf), true
}

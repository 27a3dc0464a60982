package engine

// The total order of values (REPL.md §9.4) and equality (§9.3).
//
// Classes, lowest first: null < bool < numbers < strings < bytes <
// references < arrays < objects. Numbers compare by exact mathematical value
// across int64 and float64 (no rounding through float64, -0.0 = 0); strings
// and bytes by their bytes; references by collection name bytes, then UUID
// bytes; arrays element by element and objects key then value pair by pair
// in written order, a shorter prefix first. Equal(a, b) is Compare(a, b) == 0.

import (
	"math"
	"strings"
)

// typeClass returns the rank of v's class in the total order.
func typeClass(k Kind) int {
	switch k {
	case KindNull:
		return 0
	case KindBool:
		return 1
	case KindInt, KindFloat:
		return 2
	case KindString:
		return 3
	case KindBytes:
		return 4
	case KindRef:
		return 5
	case KindArray:
		return 6
	case KindObject:
		return 7
	}
	return 8
}

// SameClass reports whether a and b are of the same class of the total
// order (both numbers, both strings, …), as the range operators require.
func SameClass(a, b Value) bool { return typeClass(a.kind) == typeClass(b.kind) }

// Compare returns -1, 0 or +1 as a sorts before, with or after b in the
// total order of REPL.md §9.4.
func Compare(a, b Value) int {
	ca, cb := typeClass(a.kind), typeClass(b.kind)
	if ca != cb {
		return cmpInt(ca, cb)
	}
	switch a.kind {
	case KindNull:
		return 0
	case KindBool:
		return cmpInt(int(a.num), int(b.num))
	case KindInt, KindFloat:
		return compareNumbers(a, b)
	case KindString, KindBytes:
		return strings.Compare(a.str(), b.str())
	case KindRef:
		if c := strings.Compare(a.RefCollection(), b.RefCollection()); c != 0 {
			return c
		}
		as, bs := a.str(), b.str()
		return strings.Compare(as[len(as)-uuidLen:], bs[len(bs)-uuidLen:])
	case KindArray:
		ae, be := a.elems(), b.elems()
		for i := 0; i < len(ae) && i < len(be); i++ {
			if c := Compare(ae[i], be[i]); c != 0 {
				return c
			}
		}
		return cmpInt(len(ae), len(be))
	case KindObject:
		af, bf := a.fields(), b.fields()
		for i := 0; i < len(af) && i < len(bf); i++ {
			if c := strings.Compare(af[i].Key, bf[i].Key); c != 0 {
				return c
			}
			if c := Compare(af[i].Value, bf[i].Value); c != 0 {
				return c
			}
		}
		return cmpInt(len(af), len(bf))
	}
	return 0
}

// Equal reports whether a and b are equal values (REPL.md §9.3): numbers of
// the same mathematical value (30 == 30.0, -0.0 == 0), identical strings,
// bytes, booleans and references, arrays and objects equal element by
// element (objects with the same keys in the same order). It agrees with
// Compare(a, b) == 0.
func Equal(a, b Value) bool {
	if a.kind != b.kind {
		if typeClass(a.kind) == 2 && typeClass(b.kind) == 2 {
			return compareNumbers(a, b) == 0
		}
		return false
	}
	switch a.kind {
	case KindNull:
		return true
	case KindBool, KindInt:
		return a.num == b.num
	case KindFloat:
		return math.Float64frombits(a.num) == math.Float64frombits(b.num)
	case KindString, KindBytes, KindRef:
		return a.num == b.num && a.str() == b.str()
	case KindArray:
		if a.num != b.num {
			return false
		}
		be := b.elems()
		for i, e := range a.elems() {
			if !Equal(e, be[i]) {
				return false
			}
		}
		return true
	case KindObject:
		if a.num != b.num {
			return false
		}
		bf := b.fields()
		for i, f := range a.fields() {
			if f.Key != bf[i].Key || !Equal(f.Value, bf[i].Value) {
				return false
			}
		}
		return true
	}
	return false
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// compareNumbers compares two int or float values by exact mathematical
// value.
func compareNumbers(a, b Value) int {
	switch {
	case a.kind == KindInt && b.kind == KindInt:
		x, y := int64(a.num), int64(b.num)
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
	case a.kind == KindInt:
		return compareIntFloat(int64(a.num), math.Float64frombits(b.num))
	case b.kind == KindInt:
		return -compareIntFloat(int64(b.num), math.Float64frombits(a.num))
	}
	x, y := math.Float64frombits(a.num), math.Float64frombits(b.num)
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0 // equal, -0.0 = 0; NaN (never stored) compares equal to everything
}

// twoTo63 is 2^63 as a float64.
const twoTo63 = 1 << 63

// compareIntFloat compares i with a finite f exactly.
func compareIntFloat(i int64, f float64) int {
	switch {
	case math.IsNaN(f):
		return 0
	case f >= twoTo63:
		return -1
	case f < -twoTo63:
		return 1
	}
	// -2^63 <= f < 2^63, so its integer part converts to int64 exactly.
	t := math.Trunc(f)
	ti := int64(t)
	switch {
	case i < ti:
		return -1
	case i > ti:
		return 1
	case f > t:
		return -1 // i == trunc(f) < f
	case f < t:
		return 1
	}
	return 0
}

package engine

import (
	"bytes"
	"math"
	"math/big"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/google/uuid"
)

// ascending lists values in strictly increasing order of REPL.md §9.4.
func ascendingValues() []Value {
	id0 := uuid.UUID{}
	id1 := uuid.UUID{15: 1}
	idF := uuid.UUID{0: 0xff}
	return []Value{
		Null(),
		Bool(false),
		Bool(true),
		Float(-math.MaxFloat64),
		floatBelow(math.MinInt64),
		Int(math.MinInt64),
		Int(math.MinInt64 + 1),
		Int(-(1 << 53) - 1),
		Float(-(1 << 53)),
		Int(-1),
		Float(-0.5),
		Int(0),
		Float(math.SmallestNonzeroFloat64),
		Float(0.5),
		Int(1),
		Float(1.5),
		Int(30),
		Float(1 << 53),
		Int(1<<53 + 1),
		Float(1<<53 + 2),
		Int(math.MaxInt64 - 1),
		Int(math.MaxInt64),
		Float(1 << 63),
		Float(math.MaxFloat64),
		String(""),
		String("Z"),
		String("a"),
		String("a\x00"),
		String("a\x00b"),
		String("ab"),
		String("b"),
		String("é"),
		Bytes(nil),
		Bytes([]byte{0}),
		Bytes([]byte{0xff}),
		Ref("a", idF),
		Ref("ab", id0),
		Ref("b", id0),
		Ref("b", id1),
		Array(),
		Array(Null()),
		Array(Int(1)),
		Array(Int(1), Int(2)),
		Array(Int(1), String("")),
		Array(Int(2)),
		Array(Object()),
		Object(),
		Object(Field{"", Null()}),
		Object(Field{"a", Int(1)}),
		Object(Field{"a", Int(1)}, Field{"b", Int(0)}),
		Object(Field{"a", Float(1.5)}),
		Object(Field{"a", Array()}),
		Object(Field{"b", Int(0)}),
	}
}

// floatBelow returns the largest float below the integer i.
func floatBelow(i int64) Value {
	f, _ := floorFloat(i)
	return Float(math.Nextafter(f, math.Inf(-1)))
}

func TestCompareAscending(t *testing.T) {
	vs := ascendingValues()
	for i, a := range vs {
		for j, b := range vs {
			want := cmpInt(i, j)
			if got := Compare(a, b); got != want {
				t.Errorf("Compare(%s, %s) = %d, want %d", a, b, got, want)
			}
			if got := Equal(a, b); got != (i == j) {
				t.Errorf("Equal(%s, %s) = %v", a, b, got)
			}
		}
	}
}

func TestCompareEqualNumbers(t *testing.T) {
	negZero := math.Copysign(0, -1)
	for _, tc := range []struct{ a, b Value }{
		{Int(30), Float(30)},
		{Float(negZero), Int(0)},
		{Float(negZero), Float(0)},
		{Int(math.MinInt64), Float(-(1 << 63))},
		{Int(1 << 53), Float(1 << 53)},
		{Array(Int(1), Int(2)), Array(Float(1), Float(2))},
		{Object(Field{"a", Int(3)}), Object(Field{"a", Float(3)})},
	} {
		if Compare(tc.a, tc.b) != 0 || Compare(tc.b, tc.a) != 0 || !Equal(tc.a, tc.b) || !Equal(tc.b, tc.a) {
			t.Errorf("%s and %s should be equal", tc.a, tc.b)
		}
	}
	for _, tc := range []struct{ lo, hi Value }{
		{Float(9007199254740992.0), Int(9007199254740993)},
		{Int(math.MaxInt64), Float(1 << 63)}, // float64(MaxInt64) rounds to 2^63
		{Float(-(1 << 63)), Int(math.MinInt64 + 1)},
		{Object(Field{"a", Int(1)}, Field{"b", Int(2)}), Object(Field{"b", Int(2)}, Field{"a", Int(1)})},
	} {
		if Compare(tc.lo, tc.hi) != -1 || Compare(tc.hi, tc.lo) != 1 || Equal(tc.lo, tc.hi) {
			t.Errorf("want %s < %s", tc.lo, tc.hi)
		}
	}
}

func TestSameClass(t *testing.T) {
	if !SameClass(Int(1), Float(2)) || SameClass(Int(1), String("1")) || SameClass(Null(), Bool(false)) ||
		!SameClass(Array(), Array(Int(1))) || SameClass(String(""), Bytes(nil)) {
		t.Error("SameClass misclassifies")
	}
}

// modelCompare is a deliberately simple model of §9.4: numbers compared as
// exact rationals with math/big.
func modelCompare(a, b Value) int {
	class := map[Kind]int{KindNull: 0, KindBool: 1, KindInt: 2, KindFloat: 2, KindString: 3, KindBytes: 4, KindRef: 5, KindArray: 6, KindObject: 7}
	if c := class[a.Kind()] - class[b.Kind()]; c != 0 {
		return signum(c)
	}
	switch a.Kind() {
	case KindBool:
		return signum(boolInt(a.Bool()) - boolInt(b.Bool()))
	case KindInt, KindFloat:
		return exactRat(a).Cmp(exactRat(b))
	case KindString:
		return bytes.Compare([]byte(a.Str()), []byte(b.Str()))
	case KindBytes:
		return bytes.Compare(a.BytesValue(), b.BytesValue())
	case KindRef:
		if c := bytes.Compare([]byte(a.RefCollection()), []byte(b.RefCollection())); c != 0 {
			return c
		}
		ai, bi := a.RefID(), b.RefID()
		return bytes.Compare(ai[:], bi[:])
	case KindArray:
		for i := 0; i < a.Len() && i < b.Len(); i++ {
			if c := modelCompare(a.Index(i), b.Index(i)); c != 0 {
				return c
			}
		}
		return signum(a.Len() - b.Len())
	case KindObject:
		af, bf := a.Fields(), b.Fields()
		for i := 0; i < len(af) && i < len(bf); i++ {
			if c := bytes.Compare([]byte(af[i].Key), []byte(bf[i].Key)); c != 0 {
				return c
			}
			if c := modelCompare(af[i].Value, bf[i].Value); c != 0 {
				return c
			}
		}
		return signum(len(af) - len(bf))
	}
	return 0
}

func exactRat(v Value) *big.Rat {
	if v.Kind() == KindInt {
		return new(big.Rat).SetInt64(v.Int())
	}
	return new(big.Rat).SetFloat64(v.Float())
}

func signum(x int) int {
	switch {
	case x < 0:
		return -1
	case x > 0:
		return 1
	}
	return 0
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func TestCompareRandomAgainstModel(t *testing.T) {
	r := rand.New(rand.NewPCG(valueTestSeed(t), 5))
	var vs []Value
	for i := 0; i < valueIterations(20000); i++ {
		a, b := genRandomValue(r, 3, valueGenOptions{maxLen: 3}), genRandomValue(r, 3, valueGenOptions{maxLen: 3})
		if i%3 == 0 {
			b = perturbValue(r, a) // near-equal pairs are the interesting ones
		}
		c := Compare(a, b)
		if m := modelCompare(a, b); c != m {
			t.Fatalf("Compare(%s, %s) = %d, model says %d", a, b, c, m)
		}
		if Compare(b, a) != -c {
			t.Fatalf("Compare is not antisymmetric on %s, %s", a, b)
		}
		if Equal(a, b) != (c == 0) {
			t.Fatalf("Equal(%s, %s) = %v but Compare = %d", a, b, Equal(a, b), c)
		}
		if len(vs) < 300 {
			vs = append(vs, a)
		}
	}
	// Transitivity: after sorting, every earlier value is ≤ every later one.
	slices.SortFunc(vs, Compare)
	for i := range vs {
		for j := i + 1; j < len(vs); j++ {
			if Compare(vs[i], vs[j]) > 0 {
				t.Fatalf("order not transitive: %s sorted before %s", vs[i], vs[j])
			}
		}
	}
}

// perturb returns a value close to v: the same, a number of the other kind,
// or one element or field changed.
func perturbValue(r *rand.Rand, v Value) Value {
	switch v.Kind() {
	case KindInt:
		switch r.IntN(3) {
		case 0:
			return Float(float64(v.Int()))
		case 1:
			return Int(v.Int() + int64(r.IntN(3)) - 1)
		}
	case KindFloat:
		f := v.Float()
		if f >= -(1<<63) && f < 1<<63 && r.IntN(2) == 0 {
			return Int(int64(f))
		}
		if g := math.Nextafter(f, math.Inf(2*r.IntN(2)-1)); !math.IsInf(g, 0) {
			return Float(g)
		}
	case KindArray:
		es := slices.Clone(v.Elems())
		if len(es) > 0 {
			i := r.IntN(len(es))
			es[i] = perturbValue(r, es[i])
		}
		return Array(es...)
	case KindObject:
		fs := slices.Clone(v.Fields())
		if len(fs) > 0 {
			i := r.IntN(len(fs))
			fs[i].Value = perturbValue(r, fs[i].Value)
		}
		return Object(fs...)
	}
	return v
}

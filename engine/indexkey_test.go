package engine

import (
	"bytes"
	"math"
	"math/rand/v2"
	"testing"
)

func indexKeyOf(v Value) []byte { return appendIndexKey(nil, v) }

// checkKeyOrder fails unless the keys of a and b order as Compare does.
func checkKeyOrder(t testing.TB, a, b Value) {
	t.Helper()
	ka, kb := indexKeyOf(a), indexKeyOf(b)
	if got, want := bytes.Compare(ka, kb), Compare(a, b); got != want {
		t.Fatalf("keys of %s and %s compare %d, values %d\n% x\n% x", a, b, got, want, ka, kb)
	}
}

func TestIndexKeyAscending(t *testing.T) {
	vs := ascendingValues()
	for _, a := range vs {
		for _, b := range vs {
			checkKeyOrder(t, a, b)
		}
	}
}

// indexKeyEdgeCases are values at the edges of the number and string encodings.
func indexKeyEdgeCases() []Value {
	var vs []Value
	for _, i := range valueEdgeInts {
		for d := int64(-2); d <= 2; d++ {
			vs = append(vs, Int(i+d))
		}
	}
	for _, f := range valueEdgeFloats {
		vs = append(vs, Float(f), Float(-f), Float(math.Nextafter(f, math.Inf(1))), Float(math.Nextafter(f, math.Inf(-1))))
	}
	vs = append(vs, Float(1e-300), Float(-1e-300), Float(math.SmallestNonzeroFloat64*2))
	for _, s := range []string{"", "\x00", "\x00\x00", "\x00\x01", "\x00\xff", "\x01", "a", "a\x00", "a\x00\x00",
		"a\x00b", "a\x01", "a\xff", "ab", "abc", "b", "\xff", "\xff\xff"} {
		vs = append(vs, String(s), Bytes([]byte(s)))
	}
	vs = append(vs,
		Array(String("a")), Array(String("a"), Null()), Array(String("a\x00")), Array(String("")),
		Array(Array()), Array(Array(), Null()), Array(Array(Null())),
		Object(Field{"", Null()}), Object(Field{"\x00", Null()}), Object(Field{"a", Null()}),
		Object(Field{"a", Null()}, Field{"b", Null()}), Object(Field{"a\x00", Null()}),
		Array(Object(), Int(5)), Array(Object(Field{"", Int(1)})),
		Ref("a", [16]byte{}), Ref("a", [16]byte{15: 1}), Ref("ab", [16]byte{}), Ref("a_", [16]byte{0: 0xff}),
	)
	return vs
}

func TestIndexKeyEdgeCases(t *testing.T) {
	vs := indexKeyEdgeCases()
	for _, a := range vs {
		for _, b := range vs {
			checkKeyOrder(t, a, b)
		}
	}
}

func TestIndexKeyEqualValuesShareKeys(t *testing.T) {
	for _, tc := range []struct{ a, b Value }{
		{Int(30), Float(30)},
		{Int(0), Float(math.Copysign(0, -1))},
		{Float(0), Float(math.Copysign(0, -1))},
		{Int(math.MinInt64), Float(-(1 << 63))},
		{Array(Int(1)), Array(Float(1))},
	} {
		if !bytes.Equal(indexKeyOf(tc.a), indexKeyOf(tc.b)) {
			t.Errorf("%s and %s have different keys", tc.a, tc.b)
		}
	}
}

func TestNoValueKeySortsFirst(t *testing.T) {
	nv := []byte{noValueKey}
	for _, v := range append(ascendingValues(), indexKeyEdgeCases()...) {
		k := indexKeyOf(v)
		if bytes.Compare(nv, k) >= 0 || k[0] == noValueKey {
			t.Fatalf("no-value key does not sort strictly before %s (% x)", v, k)
		}
	}
}

func TestFloorFloat(t *testing.T) {
	for _, base := range valueEdgeInts {
		for d := int64(-3); d <= 3; d++ {
			i := base + d
			f, r := floorFloat(i)
			if compareIntFloat(i, f) < 0 || r >= 1024 {
				t.Fatalf("floorFloat(%d) = %v, %d: above the integer or remainder too large", i, f, r)
			}
			if up := math.Nextafter(f, math.Inf(1)); compareIntFloat(i, up) >= 0 {
				t.Fatalf("floorFloat(%d) = %v is not the largest float below", i, f)
			}
			if int64(f)+int64(r) != i {
				t.Fatalf("floorFloat(%d) = %v + %d", i, f, r)
			}
		}
	}
}

func TestIndexKeyRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(valueTestSeed(t), 6))
	for i := 0; i < valueIterations(20000); i++ {
		a := genRandomValue(r, 3, valueGenOptions{maxLen: 3})
		b := genRandomValue(r, 3, valueGenOptions{maxLen: 3})
		if i%2 == 0 {
			b = perturbValue(r, a)
		}
		checkKeyOrder(t, a, b)
	}
}

func TestIndexKeyAppends(t *testing.T) {
	if k := appendIndexKey([]byte("p"), Null()); string(k) != "p\x02" {
		t.Fatalf("appendIndexKey with a prefix = % x", k)
	}
}

func FuzzIndexKeyOrder(f *testing.F) {
	f.Add([]byte{2, 0x80, 7}, []byte{3, 1, 2, 3, 4, 5, 6, 7, 8})
	f.Add([]byte{5 | 0x20, 'a', 0}, []byte{5 | 0x10, 'a'})
	f.Add([]byte{8 | 0x20, 2, 1, 5 | 0x10, 0}, []byte{8 | 0x20, 2, 1})
	f.Add([]byte{9 | 0x50, 0, 1, 2}, []byte{9 | 0x50, 0, 1})
	f.Add([]byte{4, 1, 2, 3}, []byte{2, 0xa0, 1, 2, 3})
	f.Fuzz(func(t *testing.T, x, y []byte) {
		a, _ := valueFromFuzz(x)
		b, _ := valueFromFuzz(y)
		checkKeyOrder(t, a, b)
		if Equal(a, b) != bytes.Equal(indexKeyOf(a), indexKeyOf(b)) {
			t.Fatalf("Equal(%s, %s) = %v disagrees with key equality", a, b, Equal(a, b))
		}
	})
}

package engine

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"testing"
)

// keepFields is the object v restricted to the keys in keep, in order.
func keepFields(v Value, keep map[string]struct{}) Value {
	var fs []Field
	for _, f := range v.Fields() {
		if _, ok := keep[f.Key]; ok {
			fs = append(fs, f)
		}
	}
	if len(fs) == 0 {
		return Value{kind: KindObject}
	}
	return objectValue(fs)
}

// decodeFields agrees with a full decode followed by dropping the other
// fields, for random documents and random key sets; non-objects are left
// to the full decoder; prefixes of a valid encoding are refused.
func TestDecodeFieldsMatchesFullDecode(t *testing.T) {
	r := rand.New(rand.NewPCG(valueTestSeed(t), 7))
	for i := 0; i < valueIterations(5000); i++ {
		v := genRandomValue(r, 4, valueGenOptions{})
		if r.IntN(3) > 0 { // mostly objects, as documents are
			fs := []Field{}
			for _, k := range r.Perm(len(valueGenKeys))[:r.IntN(6)] {
				fs = append(fs, Field{Key: valueGenKeys[k], Value: genRandomValue(r, 3, valueGenOptions{})})
			}
			v = Object(fs...)
		}
		b := AppendEncoded(nil, v)
		keep := map[string]struct{}{}
		for _, k := range valueGenKeys {
			if r.IntN(3) == 0 {
				keep[k] = struct{}{}
			}
		}
		part, ok, err := decodeFields(b, keep)
		if err != nil {
			t.Fatalf("decodeFields(%s): %v", v, err)
		}
		if ok != (v.Kind() == KindObject) {
			t.Fatalf("decodeFields(%s): ok %v", v, ok)
		}
		if ok && !identicalValues(part, keepFields(v, keep)) {
			t.Fatalf("decodeFields(%s, %v) = %s, want %s", v, keep, part, keepFields(v, keep))
		}
		// (A prefix without the object tag is left to the full decoder.)
		if cut := 2 + r.IntN(len(b)); ok && cut < len(b) {
			if _, _, err := decodeFields(b[:cut], keep); !errors.Is(err, ErrCorrupt) {
				t.Fatalf("prefix %d of %d of %s: %v", cut, len(b), v, err)
			}
		}
	}
}

// FuzzDecodeFields: no input makes decodeFields panic or fail without
// ErrCorrupt, and on anything the full decoder accepts it agrees with it.
func FuzzDecodeFields(f *testing.F) {
	for _, v := range []Value{benchSmallDoc(), Object(), Int(3),
		Object(Field{Key: "a", Value: Array(Int(1), Object(Field{Key: "b", Value: String("x")}))}, Field{Key: "name", Value: Null()})} {
		f.Add(AppendEncoded(nil, v))
	}
	f.Add([]byte{1, 8, 1, 1, 'a', 7, 0xff, 0xff, 0xff, 0xff, 0x0f})
	keep := map[string]struct{}{"a": {}, "name": {}, "age": {}}
	f.Fuzz(func(t *testing.T, b []byte) {
		part, ok, err := decodeFields(b, keep)
		if err != nil && !errors.Is(err, ErrCorrupt) {
			t.Fatalf("error %v does not wrap ErrCorrupt", err)
		}
		full, ferr := DecodeValue(b)
		if ferr != nil {
			return
		}
		if err != nil {
			t.Fatalf("decodeFields refused what DecodeValue accepts (% x): %v", b, err)
		}
		if ok != (full.Kind() == KindObject) || ok && !identicalValues(part, keepFields(full, keep)) {
			t.Fatalf("decodeFields(% x) = %s, %v; full %s", b, part, ok, full)
		}
		if !bytes.Equal(AppendEncoded(nil, full), b) {
			t.Fatal("full decode does not round-trip")
		}
	})
}

package engine

import (
	"math"
	"testing"
	"unsafe"

	"github.com/google/uuid"
)

func TestValueSize(t *testing.T) {
	if got, want := unsafe.Sizeof(Value{}), 3*unsafe.Sizeof(uintptr(0)); got != want {
		t.Errorf("Value is %d bytes, want %d", got, want)
	}
}

func TestZeroValueIsNull(t *testing.T) {
	var v Value
	if v.Kind() != KindNull || !Equal(v, Null()) || v.String() != "null" {
		t.Errorf("zero Value: kind %v, text %s", v.Kind(), v)
	}
}

func TestScalarAccessors(t *testing.T) {
	id := uuid.MustParse("3df9dde6-1a2b-4c3d-8e9f-001122334455")
	tests := []struct {
		name string
		v    Value
		kind Kind
		b    bool
		i    int64
		f    float64
		s    string
		by   []byte
		n    int
		coll string
		id   uuid.UUID
	}{
		{name: "null", v: Null(), kind: KindNull},
		{name: "true", v: Bool(true), kind: KindBool, b: true},
		{name: "false", v: Bool(false), kind: KindBool},
		{name: "int", v: Int(-42), kind: KindInt, i: -42},
		{name: "int min", v: Int(math.MinInt64), kind: KindInt, i: math.MinInt64},
		{name: "float", v: Float(2.5), kind: KindFloat, f: 2.5},
		{name: "string", v: String("héllo"), kind: KindString, s: "héllo", n: 6},
		{name: "bytes", v: Bytes([]byte{0, 1, 2}), kind: KindBytes, by: []byte{0, 1, 2}, n: 3},
		{name: "ref", v: Ref("users", id), kind: KindRef, coll: "users", id: id},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v := tc.v
			if v.Kind() != tc.kind || v.Bool() != tc.b || v.Int() != tc.i || v.Float() != tc.f ||
				v.Str() != tc.s || string(v.BytesValue()) != string(tc.by) || v.Len() != tc.n ||
				v.RefCollection() != tc.coll || v.RefID() != tc.id {
				t.Errorf("accessors of %s: kind %v bool %v int %d float %g str %q bytes %v len %d coll %q id %v",
					v, v.Kind(), v.Bool(), v.Int(), v.Float(), v.Str(), v.BytesValue(), v.Len(), v.RefCollection(), v.RefID())
			}
			if v.Index(0).Kind() != KindNull || v.Elems() != nil || v.Fields() != nil {
				t.Errorf("%s: composite accessors should be empty", v)
			}
			if _, ok := v.Get("a"); ok {
				t.Errorf("%s: Get found a member", v)
			}
		})
	}
}

func TestFloatKeepsNegativeZero(t *testing.T) {
	v := Float(math.Copysign(0, -1))
	if !math.Signbit(v.Float()) {
		t.Error("-0.0 lost its sign")
	}
}

func TestBytesAreCopied(t *testing.T) {
	b := []byte("abc")
	v := Bytes(b)
	b[0] = 'x'
	if got := v.BytesValue(); string(got) != "abc" {
		t.Fatalf("Bytes aliased its input: %q", got)
	}
	out := v.BytesValue()
	out[0] = 'y'
	if string(v.BytesValue()) != "abc" {
		t.Error("BytesValue returned shared memory")
	}
}

func TestArray(t *testing.T) {
	in := []Value{Int(1), String("x"), Null()}
	v := Array(in...)
	in[0] = Int(9) // the array owns a copy
	if v.Kind() != KindArray || v.Len() != 3 || v.Index(0).Int() != 1 || v.Index(1).Str() != "x" {
		t.Fatalf("array: %s", v)
	}
	if v.Index(3).Kind() != KindNull || v.Index(-1).Kind() != KindNull {
		t.Error("out-of-range Index is not null")
	}
	if len(v.Elems()) != 3 || cap(v.Elems()) != 3 {
		t.Errorf("Elems len %d cap %d", len(v.Elems()), cap(v.Elems()))
	}
	if e := Array(); e.Kind() != KindArray || e.Len() != 0 || e.String() != "[]" {
		t.Errorf("empty array: %v %s", e.Kind(), e)
	}
}

func TestObjectKeepsOrderAndDedups(t *testing.T) {
	v := Object(
		Field{"b", Int(1)},
		Field{"a", Int(2)},
		Field{"b", Int(3)},
		Field{"c", Int(4)},
		Field{"a", Int(5)},
	)
	if got, want := v.String(), `{"b":3,"a":5,"c":4}`; got != want {
		t.Errorf("Object = %s, want %s", got, want)
	}
	if m, ok := v.Get("a"); !ok || m.Int() != 5 {
		t.Errorf("Get(a) = %s, %v", m, ok)
	}
	if _, ok := v.Get("z"); ok {
		t.Error("Get(z) found a member")
	}
	if v.Len() != 3 || len(v.Fields()) != 3 {
		t.Errorf("Len %d", v.Len())
	}
	if e := Object(); e.Kind() != KindObject || e.String() != "{}" {
		t.Errorf("empty object: %v %s", e.Kind(), e)
	}
}

func TestObjectDedupLarge(t *testing.T) {
	// More fields than the stack-only duplicate check handles.
	var fs []Field
	for i := 0; i < 3*smallObjectFields; i++ {
		fs = append(fs, Field{Key: string(rune('a' + i%100)), Value: Int(int64(i))})
	}
	v := Object(fs...)
	if v.Len() != 100 {
		t.Fatalf("Len = %d, want 100", v.Len())
	}
	for i, f := range v.Fields() {
		// Key i was last written at the largest j < 192 with j%100 == i.
		want := int64(i + 100)
		if i+100 >= 3*smallObjectFields {
			want = int64(i)
		}
		if f.Key != string(rune('a'+i)) || f.Value.Int() != want {
			t.Fatalf("field %d = %q:%s, want %q:%d", i, f.Key, f.Value, string(rune('a'+i)), want)
		}
	}
}

func TestKindString(t *testing.T) {
	want := []string{"null", "bool", "int", "float", "string", "bytes", "array", "object", "reference", "unknown"}
	for k := KindNull; k <= KindRef+1; k++ {
		if k.String() != want[k] {
			t.Errorf("Kind(%d).String() = %q, want %q", k, k.String(), want[k])
		}
	}
}

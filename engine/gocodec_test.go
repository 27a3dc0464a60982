package engine

import (
	"errors"
	"math"
	"reflect"
	"testing"
	"time"

	"github.com/google/uuid"
)

type codecInner struct {
	X int `json:"x"`
}

type CodecEmbedded struct {
	E      string
	Shadow int
}

type codecHidden struct {
	H int `grumpy:"h"`
}

type codecSample struct {
	Name     string `grumpy:"name"`
	Age      int    `json:"age,omitempty"`
	Skip     string `grumpy:"-"`
	JSONSkip string `json:"-"`
	Both     string `grumpy:"g" json:"j"`
	Empty    string `grumpy:",omitempty"`
	Ptr      *int
	In       codecInner
	private  int
	CodecEmbedded
	codecHidden
	Shadow string // shallower than CodecEmbedded.Shadow, so it wins
	ID     uuid.UUID
	Ref    Reference
	Val    Value
	Tags   []string `grumpy:"tags,omitempty"`
	Dash   int      `grumpy:"-,"`
	Any    any
	Map    map[string]float64
}

type codecNode struct {
	Next *codecNode
}

type selfPtr *selfPtr

type myString string

func TestValueOf(t *testing.T) {
	id := uuid.MustParse("3df9dde6-1a2b-4c3d-8e9f-001122334455")
	seven := 7
	pseven := &seven
	when := time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)
	sample := codecSample{
		Name: "ann", Skip: "s", JSONSkip: "j", Both: "b", Ptr: &seven, In: codecInner{X: 3}, private: 9,
		CodecEmbedded: CodecEmbedded{E: "e", Shadow: 1}, codecHidden: codecHidden{H: 4}, Shadow: "outer", ID: id,
		Ref: Reference{Collection: "users", ID: id}, Val: Array(Int(1)), Dash: 5, Any: []any{1.5},
		Map: map[string]float64{"z": 1, "a": 2},
	}
	v := Array(Int(1))
	tests := []struct {
		name string
		in   any
		want string
	}{
		{"nil", nil, `null`},
		{"nil pointer", (*int)(nil), `null`},
		{"nil interface slice", []any{nil}, `[null]`},
		{"bool", true, `true`},
		{"int", -3, `-3`},
		{"int8", int8(-128), `-128`},
		{"int16", int16(300), `300`},
		{"int32", int32(-70000), `-70000`},
		{"int64", int64(math.MinInt64), `-9223372036854775808`},
		{"uint8", uint8(200), `200`},
		{"uint16", uint16(65535), `65535`},
		{"uint32", uint32(math.MaxUint32), `4294967295`},
		{"uint", uint(5), `5`},
		{"uint64 max int", uint64(math.MaxInt64), `9223372036854775807`},
		{"uintptr", uintptr(8), `8`},
		{"float32", float32(0.5), `0.5`},
		{"float64", 2.0, `2.0`},
		{"string", "hé", `"hé"`},
		{"named string", myString("x"), `"x"`},
		{"bytes", []byte{1, 2, 3}, `"<3 bytes>"`},
		{"nil bytes", []byte(nil), `null`},
		{"byte array", [4]byte{1}, `"<4 bytes>"`},
		{"int slice", []int{1, 2}, `[1,2]`},
		{"empty slice", []int{}, `[]`},
		{"nil slice", []int(nil), `null`},
		{"array", [2]string{"a", "b"}, `["a","b"]`},
		{"any slice", []any{1, "x", nil, 2.5, false}, `[1,"x",null,2.5,false]`},
		{"map sorted", map[string]int{"b": 1, "a": 2, "é": 3, "Z": 4, "": 5}, `{"":5,"Z":4,"a":2,"b":1,"é":3}`},
		{"named key map", map[myString]bool{"k": true}, `{"k":true}`},
		{"nil map", map[string]int(nil), `null`},
		{"nested map", map[string]any{"x": map[string]any{"y": []any{1}}}, `{"x":{"y":[1]}}`},
		{"pointer", pseven, `7`},
		{"pointer to pointer", &pseven, `7`},
		{"uuid", id, `"3df9dde6-1a2b-4c3d-8e9f-001122334455"`},
		{"uuid pointer", &id, `"3df9dde6-1a2b-4c3d-8e9f-001122334455"`},
		{"reference", Reference{Collection: "users", ID: id}, `{"$ref":{"collection":"users","uuid":"3df9dde6-1a2b-4c3d-8e9f-001122334455"}}`},
		{"value", v, `[1]`},
		{"value pointer", &v, `[1]`},
		{"values in slice", []Value{Null(), String("s")}, `[null,"s"]`},
		{"text marshaler", when, `"2024-05-06T07:08:09Z"`},
		{"struct", sample, `{"name":"ann","g":"b","Ptr":7,"In":{"x":3},"E":"e","h":4,"Shadow":"outer",` +
			`"ID":"3df9dde6-1a2b-4c3d-8e9f-001122334455",` +
			`"Ref":{"$ref":{"collection":"users","uuid":"3df9dde6-1a2b-4c3d-8e9f-001122334455"}},` +
			`"Val":[1],"-":5,"Any":[1.5],"Map":{"a":2.0,"z":1.0}}`},
		{"struct pointer", &codecInner{X: 1}, `{"x":1}`},
		{"empty struct", struct{}{}, `{}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ValueOf(tc.in)
			if err != nil {
				t.Fatalf("ValueOf: %v", err)
			}
			if got.String() != tc.want {
				t.Fatalf("ValueOf = %s, want %s", got, tc.want)
			}
		})
	}
}

func TestValueOfKindsKept(t *testing.T) {
	v, err := ValueOf(map[string]any{"i": int32(30), "f": float32(30)})
	if err != nil {
		t.Fatal(err)
	}
	i, _ := v.Get("i")
	f, _ := v.Get("f")
	if i.Kind() != KindInt || f.Kind() != KindFloat {
		t.Fatalf("kinds %v %v", i.Kind(), f.Kind())
	}
}

func TestValueOfErrors(t *testing.T) {
	deep := any(1)
	for i := 0; i < MaxDepth+1; i++ {
		deep = []any{deep}
	}
	ok := any(1)
	for i := 0; i < MaxDepth; i++ {
		ok = []any{ok}
	}
	if _, err := ValueOf(ok); err != nil {
		t.Fatalf("depth 128: %v", err)
	}
	cycle := &codecNode{}
	cycle.Next = cycle
	var sp selfPtr
	sp = &sp
	for _, tc := range []struct {
		name string
		in   any
	}{
		{"uint64 overflow", uint64(math.MaxInt64) + 1},
		{"uint overflow", []uint{math.MaxUint}},
		{"chan", make(chan int)},
		{"func", func() {}},
		{"complex", complex(1, 2)},
		{"int keys", map[int]string{1: "a"}},
		{"struct keys", map[struct{}]int{}},
		{"too deep", deep},
		{"pointer cycle through struct", cycle},
		{"pointer cycle", sp},
		{"bad field", struct{ C chan int }{}},
	} {
		if _, err := ValueOf(tc.in); !errors.Is(err, ErrInvalidValue) {
			t.Errorf("%s: ValueOf error %v, want ErrInvalidValue", tc.name, err)
		}
	}
}

func TestDecodeScalars(t *testing.T) {
	var (
		i   int
		i8  int8
		u   uint
		u64 uint64
		i64 int64
		f   float64
		f32 float32
		s   string
		b   bool
		bs  []byte
		ba  [3]byte
		id  uuid.UUID
		r   Reference
		v   Value
		tm  time.Time
		ms  myString
		pi  *int
		ppi **int
	)
	uid := uuid.MustParse("3df9dde6-1a2b-4c3d-8e9f-001122334455")
	tests := []struct {
		name string
		v    Value
		dst  any
		want any
	}{
		{"int", Int(5), &i, 5},
		{"int from integral float", Float(5), &i, 5},
		{"int from -0.0", Float(math.Copysign(0, -1)), &i, 0},
		{"int8", Int(-128), &i8, int8(-128)},
		{"uint", Int(7), &u, uint(7)},
		{"uint64 from float", Float(1e19), &u64, uint64(1e19)},
		{"int64 min from float", Float(-(1 << 63)), &i64, int64(math.MinInt64)},
		{"float", Float(2.5), &f, 2.5},
		{"float from int", Int(3), &f, 3.0},
		{"float32", Float(0.5), &f32, float32(0.5)},
		{"string", String("x"), &s, "x"},
		{"named string", String("y"), &ms, myString("y")},
		{"bool", Bool(true), &b, true},
		{"bytes", Bytes([]byte{1, 2}), &bs, []byte{1, 2}},
		{"byte array", Bytes([]byte{1, 2, 3}), &ba, [3]byte{1, 2, 3}},
		{"uuid", String("3df9dde6-1a2b-4c3d-8e9f-001122334455"), &id, uid},
		{"uuid from bytes", Bytes(uid[:]), &id, uid},
		{"reference", Ref("users", uid), &r, Reference{"users", uid}},
		{"value", Array(Int(1)), &v, Array(Int(1))},
		{"time", String("2024-05-06T07:08:09Z"), &tm, time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)},
		{"pointer", Int(4), &pi, 4},
		{"pointer to pointer", Int(6), &ppi, 6},
		{"null into int", Null(), &i, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.v.Decode(tc.dst); err != nil {
				t.Fatalf("Decode(%s): %v", tc.v, err)
			}
			got := reflect.ValueOf(tc.dst).Elem()
			for got.Kind() == reflect.Pointer {
				got = got.Elem()
			}
			if gv, ok := got.Interface().(Value); ok {
				if !identicalValues(gv, tc.want.(Value)) {
					t.Fatalf("got %s", gv)
				}
				return
			}
			if !reflect.DeepEqual(got.Interface(), tc.want) {
				t.Fatalf("Decode(%s) = %#v, want %#v", tc.v, got.Interface(), tc.want)
			}
		})
	}
	pi = &i
	if err := Null().Decode(&pi); err != nil || pi != nil {
		t.Errorf("null into a pointer: %v, %v", pi, err)
	}
}

func TestDecodeErrors(t *testing.T) {
	var (
		i   int
		i8  int8
		u   uint
		i64 int64
		f32 float32
		s   string
		bs  []byte
		ba  [3]byte
		arr [2]int
		id  uuid.UUID
		r   Reference
		m   map[int]string
		st  codecInner
		e   error
	)
	for _, tc := range []struct {
		name string
		v    Value
		dst  any
	}{
		{"fraction into int", Float(5.5), &i},
		{"overflow int8", Int(300), &i8},
		{"negative into uint", Int(-1), &u},
		{"negative float into uint", Float(-1), &u},
		{"2^63 into int64", Float(1 << 63), &i64},
		{"float32 overflow", Float(1e300), &f32},
		{"int into string", Int(1), &s},
		{"string into int", String("1"), &i},
		{"string into bytes", String("ab"), &bs},
		{"short bytes into array", Bytes([]byte{1, 2}), &ba},
		{"long array", Array(Int(1), Int(2), Int(3)), &arr},
		{"bad uuid", String("nope"), &id},
		{"string into reference", String("users"), &r},
		{"int keys", Object(Field{"1", String("a")}), &m},
		{"array into struct", Array(), &st},
		{"bad field type", Object(Field{"x", String("3")}), &st},
		{"non-empty interface", Int(1), &e},
		{"element error", Array(Int(1), String("x")), &[]int{}},
		{"nil pointer", Int(1), (*int)(nil)},
		{"not a pointer", Int(1), i},
		{"nil", Int(1), nil},
	} {
		if err := tc.v.Decode(tc.dst); !errors.Is(err, ErrInvalidValue) {
			t.Errorf("%s: Decode error %v, want ErrInvalidValue", tc.name, err)
		}
	}
}

func TestDecodeComposites(t *testing.T) {
	doc := mustParseJSON(t, `{"a":[1,2],"m":{"x":1.5,"y":2},"n":null,"s":"t","o":{"k":[true,null]},`+
		`"r":{"$ref":{"collection":"c","uuid":"3df9dde6-1a2b-4c3d-8e9f-001122334455"}}}`)
	var anyv any
	if err := doc.Decode(&anyv); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"a": []any{int64(1), int64(2)},
		"m": map[string]any{"x": 1.5, "y": int64(2)},
		"n": nil,
		"s": "t",
		"o": map[string]any{"k": []any{true, nil}},
		"r": Reference{Collection: "c", ID: uuid.MustParse("3df9dde6-1a2b-4c3d-8e9f-001122334455")},
	}
	if !reflect.DeepEqual(anyv, want) {
		t.Fatalf("Decode into any = %#v", anyv)
	}
	var bytesAny any
	if err := Bytes([]byte{9}).Decode(&bytesAny); err != nil || !reflect.DeepEqual(bytesAny, []byte{9}) {
		t.Fatalf("bytes into any = %#v, %v", bytesAny, err)
	}

	m := map[string]float64{"keep": 1}
	if err := mustParseJSON(t, `{"x":1.5,"y":2}`).Decode(&m); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(m, map[string]float64{"keep": 1, "x": 1.5, "y": 2}) {
		t.Fatalf("map = %v", m)
	}

	var arr [2]string
	if err := mustParseJSON(t, `["a","b"]`).Decode(&arr); err != nil || arr != [2]string{"a", "b"} {
		t.Fatalf("array = %v, %v", arr, err)
	}
	var sl []*int
	if err := mustParseJSON(t, `[1,null]`).Decode(&sl); err != nil || len(sl) != 2 || *sl[0] != 1 || sl[1] != nil {
		t.Fatalf("slice of pointers = %v, %v", sl, err)
	}
}

func TestGoRoundTrip(t *testing.T) {
	id := uuid.MustParse("3df9dde6-1a2b-4c3d-8e9f-001122334455")
	seven := 7
	in := codecSample{
		Name: "ann", Age: 41, Both: "b", Ptr: &seven, In: codecInner{X: 3},
		CodecEmbedded: CodecEmbedded{E: "e"}, codecHidden: codecHidden{H: 4}, Shadow: "outer", ID: id,
		Ref: Reference{Collection: "users", ID: id}, Val: Array(Int(1)), Tags: []string{"x"}, Dash: 5,
		Any: []any{1.5, "s"}, Map: map[string]float64{"a": 2},
	}
	v, err := ValueOf(in)
	if err != nil {
		t.Fatal(err)
	}
	// Through storage too.
	v, err = DecodeValue(AppendEncoded(nil, v))
	if err != nil {
		t.Fatal(err)
	}
	var out codecSample
	out.Skip = "untouched"
	if err := v.Decode(&out); err != nil {
		t.Fatal(err)
	}
	if !identicalValues(out.Val, in.Val) {
		t.Fatalf("Val = %s", out.Val)
	}
	out.Val, in.Val = Value{}, Value{}
	in.Skip = "untouched"
	if !reflect.DeepEqual(out, in) {
		t.Fatalf("round trip:\n got %+v\nwant %+v", out, in)
	}
}

type codecOuterPtr struct {
	*CodecEmbedded
	N int
}

func TestEmbeddedPointer(t *testing.T) {
	v, err := ValueOf(codecOuterPtr{N: 1})
	if err != nil || v.String() != `{"N":1}` {
		t.Fatalf("nil embedded pointer: %s, %v", v, err)
	}
	var out codecOuterPtr
	if err := mustParseJSON(t, `{"E":"x","N":2}`).Decode(&out); err != nil {
		t.Fatal(err)
	}
	if out.CodecEmbedded == nil || out.E != "x" || out.N != 2 {
		t.Fatalf("decoded %+v", out)
	}
	v, err = ValueOf(out)
	if err != nil || v.String() != `{"E":"x","Shadow":0,"N":2}` {
		t.Fatalf("embedded pointer: %s, %v", v, err)
	}
}

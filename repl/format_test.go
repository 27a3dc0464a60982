package repl

import (
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"

	"github.com/google/uuid"
	"github.com/grumpydb/grumpydb/engine"
)

// TestFormatFloat covers every example of REPL.md §8.1.
func TestFormatFloat(t *testing.T) {
	cases := []struct {
		f    float64
		want string
	}{
		{30, "30.0"}, {math.Copysign(0, -1), "-0.0"}, {0, "0.0"}, {2.5, "2.5"},
		{0.00012, "0.00012"}, {1e16, "1e16"}, {1.5e-7, "1.5e-7"}, {-2.5e20, "-2.5e20"},
		{9999999999999998, "9999999999999998.0"}, {1e-5, "0.00001"}, {1.25e-6, "1.25e-6"},
		{123456.789, "123456.789"}, {1e300, "1e300"}, {-7, "-7.0"}, {5e-324, "5e-324"},
	}
	for _, c := range cases {
		if got := FormatFloat(c.f); got != c.want {
			t.Errorf("FormatFloat(%v) = %s, want %s", c.f, got, c.want)
		}
	}
}

func TestFormatValue(t *testing.T) {
	id := uuid.MustParse(testUUID)
	cases := []struct {
		v    engine.Value
		want string
	}{
		{engine.Null(), "null"}, {engine.Bool(true), "true"}, {engine.Bool(false), "false"},
		{engine.Int(30), "30"}, {engine.Int(-7), "-7"},
		{engine.String(`q"b\s`), `"q\"b\\s"`},
		{engine.String("\b\f\n\r\t\x01\x1f\x7f"), `"\b\f\n\r\t\u0001\u001f\u007f"`},
		{engine.String("é日😀/"), `"é日😀/"`},
		{engine.Bytes([]byte{1, 2, 3}), `"<3 bytes>"`},
		{engine.Ref("users", id), `$ref("users", "` + testUUID + `")`},
		{engine.Array(engine.String("dev"), engine.String("ops")), `["dev", "ops"]`},
		{engine.Array(), `[]`},
		{engine.Object(engine.Field{Key: "city", Value: engine.String("Paris")}), `{ "city": "Paris" }`},
		{engine.Object(), `{}`},
		{engine.Object(engine.Field{Key: "a", Value: engine.Object()}, engine.Field{Key: "b", Value: engine.Array(engine.Int(1))}), `{ "a": {}, "b": [1] }`},
	}
	for _, c := range cases {
		if got := FormatValue(c.v); got != c.want {
			t.Errorf("FormatValue = %s, want %s", got, c.want)
		}
	}
}

func TestFormatDocumentAndList(t *testing.T) {
	a := uuid.MustParse(testUUID)
	b := uuid.MustParse("e7f8a9b0-0000-4000-8000-000000000001")
	alice := engine.Object(engine.Field{Key: "name", Value: engine.String("Alice")}, engine.Field{Key: "age", Value: engine.Int(30)})
	bob := engine.Object(engine.Field{Key: "name", Value: engine.String("Bob")})
	if got, want := FormatDocument(a, alice, true), `{ "_id": "`+testUUID+`", "name": "Alice", "age": 30 }`; got != want {
		t.Errorf("document: %s", got)
	}
	if got, want := FormatDocument(a, alice, false), `{ "name": "Alice", "age": 30 }`; got != want {
		t.Errorf("document without _id: %s", got)
	}
	if got, want := FormatDocument(a, engine.Int(5), true), `{ "_id": "`+testUUID+`", "_value": 5 }`; got != want {
		t.Errorf("scalar: %s", got)
	}
	own := engine.Object(engine.Field{Key: "_id", Value: engine.Int(1)})
	if got, want := FormatDocument(a, own, true), `{ "_id": "`+testUUID+`", "_value": { "_id": 1 } }`; got != want {
		t.Errorf("own _id: %s", got)
	}
	if got, want := FormatDocument(a, engine.Object(), true), `{ "_id": "`+testUUID+`" }`; got != want {
		t.Errorf("empty: %s", got)
	}
	if got := FormatList(nil, true); got != "[]" {
		t.Errorf("empty list: %s", got)
	}
	one := []engine.Document{{ID: b, Value: bob}}
	if got, want := FormatList(one, true), `[{ "_id": "`+b.String()+`", "name": "Bob" }]`; got != want {
		t.Errorf("one: %s", got)
	}
	two := []engine.Document{{ID: a, Value: alice}, {ID: b, Value: bob}}
	want := "[\n  { \"_id\": \"" + testUUID + "\", \"name\": \"Alice\", \"age\": 30 },\n  { \"_id\": \"" + b.String() + "\", \"name\": \"Bob\" }\n]"
	if got := FormatList(two, true); got != want {
		t.Errorf("two:\n%s\nwant\n%s", got, want)
	}
	if got := FormatStrings([]string{"orders", "users"}); got != `["orders", "users"]` {
		t.Errorf("strings: %s", got)
	}
	if got := FormatStrings(nil); got != `[]` {
		t.Errorf("no strings: %s", got)
	}
}

// randValue builds a random value without bytes (which have no input
// syntax).
func randValue(r *rand.Rand, depth int) engine.Value {
	k := r.IntN(9)
	if depth > 3 && k >= 6 {
		k = r.IntN(6)
	}
	switch k {
	case 0:
		return engine.Null()
	case 1:
		return engine.Bool(r.IntN(2) == 0)
	case 2:
		return engine.Int(int64(r.Uint64()))
	case 3:
		f := math.Float64frombits(r.Uint64())
		if math.IsNaN(f) || math.IsInf(f, 0) {
			f = r.NormFloat64() * 1e6
		}
		return engine.Float(f)
	case 4:
		runes := []rune{'a', '"', '\\', '\n', '\t', 0x01, 'é', '日', '😀', '\'', '/', ' '}
		s := ""
		for i := r.IntN(6); i > 0; i-- {
			s += string(runes[r.IntN(len(runes))])
		}
		return engine.String(s)
	case 5:
		var id uuid.UUID
		for i := range id {
			id[i] = byte(r.IntN(256))
		}
		return engine.Ref("c"+strconv.Itoa(r.IntN(3)), id)
	case 6, 7:
		var vs []engine.Value
		for i := r.IntN(4); i > 0; i-- {
			vs = append(vs, randValue(r, depth+1))
		}
		return engine.Array(vs...)
	default:
		var fs []engine.Field
		for i := r.IntN(4); i > 0; i-- {
			fs = append(fs, engine.Field{Key: "k" + strconv.Itoa(i) + string([]rune{'$', '.', ' ', 'x'}[r.IntN(4)]), Value: randValue(r, depth+1)})
		}
		return engine.Object(fs...)
	}
}

// TestFormatParseRoundTrip checks against the identity model: every
// printed value (§8.1) reads back (§7) as an equal value printing the same.
// GRUMPY_SEED replays a run.
func TestFormatParseRoundTrip(t *testing.T) {
	seed := uint64(rand.Int64())
	if s := os.Getenv("GRUMPY_SEED"); s != "" {
		seed, _ = strconv.ParseUint(s, 10, 64)
	}
	t.Logf("seed %d (set GRUMPY_SEED to replay)", seed)
	r := rand.New(rand.NewPCG(seed, seed))
	for i := 0; i < 5000; i++ {
		v := randValue(r, 0)
		out := FormatValue(v)
		w, err := ParseValue(out)
		if err != nil {
			t.Fatalf("ParseValue(%s): %v", out, err)
		}
		if !engine.Equal(v, w) || FormatValue(w) != out {
			t.Fatalf("round trip: %s became %s", out, FormatValue(w))
		}
		if v.Kind() == engine.KindFloat && w.Kind() != engine.KindFloat {
			t.Fatalf("float %s re-read as %v", out, w.Kind())
		}
	}
}

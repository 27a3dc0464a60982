package engine

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/google/uuid"
)

func TestFloatText(t *testing.T) {
	tests := []struct {
		f    float64
		want string
	}{
		// Every example of PROTOCOL §3.2.
		{0, "0.0"},
		{math.Copysign(0, -1), "-0.0"},
		{1, "1.0"},
		{1e2, "100.0"},
		{1000000000000000, "1000000000000000.0"},
		{12.34, "12.34"},
		{0.00001, "0.00001"},
		{0.0000123, "0.0000123"},
		{1e16, "1e16"},
		{1.2345e20, "1.2345e20"},
		{1.8446744073709552e19, "1.8446744073709552e19"},
		{1e-6, "1e-6"},
		{1.5e-7, "1.5e-7"},
		// Boundaries of the cases and signs.
		{-1, "-1.0"},
		{-12.34, "-12.34"},
		{-1e-6, "-1e-6"},
		{30, "30.0"},
		{0.1, "0.1"},
		{0.5, "0.5"},
		{1.5, "1.5"},
		{9999999999999998, "9999999999999998.0"},
		{1234567890123456.7, "1234567890123456.8"},
		{0.0001, "0.0001"},
		{0.000012345, "0.000012345"},
		{1.2345e-6, "1.2345e-6"},
		{123456789012345678, "1.2345678901234568e17"},
		{1e21, "1e21"},
		{1e100, "1e100"},
		{math.MaxFloat64, "1.7976931348623157e308"},
		{-math.MaxFloat64, "-1.7976931348623157e308"},
		{math.SmallestNonzeroFloat64, "5e-324"},
		{2.2250738585072014e-308, "2.2250738585072014e-308"},
		{math.NaN(), "null"},
		{math.Inf(1), "null"},
	}
	for _, tc := range tests {
		if got := string(AppendJSON(nil, Float(tc.f))); got != tc.want {
			t.Errorf("Float(%v) = %s, want %s", tc.f, got, tc.want)
		}
		if n := jsonSize(Float(tc.f)); n != len(tc.want) {
			t.Errorf("jsonSize(Float(%v)) = %d, want %d", tc.f, n, len(tc.want))
		}
	}
}

// TestFloatTextRoundTrips checks on random floats that the text parses
// back to the same float and follows the layout rule.
func TestFloatTextRoundTrips(t *testing.T) {
	r := rand.New(rand.NewPCG(valueTestSeed(t), 2))
	for i := 0; i < valueIterations(20000); i++ {
		f := genRandomFloat(r)
		text := string(AppendJSON(nil, Float(f)))
		v, err := ParseJSON([]byte(text))
		if err != nil || v.Kind() != KindFloat || math.Float64bits(v.Float()) != math.Float64bits(f) {
			t.Fatalf("%v -> %s -> %s, %v", f, text, v, err)
		}
		if !strings.ContainsAny(text, ".e") || strings.Contains(text, "+") || strings.Contains(text, "e0") || strings.Contains(text, "e-0") {
			t.Fatalf("%v -> %s breaks the float text rules", f, text)
		}
	}
}

func TestStringEscapes(t *testing.T) {
	tests := []struct{ s, want string }{
		{``, `""`},
		{`plain`, `"plain"`},
		{`"`, `"\""`},
		{`\`, `"\\"`},
		{"\b\t\n\f\r", `"\b\t\n\f\r"`},
		{"\x00", `"\u0000"`},
		{"\x01\x0b\x0e\x1a\x1f", `"\u0001\u000b\u000e\u001a\u001f"`},
		{"/ < > & '", `"/ < > & '"`},
		{"\x7f", "\"\x7f\""},
		{"é日本😀", `"é日本😀"`},
		{"\u2028\u2029", "\"\u2028\u2029\""},
		{"a\xffb", `"a\ufffdb"`},
		{"\xe2\x82", `"\ufffd\ufffd"`},
		{"x\x00y\"z", `"x\u0000y\"z"`},
	}
	for _, tc := range tests {
		if got := string(AppendJSON(nil, String(tc.s))); got != tc.want {
			t.Errorf("String(%q) = %s, want %s", tc.s, got, tc.want)
		}
		if n := jsonStringSize(tc.s); n != len(tc.want) {
			t.Errorf("jsonStringSize(%q) = %d, want %d", tc.s, n, len(tc.want))
		}
	}
}

func TestEscapeTable(t *testing.T) {
	for c := 0; c < 128; c++ {
		got := string(AppendJSON(nil, String(string(rune(c)))))
		if want := int(jsonEscapeLen[c]-'0') + 2; len(got) != want {
			t.Errorf("byte 0x%02x written as %s, table says %d bytes", c, got, want)
		}
	}
}

func TestAppendJSONForms(t *testing.T) {
	id := uuid.MustParse("3df9dde6-1a2b-4c3d-8e9f-001122334455")
	tests := []struct {
		v    Value
		want string
	}{
		{Null(), `null`},
		{Bool(true), `true`},
		{Bool(false), `false`},
		{Int(30), `30`},
		{Float(30), `30.0`},
		{Int(-9223372036854775808), `-9223372036854775808`},
		{Bytes([]byte("abc")), `"<3 bytes>"`},
		{Bytes(nil), `"<0 bytes>"`},
		{Ref("users", id), `{"$ref":{"collection":"users","uuid":"3df9dde6-1a2b-4c3d-8e9f-001122334455"}}`},
		{Object(Field{"b", Int(1)}, Field{"a", Int(2)}), `{"b":1,"a":2}`},
		{Array(Int(1), Array(), Object(), String("x")), `[1,[],{},"x"]`},
		{Object(Field{"k\n", Array(Float(0.5), Null())}), `{"k\n":[0.5,null]}`},
	}
	for _, tc := range tests {
		if got := string(AppendJSON([]byte(">"), tc.v)); got != ">"+tc.want {
			t.Errorf("AppendJSON = %s, want %s", got, tc.want)
		}
		if got := tc.v.String(); got != tc.want {
			t.Errorf("String() = %s, want %s", got, tc.want)
		}
		if n := jsonSize(tc.v); n != len(tc.want) {
			t.Errorf("jsonSize(%s) = %d", tc.want, n)
		}
		b, err := tc.v.MarshalJSON()
		if err != nil || string(b) != tc.want {
			t.Errorf("MarshalJSON = %s, %v", b, err)
		}
	}
}

func TestJSONSizeRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(valueTestSeed(t), 3))
	for i := 0; i < valueIterations(5000); i++ {
		v := genRandomValue(r, 4, valueGenOptions{})
		if i%10 == 0 {
			v = Array(v, String(valueGenStrings[len(valueGenStrings)-1])) // invalid UTF-8 too
		}
		if n, want := jsonSize(v), len(AppendJSON(nil, v)); n != want {
			t.Fatalf("jsonSize(%s) = %d, want %d", v, n, want)
		}
	}
}

func TestEncodingJSONInterop(t *testing.T) {
	type wrapper struct {
		V Value `json:"v"`
	}
	in := wrapper{V: Object(Field{"z", Float(1)}, Field{"a", Array(Int(2), String("x"))})}
	b, err := json.Marshal(in)
	if err != nil || string(b) != `{"v":{"z":1.0,"a":[2,"x"]}}` {
		t.Fatalf("json.Marshal = %s, %v", b, err)
	}
	var out wrapper
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	if !identicalValues(out.V, in.V) {
		t.Fatalf("json.Unmarshal gave %s", out.V)
	}
	var v Value
	if err := v.UnmarshalJSON([]byte(`[1,`)); err == nil {
		t.Fatal("UnmarshalJSON accepted bad JSON")
	}
}

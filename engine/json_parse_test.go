package engine

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/google/uuid"
)

func TestParseJSONValues(t *testing.T) {
	id := uuid.MustParse("3df9dde6-1a2b-4c3d-8e9f-001122334455")
	negZero := math.Copysign(0, -1)
	tests := []struct {
		in   string
		want Value
		out  string // AppendJSON of the result
	}{
		{`null`, Null(), `null`},
		{`true`, Bool(true), `true`},
		{`false`, Bool(false), `false`},
		{` 	
 42 `, Int(42), `42`},
		{`0`, Int(0), `0`},
		{`-0`, Float(negZero), `-0.0`},
		{`-0.0`, Float(negZero), `-0.0`},
		{`0.0`, Float(0), `0.0`},
		{`30`, Int(30), `30`},
		{`30.0`, Float(30), `30.0`},
		{`1e2`, Float(100), `100.0`},
		{`1E+2`, Float(100), `100.0`},
		{`1.5e-7`, Float(1.5e-7), `1.5e-7`},
		{`-12.340`, Float(-12.34), `-12.34`},
		{`9223372036854775807`, Int(math.MaxInt64), `9223372036854775807`},
		{`-9223372036854775808`, Int(math.MinInt64), `-9223372036854775808`},
		{`9223372036854775808`, Float(9223372036854775808), `9.223372036854776e18`},
		{`-9223372036854775809`, Float(-9223372036854775809), `-9.223372036854776e18`},
		{`18446744073709551616`, Float(18446744073709551616), `1.8446744073709552e19`},
		{`123456789012345678901234567890`, Float(1.2345678901234568e29), `1.2345678901234568e29`},
		{`1e-400`, Float(0), `0.0`},
		{`1.7976931348623157e308`, Float(math.MaxFloat64), `1.7976931348623157e308`},
		{`""`, String(""), `""`},
		{`"a\"b\\c\/d\b\f\n\r\t"`, String("a\"b\\c/d\b\f\n\r\t"), `"a\"b\\c/d\b\f\n\r\t"`},
		{`"\u00e9\u00C9 é"`, String("éÉ é"), `"éÉ é"`},
		{`"\ud83d\ude00"`, String("😀"), `"😀"`},
		{`"\u0000\u001F\u2028"`, String("\x00\x1f\u2028"), "\"\\u0000\\u001f\u2028\""},
		{`"<&>"`, String("<&>"), `"<&>"`},
		{`[]`, Array(), `[]`},
		{`[ 1 , [ ] , { } ]`, Array(Int(1), Array(), Object()), `[1,[],{}]`},
		{`{"b":1,"a":2}`, Object(Field{"b", Int(1)}, Field{"a", Int(2)}), `{"b":1,"a":2}`},
		{`{"a":1,"b":2,"a":3}`, Object(Field{"a", Int(3)}, Field{"b", Int(2)}), `{"a":3,"b":2}`},
		{`{"a":{"x":1},"a":[2]}`, Object(Field{"a", Array(Int(2))}), `{"a":[2]}`},
		{`{"k\u0041":1,"kA":2}`, Object(Field{"kA", Int(2)}), `{"kA":2}`},
		{`{"$ref":{"collection":"users","uuid":"3df9dde6-1a2b-4c3d-8e9f-001122334455"}}`, Ref("users", id),
			`{"$ref":{"collection":"users","uuid":"3df9dde6-1a2b-4c3d-8e9f-001122334455"}}`},
		{` { "$ref" : { "collection" : "_default" , "uuid" : "00000000-0000-0000-0000-000000000000" } } `,
			Ref("_default", uuid.Nil), `{"$ref":{"collection":"_default","uuid":"00000000-0000-0000-0000-000000000000"}}`},
		{`[{"$ref":{"collection":"a","uuid":"3df9dde6-1a2b-4c3d-8e9f-001122334455"}}]`, Array(Ref("a", id)),
			`[{"$ref":{"collection":"a","uuid":"3df9dde6-1a2b-4c3d-8e9f-001122334455"}}]`},
	}
	for _, tc := range tests {
		v, err := ParseJSON([]byte(tc.in))
		if err != nil {
			t.Errorf("ParseJSON(%s): %v", tc.in, err)
			continue
		}
		if !identicalValues(v, tc.want) {
			t.Errorf("ParseJSON(%s) = %s (%v), want %s (%v)", tc.in, v, v.Kind(), tc.want, tc.want.Kind())
		}
		if got := v.String(); got != tc.out {
			t.Errorf("ParseJSON(%s) writes %s, want %s", tc.in, got, tc.out)
		}
	}
}

// TestParseJSONRefNearMisses checks that every near miss of the inbound
// reference form stays the plain object it is and writes back unchanged.
func TestParseJSONRefNearMisses(t *testing.T) {
	const u = `"3df9dde6-1a2b-4c3d-8e9f-001122334455"`
	for _, in := range []string{
		`{"$ref":{"uuid":` + u + `,"collection":"users"}}`,                              // order
		`{"$ref":{"collection":"users","uuid":` + u + `,"x":1}}`,                        // extra inner member
		`{"$ref":{"collection":"users","uuid":` + u + `},"x":1}`,                        // extra outer member
		`{"x":1,"$ref":{"collection":"users","uuid":` + u + `}}`,                        // extra outer member first
		`{"$ref":{"collection":"users"}}`,                                               // missing uuid
		`{"$ref":{"uuid":` + u + `}}`,                                                   // missing collection
		`{"$ref":{}}`,                                                                   // empty
		`{"$ref":{"collection":"users","uuid":"3DF9DDE6-1A2B-4C3D-8E9F-001122334455"}}`, // upper case
		`{"$ref":{"collection":"users","uuid":"3df9dde61a2b4c3d8e9f001122334455"}}`,     // no hyphens
		`{"$ref":{"collection":"users","uuid":"{3df9dde6-1a2b-4c3d-8e9f-001122334455}"}}`,
		`{"$ref":{"collection":"users","uuid":"urn:uuid:3df9dde6-1a2b-4c3d-8e9f-001122334455"}}`,
		`{"$ref":{"collection":"users","uuid":"3df9dde6-1a2b-4c3d-8e9f-00112233445"}}`,
		`{"$ref":{"collection":"users","uuid":"3df9dde6+1a2b-4c3d-8e9f-001122334455"}}`,
		`{"$ref":{"collection":"users","uuid":"3df9dde6-1a2b-4c3d-8e9f-00112233445g"}}`,
		`{"$ref":{"collection":"Users","uuid":` + u + `}}`, // invalid name
		`{"$ref":{"collection":"_users","uuid":` + u + `}}`,
		`{"$ref":{"collection":"","uuid":` + u + `}}`,
		`{"$ref":{"collection":"` + strings.Repeat("a", 65) + `","uuid":` + u + `}}`,
		`{"$ref":{"collection":1,"uuid":` + u + `}}`,  // not strings
		`{"$ref":{"collection":"users","uuid":null}}`, // not strings
		`{"$ref":{"collection":["users"],"uuid":` + u + `}}`,
		`{"$ref":"users"}`,     // not an object
		`{"$ref":[` + u + `]}`, // not an object
		`{"$Ref":{"collection":"users","uuid":` + u + `}}`, // key case
		`{"ref":{"collection":"users","uuid":` + u + `}}`,
		`{"$ref":{"Collection":"users","uuid":` + u + `}}`,
	} {
		v, err := ParseJSON([]byte(in))
		if err != nil {
			t.Errorf("ParseJSON(%s): %v", in, err)
			continue
		}
		if v.Kind() != KindObject {
			t.Errorf("ParseJSON(%s) is a %v, want a plain object", in, v.Kind())
		}
		if got := v.String(); got != in {
			t.Errorf("near miss %s written back as %s", in, got)
		}
	}
}

func TestParseJSONDepth(t *testing.T) {
	deep := func(n int) string { return strings.Repeat("[", n) + strings.Repeat("]", n) }
	deepObj := func(n int) string { return strings.Repeat(`{"a":`, n) + "1" + strings.Repeat("}", n) }
	for _, tc := range []struct {
		in string
		ok bool
	}{
		{`1`, true},
		{`[[1]]`, true},
		{deep(128), true},
		{deepObj(128), true},
		{deep(129), false},
		{deepObj(129), false},
		{strings.Repeat(`[{"a":`, 64) + "1" + strings.Repeat("}]", 64), true},
		{strings.Repeat(`[{"a":`, 64) + "[]" + strings.Repeat("}]", 64), false},
		{strings.Repeat("[", 100000), false}, // no stack exhaustion
	} {
		_, err := ParseJSON([]byte(tc.in))
		if tc.ok != (err == nil) {
			t.Errorf("ParseJSON(%.40s…) = %v, want ok=%v", tc.in, err, tc.ok)
		}
		if err != nil && !errors.Is(err, ErrInvalidJSON) {
			t.Errorf("error %v does not wrap ErrInvalidJSON", err)
		}
	}
}

func TestParseJSONErrors(t *testing.T) {
	for _, in := range []string{
		``, ` `, `[`, `]`, `{`, `}`, `[1,]`, `[,1]`, `[1 2]`, `[1;2]`, `{,}`, `{"a"}`, `{"a":}`, `{"a":1,}`,
		`{"a" 1}`, `{a:1}`, `{'a':1}`, `{"a":1 "b":2}`, `{1:2}`, `{"a":1]`, `[1}`,
		`01`, `-01`, `00`, `1.`, `.5`, `+1`, `1e`, `1e+`, `1E-`, `-`, `--1`, `1.e5`, `0x10`, `1_000`,
		`1e400`, `-1e400`, `1.8e308`,
		`tru`, `nul`, `nulll`, `True`, `NULL`, `NaN`, `Infinity`, `-Infinity`, `undefined`,
		`"abc`, `"\`, `"\"`, "\"\x01\"", "\"\x1f\"", "\"a\nb\"", "\"\t\"", `"\x41"`, `"\a"`, `"\U0041"`, `'a'`,
		`"\u12"`, `"\u12g4"`, `"\u"`, `"\ud800"`, `"\udc00"`, `"\ud800\u0041"`, `"\ud800x"`, `"\ud800\ud800"`,
		`"\udfff\ud800"`, `"\ud800\`, `"\ud800\u"`,
		"\"\xff\"", "\"\xc3\"", "\"\xed\xa0\x80\"", "\"\xc0\x80\"", "{\"\xff\":1}", "\"a\xffb\\n\"",
		`1 2`, `{} x`, `[1] ]`, `"a" "b"`, `nulltrue`, `1/**/`, `// c`, `[1]x`,
		"\ufeff1", "\v1", "\u00a01", "1\u00a0", "\f1",
	} {
		v, err := ParseJSON([]byte(in))
		if err == nil {
			t.Errorf("ParseJSON(%q) = %s, want an error", in, v)
			continue
		}
		if !errors.Is(err, ErrInvalidJSON) || !strings.HasPrefix(err.Error(), "invalid JSON: ") {
			t.Errorf("ParseJSON(%q) error %q, want invalid JSON: …", in, err)
		}
	}
}

func TestParseJSONCopiesInput(t *testing.T) {
	in := []byte(`{"key":"value","arr":["x"]}`)
	v, err := ParseJSON(in)
	if err != nil {
		t.Fatal(err)
	}
	for i := range in {
		in[i] = ' '
	}
	if got := v.String(); got != `{"key":"value","arr":["x"]}` {
		t.Fatalf("parsed value changed with its input: %s", got)
	}
}

// TestJSONRoundTripRandom: for random values without bytes,
// ParseJSON(AppendJSON(v)) is v, kinds included, and the text is stable.
func TestJSONRoundTripRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(valueTestSeed(t), 4))
	for i := 0; i < valueIterations(5000); i++ {
		v := genRandomValue(r, 4, valueGenOptions{noBytes: true})
		text := AppendJSON(nil, v)
		back, err := ParseJSON(text)
		if err != nil {
			t.Fatalf("ParseJSON(%s): %v", text, err)
		}
		if !identicalValues(back, v) {
			t.Fatalf("round trip of %s gave %s", text, back)
		}
		if again := AppendJSON(nil, back); !bytes.Equal(again, text) {
			t.Fatalf("unstable text: %s then %s", text, again)
		}
		if !json.Valid(text) {
			t.Fatalf("encoding/json refuses our output %s", text)
		}
	}
}

func FuzzParseJSON(f *testing.F) {
	for _, s := range []string{
		`null`, `-0`, `1e2`, `9223372036854775808`, `"\ud83d\ude00\u0000"`, `{"b":1,"a":2,"b":3}`,
		`{"$ref":{"collection":"users","uuid":"3df9dde6-1a2b-4c3d-8e9f-001122334455"}}`,
		`{"$ref":{"uuid":"3df9dde6-1a2b-4c3d-8e9f-001122334455","collection":"users"}}`,
		`[1.5,-2,true,false,null,{},[],"x"]`, `[[[[]]]]`, ` {"a" : [ 1 , 2 ] } `, `1e400`, `"\ud800"`,
	} {
		f.Add([]byte(s))
	}
	f.Add(benchJSON1K())
	f.Fuzz(func(t *testing.T, b []byte) {
		v, err := ParseJSON(b)
		if err != nil {
			if !errors.Is(err, ErrInvalidJSON) {
				t.Fatalf("error %v does not wrap ErrInvalidJSON", err)
			}
			return
		}
		if !json.Valid(b) {
			t.Fatalf("accepted %q, which is not JSON", b)
		}
		if err := ValidateDocument(v); err != nil {
			t.Fatalf("parsed value %s is not storable: %v", v, err)
		}
		text := AppendJSON(nil, v)
		back, err := ParseJSON(text)
		if err != nil {
			t.Fatalf("our output %s does not parse: %v", text, err)
		}
		if !Equal(back, v) || !identicalValues(back, v) {
			t.Fatalf("round trip of %q: %s became %s", b, v, back)
		}
		if again := AppendJSON(nil, back); !bytes.Equal(again, text) {
			t.Fatalf("unstable text: %s then %s", text, again)
		}
	})
}

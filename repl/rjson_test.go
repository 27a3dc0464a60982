package repl

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/grumpydb/grumpydb/engine"
)

const testUUID = "3df9dde6-1a2b-4c3d-8e9f-001122334455"

func mustUUID(t testing.TB, s string) uuid.UUID {
	t.Helper()
	id, err := uuid.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// TestParseValueOK covers every accepting example of REPL.md §7: each
// input must parse to the value whose display (§8.1) is want.
func TestParseValueOK(t *testing.T) {
	cases := []struct{ in, want string }{
		// objects: bare and quoted keys, $-keys, dotted quoted paths, trailing comma
		{`{ age: 30 }`, `{ "age": 30 }`},
		{`{age: {$gt: 30}}`, `{ "age": { "$gt": 30 } }`},
		{`{"address.city": "Paris"}`, `{ "address.city": "Paris" }`},
		{`{'single': 'quotes'}`, `{ "single": "quotes" }`},
		{`{ _a$1: 1, }`, `{ "_a$1": 1 }`},
		{`{}`, `{}`},
		{`{ b: 2, a: 1 }`, `{ "b": 2, "a": 1 }`},
		// arrays
		{`[1, 2, 3,]`, `[1, 2, 3]`},
		{`[]`, `[]`},
		{`[[1], [2, [3]]]`, `[[1], [2, [3]]]`},
		// comments and whitespace
		{"{ a: 1, // line comment\n b: /* block */ 2 }", `{ "a": 1, "b": 2 }`},
		{"\t\r\n[ /* x */ ]\n", `[]`},
		// strings and escapes
		{`"a\"b"`, `"a\"b"`},
		{`'it\'s'`, `"it's"`},
		{`"back\\slash"`, `"back\\slash"`},
		{`"\/"`, `"/"`},
		{`"\b\f\n\r\t"`, `"\b\f\n\r\t"`},
		{`"\u0041\u00e9"`, `"Aé"`},
		{`"\ud83d\ude00"`, `"😀"`},
		{"\"tab\there\"", `"tab\there"`},
		{`"'"`, `"'"`},
		{`'"'`, `"\""`},
		{`"日本"`, `"日本"`},
		// numbers
		{`30`, `30`},
		{`-7`, `-7`},
		{`-0`, `0`},
		{`30.0`, `30.0`},
		{`1e3`, `1000.0`},
		{`2.5`, `2.5`},
		{`-2.5E20`, `-2.5e20`},
		{`1.5e-7`, `1.5e-7`},
		{`9223372036854775807`, `9223372036854775807`},
		{`-9223372036854775808`, `-9223372036854775808`},
		// literals
		{`true`, `true`},
		{`false`, `false`},
		{`null`, `null`},
		// references
		{`$ref("users", "` + testUUID + `")`, `$ref("users", "` + testUUID + `")`},
		{`$ref ( 'users' , '3DF9DDE61A2B4C3D8E9F001122334455' )`, `$ref("users", "` + testUUID + `")`},
		{`$ref("users", "{` + testUUID + `}")`, `$ref("users", "` + testUUID + `")`},
		{`{"$ref": {"collection": "users", "uuid": "` + testUUID + `"}}`, `$ref("users", "` + testUUID + `")`},
		// not the wire form: other key order, or extra keys, stays an object
		{`{"$ref": {"uuid": "` + testUUID + `", "collection": "users"}}`, `{ "$ref": { "uuid": "` + testUUID + `", "collection": "users" } }`},
		{`{"$ref": {"collection": "users", "uuid": "nope"}}`, `{ "$ref": { "collection": "users", "uuid": "nope" } }`},
	}
	for _, c := range cases {
		v, err := ParseValue(c.in)
		if err != nil {
			t.Errorf("ParseValue(%q): %v", c.in, err)
			continue
		}
		if got := FormatValue(v); got != c.want {
			t.Errorf("ParseValue(%q) = %s, want %s", c.in, got, c.want)
		}
	}
}

func TestParseValueKinds(t *testing.T) {
	cases := []struct {
		in   string
		kind engine.Kind
	}{
		{`1`, engine.KindInt}, {`-0`, engine.KindInt}, {`1e3`, engine.KindFloat},
		{`30.0`, engine.KindFloat}, {`"s"`, engine.KindString}, {`null`, engine.KindNull},
		{`$ref('a', '` + testUUID + `')`, engine.KindRef},
	}
	for _, c := range cases {
		v, err := ParseValue(c.in)
		if err != nil || v.Kind() != c.kind {
			t.Errorf("ParseValue(%q) = %v (%v), want kind %v", c.in, v.Kind(), err, c.kind)
		}
	}
	v, _ := ParseValue(`$ref("users", "3DF9DDE6-1A2B-4C3D-8E9F-001122334455")`)
	if v.RefID() != mustUUID(t, testUUID) || v.RefCollection() != "users" {
		t.Errorf("ref not canonical: %v", v)
	}
}

// TestParseValueErrors covers every rejecting rule of §7 with its message.
func TestParseValueErrors(t *testing.T) {
	deep := strings.Repeat("[", 129) + strings.Repeat("]", 129)
	cases := []struct {
		in, want string
		syntax   bool
	}{
		{`{ age: 1, age: 2 }`, `duplicate key "age"`, false},
		{`{ "a": 1, 'a': 2 }`, `duplicate key "a"`, false},
		{`"\q"`, `syntax error at 1:2: unknown escape \q`, true},
		{"\"line\nbreak\"", `syntax error at 1:1: unterminated string`, true},
		{`"open`, `syntax error at 1:1: unterminated string`, true},
		{`"\ud800"`, `syntax error at 1:2: lone surrogate \ud800`, true},
		{`"\udc00x"`, `syntax error at 1:2: lone surrogate \udc00`, true},
		{`"\ud800\u0041"`, `syntax error at 1:2: lone surrogate \ud800`, true},
		{`99999999999999999999`, `integer out of range: 99999999999999999999`, false},
		{`-9223372036854775809`, `integer out of range: -9223372036854775809`, false},
		{`1e400`, `number out of range: 1e400`, false},
		{`01`, `syntax error at 1:2: invalid number`, true},
		{`1.`, `syntax error at 1:3: invalid number`, true},
		{`.5`, `syntax error at 1:1: unexpected '.'`, true},
		{`+1`, `syntax error at 1:1: unexpected '+'`, true},
		{`{ a: 1 b: 2 }`, `syntax error at 1:8: expected ',' or '}'`, true},
		{`[1 2]`, `syntax error at 1:4: expected ',' or ']'`, true},
		{`[1,,]`, `syntax error at 1:4: unexpected ','`, true},
		{`{a.b: 1}`, `syntax error at 1:3: expected ':'`, true},
		{`{ a: 1 `, `syntax error at 1:8: unexpected end of input`, true},
		{`/* open`, `syntax error at 1:8: unexpected end of input`, true},
		{`undefined`, `syntax error at 1:1: unexpected word 'undefined'`, true},
		{`1 2`, `syntax error at 1:3: unexpected '2' after value`, true},
		{"{\n  a: 1\n  b: 2 }", `syntax error at 3:3: expected ',' or '}'`, true},
		{`$ref("users", "3df9")`, `$ref needs a full UUID, got '3df9'`, false},
		{`$ref("Users", "` + testUUID + `")`, `invalid name: invalid character 'U': only [a-z0-9_] allowed`, false},
		{`$ref(users, "` + testUUID + `")`, `syntax error at 1:6: $ref needs string arguments`, true},
		{`$foo`, `syntax error at 1:1: unexpected '$foo'`, true},
		{deep, `syntax error at 1:129: nesting deeper than 128 levels`, true},
	}
	for _, c := range cases {
		_, err := ParseValue(c.in)
		if err == nil {
			t.Errorf("ParseValue(%q) succeeded, want %q", c.in, c.want)
			continue
		}
		if err.Error() != c.want {
			t.Errorf("ParseValue(%q) error %q, want %q", c.in, err, c.want)
		}
		if errors.Is(err, ErrSyntax) != c.syntax {
			t.Errorf("ParseValue(%q): errors.Is(ErrSyntax) = %v, want %v", c.in, !c.syntax, c.syntax)
		}
	}
}

func TestParseValueNestingLimit(t *testing.T) {
	ok := strings.Repeat("[", 128) + strings.Repeat("]", 128)
	if _, err := ParseValue(ok); err != nil {
		t.Fatalf("128 levels: %v", err)
	}
}

func FuzzParseValue(f *testing.F) {
	for _, s := range []string{`{ age: {$gt: 30}, }`, `[1, 2.5, -0, 1e3]`, `'it\'s'`, `"\ud83d\ude00"`,
		`$ref("users", "` + testUUID + `")`, "{a:1 // c\n}", `{"$ref": {"collection": "c", "uuid": "` + testUUID + `"}}`,
		`"\q"`, `99999999999999999999`, `/*`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseValue(s)
		if err != nil {
			return
		}
		// what the shell prints (bytes aside) must read back as an equal value
		out := FormatValue(v)
		w, err := ParseValue(out)
		if err != nil {
			t.Fatalf("re-parse of %q (from %q): %v", out, s, err)
		}
		if !engine.Equal(v, w) || FormatValue(w) != out {
			t.Fatalf("round trip changed %q: %s vs %s", s, out, FormatValue(w))
		}
	})
}

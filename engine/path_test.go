package engine

import (
	"slices"
	"strings"
	"testing"
)

func mustParseJSON(t testing.TB, s string) Value {
	t.Helper()
	v, err := ParseJSON([]byte(s))
	if err != nil {
		t.Fatalf("ParseJSON(%s): %v", s, err)
	}
	return v
}

func TestSplitPath(t *testing.T) {
	for _, tc := range []struct {
		path string
		segs []string
	}{
		{"a", []string{"a"}},
		{"a.b.c", []string{"a", "b", "c"}},
		{"tags.0", []string{"tags", "0"}},
		{"_id", []string{"_id"}},
		{"$x.é", []string{"$x", "é"}},
	} {
		segs, err := splitPath(tc.path)
		if err != nil || !slices.Equal(segs, tc.segs) {
			t.Errorf("splitPath(%q) = %q, %v; want %q", tc.path, segs, err, tc.segs)
		}
	}
	for _, p := range []string{"", ".", "a..b", ".a", "a.", "a.b.", `q"uote.`} {
		_, err := splitPath(p)
		if want := `bad field path "` + p + `"`; err == nil || err.Error() != want {
			t.Errorf("splitPath(%q) error = %v, want %s", p, err, want)
		}
	}
}

func TestResolvePath(t *testing.T) {
	for _, tc := range []struct {
		doc, path string
		want      string // the values reached, as a JSON array
	}{
		{`{"a":{"b":1}}`, "a.b", `[1]`},
		{`{"a":{"b":1}}`, "a", `[{"b":1}]`},
		{`{"a":{"b":1}}`, "a.c", `[]`},
		{`{"a":null}`, "a", `[null]`},
		{`{"a":5}`, "a.b", `[]`},
		{`{"a":"str"}`, "a.0", `[]`},
		{`5`, "a", `[]`},
		{`{"tags":["dev","ops"]}`, "tags", `[["dev","ops"]]`},
		{`{"tags":["dev","ops"]}`, "tags.0", `["dev"]`},
		{`{"tags":["dev","ops"]}`, "tags.1", `["ops"]`},
		{`{"tags":["dev","ops"]}`, "tags.2", `[]`},
		{`{"tags":["dev","ops"]}`, "tags.01", `[]`},
		{`{"tags":["dev","ops"]}`, "tags.-1", `[]`},
		{`{"tags":["dev","ops"]}`, "tags.99999999999999999999999", `[]`},
		// A digit segment meeting an object is a field name.
		{`{"a":{"0":"x","01":"y"}}`, "a.0", `["x"]`},
		{`{"a":{"0":"x","01":"y"}}`, "a.01", `["y"]`},
		// Meeting an array it selects the element, and is not a member name.
		{`{"a":[{"0":"x"},"y"]}`, "a.0", `[{"0":"x"}]`},
		// A non-index segment takes the member of each object element.
		{`{"a":[{"b":1,"c":2},{"c":3},7]}`, "a.b", `[1]`},
		{`{"a":[{"b":1,"c":2},{"c":3},7]}`, "a.c", `[2,3]`},
		{`{"a":[{"01":1},{"01":2}]}`, "a.01", `[1,2]`},
		{`{"addr":[{"city":"Paris"},{"city":"Lyon"}]}`, "addr.city", `["Paris","Lyon"]`},
		{`{"a":[{"b":[{"c":1},{"c":2}]},{"b":{"c":3}}]}`, "a.b.c", `[1,2,3]`},
		// Arrays inside arrays are not entered by a member segment.
		{`{"a":[[{"b":1}]]}`, "a.b", `[]`},
		{`{"a":[[{"b":1}]]}`, "a.0.0.b", `[1]`},
		{`[{"a":1},{"a":2},3]`, "a", `[1,2]`},
		{`[10,20]`, "1", `[20]`},
		{`{"a.b":1}`, "a.b", `[]`},
	} {
		segs, err := splitPath(tc.path)
		if err != nil {
			t.Fatal(err)
		}
		got := Array(resolvePath(mustParseJSON(t, tc.doc), segs)...).String()
		if got != tc.want {
			t.Errorf("resolvePath(%s, %q) = %s, want %s", tc.doc, tc.path, got, tc.want)
		}
	}
	doc := mustParseJSON(t, `{"a":1}`)
	if got := resolvePath(doc, nil); len(got) != 1 || !Equal(got[0], doc) {
		t.Errorf("resolvePath with no segments = %v", got)
	}
}

func TestIndexEntries(t *testing.T) {
	for _, tc := range []struct {
		doc, path string
		want      string // entries as a JSON array; "" means noValue
	}{
		{`{"age":30}`, "age", `[30]`},
		{`{"age":null}`, "age", `[null]`},
		{`{"name":"x"}`, "age", ``},
		{`7`, "age", ``},
		{`{"tags":["dev","ops","dev"]}`, "tags", `["dev","ops"]`},
		{`{"tags":[]}`, "tags", ``},
		{`{"a":{"x":1}}`, "a", `[{"x":1}]`},
		{`{"a":[[1,2],[1,2],3,{"k":1},{"k":1}]}`, "a", `[[1,2],3,{"k":1}]`},
		{`{"a":[1,1.0,2,-0.0,0]}`, "a", `[1,2,-0.0]`},
		{`{"a":[{"b":[]},{"b":[1]},{"b":1}]}`, "a.b", `[1]`},
		{`{"a":[{"b":[]},{"c":[1]}]}`, "a.b", ``},
		{`{"a":[{"b":[null]}]}`, "a.b", `[null]`},
		{`{"tags":["x","y"]}`, "tags.1", `["y"]`},
		{`{"a":[[[1]]]}`, "a", `[[[1]]]`},
	} {
		segs, err := splitPath(tc.path)
		if err != nil {
			t.Fatal(err)
		}
		vals, noValue := indexEntries(mustParseJSON(t, tc.doc), segs)
		if tc.want == "" {
			if !noValue || len(vals) != 0 {
				t.Errorf("indexEntries(%s, %q) = %v, %v; want no value", tc.doc, tc.path, Array(vals...), noValue)
			}
			continue
		}
		if got := Array(vals...).String(); noValue || got != tc.want {
			t.Errorf("indexEntries(%s, %q) = %s, %v; want %s", tc.doc, tc.path, got, noValue, tc.want)
		}
	}
}

func TestIndexEntriesLargeArray(t *testing.T) {
	// More elements than the pairwise duplicate check handles.
	var b strings.Builder
	b.WriteString(`{"a":[`)
	for i := 0; i < 300; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		switch i % 3 {
		case 0:
			b.WriteString(`1`)
		case 1:
			b.WriteString(`1.0`)
		default:
			b.WriteString(`"s` + string(rune('a'+i%5)) + `"`)
		}
	}
	b.WriteString(`]}`)
	vals, noValue := indexEntries(mustParseJSON(t, b.String()), []string{"a"})
	if got := Array(vals...).String(); noValue || got != `[1,"sc","sa","sd","sb","se"]` {
		t.Fatalf("indexEntries = %s, %v", got, noValue)
	}
}

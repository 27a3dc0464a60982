package engine

import (
	"context"
	"errors"
	"testing"
)

func TestProjectionApply(t *testing.T) {
	id := idN(7)
	for _, tc := range []struct{ proj, doc, want, shell string }{
		// §9.6: dotted inclusion.
		{`{"address.city": 1}`, `{"name": "A", "address": {"city": "Paris", "zip": "1"}}`,
			`{"address":{"city":"Paris"}}`, `{"_id":"ID","address":{"city":"Paris"}}`},
		// §9.7: through arrays.
		{`{"a.b": 1}`, `{"a": [{"b": 1, "c": 2}, {"c": 3}, 7]}`, `{"a":[{"b":1},{}]}`, ""},
		{`{"a.b": 0}`, `{"a": [{"b": 1, "c": 2}, {"c": 3}, 7]}`, `{"a":[{"c":2},{"c":3},7]}`, ""},
		// Nested arrays are walked like the outer one.
		{`{"a.b": 1}`, `{"a": [[{"b": 1, "c": 2}, 5], {"b": 3}]}`, `{"a":[[{"b":1}],{"b":3}]}`, ""},
		{`{"a.b": 0}`, `{"a": [[{"b": 1, "c": 2}, 5], {"b": 3}]}`, `{"a":[[{"c":2},5],{}]}`, ""},
		// Missing leaves.
		{`{"address.city": 1}`, `{"address": {}}`, `{"address":{}}`, ""},
		{`{"address.city": 1}`, `{"name": "x"}`, `{}`, `{"_id":"ID"}`},
		{`{"address.city": 1}`, `{"address": 5}`, `{}`, ""},
		{`{"address.city": 0}`, `{"address": 5}`, `{"address":5}`, ""},
		// Non-object documents.
		{`{"a": 1}`, `42`, `{}`, `{"_id":"ID"}`},
		{`{"a": 1}`, `[1, {"a": 2}]`, `{}`, ""},
		{`{"a": 0}`, `42`, `42`, `42`},
		{`{"a": 0}`, `[{"a": 1}]`, `[{"a":1}]`, ""},
		// _id handling: the key is not in the document.
		{`{"_id": 1}`, `{"a": 1}`, `{}`, `{"_id":"ID"}`},
		{`{"_id": 0}`, `{"a": 1}`, `{"a":1}`, `{"a":1}`},
		{`{"a": 1, "_id": 0}`, `{"a": 1, "b": 2}`, `{"a":1}`, `{"a":1}`},
		{`{"a": 0, "_id": 1}`, `{"a": 1, "b": 2}`, `{"b":2}`, `{"_id":"ID","b":2}`},
		{`{"_id": 0, "a": 0}`, `{"a": 1, "b": 2}`, `{"b":2}`, `{"b":2}`},
		{`{"a": true}`, `{"_id": "own", "a": 1}`, `{"a":1}`, `{"_id":"ID","a":1}`},
		{`{"a": false}`, `{"_id": "own", "a": 1}`, `{"_id":"own"}`, `{"_id":"ID"}`},
		{`{"_id.x": 1, "a": 1}`, `{"_id": {"x": 1}, "a": 1}`, `{"a":1}`, ""},
		// Document order, not projection order; a shorter path wins.
		{`{"b": 1, "a": 1}`, `{"a": 1, "b": 2, "c": 3}`, `{"a":1,"b":2}`, ""},
		{`{"a": 1, "a.b": 1}`, `{"a": {"b": 1, "c": 2}}`, `{"a":{"b":1,"c":2}}`, ""},
		{`{"a.b": 1, "a": 1}`, `{"a": {"b": 1, "c": 2}}`, `{"a":{"b":1,"c":2}}`, ""},
		{`{"a.b": 0, "a": 0}`, `{"a": {"b": 1}, "c": 1}`, `{"c":1}`, ""},
		{`{"a.b.c": 1, "a.d": 1}`, `{"a": {"b": {"c": 1, "x": 2}, "d": [1], "e": 3}}`, `{"a":{"b":{"c":1},"d":[1]}}`, ""},
		// Digit segments select array elements; on objects they are names.
		{`{"tags.0": 1}`, `{"tags": ["a", "b"]}`, `{"tags":["a"]}`, ""},
		{`{"tags.1": 0}`, `{"tags": ["a", "b", "c"]}`, `{"tags":["a","c"]}`, ""},
		{`{"tags.0": 1}`, `{"tags": {"0": "x", "1": "y"}}`, `{"tags":{"0":"x"}}`, ""},
		{`{"a.0.b": 1}`, `{"a": [{"b": 1, "c": 2}, {"b": 3}]}`, `{"a":[{"b":1},{}]}`, ""},
		{`{"a.0.b": 0, "a.c": 0}`, `{"a": [{"b": 1, "c": 2}, {"b": 3, "c": 4}]}`, `{"a":[{},{"b":3}]}`, ""},
		{`{"a.1": 1, "a.b": 1}`, `{"a": [{"b": 1, "c": 2}, {"b": 3, "c": 4}, 5]}`, `{"a":[{"b":1},{"b":3,"c":4}]}`, ""},
		{`{"a.0.1": 1}`, `{"a": [[1, 2, 3], [4, 5]]}`, `{"a":[[2],[]]}`, ""},
		// Exclusion of a scalar through a scalar keeps it.
		{`{"a.b": 0}`, `{"a": 1, "b": {"c": 1}}`, `{"a":1,"b":{"c":1}}`, ""},
	} {
		p := mustProjection(t, tc.proj)
		got := p.Apply(id, mustParseJSON(t, tc.doc)).String()
		if got != tc.want {
			t.Errorf("%s on %s = %s, want %s", tc.proj, tc.doc, got, tc.want)
		}
		if tc.shell == "" {
			continue
		}
		shell := *p
		shell.AddID = true
		want := mustParseJSON(t, replaceID(tc.shell, id.String())).String()
		if got := shell.Apply(id, mustParseJSON(t, tc.doc)).String(); got != want {
			t.Errorf("shell %s on %s = %s, want %s", tc.proj, tc.doc, got, want)
		}
	}
	var none *Projection
	if got := none.Apply(id, Int(3)); !Equal(got, Int(3)) || !none.KeepsID() {
		t.Error("a nil projection should change nothing")
	}
	if mustProjection(t, `{"_id": 0}`).KeepsID() || !mustProjection(t, `{"a": 1}`).KeepsID() {
		t.Error("KeepsID")
	}
	if p, err := ParseProjection(mustParseJSON(t, `{}`)); p != nil || err != nil {
		t.Errorf("empty projection: %v %v", p, err)
	}
	if _, err := ParseProjection(mustParseJSON(t, `{"_id": 1, "a": 0}`)); err != nil {
		t.Errorf("_id may differ from the other paths: %v", err)
	}
	if _, err := ParseProjection(mustParseJSON(t, `{"_id": 0, "a": 1}`)); err != nil {
		t.Errorf("_id may differ from the other paths: %v", err)
	}
}

func replaceID(s, id string) string {
	out := []byte{}
	for i := 0; i < len(s); i++ {
		if i+2 <= len(s) && s[i:i+2] == "ID" {
			out = append(out, id...)
			i++
			continue
		}
		out = append(out, s[i])
	}
	return string(out)
}

// TestFindProjection checks that projection comes last: after filter, sort,
// skip and limit, which still see the whole document.
func TestFindProjection(t *testing.T) {
	db, _ := openTest(t, nil)
	loadFixture(t, db)
	opts := FindOptions{Sort: []SortKey{{"age", true}}, Skip: 1, Limit: 2, Projection: mustProjection(t, `{"name": 1}`)}
	docs, err := findDocs(t, db, "users", mustParseJSON(t, `{"age": {"$gte": 0}}`), opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 2 || docs[0].ID != idN(7) || docs[0].Value.String() != `{"name":"Gina"}` ||
		docs[1].Value.String() != `{"name":"Alice"}` {
		t.Errorf("got %v", docs)
	}
	// A deep path is fine.
	long := "a"
	for range 300 {
		long += ".a"
	}
	p, err := ParseProjection(Object(Field{Key: long, Value: Int(1)}))
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Apply(idN(1), mustParseJSON(t, `{"a": {"a": 1}, "b": 2}`)).String(); got != `{"a":{}}` {
		t.Errorf("long inclusion path: %s", got)
	}
	it, err := db.Find(context.Background(), "users", Object(), FindOptions{Projection: p})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for it.Next() {
		n++
	}
	if err := it.Close(); err != nil || n != 10 {
		t.Errorf("find with a long projection: %d, %v", n, err)
	}
	if _, err := ParseProjection(Int(1)); !errors.Is(err, ErrInvalidOptions) {
		t.Errorf("non-object projection: %v", err)
	}
}

func FuzzProjection(f *testing.F) {
	for _, tc := range [][2]string{
		{`{"a.b": 1}`, `{"a": [{"b": 1, "c": 2}, {"c": 3}, 7]}`},
		{`{"a.b": 0}`, `{"a": [{"b": 1, "c": 2}, {"c": 3}, 7]}`},
		{`{"a.0": 1, "a.b": 1}`, `{"a": [[{"b": 1}], {"b": 2, "c": 3}]}`},
		{`{"a.0.1": 0, "_id": 0}`, `{"a": [[1, 2], [3, 4]]}`},
		{`{"x": 1}`, `5`},
		{`{"_id": 1}`, `{"a": 1}`},
		{`{"a": 1.0, "b.c": true}`, `{"b": {"c": 1, "d": 2}, "a": [1]}`},
	} {
		f.Add([]byte(tc[0]), []byte(tc[1]))
	}
	f.Fuzz(func(t *testing.T, pb, db []byte) {
		spec, err := ParseJSON(pb)
		if err != nil {
			return
		}
		doc, err := ParseJSON(db)
		if err != nil {
			return
		}
		p, err := ParseProjection(spec)
		if err != nil {
			if !errors.Is(err, ErrInvalidOptions) {
				t.Fatalf("error %v does not wrap ErrInvalidOptions", err)
			}
			return
		}
		got := p.Apply(idN(1), doc)
		want := doc
		if p != nil {
			want = bfProject(spec, doc)
		}
		if !Equal(got, want) || got.String() != want.String() {
			t.Fatalf("%s on %s = %s, brute force %s", spec, doc, got, want)
		}
	})
}

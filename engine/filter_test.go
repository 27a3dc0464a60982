package engine

import (
	"errors"
	"math"
	"testing"

	"github.com/google/uuid"
)

func TestFilterDepthLimit(t *testing.T) {
	f := Object(Field{Key: "a", Value: Int(1)})
	for range MaxDepth + 1 {
		f = Object(Field{Key: "$not", Value: f})
	}
	if _, err := ParseFilter(f); err == nil || err.Error() != "invalid filter: filter nested too deeply" {
		t.Errorf("deep filter: %v", err)
	}
	ops := Object(Field{Key: "$gt", Value: Int(1)})
	for range MaxDepth + 1 {
		ops = Object(Field{Key: "$not", Value: ops})
	}
	if _, err := ParseFilter(Object(Field{Key: "a", Value: ops})); !errors.Is(err, ErrInvalidFilter) {
		t.Errorf("deep $not chain: %v", err)
	}
	// Within the limit both are fine.
	ok := Object(Field{Key: "a", Value: Int(1)})
	for range 50 {
		ok = Object(Field{Key: "$not", Value: ok})
	}
	flt, err := ParseFilter(ok)
	if err != nil {
		t.Fatal(err)
	}
	// 50 negations of {a: 1}: an even count, so {a: 1} itself.
	if !flt.Match(uuid.UUID{}, mustParseJSON(t, `{"a": 1}`)) || flt.Match(uuid.UUID{}, mustParseJSON(t, `{"a": 2}`)) {
		t.Error("50 negations")
	}
}

// A NaN or infinite operand (reachable only from Go) is refused: it has no
// place in the value order, so indexed and scanned answers would differ.
func TestFilterRefusesNonFiniteOperands(t *testing.T) {
	nan, inf := Float(math.NaN()), Float(math.Inf(-1))
	cases := []struct {
		name string
		f    Value
	}{
		{"literal", Object(Field{Key: "age", Value: nan})},
		{"$eq", Object(Field{Key: "age", Value: Object(Field{Key: "$eq", Value: nan})})},
		{"$gte", Object(Field{Key: "age", Value: Object(Field{Key: "$gte", Value: inf})})},
		{"$in", Object(Field{Key: "age", Value: Object(Field{Key: "$in", Value: Array(Int(1), nan)})})},
		{"inside $or", Object(Field{Key: "$or", Value: Array(Object(Field{Key: "a", Value: Array(Object(Field{Key: "x", Value: inf}))}))})},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseFilter(c.f)
			if !errors.Is(err, ErrInvalidFilter) || err.Error() != "invalid filter: NaN and infinities cannot be compared" {
				t.Fatalf("got %v", err)
			}
		})
	}
	if _, err := ParseFilter(Object(Field{Key: "age", Value: Float(math.Copysign(0, -1))})); err != nil {
		t.Errorf("-0.0 is finite: %v", err)
	}
}

func TestFilterConjuncts(t *testing.T) {
	f, err := ParseFilter(mustParseJSON(t, `{"a": 1, "$and": [{"b": 2, "$and": [{"c": 3}]}, {"$or": [{"d": 4}]}], "$not": {"e": 5}}`))
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, n := range f.root.conjuncts(nil) {
		paths = append(paths, n.path)
	}
	if len(paths) != 3 || paths[0] != "a" || paths[1] != "b" || paths[2] != "c" {
		t.Errorf("conjuncts %v", paths)
	}
	if f.MatchAll() {
		t.Error("MatchAll on a real filter")
	}
	if all, _ := ParseFilter(Object()); !all.MatchAll() {
		t.Error("{} should match all")
	}
}

func FuzzParseFilter(f *testing.F) {
	for _, s := range []string{
		`{}`, `{"a": 1}`, `{"a": {"$gt": 1, "$lt": 5}}`, `{"a.b": {"$in": [1, "x", null]}}`,
		`{"$or": [{"a": 1}, {"b": {"$exists": false}}]}`, `{"$not": {"a": {"$ne": null}}}`,
		`{"a": {"$not": {"$gte": 2}}}`, `{"tags.0": "dev"}`, `{"_id": {"$gte": "3df9"}}`,
		`{"a": {"$nin": [[1], {"b": 2}]}}`, `{"a": {"$ref": {"collection": "c", "uuid": "x"}}}`,
		`{"a": {"$gt": 1, "b": 2}}`, `{"a..b": 1}`, `{"$and": []}`, `{"a": {"$regex": "x"}}`, `5`,
	} {
		f.Add([]byte(s))
	}
	docs := []string{
		`{"a": 1, "b": [1, 2, {"a": 3}], "tags": ["dev", ["ops"]]}`,
		`{"a": {"b": [null, 2.5, "x"]}, "c": {}}`,
		`{"a": [[1, 2], {"b": 1}, []], "b": null}`,
		`[1, 2]`, `"text"`, `{}`,
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		v, err := ParseJSON(b)
		if err != nil {
			return
		}
		flt, err := ParseFilter(v)
		if err != nil {
			if !errors.Is(err, ErrInvalidFilter) {
				t.Fatalf("error %v does not wrap ErrInvalidFilter", err)
			}
			return
		}
		for i, s := range docs {
			doc := mustParseJSON(t, s)
			id := idN(i)
			if got, want := flt.Match(id, doc), bfMatch(v, id, doc); got != want {
				t.Fatalf("Match(%s, %s) = %v, brute force %v", v, doc, got, want)
			}
		}
	})
}

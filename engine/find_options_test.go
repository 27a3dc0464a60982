package engine

import (
	"errors"
	"reflect"
	"slices"
	"testing"
)

func TestParseFindOptions(t *testing.T) {
	for _, tc := range []struct {
		in   string
		sort []SortKey
		skip int
		lim  int
		expl bool
		proj bool
	}{
		{`{}`, nil, 0, 0, false, false},
		{`{"sort": {"age": -1, "name": 1}}`, []SortKey{{"age", true}, {"name", false}}, 0, 0, false, false},
		{`{"sort": {"name": 1, "age": -1}}`, []SortKey{{"name", false}, {"age", true}}, 0, 0, false, false},
		{`{"sort": [["b", 1], ["a", -1]]}`, []SortKey{{"b", false}, {"a", true}}, 0, 0, false, false},
		{`{"sort": {"a.b": 1.0, "c": -1.0}}`, []SortKey{{"a.b", false}, {"c", true}}, 0, 0, false, false},
		{`{"sort": {}}`, nil, 0, 0, false, false},
		{`{"sort": []}`, nil, 0, 0, false, false},
		{`{"skip": 3, "limit": 0}`, nil, 3, 0, false, false},
		{`{"limit": 10, "explain": true}`, nil, 0, 10, true, false},
		{`{"explain": false, "projection": {"a": 1}}`, nil, 0, 0, false, true},
		{`{"projection": {}}`, nil, 0, 0, false, false},
	} {
		o, err := ParseFindOptions(mustParseJSON(t, tc.in))
		if err != nil {
			t.Errorf("%s: %v", tc.in, err)
			continue
		}
		if !reflect.DeepEqual(o.Sort, tc.sort) && !(len(o.Sort) == 0 && len(tc.sort) == 0) {
			t.Errorf("%s: sort %v, want %v", tc.in, o.Sort, tc.sort)
		}
		if o.Skip != tc.skip || o.Limit != tc.lim || o.Explain != tc.expl || (o.Projection != nil) != tc.proj {
			t.Errorf("%s: got %+v", tc.in, o)
		}
	}
	o, count, err := ParseWireFindOptions(mustParseJSON(t, `{"count": true, "limit": 2}`))
	if err != nil || !count || o.Limit != 2 {
		t.Errorf("wire count: %+v %v %v", o, count, err)
	}
	if _, err := ParseFindOptions(mustParseJSON(t, `{"count": true}`)); err == nil ||
		err.Error() != `invalid find options: unknown option "count"` {
		t.Errorf("count outside the wire: %v", err)
	}
	if _, _, err := ParseWireFindOptions(mustParseJSON(t, `{"count": 1}`)); err == nil ||
		err.Error() != "invalid find options: count must be a boolean" {
		t.Errorf("bad wire count: %v", err)
	}
}

func TestFindOptionErrors(t *testing.T) {
	const sortMust = "invalid find options: sort must be an object {path: 1 | -1, …} or an array [[path, 1 | -1], …]"
	const projMust = "invalid find options: projection must be an object {path: 1 | 0 | true | false, …}"
	for _, tc := range []struct{ in, want string }{
		{`5`, "invalid find options: options must be an object"},
		{`{"foo": 1}`, `invalid find options: unknown option "foo"`},
		{`{"Sort": {}}`, `invalid find options: unknown option "Sort"`},
		{`{"limit": -1}`, "invalid find options: limit must be an integer >= 0"},
		{`{"limit": 1.5}`, "invalid find options: limit must be an integer >= 0"},
		{`{"limit": "3"}`, "invalid find options: limit must be an integer >= 0"},
		{`{"skip": -2}`, "invalid find options: skip must be an integer >= 0"},
		{`{"skip": null}`, "invalid find options: skip must be an integer >= 0"},
		{`{"explain": 1}`, "invalid find options: explain must be a boolean"},
		{`{"sort": {"a": 2}}`, sortMust},
		{`{"sort": {"a": 0}}`, sortMust},
		{`{"sort": {"a": "asc"}}`, sortMust},
		{`{"sort": "a"}`, sortMust},
		{`{"sort": [["a"]]}`, sortMust},
		{`{"sort": [[1, 1]]}`, sortMust},
		{`{"sort": ["a", 1]}`, sortMust},
		{`{"sort": {"a..b": 1}}`, `invalid find options: bad field path "a..b"`},
		{`{"sort": [["", 1]]}`, `invalid find options: bad field path ""`},
		{`{"projection": 1}`, projMust},
		{`{"projection": {"a": 2}}`, projMust},
		{`{"projection": {"a": "yes"}}`, projMust},
		{`{"projection": {"a": 1, "b": 0}}`, "invalid find options: projection cannot mix inclusion and exclusion"},
		{`{"projection": {"a": false, "b": true}}`, "invalid find options: projection cannot mix inclusion and exclusion"},
		{`{"projection": {"a.": 1}}`, `invalid find options: bad field path "a."`},
	} {
		_, err := ParseFindOptions(mustParseJSON(t, tc.in))
		if err == nil || err.Error() != tc.want || !errors.Is(err, ErrInvalidOptions) {
			t.Errorf("ParseFindOptions(%s) = %v, want %q", tc.in, err, tc.want)
		}
	}
	// Options built in Go are checked too.
	db, _ := openTest(t, nil)
	loadFixture(t, db)
	for _, o := range []FindOptions{{Skip: -1}, {Limit: -1}, {Sort: []SortKey{{Path: "a..b"}}}} {
		if _, err := findDocs(t, db, "users", Object(), o); !errors.Is(err, ErrInvalidOptions) {
			t.Errorf("Find(%+v): %v", o, err)
		}
	}
}

// TestFindSortSkipLimit checks sort, skip and limit on the fixture, with
// and without indexes.
func TestFindSortSkipLimit(t *testing.T) {
	db, _ := openTest(t, nil)
	loadFixture(t, db)
	for _, paths := range fixtureIndexes {
		dropIndexes(t, db, "users")
		createIndexes(t, db, "users", paths)
		for _, tc := range []struct {
			filter string
			opts   FindOptions
			want   []int
		}{
			// age: 1:30 2:25 3:30.0 4:"thirty" 5:-0.0 6:2^53+1 7:2^53 8:null 9:missing 10:0
			{`{}`, FindOptions{Sort: []SortKey{{"age", false}}}, []int{8, 9, 5, 10, 2, 1, 3, 7, 6, 4}},
			{`{}`, FindOptions{Sort: []SortKey{{"age", true}}}, []int{4, 6, 7, 1, 3, 2, 5, 10, 8, 9}},
			{`{}`, FindOptions{Sort: []SortKey{{"age", true}}, Limit: 3}, []int{4, 6, 7}},
			{`{}`, FindOptions{Sort: []SortKey{{"age", true}}, Skip: 8}, []int{8, 9}},
			{`{}`, FindOptions{Sort: []SortKey{{"age", false}}, Skip: 2, Limit: 3}, []int{5, 10, 2}},
			{`{}`, FindOptions{Skip: 8, Limit: 5}, []int{9, 10}},
			{`{}`, FindOptions{Skip: 20}, nil},
			{`{}`, FindOptions{Limit: 2}, []int{1, 2}},
			// tags: smallest element ascending, largest descending; an
			// array nested in an array is one value; [] sorts as null.
			{`{}`, FindOptions{Sort: []SortKey{{"tags", false}}}, []int{3, 5, 6, 7, 8, 9, 1, 2, 10, 4}},
			{`{}`, FindOptions{Sort: []SortKey{{"tags", true}}}, []int{4, 10, 1, 2, 3, 5, 6, 7, 8, 9}},
			{`{"tags": {"$exists": true}}`, FindOptions{Sort: []SortKey{{"tags", false}}}, []int{3, 1, 2, 10, 4}},
			// Several keys in the order written.
			{`{"age": {"$gte": 0}}`, FindOptions{Sort: []SortKey{{"age", true}, {"name", true}}}, []int{6, 7, 3, 1, 2, 10, 5}},
			{`{"age": {"$gte": 0}}`, FindOptions{Sort: []SortKey{{"name", true}, {"age", true}}}, []int{10, 7, 6, 5, 3, 2, 1}},
			// "_id" sorts by key; keys after it never matter.
			{`{}`, FindOptions{Sort: []SortKey{{"_id", true}, {"age", false}}, Limit: 3}, []int{10, 9, 8}},
			{`{}`, FindOptions{Sort: []SortKey{{"_id", false}, {"age", true}}, Limit: 3}, []int{1, 2, 3}},
			{`{}`, FindOptions{Sort: []SortKey{{"address.city", false}, {"_id", true}}, Limit: 4}, []int{10, 9, 8, 7}},
			// obj: objects compare pair by pair in written order.
			{`{"obj": {"$exists": true}}`, FindOptions{Sort: []SortKey{{"obj", false}}}, []int{7, 8}},
			{`{"obj": {"$exists": true}}`, FindOptions{Sort: []SortKey{{"obj", true}}}, []int{8, 7}},
			// Sort on a range-filtered indexed path.
			{`{"age": {"$gt": 0}}`, FindOptions{Sort: []SortKey{{"age", false}}, Limit: 2}, []int{2, 1}},
			{`{"age": {"$lt": 100}}`, FindOptions{Sort: []SortKey{{"age", true}}, Limit: 2, Skip: 1}, []int{3, 2}},
		} {
			got := idNums(mustFind(t, db, "users", tc.filter, tc.opts))
			if !slices.Equal(got, tc.want) {
				t.Errorf("indexes %v: find(%s, %+v) = %v, want %v", paths, tc.filter, tc.opts, got, tc.want)
			}
		}
	}
}

func FuzzParseFindOptions(f *testing.F) {
	for _, s := range []string{
		`{}`, `{"sort": {"a": 1, "b": -1}}`, `{"sort": [["a", -1]]}`, `{"skip": 1, "limit": 2}`,
		`{"projection": {"a.b": 1, "_id": 0}}`, `{"projection": {"a": 0}}`, `{"explain": true}`,
		`{"sort": {"a..": 1}}`, `{"projection": {"a": 1, "b": 0}}`, `{"count": true}`, `[]`, `{"x": 1}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		v, err := ParseJSON(b)
		if err != nil {
			return
		}
		o, err := ParseFindOptions(v)
		if err != nil {
			if !errors.Is(err, ErrInvalidOptions) {
				t.Fatalf("error %v does not wrap ErrInvalidOptions", err)
			}
			return
		}
		if o.Skip < 0 || o.Limit < 0 {
			t.Fatalf("negative skip or limit: %+v", o)
		}
		if _, err := compileSort(o.Sort); err != nil {
			t.Fatalf("parsed sort does not compile: %v", err)
		}
		// A projection applies to any document without panicking.
		if o.Projection != nil {
			for _, d := range []Value{v, Int(1), mustParseJSON(t, `{"a": [{"b": 1, "c": [1, {"b": 2}]}, 3], "b": {"c": 1}}`)} {
				_ = o.Projection.Apply(idN(1), d)
			}
		}
	})
}

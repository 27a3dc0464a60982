package engine

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"
)

// findFixture is the fixed collection of the table tests: idN(i) holds
// docs[i-1].
func findFixture(t testing.TB) []Value {
	ref := Ref("users", idN(1)).String()
	src := []string{
		`{"name": "Alice", "age": 30, "email": "alice@x", "tags": ["dev", "ops"], "address": {"city": "Paris", "zip": "75001"}}`,
		`{"name": "Bob", "age": 25, "tags": ["dev"], "address": {"city": "Lyon"}}`,
		`{"name": "Carol", "age": 30.0, "email": null, "tags": [], "address": {}}`,
		`{"name": "Dan", "age": "thirty", "tags": [["dev"], "x"], "address": [{"city": "Paris"}, {"city": "Nice"}, 7]}`,
		`{"name": "Eve", "age": -0.0, "scores": [1, [2, 3]]}`,
		`{"name": "Frank", "age": 9007199254740993}`,
		`{"name": "Gina", "age": 9007199254740992.0, "obj": {"a": 1, "b": 2}}`,
		`{"name": "Hal", "obj": {"b": 2, "a": 1}, "age": null}`,
		`42`,
		`{"name": "Ivy", "age": 0, "tags": ["vip"], "owner": ` + ref + `}`,
	}
	docs := make([]Value, len(src))
	for i, s := range src {
		docs[i] = mustParseJSON(t, s)
	}
	return docs
}

// loadFixture creates collection "users" holding the fixture.
func loadFixture(t testing.TB, db *DB) []Value {
	t.Helper()
	docs := findFixture(t)
	if err := db.CreateCollection("users"); err != nil {
		t.Fatal(err)
	}
	batch := make([]Document, len(docs))
	for i, d := range docs {
		batch[i] = Document{ID: idN(i + 1), Value: d}
	}
	if err := db.InsertMany("users", batch); err != nil {
		t.Fatal(err)
	}
	return docs
}

// findDocs runs a find and collects its results.
func findDocs(t testing.TB, db *DB, coll string, filter Value, opts FindOptions) ([]Document, error) {
	t.Helper()
	it, err := db.Find(context.Background(), coll, filter, opts)
	if err != nil {
		return nil, err
	}
	var out []Document
	for it.Next() {
		out = append(out, it.Document())
	}
	return out, it.Close()
}

func mustFind(t testing.TB, db *DB, coll, filter string, opts FindOptions) []Document {
	t.Helper()
	docs, err := findDocs(t, db, coll, mustParseJSON(t, filter), opts)
	if err != nil {
		t.Fatalf("find %s: %v", filter, err)
	}
	return docs
}

// idNums maps results back to fixture numbers.
func idNums(docs []Document) []int {
	out := make([]int, len(docs))
	for i, d := range docs {
		out[i] = int(d.ID[13])<<16 | int(d.ID[14])<<8 | int(d.ID[15])
	}
	return out
}

func rangeInts(lo, hi int, except ...int) []int {
	var out []int
	for i := lo; i <= hi; i++ {
		if !slices.Contains(except, i) {
			out = append(out, i)
		}
	}
	return out
}

var fixtureFilters = []struct {
	filter string
	want   []int
}{
	{`{}`, rangeInts(1, 10)},
	{`{"age": 30}`, []int{1, 3}},
	{`{"age": 30.0}`, []int{1, 3}},
	{`{"age": {"$eq": 30}}`, []int{1, 3}},
	{`{"age": 0}`, []int{5, 10}},
	{`{"age": -0.0}`, []int{5, 10}},
	{`{"age": 9007199254740993}`, []int{6}},
	{`{"age": 9007199254740992}`, []int{7}},
	{`{"age": 9007199254740992.0}`, []int{7}},
	{`{"age": null}`, []int{8, 9}},
	{`{"email": null}`, rangeInts(1, 10, 1)},
	{`{"email": {"$exists": false}}`, rangeInts(1, 10, 1, 3)},
	{`{"email": {"$exists": true}}`, []int{1, 3}},
	{`{"email": {"$ne": null}}`, []int{1}},
	{`{"age": {"$ne": 30}}`, rangeInts(1, 10, 1, 3)},
	{`{"age": {"$gt": 25}}`, []int{1, 3, 6, 7}},
	{`{"age": {"$gte": 25}}`, []int{1, 2, 3, 6, 7}},
	{`{"age": {"$gte": 18, "$lt": 30}}`, []int{2}},
	{`{"age": {"$lt": 1}}`, []int{5, 10}},
	{`{"age": {"$lte": 0}}`, []int{5, 10}},
	{`{"age": {"$gt": "a"}}`, []int{4}},
	{`{"age": {"$gte": null}}`, []int{8, 9}},
	{`{"age": {"$lte": null}}`, []int{8, 9}},
	{`{"age": {"$gt": null}}`, nil},
	{`{"age": {"$lt": null}}`, nil},
	{`{"age": {"$gt": 9007199254740992}}`, []int{6}},
	{`{"age": {"$lt": 9007199254740993}}`, []int{1, 2, 3, 5, 7, 10}},
	{`{"tags": "dev"}`, []int{1, 2}},
	{`{"tags": ["dev"]}`, []int{2, 4}},
	{`{"tags": []}`, []int{3}},
	{`{"tags": null}`, []int{5, 6, 7, 8, 9}},
	{`{"tags": {"$ne": null}}`, []int{1, 2, 3, 4, 10}},
	{`{"tags": {"$in": [null, "vip"]}}`, []int{5, 6, 7, 8, 9, 10}},
	{`{"tags": {"$gte": null}}`, []int{5, 6, 7, 8, 9}},
	{`{"tags": {"$in": ["vip", "staff"]}}`, []int{10}},
	{`{"tags": {"$in": []}}`, nil},
	{`{"tags": {"$nin": ["dev"]}}`, rangeInts(1, 10, 1, 2)},
	{`{"tags": {"$nin": []}}`, rangeInts(1, 10)},
	{`{"tags": {"$gt": "a"}}`, []int{1, 2, 4, 10}},
	{`{"tags": {"$gte": ["dev"]}}`, []int{1, 2, 4, 10}},
	{`{"tags": {"$exists": true}}`, []int{1, 2, 3, 4, 10}},
	{`{"address.city": "Paris"}`, []int{1, 4}},
	{`{"address.city": {"$exists": false}}`, []int{3, 5, 6, 7, 8, 9, 10}},
	{`{"address.0.city": "Paris"}`, []int{4}},
	{`{"address.1": {"city": "Nice"}}`, []int{4}},
	{`{"address": {"city": "Lyon"}}`, []int{2}},
	{`{"address": {}}`, []int{3}},
	{`{"tags.0": "dev"}`, []int{1, 2, 4}},
	{`{"tags.1": "ops"}`, []int{1}},
	{`{"tags.01": "ops"}`, nil},
	{`{"scores": 2}`, nil},
	{`{"scores": [2, 3]}`, []int{5}},
	{`{"scores.1": 2}`, []int{5}},
	{`{"obj": {"a": 1, "b": 2}}`, []int{7}},
	{`{"obj": {"b": 2, "a": 1}}`, []int{8}},
	{`{"obj.a": 1}`, []int{7, 8}},
	{`{"obj": {"$gt": {"a": 1}}}`, []int{7, 8}},
	{`{"obj": {"$gt": {"a": 2}}}`, []int{8}},
	{`{"owner": {"$ref": {"collection": "users", "uuid": "` + idN(1).String() + `"}}}`, []int{10}},
	{`{"owner": {"$exists": true}}`, []int{10}},
	{`{"age": {"$not": {"$gt": 25}}}`, []int{2, 4, 5, 8, 9, 10}},
	{`{"age": {"$not": {"$gte": 18, "$lt": 30}}}`, rangeInts(1, 10, 2)},
	{`{"$or": [{"address.city": "Paris"}, {"tags": {"$in": ["vip", "staff"]}}]}`, []int{1, 4, 10}},
	{`{"$and": [{"age": {"$gte": 25}}, {"age": {"$lte": 30}}]}`, []int{1, 2, 3}},
	{`{"$not": {"age": 30}}`, rangeInts(1, 10, 1, 3)},
	{`{"$not": {"$or": [{"age": 30}, {"name": "Bob"}]}}`, rangeInts(1, 10, 1, 2, 3)},
	{`{"name": {"$gt": "D"}, "age": {"$exists": true}}`, []int{4, 5, 6, 7, 8, 10}},
	{`{"_id": "` + idN(1).String() + `"}`, []int{1}},
	{`{"_id": "` + strings.ToUpper(idN(10).String()) + `"}`, nil},
	{`{"_id": {"$gte": "` + idN(3).String() + `", "$lt": "` + idN(6).String() + `"}}`, []int{3, 4, 5}},
	{`{"_id": {"$in": ["` + idN(2).String() + `", "garbage", 7]}}`, []int{2}},
	{`{"_id": {"$gt": 5}}`, nil},
	{`{"_id": {"$lt": "1"}}`, rangeInts(1, 10)},
	{`{"_id": {"$gt": "00000000-0000-0000-0000-000000000009"}}`, []int{10}},
	{`{"_id": {"$exists": true}}`, rangeInts(1, 10)},
	{`{"_id": {"$ne": "` + idN(4).String() + `"}}`, rangeInts(1, 10, 4)},
	{`{"_id.x": null}`, rangeInts(1, 10)},
	{`{"_id": "` + idN(1).String() + `", "age": 25}`, nil},
	{`{"$or": [{"_id": "` + idN(1).String() + `"}, {"age": 25}]}`, []int{1, 2}},
}

// fixtureIndexes are the index sets the fixture tests run under.
var fixtureIndexes = [][]string{
	nil,
	{"age"},
	{"age", "tags", "address.city", "email", "obj", "name", "tags.0", "scores", "owner", "address", "_id"},
}

func createIndexes(t testing.TB, db *DB, coll string, paths []string) {
	t.Helper()
	for i, p := range paths {
		if err := db.CreateIndex(coll, fmt.Sprintf("ix%d", i), p); err != nil {
			t.Fatal(err)
		}
	}
}

func dropIndexes(t testing.TB, db *DB, coll string) {
	t.Helper()
	ixs, err := db.Indexes(coll)
	if err != nil {
		t.Fatal(err)
	}
	for _, ix := range ixs {
		if err := db.DropIndex(coll, ix.Name); err != nil {
			t.Fatal(err)
		}
	}
}

func TestFindFilters(t *testing.T) {
	db, _ := openTest(t, nil)
	loadFixture(t, db)
	for _, paths := range fixtureIndexes {
		dropIndexes(t, db, "users")
		createIndexes(t, db, "users", paths)
		for _, tc := range fixtureFilters {
			got := idNums(mustFind(t, db, "users", tc.filter, FindOptions{}))
			if !slices.Equal(got, tc.want) {
				t.Errorf("indexes %v: find(%s) = %v, want %v", paths, tc.filter, got, tc.want)
			}
			n, err := db.FindCount(context.Background(), "users", mustParseJSON(t, tc.filter))
			if err != nil || n != len(tc.want) {
				t.Errorf("indexes %v: count(%s) = %d, %v; want %d", paths, tc.filter, n, err, len(tc.want))
			}
		}
	}
}

func TestFindMatchDirect(t *testing.T) {
	docs := findFixture(t)
	for _, tc := range fixtureFilters {
		f, err := ParseFilter(mustParseJSON(t, tc.filter))
		if err != nil {
			t.Fatalf("%s: %v", tc.filter, err)
		}
		var got []int
		for i, d := range docs {
			if f.Match(idN(i+1), d) {
				got = append(got, i+1)
			}
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("Match(%s) = %v, want %v", tc.filter, got, tc.want)
		}
	}
	var nilFilter *Filter
	if !nilFilter.Match(uuid.UUID{}, Int(1)) || !nilFilter.MatchAll() {
		t.Error("a nil filter should match everything")
	}
}

func TestFindFilterErrors(t *testing.T) {
	for _, tc := range []struct{ filter, want string }{
		{`5`, "invalid filter: filter must be an object"},
		{`[]`, "invalid filter: filter must be an object"},
		{`null`, "invalid filter: filter must be an object"},
		{`{"a": {"$gt": 1, "b": 2}}`, `invalid filter: cannot mix operators and fields in the condition for "a"`},
		{`{"a.b": {"c": 2, "$gt": 1}}`, `invalid filter: cannot mix operators and fields in the condition for "a.b"`},
		{`{"a": {"$not": {"$gt": 1, "b": 2}}}`, `invalid filter: cannot mix operators and fields in the condition for "a"`},
		{`{"a..b": 1}`, `invalid filter: bad field path "a..b"`},
		{`{".a": 1}`, `invalid filter: bad field path ".a"`},
		{`{"a.": 1}`, `invalid filter: bad field path "a."`},
		{`{"": 1}`, `invalid filter: bad field path ""`},
		{`{"a": {"$in": 5}}`, "invalid filter: $in needs an array"},
		{`{"a": {"$nin": {"x": 1}}}`, "invalid filter: $nin needs an array"},
		{`{"a": {"$exists": 1}}`, "invalid filter: $exists needs a boolean"},
		{`{"a": {"$not": 5}}`, "invalid filter: $not needs an operator object such as {$gt: 5}"},
		{`{"a": {"$not": {}}}`, "invalid filter: $not needs an operator object such as {$gt: 5}"},
		{`{"a": {"$not": {"b": 1}}}`, "invalid filter: $not needs an operator object such as {$gt: 5}"},
		{`{"$not": {}}`, "invalid filter: $not needs an operator object such as {$gt: 5}"},
		{`{"$not": 3}`, "invalid filter: $not needs an operator object such as {$gt: 5}"},
		{`{"a": {"$regex": "x"}}`, "invalid filter: unknown operator $regex"},
		{`{"$regex": "x"}`, "invalid filter: unknown operator $regex"},
		{`{"$eq": 1}`, "invalid filter: unknown operator $eq"},
		{`{"a": {"$and": [{}]}}`, "invalid filter: unknown operator $and"},
		{`{"$and": []}`, "invalid filter: $and needs a non-empty array of filters"},
		{`{"$or": 5}`, "invalid filter: $or needs a non-empty array of filters"},
		{`{"$or": [5]}`, "invalid filter: filter must be an object"},
		{`{"$and": [{"a": {"$bad": 1}}]}`, "invalid filter: unknown operator $bad"},
		{`{"$not": {"a..": 1}}`, `invalid filter: bad field path "a.."`},
	} {
		_, err := ParseFilter(mustParseJSON(t, tc.filter))
		if err == nil || err.Error() != tc.want || !errors.Is(err, ErrInvalidFilter) {
			t.Errorf("ParseFilter(%s) = %v, want %q", tc.filter, err, tc.want)
		}
	}
	// Find reports the same error.
	db, _ := openTest(t, nil)
	loadFixture(t, db)
	_, err := findDocs(t, db, "users", Int(5), FindOptions{})
	if !errors.Is(err, ErrInvalidFilter) {
		t.Errorf("Find with a bad filter: %v", err)
	}
	if _, err := db.FindCount(context.Background(), "users", Int(5)); !errors.Is(err, ErrInvalidFilter) {
		t.Errorf("FindCount with a bad filter: %v", err)
	}
	if _, err := findDocs(t, db, "nope", Object(), FindOptions{}); !errors.Is(err, ErrCollectionNotFound) {
		t.Errorf("Find on a missing collection: %v", err)
	}
}

// TestFindLiteralForms covers the condition forms that are literals.
func TestFindLiteralForms(t *testing.T) {
	// A $ref object of any spelling is a literal, compared whole.
	f, err := ParseFilter(Object(Field{Key: "a", Value: Object(Field{Key: "$ref", Value: Int(1)})}))
	if err != nil {
		t.Fatal(err)
	}
	doc := Object(Field{Key: "a", Value: Object(Field{Key: "$ref", Value: Int(1)})})
	if !f.Match(uuid.UUID{}, doc) {
		t.Error("a $ref object literal should match itself")
	}
	// {} as a condition equals an empty object only.
	f, _ = ParseFilter(mustParseJSON(t, `{"a": {}}`))
	if !f.Match(uuid.UUID{}, mustParseJSON(t, `{"a": {}}`)) || f.Match(uuid.UUID{}, mustParseJSON(t, `{"b": 1}`)) ||
		f.Match(uuid.UUID{}, mustParseJSON(t, `{"a": {"x": 1}}`)) {
		t.Error("{} condition")
	}
	// A key that contains a dot cannot be reached.
	f, _ = ParseFilter(mustParseJSON(t, `{"a.b": 1}`))
	if f.Match(uuid.UUID{}, mustParseJSON(t, `{"a.b": 1}`)) {
		t.Error("a dotted key was reached")
	}
}

// TestFindExamples runs the examples of REPL.md §9.8.
func TestFindExamples(t *testing.T) {
	db, _ := openTest(t, nil)
	loadFixture(t, db)
	ctx := context.Background()
	check := func(filter, opts string, want []int) {
		t.Helper()
		o := FindOptions{}
		if opts != "" {
			var err error
			if o, err = ParseFindOptions(mustParseJSON(t, opts)); err != nil {
				t.Fatal(err)
			}
		}
		got := idNums(mustFind(t, db, "users", filter, o))
		if !slices.Equal(got, want) {
			t.Errorf("find(%s, %s) = %v, want %v", filter, opts, got, want)
		}
	}
	for _, paths := range [][]string{nil, {"age", "name", "tags", "address.city", "email"}} {
		dropIndexes(t, db, "users")
		createIndexes(t, db, "users", paths)
		check(`{"age": 25}`, "", []int{2})
		check(`{"age": {"$gte": 18, "$lt": 30}}`, `{"sort": {"age": -1, "name": 1}, "limit": 10}`, []int{2})
		check(`{"age": {"$gte": 0, "$lt": 31}}`, `{"sort": {"age": -1, "name": 1}, "limit": 10}`, []int{1, 3, 2, 5, 10})
		check(`{"$or": [{"address.city": "Paris"}, {"tags": {"$in": ["vip", "staff"]}}]}`, "", []int{1, 4, 10})
		check(`{"email": {"$exists": false}}`, `{"projection": {"name": 1, "_id": 0}}`, []int{2, 4, 5, 6, 7, 8, 9, 10})
		check(`{"owner": {"$ref": {"collection": "users", "uuid": "`+idN(1).String()+`"}}}`, "", []int{10})
		n, err := db.FindCount(ctx, "users", mustParseJSON(t, `{"age": {"$not": {"$lt": 65}}}`))
		// Not below 65: every document but the numeric ages below 65.
		if err != nil || n != 5 {
			t.Errorf("count($not $lt 65) = %d, %v; want 5 (6, 7 huge, 4 a string, 8 null, 9 missing)", n, err)
		}
	}
	docs := mustFind(t, db, "users", `{"email": {"$exists": false}}`, FindOptions{Projection: mustProjection(t, `{"name": 1, "_id": 0}`)})
	var shown []string
	for _, d := range docs {
		shown = append(shown, d.Value.String())
	}
	want := `{"name":"Bob"} {"name":"Dan"} {"name":"Eve"} {"name":"Frank"} {"name":"Gina"} {"name":"Hal"} {} {"name":"Ivy"}`
	if strings.Join(shown, " ") != want {
		t.Errorf("projected: %s\nwant       %s", strings.Join(shown, " "), want)
	}
}

func mustProjection(t testing.TB, s string) *Projection {
	t.Helper()
	p, err := ParseProjection(mustParseJSON(t, s))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestFindLifecycle(t *testing.T) {
	db, _ := openTest(t, nil)
	loadFixture(t, db)
	createIndexes(t, db, "users", []string{"age"})
	// A cancelled context stops every plan.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, filter := range []string{`{}`, `{"age": 30}`, `{"age": {"$gt": 1}}`, `{"_id": {"$gt": "0"}}`} {
		it, err := db.Find(ctx, "users", mustParseJSON(t, filter), FindOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if it.Next() || !errors.Is(it.Close(), context.Canceled) {
			t.Errorf("find(%s) with a cancelled context: %v", filter, it.Err())
		}
	}
	if _, err := db.FindCount(ctx, "users", mustParseJSON(t, `{"age": 30}`)); !errors.Is(err, context.Canceled) {
		t.Errorf("count with a cancelled context: %v", err)
	}
	// A Tx iterator ends with its transaction.
	tx, err := db.BeginRead()
	if err != nil {
		t.Fatal(err)
	}
	it, err := tx.Find(context.Background(), "users", Object(), FindOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !it.Next() {
		t.Fatal("no first result")
	}
	tx.Rollback()
	if it.Next() || !errors.Is(it.Err(), ErrTxDone) {
		t.Errorf("after Rollback: %v", it.Err())
	}
	it.Close()
	if _, err := tx.Find(context.Background(), "users", Object(), FindOptions{}); !errors.Is(err, ErrTxDone) {
		t.Errorf("Find in a finished transaction: %v", err)
	}
	// Find inside a write transaction sees its own changes.
	err = db.Update(func(tx *Tx) error {
		if err := tx.Insert("users", idN(99), mustParseJSON(t, `{"age": 30}`)); err != nil {
			return err
		}
		n, err := tx.FindCount(context.Background(), "users", mustParseJSON(t, `{"age": 30}`))
		if err != nil || n != 3 {
			t.Errorf("count in the writer: %d, %v", n, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Counting with skip and limit, and the O(1) count of everything.
	for _, tc := range []struct {
		filter string
		opts   FindOptions
		want   int
	}{
		{`{}`, FindOptions{}, 11},
		{`{}`, FindOptions{Skip: 3, Limit: 5}, 5},
		{`{}`, FindOptions{Skip: 9, Limit: 5}, 2},
		{`{}`, FindOptions{Skip: 20}, 0},
		{`{"age": 30}`, FindOptions{Skip: 1}, 2},
		{`{"age": 30}`, FindOptions{Limit: 1, Sort: []SortKey{{"x", true}}}, 1},
	} {
		n, err := db.FindCountWith(context.Background(), "users", mustParseJSON(t, tc.filter), tc.opts)
		if err != nil || n != tc.want {
			t.Errorf("count(%s, %+v) = %d, %v; want %d", tc.filter, tc.opts, n, err, tc.want)
		}
	}
	// The closed database.
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Find(context.Background(), "users", Object(), FindOptions{}); !errors.Is(err, ErrClosed) {
		t.Errorf("Find on a closed database: %v", err)
	}
}

package client

import (
	"errors"
	"slices"
	"testing"

	"github.com/google/uuid"
	"github.com/grumpydb/grumpydb/engine"
)

// person is a Go document used by the data tests.
type person struct {
	Name string   `json:"name"`
	Age  int64    `json:"age"`
	Tags []string `json:"tags,omitempty"`
}

func mustParse(t *testing.T, s string) engine.Value {
	t.Helper()
	v, err := engine.ParseJSON([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func keyN(n int) uuid.UUID {
	var k uuid.UUID
	k[14], k[15] = byte(n>>8), byte(n)
	return k
}

func TestDocumentRoundTrip(t *testing.T) {
	_, db := testDB(t)
	c := ctx(t)
	if err := db.CreateCollection(c, "people"); err != nil {
		t.Fatal(err)
	}
	k := uuid.New()
	doc := mustParse(t, `{"b":1,"a":2.0,"big":1e300,"s":"tab\there\u00a0nbsp \u2028","nested":[{"x":null,"y":true}],"neg0":-0.0}`)
	if err := db.Insert(c, "people", k, doc); err != nil {
		t.Fatal(err)
	}
	got, err := db.Get(c, "people", k)
	if err != nil {
		t.Fatal(err)
	}
	if got.String() != doc.String() {
		t.Fatalf("got %s want %s", got, doc)
	}
	if b, _ := got.Get("b"); b.Kind() != engine.KindInt {
		t.Fatalf("b kind %v", b.Kind())
	}
	if a, _ := got.Get("a"); a.Kind() != engine.KindFloat {
		t.Fatalf("a kind %v", a.Kind())
	}
	if err := db.Insert(c, "people", k, doc); !errors.Is(err, ErrKeyExists) || !errors.Is(err, ErrAlreadyExists) {
		t.Fatalf("second insert: %v", err)
	}
	if err := db.Update(c, "people", k, person{Name: "Bob", Age: 42}); err != nil {
		t.Fatal(err)
	}
	got, err = db.Get(c, "people", k)
	if err != nil {
		t.Fatal(err)
	}
	var p person
	if err := got.Decode(&p); err != nil || p.Name != "Bob" || p.Age != 42 {
		t.Fatalf("decoded %+v, %v", p, err)
	}
	// PUT_WITH_VC upserts, over an existing key and a new one.
	if err := db.PutWithVC(c, "people", k, "put", map[string]any{"n1": 3}); err != nil {
		t.Fatal(err)
	}
	if got, err := db.Get(c, "people", k); err != nil || got.Str() != "put" {
		t.Fatalf("after put: %s %v", got, err)
	}
	k2 := uuid.New()
	if err := db.PutWithVC(c, "people", k2, 7, nil); err != nil {
		t.Fatal(err)
	}
	if got, err := db.Get(c, "people", k2); err != nil || got.Int() != 7 {
		t.Fatalf("put new: %s %v", got, err)
	}
	if err := db.Delete(c, "people", k); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Get(c, "people", k); !errors.Is(err, ErrKeyNotFound) || !errors.Is(err, ErrNotFound) {
		t.Fatalf("get after delete: %v", err)
	}
	if err := db.Delete(c, "people", k); !errors.Is(err, ErrKeyNotFound) {
		t.Fatalf("delete missing: %v", err)
	}
	if err := db.Update(c, "people", k, 1); !errors.Is(err, ErrKeyNotFound) {
		t.Fatalf("update missing: %v", err)
	}
	if _, err := db.Get(c, "nope", k); !errors.Is(err, ErrCollectionNotFound) {
		t.Fatalf("missing collection: %v", err)
	}
}

func TestCollectionsAndDatabases(t *testing.T) {
	cl, db := testDB(t)
	c := ctx(t)
	for _, n := range []string{"b", "a"} {
		if err := db.CreateCollection(c, n); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.CreateCollection(c, "a"); !errors.Is(err, ErrAlreadyExists) {
		t.Fatalf("duplicate: %v", err)
	}
	if err := db.CreateCollection(c, "Bad"); !errors.Is(err, ErrInvalidName) {
		t.Fatalf("bad name: %v", err)
	}
	got, err := db.ListCollections(c)
	if err != nil || !slices.Equal(got, []string{"a", "b"}) {
		t.Fatalf("list %v %v", got, err)
	}
	if err := db.DropCollection(c, "a"); err != nil {
		t.Fatal(err)
	}
	if err := db.DropCollection(c, "a"); !errors.Is(err, ErrCollectionNotFound) {
		t.Fatalf("drop missing: %v", err)
	}
	dbs, err := cl.ListDatabases(c)
	if err != nil || !slices.Contains(dbs, db.Name()) {
		t.Fatalf("databases %v %v", dbs, err)
	}
	other := db.Name() + "_x"
	if err := cl.CreateDatabase(c, other); err != nil {
		t.Fatal(err)
	}
	if err := cl.CreateDatabase(c, other); !errors.Is(err, ErrAlreadyExists) {
		t.Fatalf("duplicate db: %v", err)
	}
	if err := cl.DropDatabase(c, other); err != nil {
		t.Fatal(err)
	}
	if err := cl.DropDatabase(c, other); !errors.Is(err, ErrDatabaseNotFound) {
		t.Fatalf("drop missing db: %v", err)
	}
	if err := cl.Database("Bad-Name").CreateCollection(c, "x"); !errors.Is(err, ErrInvalidName) {
		t.Fatalf("USE bad name: %v", err)
	}
}

func TestScanCountInsertMany(t *testing.T) {
	_, db := testDB(t)
	c := ctx(t)
	if err := db.CreateCollection(c, "c"); err != nil {
		t.Fatal(err)
	}
	var batch []KeyedDocument
	for i := range 25 {
		batch = append(batch, KeyedDocument{Key: keyN(i), Doc: map[string]any{"i": i}})
	}
	n, err := db.InsertMany(c, "c", batch)
	if err != nil || n != 25 {
		t.Fatalf("insertmany %d %v", n, err)
	}
	// A batch with one existing key inserts nothing.
	bad := []KeyedDocument{{Key: keyN(100), Doc: 1}, {Key: keyN(3), Doc: 2}}
	if _, err := db.InsertMany(c, "c", bad); !errors.Is(err, ErrKeyExists) {
		t.Fatalf("insertmany dup: %v", err)
	}
	if _, err := db.Get(c, "c", keyN(100)); !errors.Is(err, ErrKeyNotFound) {
		t.Fatalf("partial insertmany: %v", err)
	}
	if _, err := db.InsertMany(c, "c", nil); !errors.Is(err, ErrInvalidArgument) {
		t.Fatalf("empty insertmany: %v", err)
	}
	cnt, err := db.Count(c, "c")
	if err != nil || cnt != 25 {
		t.Fatalf("count %d %v", cnt, err)
	}
	all, err := db.Scan(c, "c")
	if err != nil || len(all) != 25 {
		t.Fatalf("scan %d %v", len(all), err)
	}
	for i, d := range all {
		var m struct {
			I int `json:"i"`
		}
		if d.Key != keyN(i) || d.Decode(&m) != nil || m.I != i {
			t.Fatalf("scan[%d] = %v %s", i, d.Key, d.Value)
		}
	}
	part, err := db.ScanRange(c, "c", keyN(5), keyN(9))
	if err != nil || len(part) != 5 || part[0].Key != keyN(5) || part[4].Key != keyN(9) {
		t.Fatalf("scan range %v %v", part, err)
	}
	kept, err := db.Compact(c, "c")
	if err != nil || kept != 25 {
		t.Fatalf("compact %d %v", kept, err)
	}
	if err := db.Flush(c); err != nil {
		t.Fatal(err)
	}
	st, err := db.Stats(c, "c")
	if err != nil || st.Documents != 25 || st.Pool.Capacity <= 0 {
		t.Fatalf("stats %+v %v", st, err)
	}
	h1, err := db.SnapshotHLC(c)
	if err != nil || h1 <= 0 {
		t.Fatalf("hlc %d %v", h1, err)
	}
	if err := db.Insert(c, "c", keyN(200), 1); err != nil {
		t.Fatal(err)
	}
	if h2, err := db.SnapshotHLC(c); err != nil || h2 < h1 {
		t.Fatalf("hlc went back: %d < %d (%v)", h2, h1, err)
	}
}

func TestIndexesAndQueries(t *testing.T) {
	_, db := testDB(t)
	c := ctx(t)
	if err := db.CreateCollection(c, "p"); err != nil {
		t.Fatal(err)
	}
	names := []string{"ann lee", "bob", "bobby", "cy\u00a0d"}
	for i, n := range names {
		if err := db.Insert(c, "p", keyN(i), person{Name: n, Age: int64(20 + 10*i), Tags: []string{"t" + n[:1]}}); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.CreateIndex(c, "p", "by_name", "name"); err != nil {
		t.Fatal(err)
	}
	if err := db.CreateIndex(c, "p", "by_age", "age"); err != nil {
		t.Fatal(err)
	}
	if err := db.CreateIndex(c, "p", "by_age", "age"); !errors.Is(err, ErrAlreadyExists) {
		t.Fatalf("dup index: %v", err)
	}
	idx, err := db.ListIndexes(c, "p")
	if err != nil || !slices.Equal(idx, []string{"by_name", "by_age"}) {
		t.Fatalf("indexes %v %v", idx, err)
	}
	got, err := db.Query(c, "p", "by_name", "bob")
	if err != nil || len(got) != 1 || got[0].Key != keyN(1) {
		t.Fatalf("query bob %v %v", got, err)
	}
	got, err = db.Query(c, "p", "by_age", 40.0) // 40.0 matches the stored 40
	if err != nil || len(got) != 1 || got[0].Key != keyN(2) {
		t.Fatalf("query 40.0 %v %v", got, err)
	}
	// The start bound holds a space and an NBSP: it must stay one word.
	got, err = db.QueryRange(c, "p", "by_name", "ann lee", "cy\u00a0d")
	if err != nil || len(got) != 3 {
		t.Fatalf("queryrange %v %v", got, err)
	}
	got, err = db.QueryRange(c, "p", "by_age", 25, 45.5)
	if err != nil || len(got) != 2 || got[0].Key != keyN(1) || got[1].Key != keyN(2) {
		t.Fatalf("queryrange ages %v %v", got, err)
	}
	if _, err := db.Query(c, "p", "by_age", []int{1}); !errors.Is(err, ErrNotIndexable) {
		t.Fatalf("array query: %v", err)
	}
	if _, err := db.Query(c, "p", "nope", 1); !errors.Is(err, ErrIndexNotFound) {
		t.Fatalf("missing index: %v", err)
	}
	if err := db.DropIndex(c, "p", "by_name"); err != nil {
		t.Fatal(err)
	}
	if err := db.DropIndex(c, "p", "by_name"); !errors.Is(err, ErrIndexNotFound) {
		t.Fatalf("drop missing index: %v", err)
	}
}

func TestFind(t *testing.T) {
	_, db := testDB(t)
	c := ctx(t)
	if err := db.CreateCollection(c, "p"); err != nil {
		t.Fatal(err)
	}
	for i := range 10 {
		if err := db.Insert(c, "p", keyN(i), map[string]any{"n": i, "even": i%2 == 0, "name": string(rune('a' + i))}); err != nil {
			t.Fatal(err)
		}
	}
	got, err := db.Find(c, "p", map[string]any{"even": true, "n": map[string]any{"$gte": 3}}, &FindOptions{
		Sort: []SortKey{{Path: "n", Desc: true}}, Skip: 1, Limit: 2, Projection: map[string]bool{"n": true, "_id": false},
	})
	if err != nil {
		t.Fatal(err)
	}
	var keys []uuid.UUID
	var vals []string
	for _, d := range got {
		keys, vals = append(keys, d.Key), append(vals, d.Value.String())
	}
	if !slices.Equal(keys, []uuid.UUID{keyN(6), keyN(4)}) || !slices.Equal(vals, []string{`{"n":6}`, `{"n":4}`}) {
		t.Fatalf("find: %v %v", keys, vals)
	}
	all, err := db.Find(c, "p", nil, nil)
	if err != nil || len(all) != 10 {
		t.Fatalf("find all %d %v", len(all), err)
	}
	n, err := db.CountMatching(c, "p", map[string]any{"even": false}, nil)
	if err != nil || n != 5 {
		t.Fatalf("count matching %d %v", n, err)
	}
	n, err = db.CountMatching(c, "p", nil, &FindOptions{Skip: 8})
	if err != nil || n != 2 {
		t.Fatalf("count skip %d %v", n, err)
	}
	one, err := db.FindOne(c, "p", map[string]any{"name": "c"}, nil)
	if err != nil || one.Key != keyN(2) {
		t.Fatalf("findone %v %v", one, err)
	}
	if _, err := db.FindOne(c, "p", map[string]any{"name": "zz"}, nil); !errors.Is(err, ErrNotFound) {
		t.Fatalf("findone none: %v", err)
	}
	plan, err := db.Explain(c, "p", map[string]any{"n": 3}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if p, ok := plan.Get("plan"); !ok || p.Str() != "scan" {
		t.Fatalf("plan %s", plan)
	}
	if _, err := db.Find(c, "p", map[string]any{"n": map[string]any{"$regex": "x"}}, nil); !errors.Is(err, ErrInvalidFilter) {
		t.Fatalf("bad filter: %v", err)
	}
	if _, err := db.Find(c, "p", nil, &FindOptions{Projection: map[string]bool{"a": true, "b": false}}); !errors.Is(err, ErrInvalidOptions) {
		t.Fatalf("bad options: %v", err)
	}
}

func TestResolve(t *testing.T) {
	_, db := testDB(t)
	c := ctx(t)
	for _, n := range []string{"users", "orders"} {
		if err := db.CreateCollection(c, n); err != nil {
			t.Fatal(err)
		}
	}
	u, o := keyN(1), keyN(2)
	if err := db.Insert(c, "users", u, map[string]any{"name": "ann"}); err != nil {
		t.Fatal(err)
	}
	if err := db.Insert(c, "orders", o, map[string]any{"buyer": engine.Reference{Collection: "users", ID: u}, "seller": engine.Ref("users", u)}); err != nil {
		t.Fatal(err)
	}
	raw, err := db.Get(c, "orders", o)
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := raw.Get("buyer"); b.Kind() != engine.KindRef || b.RefID() != u {
		t.Fatalf("reference not kept: %s", raw)
	}
	res, err := db.Resolve(c, "orders", o, -1)
	if err != nil {
		t.Fatal(err)
	}
	if res.String() != `{"buyer":{"name":"ann"},"seller":{"name":"ann"}}` {
		t.Fatalf("resolved %s", res)
	}
	if res0, err := db.Resolve(c, "orders", o, 0); err != nil || res0.String() != raw.String() {
		t.Fatalf("depth 0: %s %v", res0, err)
	}
	// A self-reference is a cycle.
	self := keyN(3)
	if err := db.Insert(c, "users", self, map[string]any{"me": engine.Ref("users", self)}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Resolve(c, "users", self, 1); !errors.Is(err, ErrCyclicReference) {
		t.Fatalf("cycle: %v", err)
	}
	if _, err := db.Resolve(c, "users", keyN(99), 1); !errors.Is(err, ErrKeyNotFound) {
		t.Fatalf("missing: %v", err)
	}
	if _, err := db.Resolve(c, "users", u, 1000); !errors.Is(err, ErrInvalidArgument) {
		t.Fatalf("bad depth: %v", err)
	}
}

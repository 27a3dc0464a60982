package engine

import (
	"context"
	"testing"

	"github.com/google/uuid"
)

func TestExplainPlans(t *testing.T) {
	db, _ := openTest(t, nil)
	loadFixture(t, db)
	createIndexes(t, db, "users", []string{"age", "tags"}) // ix0, ix1
	ctx := context.Background()
	id3, id5 := idN(3).String(), idN(5).String()
	for _, tc := range []struct {
		filter string
		opts   FindOptions
		want   string
	}{
		{`{"age": 30}`, FindOptions{},
			`{"plan":"index","index":"ix0","bounds":[{"eq":30}],"examined":2,"returned":2}`},
		{`{"age": null}`, FindOptions{},
			`{"plan":"index","index":"ix0","bounds":[{"eq":null}],"examined":2,"returned":2}`},
		{`{"age": {"$gte": 18, "$lt": 30}}`, FindOptions{},
			`{"plan":"index","index":"ix0","bounds":[{"lt":30}],"examined":3,"returned":1}`},
		{`{"age": {"$gt": 25}}`, FindOptions{},
			`{"plan":"index","index":"ix0","bounds":[{"gt":25}],"examined":4,"returned":4}`},
		{`{"tags": {"$in": ["vip", "dev", "vip"]}}`, FindOptions{},
			`{"plan":"index","index":"ix1","bounds":[{"eq":"dev"},{"eq":"vip"}],"examined":3,"returned":3}`},
		{`{"tags": {"$exists": false}}`, FindOptions{},
			`{"plan":"index","index":"ix1","bounds":[{"exists":false}],"examined":6,"returned":5}`},
		{`{"name": "Bob"}`, FindOptions{},
			`{"plan":"scan","index":null,"bounds":null,"examined":10,"returned":1}`},
		{`{"$or": [{"age": 30}, {"age": 25}]}`, FindOptions{},
			`{"plan":"scan","index":null,"bounds":null,"examined":10,"returned":3}`},
		{`{}`, FindOptions{Sort: []SortKey{{"age", true}}, Limit: 2},
			`{"plan":"index","index":"ix0","bounds":[{}],"examined":2,"returned":2}`},
		{`{}`, FindOptions{Sort: []SortKey{{"name", true}}, Limit: 2},
			`{"plan":"scan","index":null,"bounds":null,"examined":10,"returned":2}`},
		{`{"_id": "` + id3 + `"}`, FindOptions{},
			`{"plan":"key-range","index":null,"bounds":[{"eq":"` + id3 + `"}],"examined":1,"returned":1}`},
		{`{"_id": {"$gte": "` + id3 + `", "$lt": "` + id5 + `"}, "age": 30}`, FindOptions{},
			`{"plan":"key-range","index":null,"bounds":[{"gte":"` + id3 + `","lte":"` + idN(4).String() + `"}],"examined":2,"returned":1}`},
		{`{"_id": 7}`, FindOptions{},
			`{"plan":"key-range","index":null,"bounds":[],"examined":0,"returned":0}`},
	} {
		plan, err := db.Explain(ctx, "users", mustParseJSON(t, tc.filter), tc.opts)
		if err != nil {
			t.Fatal(err)
		}
		if got := plan.Value().String(); got != tc.want {
			t.Errorf("explain(%s, %+v)\n got %s\nwant %s", tc.filter, tc.opts, got, tc.want)
		}
		// The explain option gives the same object as the only result.
		opts := tc.opts
		opts.Explain = true
		docs, err := findDocs(t, db, "users", mustParseJSON(t, tc.filter), opts)
		if err != nil {
			t.Fatal(err)
		}
		if len(docs) != 1 || docs[0].ID != (uuid.UUID{}) || docs[0].Value.String() != tc.want {
			t.Errorf("find(%s, explain) = %v", tc.filter, docs)
		}
	}
}

// TestExplainLimitTouchesFew checks that a limit over an index reads O(limit)
// documents, for equality, $in, a sort served by the index (both ways), and
// a key range.
func TestExplainLimitTouchesFew(t *testing.T) {
	db, _ := openTest(t, &Options{NoSync: true})
	if err := db.CreateCollection("c"); err != nil {
		t.Fatal(err)
	}
	var batch []Document
	for i := range 3000 {
		batch = append(batch, Document{ID: idN(i), Value: Object(
			Field{Key: "k", Value: Int(int64(i % 3))},
			Field{Key: "u", Value: Int(int64(i))},
			Field{Key: "tags", Value: Array(Int(int64(i%7)), Int(int64(i%11)))},
		)})
	}
	if err := db.InsertMany("c", batch); err != nil {
		t.Fatal(err)
	}
	createIndexes(t, db, "c", []string{"k", "u", "tags"}) // ix0 ix1 ix2
	ctx := context.Background()
	for _, tc := range []struct {
		filter      string
		opts        FindOptions
		index       string
		maxExamined int
	}{
		{`{"k": 1}`, FindOptions{Limit: 10}, "ix0", 10},
		{`{"k": {"$in": [0, 2]}}`, FindOptions{Limit: 10}, "ix0", 10},
		{`{"tags": 3}`, FindOptions{Limit: 10}, "ix2", 10},
		{`{}`, FindOptions{Sort: []SortKey{{"u", false}}, Limit: 10}, "ix1", 10},
		{`{}`, FindOptions{Sort: []SortKey{{"u", true}}, Limit: 10}, "ix1", 10},
		{`{}`, FindOptions{Sort: []SortKey{{"u", true}}, Limit: 10, Skip: 5}, "ix1", 15},
		// A multikey sort meets documents again: still about the limit.
		{`{}`, FindOptions{Sort: []SortKey{{"tags", false}}, Limit: 10}, "ix2", 30},
		{`{"k": {"$gte": 0}}`, FindOptions{Sort: []SortKey{{"u", true}}, Limit: 10}, "ix0", 3000},
		// A condition and a sort on the same single-valued index: the
		// walk of the bounds is in sort order.
		{`{"u": {"$lt": 2000}}`, FindOptions{Sort: []SortKey{{"u", true}}, Limit: 10}, "ix1", 10},
		{`{"u": {"$gte": 1000, "$lt": 2000}}`, FindOptions{Sort: []SortKey{{"u", false}}, Limit: 10}, "ix1", 1010},
		{`{"u": {"$in": [5, 1, 9, 3]}}`, FindOptions{Sort: []SortKey{{"u", true}}, Limit: 2}, "ix1", 2},
		{`{"k": 2}`, FindOptions{Sort: []SortKey{{"k", true}, {"u", true}}, Limit: 5}, "ix0", 1000},
		// Not on a multikey index: the range is read whole.
		{`{"tags": {"$gte": 5}}`, FindOptions{Sort: []SortKey{{"tags", false}}, Limit: 10}, "ix2", 3000},
		// The most selective condition wins.
		{`{"k": 1, "u": 1000}`, FindOptions{}, "ix1", 1},
		{`{"u": {"$gte": 2990}, "k": 2}`, FindOptions{}, "ix1", 10},
		{`{"_id": {"$gte": "` + idN(100).String() + `"}}`, FindOptions{Limit: 10}, "", 10},
	} {
		plan, err := db.Explain(ctx, "c", mustParseJSON(t, tc.filter), tc.opts)
		if err != nil {
			t.Fatal(err)
		}
		if plan.Index != tc.index || plan.Examined > tc.maxExamined || plan.Returned == 0 {
			t.Errorf("explain(%s, %+v) = %s: want index %q, examined <= %d", tc.filter, tc.opts, plan.Value(), tc.index, tc.maxExamined)
		}
	}
}

// TestFindOrderedBounds runs conditions and sorts on one single-valued
// index (scalars, nulls, missing values and long values whose keys are
// cut) in both directions, against the brute force.
func TestFindOrderedBounds(t *testing.T) {
	db, _ := openTest(t, &Options{NoSync: true})
	if err := db.CreateCollection("c"); err != nil {
		t.Fatal(err)
	}
	long := diffLong
	pool := []Value{Null(), Bool(false), Bool(true), Int(1), Float(1), Int(5), Float(5.5), Int(9),
		String("a"), String("b"), String(long + "a"), String(long + "b"), String(long), Object(), Ref("c", uuid.UUID{1})}
	docs := map[uuid.UUID]Value{}
	var batch []Document
	for i := range 400 {
		doc := Object(Field{Key: "w", Value: Int(int64(i % 3))})
		if i%9 != 0 {
			doc = Object(Field{Key: "v", Value: pool[(i*7)%len(pool)]}, Field{Key: "w", Value: Int(int64(i % 3))})
		}
		id := idN(i*37%1000 + 1)
		docs[id] = doc
		batch = append(batch, Document{ID: id, Value: doc})
	}
	if err := db.InsertMany("c", batch); err != nil {
		t.Fatal(err)
	}
	createIndexes(t, db, "c", []string{"v"})
	ctx := context.Background()
	filters := []string{`{}`, `{"v": {"$gt": 1}}`, `{"v": {"$gte": 1}}`, `{"v": {"$lt": 5.5}}`, `{"v": {"$lte": 5}}`,
		`{"v": {"$gt": "a"}}`, `{"v": {"$lt": "` + long + `b"}}`, `{"v": {"$gte": "` + long + `"}}`, `{"v": null}`,
		`{"v": {"$in": [9, null, "b", 1, "` + long + `a"]}}`, `{"v": "` + long + `b"}`, `{"v": {"$exists": false}}`,
		`{"v": {"$gt": false}}`, `{"v": {"$gte": {}}}`, `{"v": {"$gt": 5}, "w": 1}`}
	for _, f := range filters {
		for _, keys := range [][]SortKey{{{"v", false}}, {{"v", true}}, {{"v", true}, {"w", false}}, {{"v", false}, {"w", true}}} {
			for _, limit := range []int{0, 3} {
				opts := FindOptions{Sort: keys, Limit: limit, Skip: limit / 2}
				filter := mustParseJSON(t, f)
				got, err := findDocs(t, db, "c", filter, opts)
				if err != nil {
					t.Fatal(err)
				}
				want := bfFind(docs, filter, keys, opts.Skip, limit, Null())
				if msg := diffResults(got, want); msg != "" {
					t.Fatalf("find(%s, sort %v, limit %d):\n%s", f, keys, limit, msg)
				}
				plan, err := db.Explain(ctx, "c", filter, opts)
				if err != nil || plan.Plan != PlanIndex {
					t.Fatalf("find(%s): plan %+v, %v", f, plan, err)
				}
			}
		}
	}
}

// TestFindManyPoints looks up more values than a merge takes: the values
// are walked one after the other, each document taken once.
func TestFindManyPoints(t *testing.T) {
	db, _ := openTest(t, &Options{NoSync: true})
	if err := db.CreateCollection("c"); err != nil {
		t.Fatal(err)
	}
	docs := map[uuid.UUID]Value{}
	var batch []Document
	for i := range 500 {
		doc := Object(Field{Key: "tags", Value: Array(Int(int64(i%50)), Int(int64(i%37)), Int(int64(i%50)+1))})
		if i%10 == 0 {
			doc = Object(Field{Key: "other", Value: Int(1)})
		}
		id := idN(i*131%997 + 1)
		docs[id] = doc
		batch = append(batch, Document{ID: id, Value: doc})
	}
	if err := db.InsertMany("c", batch); err != nil {
		t.Fatal(err)
	}
	createIndexes(t, db, "c", []string{"tags"})
	var vals []Value
	for v := range 45 {
		vals = append(vals, Int(int64(v*2)))
	}
	vals = append(vals, Null())
	filter := Object(Field{Key: "tags", Value: Object(Field{Key: "$in", Value: Array(vals...)})})
	for _, opts := range []FindOptions{{}, {Limit: 7}, {Sort: []SortKey{{"tags", true}}, Skip: 3}} {
		got, err := findDocs(t, db, "c", filter, opts)
		if err != nil {
			t.Fatal(err)
		}
		want := bfFind(docs, filter, opts.Sort, opts.Skip, opts.Limit, Null())
		if msg := diffResults(got, want); msg != "" {
			t.Fatalf("opts %+v:\n%s", opts, msg)
		}
		plan, err := db.Explain(context.Background(), "c", filter, opts)
		if err != nil || plan.Plan != PlanIndex || plan.Bounds.Len() != 46 {
			t.Fatalf("plan %+v, %v", plan, err)
		}
	}
}

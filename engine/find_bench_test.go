package engine

import (
	"context"
	"fmt"
	"testing"
)

// findBenchDB loads 10,000 documents {name, age (0..99), city (10 values),
// tags} into "users" on an in-memory file system, with indexes on age and
// city.
func findBenchDB(b *testing.B) *DB {
	b.Helper()
	db, _ := openTest(b, &Options{NoSync: true})
	if err := db.CreateCollection("users"); err != nil {
		b.Fatal(err)
	}
	const n = 10000
	batch := make([]Document, 0, 1000)
	for i := range n {
		batch = append(batch, Document{ID: idN(i*7919%n + 1), Value: Object(
			Field{Key: "name", Value: String(fmt.Sprintf("user%05d", i))},
			Field{Key: "age", Value: Int(int64(i % 100))},
			Field{Key: "city", Value: String(fmt.Sprintf("city%d", i%10))},
			Field{Key: "tags", Value: Array(String("t"+fmt.Sprint(i%7)), String("t"+fmt.Sprint(i%5)))},
		)})
		if len(batch) == cap(batch) {
			if err := db.InsertMany("users", batch); err != nil {
				b.Fatal(err)
			}
			batch = batch[:0]
		}
	}
	for name, path := range map[string]string{"by_age": "age", "by_city": "city"} {
		if err := db.CreateIndex("users", name, path); err != nil {
			b.Fatal(err)
		}
	}
	return db
}

func benchFind(b *testing.B, db *DB, filter string, opts FindOptions, want int) {
	b.Helper()
	f := mustParseJSON(b, filter)
	ctx := context.Background()
	for b.Loop() {
		it, err := db.Find(ctx, "users", f, opts)
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for it.Next() {
			n++
		}
		if err := it.Close(); err != nil || n != want {
			b.Fatalf("%d results, %v; want %d", n, err, want)
		}
	}
	b.ReportMetric(float64(want), "docs/op")
}

func BenchmarkFindIndexedEq(b *testing.B) {
	db := findBenchDB(b)
	benchFind(b, db, `{"age": 42}`, FindOptions{}, 100)
}

func BenchmarkFindIndexedRangeSortLimit(b *testing.B) {
	db := findBenchDB(b)
	benchFind(b, db, `{"age": {"$gte": 18, "$lt": 30}}`,
		FindOptions{Sort: []SortKey{{Path: "age", Desc: true}, {Path: "name"}}, Limit: 10}, 10)
}

func BenchmarkFindIndexedSortLimit(b *testing.B) {
	db := findBenchDB(b)
	benchFind(b, db, `{}`, FindOptions{Sort: []SortKey{{Path: "age", Desc: true}}, Limit: 10}, 10)
}

func BenchmarkFindScan(b *testing.B) {
	db := findBenchDB(b)
	benchFind(b, db, `{"name": {"$gte": "user09000"}}`, FindOptions{}, 1000)
}

func BenchmarkFindScanSort(b *testing.B) {
	db := findBenchDB(b)
	benchFind(b, db, `{"tags": "t3"}`, FindOptions{Sort: []SortKey{{Path: "name", Desc: true}}}, 3143)
}

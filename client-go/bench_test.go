package client

import (
	"sync/atomic"
	"testing"

	"github.com/google/uuid"
)

// benchDB returns a database with a fresh collection on the shared server.
func benchDB(b *testing.B, pool int) *Database {
	b.Helper()
	c := adminClient(b, sharedServer(b), func(o *Options) { o.PoolSize = pool })
	db := c.Database(dbName(b))
	_ = db.DropCollection(ctx(b), "bench")
	if err := db.CreateCollection(ctx(b), "bench"); err != nil {
		b.Fatal(err)
	}
	return db
}

// benchDoc is a small document of about 100 bytes.
var benchDoc = map[string]any{"name": "benchmark user", "age": 42, "tags": []string{"a", "b", "c"}, "score": 98.5}

func BenchmarkInsertSequential(b *testing.B) {
	db := benchDB(b, 1)
	c := ctx(b)
	b.ResetTimer()
	for b.Loop() {
		if err := db.Insert(c, "bench", uuid.New(), benchDoc); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkInsertConcurrent(b *testing.B) {
	db := benchDB(b, 8)
	c := ctx(b)
	b.SetParallelism(4) // 4×GOMAXPROCS goroutines over 8 connections
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := db.Insert(c, "bench", uuid.New(), benchDoc); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// seedGets inserts n documents and returns their keys.
func seedGets(b *testing.B, db *Database, n int) []uuid.UUID {
	b.Helper()
	keys := make([]uuid.UUID, n)
	batch := make([]KeyedDocument, n)
	for i := range keys {
		keys[i] = uuid.New()
		batch[i] = KeyedDocument{Key: keys[i], Doc: benchDoc}
	}
	if _, err := db.InsertMany(ctx(b), "bench", batch); err != nil {
		b.Fatal(err)
	}
	return keys
}

func BenchmarkGetSequential(b *testing.B) {
	db := benchDB(b, 1)
	keys := seedGets(b, db, 1000)
	c := ctx(b)
	i := 0
	b.ResetTimer()
	for b.Loop() {
		if _, err := db.Get(c, "bench", keys[i%len(keys)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

func BenchmarkGetConcurrent(b *testing.B) {
	db := benchDB(b, 8)
	keys := seedGets(b, db, 1000)
	c := ctx(b)
	var n atomic.Int64
	b.SetParallelism(4)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := db.Get(c, "bench", keys[int(n.Add(1))%len(keys)]); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

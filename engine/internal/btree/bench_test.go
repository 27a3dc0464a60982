package btree

import (
	"math/rand/v2"
	"testing"

	"github.com/grumpydb/grumpydb/engine/internal/page"
)

const benchKeys = 100000

var benchVal = []byte{1, 2, 3, 4, 5, 6} // a record id

func randomKeys(n int) [][]byte {
	r := rand.New(rand.NewPCG(11, 11))
	keys := make([][]byte, n)
	for i := range keys {
		keys[i] = make([]byte, 16)
		for j := range keys[i] {
			keys[i][j] = byte(r.Uint32())
		}
	}
	return keys
}

// benchPut inserts keys into a fresh tree, starting a new one every
// len(keys) operations so that every tree holds at most 100k keys.
func benchPut(b *testing.B, keys [][]byte) {
	b.ReportAllocs()
	var tr *Tree
	for i := 0; i < b.N; i++ {
		if i%len(keys) == 0 {
			b.StopTimer()
			st := page.NewMemStore()
			if err := Init(st); err != nil {
				b.Fatal(err)
			}
			tr = New(st)
			b.StartTimer()
		}
		if _, err := tr.Put(keys[i%len(keys)], benchVal); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPutSequential inserts ascending 16-byte keys (UUIDv7-like).
func BenchmarkPutSequential(b *testing.B) {
	keys := make([][]byte, benchKeys)
	for i := range keys {
		keys[i] = uuidv7Like(uint64(i))
	}
	benchPut(b, keys)
}

// BenchmarkPutRandom inserts random 16-byte keys (UUIDv4-like).
func BenchmarkPutRandom(b *testing.B) {
	benchPut(b, randomKeys(benchKeys))
}

// BenchmarkGet looks up random keys of a 100k-key tree.
func BenchmarkGet(b *testing.B) {
	keys := randomKeys(benchKeys)
	_, tr := newTree(b)
	for _, k := range keys {
		if _, err := tr.Put(k, benchVal); err != nil {
			b.Fatal(err)
		}
	}
	r := rand.New(rand.NewPCG(3, 3))
	order := r.Perm(benchKeys)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, ok, err := tr.Get(keys[order[i%benchKeys]]); !ok || err != nil {
			b.Fatalf("Get: %v, %v", ok, err)
		}
	}
}

// BenchmarkDelete removes random keys, refilling the tree untimed.
func BenchmarkDelete(b *testing.B) {
	keys := randomKeys(benchKeys)
	b.ReportAllocs()
	var tr *Tree
	for i := 0; i < b.N; i++ {
		if i%benchKeys == 0 {
			b.StopTimer()
			_, tr = newTree(b)
			for _, k := range keys {
				tr.Put(k, benchVal)
			}
			b.StartTimer()
		}
		if found, err := tr.Delete(keys[i%benchKeys]); !found || err != nil {
			b.Fatalf("Delete: %v, %v", found, err)
		}
	}
}

// BenchmarkScan walks a 100k-key tree with a cursor; one op is one entry.
func BenchmarkScan(b *testing.B) {
	_, tr := newTree(b)
	for _, k := range randomKeys(benchKeys) {
		tr.Put(k, benchVal)
	}
	b.ReportAllocs()
	b.ResetTimer()
	c := tr.Cursor()
	c.First()
	for i := 0; i < b.N; i++ {
		if !c.Valid() {
			c.First()
		}
		c.Next()
	}
	if c.Err() != nil {
		b.Fatal(c.Err())
	}
}

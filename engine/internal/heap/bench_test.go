package heap

import (
	"testing"
)

func benchInsert(b *testing.B, n int) {
	st := rawHeap(b)
	rec := pattern(n, 1)
	b.SetBytes(int64(n))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Insert(st, rec); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	s := mustStats(b, st)
	b.ReportMetric(float64(s.RecordBytes)/float64((s.DataPages+s.OverflowPages)*8192), "fill")
}

// BenchmarkInsertSmall inserts 200-byte records (inline, many per page).
func BenchmarkInsertSmall(b *testing.B) { benchInsert(b, 200) }

// BenchmarkInsert4K inserts 4 KiB records (inline, one per page).
func BenchmarkInsert4K(b *testing.B) { benchInsert(b, 4096) }

// BenchmarkInsertOverflow inserts 20 KiB records (three overflow pages).
func BenchmarkInsertOverflow(b *testing.B) { benchInsert(b, 20480) }

// BenchmarkGet reads 200-byte records at random from a heap of 100,000.
func BenchmarkGet(b *testing.B) {
	st := rawHeap(b)
	const n = 100000
	rids := make([]RID, n)
	for i := range rids {
		rids[i] = mustInsert(b, st, pattern(200, uint64(i)))
	}
	b.SetBytes(200)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i = (i + 7919) % n
		if _, err := Get(st, rids[i]); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGetOverflow reads a 20 KiB record.
func BenchmarkGetOverflow(b *testing.B) {
	st := rawHeap(b)
	rid := mustInsert(b, st, pattern(20480, 1))
	b.SetBytes(20480)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Get(st, rid); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkChurn deletes and reinserts small records in a heap of 10,000.
func BenchmarkChurn(b *testing.B) {
	st := rawHeap(b)
	const n = 10000
	rids := make([]RID, n)
	for i := range rids {
		rids[i] = mustInsert(b, st, pattern(200+i%300, uint64(i)))
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i = (i + 7919) % n
		if err := Delete(st, rids[i]); err != nil {
			b.Fatal(err)
		}
		rids[i] = mustInsert(b, st, pattern(200+i%300, uint64(i)))
	}
}

package wal

import (
	"path/filepath"
	"sync"
	"testing"

	"github.com/grumpydb/grumpydb/engine/internal/vfs"
)

// benchPayloadSize is a typical small commit record.
const benchPayloadSize = 256

// openBench opens a log on the real file system in a temporary directory.
func openBench(b *testing.B, opts Options) *Log {
	b.Helper()
	l, err := Open(vfs.OS(), filepath.Join(b.TempDir(), "wal.log"), opts)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = l.Close() })
	return l
}

// BenchmarkAppendSync is one writer committing one record at a time: each
// iteration is an Append and a Sync, so one write and one fsync.
func BenchmarkAppendSync(b *testing.B) {
	l := openBench(b, Options{})
	p := payloadOf(1, benchPayloadSize)
	b.SetBytes(benchPayloadSize)
	for b.Loop() {
		lsn, err := l.Append(p)
		if err != nil {
			b.Fatal(err)
		}
		if err := l.Sync(lsn); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGroupCommit16 is 16 goroutines each committing (Append+Sync)
// their share of b.N records; group commit lets them share fsyncs.
func BenchmarkGroupCommit16(b *testing.B) {
	const writers = 16
	l := openBench(b, Options{})
	p := payloadOf(1, benchPayloadSize)
	b.SetBytes(benchPayloadSize)
	b.ResetTimer()
	var wg sync.WaitGroup
	for w := range writers {
		n := b.N / writers
		if w < b.N%writers {
			n++
		}
		wg.Go(func() {
			for range n {
				lsn, err := l.Append(p)
				if err != nil {
					b.Error(err)
					return
				}
				if err := l.Sync(lsn); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
}

// BenchmarkAppendNoSync measures the append path alone: records are
// buffered, and written (never fsynced, NoSync) every 1024 appends.
func BenchmarkAppendNoSync(b *testing.B) {
	l := openBench(b, Options{NoSync: true})
	p := payloadOf(1, benchPayloadSize)
	b.SetBytes(benchPayloadSize)
	i := 0
	for b.Loop() {
		lsn, err := l.Append(p)
		if err != nil {
			b.Fatal(err)
		}
		if i++; i%1024 == 0 {
			if err := l.Sync(lsn); err != nil {
				b.Fatal(err)
			}
		}
	}
}

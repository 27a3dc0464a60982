package wal

import (
	"bytes"
	"errors"
	"testing"
)

// FuzzOpen feeds arbitrary bytes to Open as a log file. Open must either
// refuse the header with ErrCorrupt or succeed; after success Replay
// yields consecutive LSNs without error, appends continue at NextLSN, and
// a reopen replays the same records plus the appended ones.
func FuzzOpen(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte("GRMPYWAL"))
	f.Add(header{salt: 1, base: 1}.encode())
	f.Add(header{salt: 0xffffffff, base: MaxLSN}.encode())
	for _, payloads := range [][][]byte{
		{[]byte("a")},
		{{}, []byte("bb"), bytes.Repeat([]byte{0xAB}, 100)},
		{[]byte("x"), []byte("y"), []byte("z"), []byte("w")},
	} {
		fsys := newMemFS(f)
		l := mustOpen(f, fsys, Options{})
		appendSync(f, l, payloads...)
		if err := l.Close(); err != nil {
			f.Fatal(err)
		}
		data := readFile(f, fsys, testPath)
		f.Add(data)
		f.Add(data[:len(data)-1])
		f.Add(append(bytes.Clone(data), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fsys := memWithFile(t, data)
		l, err := Open(fsys, testPath, Options{})
		if err != nil {
			if !errors.Is(err, ErrCorrupt) {
				t.Fatalf("Open: %v, want ErrCorrupt or success", err)
			}
			return
		}
		before := replayAll(t, l, 0)
		next := l.NextLSN()
		if len(before) > 0 && (before[0].lsn+uint64(len(before)) != next) {
			t.Fatalf("replayed LSNs %d.. (%d records) but NextLSN is %d", before[0].lsn, len(before), next)
		}
		if int64(len(readFile(t, fsys, testPath))) != logLen(before) {
			t.Fatalf("Open left %d bytes for %d records", len(readFile(t, fsys, testPath)), len(before))
		}
		added := appendSync(t, l, []byte("fuzz"), nil)
		if added[0].lsn != next {
			t.Fatalf("Append got LSN %d, want %d", added[0].lsn, next)
		}
		if err := l.Close(); err != nil {
			t.Fatal(err)
		}
		l = mustOpen(t, fsys, Options{})
		defer l.Close()
		if err := equalRecords(replayAll(t, l, 0), append(before, added...)); err != nil {
			t.Fatalf("after reopen: %v", err)
		}
	})
}

package vfs

import (
	"bytes"
	"testing"
)

// TestMemFSDirPrefix: pending entry changes survive as an in-order prefix.
func TestMemFSDirPrefix(t *testing.T) {
	seed := testSeed(t)
	r := newRand(seed)
	names := []string{"f0", "f1", "f2", "f3", "f4", "f5"}
	seen := map[int]bool{}
	for iter := 0; iter < 200; iter++ {
		m := NewMemFS()
		for _, n := range names {
			writeFile(t, m, n, []byte(n), true)
		}
		c := m.Crash(CrashOptions{Rand: r})
		k := 0
		for k < len(names) && exists(t, c, names[k]) {
			k++
		}
		for _, n := range names[k:] {
			wantMissing(t, c, n)
		}
		for _, n := range names[:k] {
			wantContent(t, c, n, n)
		}
		seen[k] = true
	}
	if len(seen) != len(names)+1 {
		t.Fatalf("prefix lengths seen %v; want all of 0..%d", seen, len(names))
	}
}

// TestMemFSKeepAllUnsynced: keeping every unsynced write (and every entry
// change, once all directories are synced) reproduces the current state.
func TestMemFSKeepAllUnsynced(t *testing.T) {
	seed := testSeed(t)
	m := NewMemFS()
	mustDo(t, m.MkdirAll("d", 0o755))
	f := openRW(t, m, "d/f")
	f.WriteAt(bytes.Repeat([]byte("a"), 3000), 0)
	mustDo(t, f.Sync())
	f.WriteAt([]byte("bbbb"), 700)
	f.Truncate(2000)
	f.WriteAt([]byte("cc"), 2500)
	f.Close()
	writeFile(t, m, "d/g", []byte("gg"), false)
	mustDo(t, m.SyncDir("d"))
	c := m.Crash(CrashOptions{Rand: newRand(seed), KeepUnsynced: 1})
	assertSameTree(t, m, c)
	c0 := m.Crash(CrashOptions{Rand: newRand(seed), KeepUnsynced: 0, TearWrites: true})
	if got := readFile(t, c0, "d/f"); !bytes.Equal(got, bytes.Repeat([]byte("a"), 3000)) {
		t.Fatalf("KeepUnsynced 0 kept something: len %d", len(got))
	}
}

// TestMemFSUnsyncedSubset: with KeepUnsynced between 0 and 1 each byte
// holds the durable value or its write's value, and both happen.
func TestMemFSUnsyncedSubset(t *testing.T) {
	seed := testSeed(t)
	r := newRand(seed)
	kept, dropped := 0, 0
	for iter := 0; iter < 50; iter++ {
		m := NewMemFS()
		f := openRW(t, m, "f")
		f.WriteAt(make([]byte, 16), 0)
		mustDo(t, f.Sync())
		for i := range 16 {
			f.WriteAt([]byte{byte('A' + i)}, int64(i))
		}
		mustDo(t, m.SyncDir("/"))
		got := readFile(t, m.Crash(CrashOptions{Rand: r, KeepUnsynced: 0.5}), "f")
		if len(got) != 16 {
			t.Fatalf("size %d; want 16", len(got))
		}
		for i, b := range got {
			switch b {
			case 0:
				dropped++
			case byte('A' + i):
				kept++
			default:
				t.Fatalf("byte %d = %q: neither durable nor written", i, b)
			}
		}
	}
	if kept == 0 || dropped == 0 {
		t.Fatalf("kept %d dropped %d; want both", kept, dropped)
	}
}

// TestMemFSTornWrites: a torn write lands as a prefix of its sectors,
// maybe one garbage sector, and never touches bytes it does not cover.
func TestMemFSTornWrites(t *testing.T) {
	seed := testSeed(t)
	r := newRand(seed)
	const size = 8 * SectorSize
	durable := make([]byte, size)
	for i := range durable {
		durable[i] = byte(i % 251)
	}
	type write struct {
		off, n int
		fill   byte
	}
	writes := []write{
		{100, 1000, 0xA1},                      // starts mid-sector, spans three
		{3 * SectorSize, 2 * SectorSize, 0xB2}, // aligned, two sectors
		{6*SectorSize + 10, 20, 0xC3},          // inside one sector
		{size - 100, 300, 0xD4},                // extends the file
	}
	var torn, whole, lost int
	for iter := 0; iter < 300; iter++ {
		m := NewMemFS()
		f := openRW(t, m, "f")
		f.WriteAt(durable, 0)
		mustDo(t, f.Sync())
		for _, w := range writes {
			f.WriteAt(bytes.Repeat([]byte{w.fill}, w.n), int64(w.off))
		}
		mustDo(t, m.SyncDir("/"))
		got := readFile(t, m.Crash(CrashOptions{Rand: r, KeepUnsynced: 0.8, TearWrites: true}), "f")
		if len(got) < size || len(got) > size+200 {
			t.Fatalf("iter %d: size %d; want %d..%d", iter, len(got), size, size+200)
		}
		covered := make([]bool, len(got))
		for _, w := range writes {
			// Pieces of the write, split at sector boundaries.
			state := "new" // new*, then at most one other, then old*
			for s := w.off; s < w.off+w.n; {
				e := min((s/SectorSize+1)*SectorSize, w.off+w.n)
				var piece, old []byte
				if s < len(got) {
					piece = got[s:min(e, len(got))]
				}
				if s < size {
					old = durable[s:min(e, size)]
				}
				for i := s; i < min(e, len(got)); i++ {
					covered[i] = true
				}
				isNew := len(piece) == e-s && bytes.Equal(piece, bytes.Repeat([]byte{w.fill}, e-s))
				isOld := bytes.Equal(piece, old) || (s >= size && bytes.Equal(piece, make([]byte, len(piece))))
				switch {
				case state == "new" && isNew:
				case state == "new":
					state = "torn" // this piece: garbage or old
				case !isOld:
					t.Fatalf("iter %d: write at %d: sector piece at %d changed after the tear", iter, w.off, s)
				}
				s = e
			}
			if bytes.Equal(got[w.off:min(w.off+w.n, len(got))], bytes.Repeat([]byte{w.fill}, min(w.n, len(got)-w.off))) && len(got) >= w.off+w.n {
				whole++
			} else if w.off < size && bytes.Equal(got[w.off:min(w.off+w.n, size)], durable[w.off:min(w.off+w.n, size)]) {
				lost++
			} else {
				torn++
			}
		}
		for i := range size {
			if !covered[i] && got[i] != durable[i] {
				t.Fatalf("iter %d: byte %d outside every unsynced write changed", iter, i)
			}
		}
	}
	t.Logf("whole %d, lost %d, torn %d", whole, lost, torn)
	if torn == 0 || whole == 0 || lost == 0 {
		t.Fatalf("whole %d lost %d torn %d; want each to happen", whole, lost, torn)
	}
}

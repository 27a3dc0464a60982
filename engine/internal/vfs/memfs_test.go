package vfs

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"slices"
	"sync"
	"testing"
)

// openRW opens name read-write, creating it.
func openRW(t testing.TB, fsys FS, name string) File {
	t.Helper()
	f, err := fsys.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		t.Fatalf("open %s: %v", name, err)
	}
	return f
}

func mustDo(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// wantContent fails unless name exists in fsys with content want.
func wantContent(t testing.TB, fsys FS, name, want string) {
	t.Helper()
	if got := readFile(t, fsys, name); string(got) != want {
		t.Fatalf("%s holds %q; want %q", name, got, want)
	}
}

func wantMissing(t testing.TB, fsys FS, name string) {
	t.Helper()
	if exists(t, fsys, name) {
		t.Fatalf("%s exists; want it gone", name)
	}
}

// TestMemFSCrashDurable checks what a crash with the zero CrashOptions
// keeps: exactly the durable state.
func TestMemFSCrashDurable(t *testing.T) {
	for _, tc := range []struct {
		name  string
		setup func(t *testing.T, m *MemFS)
		check func(t *testing.T, c *MemFS)
	}{
		{"SyncedFileInSyncedDirSurvives", func(t *testing.T, m *MemFS) {
			writeFile(t, m, "d/f", []byte("durable"), true)
			mustDo(t, m.SyncDir("d"))
		}, func(t *testing.T, c *MemFS) {
			wantContent(t, c, "d/f", "durable")
		}},
		{"UnsyncedOverwriteDropped", func(t *testing.T, m *MemFS) {
			writeFile(t, m, "d/f", []byte("AAAA"), true)
			mustDo(t, m.SyncDir("d"))
			f := openRW(t, m, "d/f")
			f.WriteAt([]byte("BB"), 1)
			f.WriteAt([]byte("tail"), 4)
			f.Close()
		}, func(t *testing.T, c *MemFS) {
			wantContent(t, c, "d/f", "AAAA")
		}},
		{"UnsyncedTruncateDropped", func(t *testing.T, m *MemFS) {
			writeFile(t, m, "d/f", []byte("123456"), true)
			mustDo(t, m.SyncDir("d"))
			f := openRW(t, m, "d/f")
			mustDo(t, f.Truncate(2))
			f.Close()
		}, func(t *testing.T, c *MemFS) {
			wantContent(t, c, "d/f", "123456")
		}},
		{"UnsyncedOTruncDropped", func(t *testing.T, m *MemFS) {
			writeFile(t, m, "d/f", []byte("keep"), true)
			mustDo(t, m.SyncDir("d"))
			writeFile(t, m, "d/f", []byte("x"), false) // O_TRUNC, unsynced
		}, func(t *testing.T, c *MemFS) {
			wantContent(t, c, "d/f", "keep")
		}},
		{"SyncCoversWritesOfEveryHandle", func(t *testing.T, m *MemFS) {
			a, b := openRW(t, m, "d/f"), openRW(t, m, "d/f")
			a.WriteAt([]byte("ab"), 0)
			b.WriteAt([]byte("cd"), 2)
			mustDo(t, a.Sync())
			b.WriteAt([]byte("ef"), 4) // after the Sync: lost
			a.Close()
			b.Close()
			mustDo(t, m.SyncDir("d"))
		}, func(t *testing.T, c *MemFS) {
			wantContent(t, c, "d/f", "abcd")
		}},
		{"SyncedFileInUnsyncedDirVanishes", func(t *testing.T, m *MemFS) {
			writeFile(t, m, "d/f", []byte("synced"), true)
		}, func(t *testing.T, c *MemFS) {
			wantMissing(t, c, "d/f")
		}},
		{"CreatedUnsyncedFileInSyncedDirIsEmpty", func(t *testing.T, m *MemFS) {
			writeFile(t, m, "d/f", []byte("lost"), false)
			mustDo(t, m.SyncDir("d"))
		}, func(t *testing.T, c *MemFS) {
			wantContent(t, c, "d/f", "")
		}},
		{"RenameNotDurableWithoutSyncDir", func(t *testing.T, m *MemFS) {
			writeFile(t, m, "d/old", []byte("target"), true)
			writeFile(t, m, "d/tmp", []byte("replacement"), true)
			mustDo(t, m.SyncDir("d"))
			mustDo(t, m.Rename("d/tmp", "d/old"))
		}, func(t *testing.T, c *MemFS) {
			wantContent(t, c, "d/old", "target")
			wantContent(t, c, "d/tmp", "replacement")
		}},
		{"RenameDurableAfterSyncDir", func(t *testing.T, m *MemFS) {
			writeFile(t, m, "d/old", []byte("target"), true)
			mustDo(t, m.SyncDir("d"))
			writeFile(t, m, "d/tmp", []byte("replacement"), true)
			mustDo(t, m.Rename("d/tmp", "d/old"))
			mustDo(t, m.SyncDir("d"))
		}, func(t *testing.T, c *MemFS) {
			wantContent(t, c, "d/old", "replacement")
			wantMissing(t, c, "d/tmp")
		}},
		{"RenameOfUnsyncedFileKeepsDurableContent", func(t *testing.T, m *MemFS) {
			writeFile(t, m, "d/tmp", []byte("never synced"), false)
			mustDo(t, m.Rename("d/tmp", "d/f"))
			mustDo(t, m.SyncDir("d"))
		}, func(t *testing.T, c *MemFS) {
			wantContent(t, c, "d/f", "")
			wantMissing(t, c, "d/tmp")
		}},
		{"CrossDirRenameNeedsBothSyncs", func(t *testing.T, m *MemFS) {
			mustDo(t, m.MkdirAll("e", 0o755))
			writeFile(t, m, "d/f", []byte("moved"), true)
			mustDo(t, m.SyncDir("d"))
			mustDo(t, m.Rename("d/f", "e/f"))
			mustDo(t, m.SyncDir("e")) // d not synced: both names survive
		}, func(t *testing.T, c *MemFS) {
			wantContent(t, c, "d/f", "moved")
			wantContent(t, c, "e/f", "moved")
		}},
		{"RemoveNotDurableWithoutSyncDir", func(t *testing.T, m *MemFS) {
			writeFile(t, m, "d/f", []byte("x"), true)
			mustDo(t, m.SyncDir("d"))
			mustDo(t, m.Remove("d/f"))
		}, func(t *testing.T, c *MemFS) {
			wantContent(t, c, "d/f", "x")
		}},
		{"RemoveDurableAfterSyncDir", func(t *testing.T, m *MemFS) {
			writeFile(t, m, "d/f", []byte("x"), true)
			mustDo(t, m.SyncDir("d"))
			mustDo(t, m.Remove("d/f"))
			mustDo(t, m.SyncDir("d"))
		}, func(t *testing.T, c *MemFS) {
			wantMissing(t, c, "d/f")
		}},
		{"RemoveAllNotDurableWithoutParentSync", func(t *testing.T, m *MemFS) {
			mustDo(t, m.MkdirAll("d/sub", 0o755))
			writeFile(t, m, "d/sub/f", []byte("x"), true)
			mustDo(t, m.SyncDir("d/sub"))
			mustDo(t, m.RemoveAll("d/sub"))
			if err := m.SyncDir("d/sub"); !errors.Is(err, fs.ErrNotExist) {
				t.Fatalf("SyncDir of removed dir: %v", err)
			}
		}, func(t *testing.T, c *MemFS) {
			wantContent(t, c, "d/sub/f", "x")
		}},
		{"RemoveAllDurableAfterParentSync", func(t *testing.T, m *MemFS) {
			mustDo(t, m.MkdirAll("d/sub", 0o755))
			writeFile(t, m, "d/sub/f", []byte("x"), true)
			mustDo(t, m.SyncDir("d/sub"))
			mustDo(t, m.RemoveAll("d/sub"))
			mustDo(t, m.SyncDir("d"))
		}, func(t *testing.T, c *MemFS) {
			wantMissing(t, c, "d/sub")
		}},
		{"MkdirAllDurableAtOnce", func(t *testing.T, m *MemFS) {
			writeFile(t, m, "d/before", []byte("b"), true) // pending in d
			mustDo(t, m.MkdirAll("d/x/y", 0o755))          // flushes d
			writeFile(t, m, "d/after", []byte("a"), true)  // pending again
		}, func(t *testing.T, c *MemFS) {
			if fi, err := c.Stat("d/x/y"); err != nil || !fi.IsDir() {
				t.Fatalf("MkdirAll'd dir after crash: %v, %v", fi, err)
			}
			wantContent(t, c, "d/before", "b")
			wantMissing(t, c, "d/after")
		}},
		{"SyncDirDoesNotSyncOwnEntry", func(t *testing.T, m *MemFS) {
			mustDo(t, m.MkdirAll("d/a", 0o755))
			mustDo(t, m.Rename("d/a", "d/b")) // pending in d
			writeFile(t, m, "d/b/f", []byte("f"), true)
			mustDo(t, m.SyncDir("d/b")) // f durable in the directory, not the rename
		}, func(t *testing.T, c *MemFS) {
			wantMissing(t, c, "d/b")
			wantContent(t, c, "d/a/f", "f")
		}},
		{"NoLocksSurvive", func(t *testing.T, m *MemFS) {
			_, err := m.Lock("d/LOCK")
			mustDo(t, err)
			mustDo(t, m.SyncDir("d"))
		}, func(t *testing.T, c *MemFS) {
			l, err := c.Lock("d/LOCK")
			if err != nil {
				t.Fatalf("Lock in crashed FS: %v", err)
			}
			l.Release()
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := NewMemFS()
			mustDo(t, m.MkdirAll("d", 0o755))
			tc.setup(t, m)
			c := m.Crash(CrashOptions{})
			tc.check(t, c)
			// The crashed FS is fully durable: crashing it again
			// changes nothing.
			assertSameTree(t, c, c.Crash(CrashOptions{Rand: newRand(1), KeepUnsynced: 1, TearWrites: true}))
		})
	}
}

// tree returns every path in fsys with its content ("/" suffix for
// directories), for comparisons.
func tree(t testing.TB, fsys FS) map[string]string {
	t.Helper()
	out := map[string]string{}
	var walk func(dir string)
	walk = func(dir string) {
		ents, err := fsys.ReadDir(dir)
		if err != nil {
			t.Fatalf("ReadDir %s: %v", dir, err)
		}
		for _, e := range ents {
			p := path.Join(dir, e.Name())
			if e.IsDir() {
				out[p+"/"] = ""
				walk(p)
				continue
			}
			out[p] = string(readFile(t, fsys, p))
		}
	}
	walk("/")
	return out
}

func assertSameTree(t testing.TB, want, got FS) {
	t.Helper()
	w, g := tree(t, want), tree(t, got)
	for p, wc := range w {
		gc, ok := g[p]
		if !ok {
			t.Errorf("%s missing", p)
		} else if gc != wc {
			t.Errorf("%s holds %q; want %q", p, gc, wc)
		}
	}
	for p := range g {
		if _, ok := w[p]; !ok {
			t.Errorf("%s unexpected", p)
		}
	}
}

func TestMemFSOldHandlesStayOnOldFS(t *testing.T) {
	m := NewMemFS()
	f := openRW(t, m, "f")
	f.WriteAt([]byte("one"), 0)
	mustDo(t, f.Sync())
	mustDo(t, m.SyncDir("/"))
	c := m.Crash(CrashOptions{})
	if _, err := f.WriteAt([]byte("TWO"), 0); err != nil {
		t.Fatalf("old handle after crash: %v", err)
	}
	mustDo(t, f.Sync())
	wantContent(t, m, "f", "TWO")
	wantContent(t, c, "f", "one")
	l, err := m.Lock("LOCK")
	mustDo(t, err)
	defer l.Release()
	c2 := m.Crash(CrashOptions{})
	if l2, err := c2.Lock("LOCK"); err != nil {
		t.Fatalf("lock carried over a crash: %v", err)
	} else {
		l2.Release()
	}
	if _, err := m.Lock("LOCK"); !errors.Is(err, ErrLocked) {
		t.Fatalf("old FS lock lost: %v", err)
	}
}

func TestMemFSPathsShareOneRoot(t *testing.T) {
	m := NewMemFS()
	writeFile(t, m, "/a", []byte("x"), false)
	for _, name := range []string{"a", "./a", "/a", "b/../a", "/../a"} {
		wantContent(t, m, name, "x")
	}
	if _, err := m.Stat(""); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("Stat(\"\"): %v", err)
	}
	for _, root := range []string{"/", ".", ""} {
		if err := m.Remove(root); err == nil {
			t.Fatalf("Remove(%q) succeeded", root)
		}
	}
	if fi, err := m.Stat("/"); err != nil || !fi.IsDir() {
		t.Fatalf("Stat root: %v, %v", fi, err)
	}
}

func TestMemFSRejects(t *testing.T) {
	m := NewMemFS()
	mustDo(t, m.MkdirAll("dir/sub", 0o755))
	writeFile(t, m, "file", []byte("x"), false)
	f := openRW(t, m, "file")
	defer f.Close()
	for _, tc := range []struct {
		name string
		err  error
	}{
		{"O_APPEND", func() error { _, err := m.OpenFile("file", os.O_RDWR|os.O_APPEND, 0); return err }()},
		{"open dir", func() error { _, err := m.OpenFile("dir", os.O_RDONLY, 0); return err }()},
		{"open under file", func() error { _, err := m.OpenFile("file/x", os.O_RDONLY, 0); return err }()},
		{"rename dir into itself", m.Rename("dir", "dir/sub/x")},
		{"rename dir over file", m.Rename("dir", "file")},
		{"rename file over dir", m.Rename("file", "dir")},
		{"rename dir over non-empty dir", func() error { m.MkdirAll("d2", 0o755); return m.Rename("d2", "dir") }()},
		{"SyncDir of a file", m.SyncDir("file")},
		{"huge write", func() error { _, err := f.WriteAt([]byte("x"), 1<<40); return err }()},
		{"huge truncate", f.Truncate(1 << 40)},
		{"Lock a dir", func() error { _, err := m.Lock("dir"); return err }()},
	} {
		if tc.err == nil {
			t.Errorf("%s succeeded", tc.name)
		}
	}
	if !exists(t, m, "dir/sub") || !exists(t, m, "file") {
		t.Fatal("a rejected call changed the tree")
	}
	if size, _ := f.Size(); size != 1 {
		t.Fatalf("rejected calls changed the file: size %d", size)
	}
	mustDo(t, m.Rename("file", "file")) // same file: no-op
	wantContent(t, m, "file", "x")
}

func TestMemFSReadDirSorted(t *testing.T) {
	m := NewMemFS()
	names := []string{"z", "a", "m", "B", "aa"}
	for _, n := range names {
		writeFile(t, m, n, nil, false)
	}
	ents, err := m.ReadDir("/")
	mustDo(t, err)
	var got []string
	for _, e := range ents {
		got = append(got, e.Name())
	}
	want := slices.Sorted(slices.Values(names))
	if !slices.Equal(got, want) {
		t.Fatalf("ReadDir = %v; want %v", got, want)
	}
}

// TestMemFSConcurrent exercises MemFS from several goroutines (run with
// -race) and checks that no write is lost from the current state.
func TestMemFSConcurrent(t *testing.T) {
	m := NewMemFS()
	mustDo(t, m.MkdirAll("d", 0o755))
	done := make(chan struct{})
	go func() { // crashes concurrently with the writers
		defer close(done)
		for range 20 {
			c := m.Crash(CrashOptions{Rand: newRand(3), KeepUnsynced: 0.5, TearWrites: true})
			if _, err := c.ReadDir("d"); err != nil {
				t.Errorf("ReadDir of crash copy: %v", err)
			}
		}
	}()
	f := openRW(t, m, "d/shared")
	defer f.Close()
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 100 {
				if _, err := f.WriteAt([]byte{byte(g + 1)}, int64(g*100+i)); err != nil {
					t.Error(err)
				}
				if i%10 == 0 {
					f.Sync()
					m.SyncDir("d")
					m.Stat("d/shared")
				}
			}
		}()
	}
	wg.Wait()
	<-done
	got := readFile(t, m, "d/shared")
	if len(got) != 400 {
		t.Fatalf("size %d; want 400", len(got))
	}
	for i, b := range got {
		if b != byte(i/100+1) {
			t.Fatalf("byte %d = %d; want %d", i, b, i/100+1)
		}
	}
}

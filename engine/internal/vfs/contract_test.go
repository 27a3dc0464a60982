package vfs

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
)

// contractEnvs are the FS implementations the contract runs against; each
// returns a fresh FS and an empty directory in it.
var contractEnvs = []struct {
	name string
	open func(t *testing.T) (FS, string)
}{
	{"OS", func(t *testing.T) (FS, string) { return OS(), t.TempDir() }},
	{"MemFS", func(t *testing.T) (FS, string) {
		m := NewMemFS()
		dir := "/tmp/contract"
		if err := m.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		return m, dir
	}},
	{"FaultFS(MemFS)", func(t *testing.T) (FS, string) {
		m := NewMemFS()
		if err := m.MkdirAll("d", 0o755); err != nil {
			t.Fatal(err)
		}
		return NewFaultFS(m), "d"
	}},
}

// contractCases is behaviour every FS must share with the real one.
var contractCases = []struct {
	name string
	run  func(t *testing.T, fsys FS, dir string)
}{
	{"WriteReadRoundTrip", func(t *testing.T, fsys FS, dir string) {
		name := filepath.Join(dir, "f")
		f, err := fsys.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o644)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if n, err := f.WriteAt([]byte("hello world"), 0); n != 11 || err != nil {
			t.Fatalf("WriteAt = %d, %v", n, err)
		}
		if n, err := f.WriteAt([]byte("W"), 6); n != 1 || err != nil {
			t.Fatalf("WriteAt = %d, %v", n, err)
		}
		buf := make([]byte, 5)
		if n, err := f.ReadAt(buf, 6); n != 5 || err != nil || string(buf) != "World" {
			t.Fatalf("ReadAt = %d, %v, %q", n, err, buf)
		}
		if size, err := f.Size(); size != 11 || err != nil {
			t.Fatalf("Size = %d, %v", size, err)
		}
		if err := f.Sync(); err != nil {
			t.Fatal(err)
		}
	}},
	{"ReadAtEOF", func(t *testing.T, fsys FS, dir string) {
		name := filepath.Join(dir, "f")
		writeFile(t, fsys, name, []byte("abcdef"), false)
		f, err := fsys.OpenFile(name, os.O_RDONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		buf := make([]byte, 4)
		if n, err := f.ReadAt(buf, 4); n != 2 || !errors.Is(err, io.EOF) || string(buf[:n]) != "ef" {
			t.Fatalf("short ReadAt = %d, %v, %q; want 2, EOF, ef", n, err, buf[:n])
		}
		if n, err := f.ReadAt(buf, 6); n != 0 || !errors.Is(err, io.EOF) {
			t.Fatalf("ReadAt at end = %d, %v; want 0, EOF", n, err)
		}
		if n, err := f.ReadAt(buf, 100); n != 0 || !errors.Is(err, io.EOF) {
			t.Fatalf("ReadAt past end = %d, %v; want 0, EOF", n, err)
		}
		if n, err := f.ReadAt(nil, 100); n != 0 || err != nil {
			t.Fatalf("empty ReadAt = %d, %v; want 0, nil", n, err)
		}
		if _, err := f.ReadAt(buf, -1); err == nil {
			t.Fatal("ReadAt at -1 succeeded")
		}
	}},
	{"WriteAtPastEndZeroFills", func(t *testing.T, fsys FS, dir string) {
		name := filepath.Join(dir, "f")
		f, err := fsys.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o644)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.WriteAt([]byte("xy"), 1000); err != nil {
			t.Fatal(err)
		}
		if _, err := f.WriteAt([]byte("z"), -1); err == nil {
			t.Fatal("WriteAt at -1 succeeded")
		}
		if n, err := f.WriteAt(nil, 5000); n != 0 || err != nil {
			t.Fatalf("empty WriteAt = %d, %v", n, err)
		}
		f.Close()
		got := readFile(t, fsys, name)
		want := append(make([]byte, 1000), "xy"...)
		if !bytes.Equal(got, want) {
			t.Fatalf("content: len %d, want %d zero bytes then xy", len(got), 1000)
		}
	}},
	{"Truncate", func(t *testing.T, fsys FS, dir string) {
		name := filepath.Join(dir, "f")
		writeFile(t, fsys, name, []byte("abcdefgh"), false)
		f, err := fsys.OpenFile(name, os.O_RDWR, 0)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := f.Truncate(3); err != nil {
			t.Fatal(err)
		}
		if err := f.Truncate(6); err != nil {
			t.Fatal(err)
		}
		buf := make([]byte, 6)
		if _, err := f.ReadAt(buf, 0); err != nil || string(buf) != "abc\x00\x00\x00" {
			t.Fatalf("after shrink+grow: %q, %v", buf, err)
		}
		if err := f.Truncate(-1); err == nil {
			t.Fatal("Truncate(-1) succeeded")
		}
	}},
	{"OpenFlags", func(t *testing.T, fsys FS, dir string) {
		name := filepath.Join(dir, "f")
		if _, err := fsys.OpenFile(name, os.O_RDWR, 0); !errors.Is(err, fs.ErrNotExist) {
			t.Fatalf("open missing without O_CREATE: %v; want ErrNotExist", err)
		}
		if _, err := fsys.OpenFile(filepath.Join(dir, "nodir", "f"), os.O_RDWR|os.O_CREATE, 0o644); !errors.Is(err, fs.ErrNotExist) {
			t.Fatalf("create in missing dir: %v; want ErrNotExist", err)
		}
		f, err := fsys.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			t.Fatal(err)
		}
		f.WriteAt([]byte("data"), 0)
		f.Close()
		if _, err := fsys.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644); !errors.Is(err, fs.ErrExist) {
			t.Fatalf("O_EXCL on existing: %v; want ErrExist", err)
		}
		if got := readFile(t, fsys, name); string(got) != "data" {
			t.Fatalf("O_CREATE without O_TRUNC changed content: %q", got)
		}
		f, err = fsys.OpenFile(name, os.O_RDWR|os.O_TRUNC, 0)
		if err != nil {
			t.Fatal(err)
		}
		if size, _ := f.Size(); size != 0 {
			t.Fatalf("size after O_TRUNC = %d", size)
		}
		f.Close()
	}},
	{"ReadOnlyAndClosedHandles", func(t *testing.T, fsys FS, dir string) {
		name := filepath.Join(dir, "f")
		writeFile(t, fsys, name, []byte("data"), false)
		f, err := fsys.OpenFile(name, os.O_RDONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.WriteAt([]byte("x"), 0); err == nil {
			t.Fatal("WriteAt on read-only file succeeded")
		}
		if err := f.Truncate(0); err == nil {
			t.Fatal("Truncate on read-only file succeeded")
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); !errors.Is(err, fs.ErrClosed) {
			t.Fatalf("second Close: %v; want ErrClosed", err)
		}
		if _, err := f.ReadAt(make([]byte, 1), 0); !errors.Is(err, fs.ErrClosed) {
			t.Fatalf("ReadAt after Close: %v; want ErrClosed", err)
		}
		if err := f.Sync(); !errors.Is(err, fs.ErrClosed) {
			t.Fatalf("Sync after Close: %v; want ErrClosed", err)
		}
		if _, err := f.Size(); !errors.Is(err, fs.ErrClosed) {
			t.Fatalf("Size after Close: %v; want ErrClosed", err)
		}
		w, err := fsys.OpenFile(name, os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		defer w.Close()
		if _, err := w.ReadAt(make([]byte, 1), 0); err == nil {
			t.Fatal("ReadAt on write-only file succeeded")
		}
	}},
	{"Rename", func(t *testing.T, fsys FS, dir string) {
		a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
		writeFile(t, fsys, a, []byte("new"), true)
		writeFile(t, fsys, b, []byte("old"), true)
		if err := fsys.Rename(a, b); err != nil {
			t.Fatal(err)
		}
		if exists(t, fsys, a) {
			t.Fatal("old name still exists after rename")
		}
		if got := readFile(t, fsys, b); string(got) != "new" {
			t.Fatalf("renamed-over target holds %q; want new", got)
		}
		if err := fsys.Rename(a, b); !errors.Is(err, fs.ErrNotExist) {
			t.Fatalf("rename of missing: %v; want ErrNotExist", err)
		}
		sub := filepath.Join(dir, "sub")
		if err := fsys.MkdirAll(sub, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := fsys.Rename(b, filepath.Join(sub, "c")); err != nil {
			t.Fatal(err)
		}
		if got := readFile(t, fsys, filepath.Join(sub, "c")); string(got) != "new" {
			t.Fatalf("file moved across dirs holds %q", got)
		}
		if err := fsys.Rename(sub, filepath.Join(dir, "sub2")); err != nil {
			t.Fatal(err)
		}
		if got := readFile(t, fsys, filepath.Join(dir, "sub2", "c")); string(got) != "new" {
			t.Fatalf("file in renamed dir holds %q", got)
		}
	}},
	{"RemoveAndRemoveAll", func(t *testing.T, fsys FS, dir string) {
		f := filepath.Join(dir, "f")
		writeFile(t, fsys, f, []byte("x"), false)
		if err := fsys.Remove(f); err != nil {
			t.Fatal(err)
		}
		if exists(t, fsys, f) {
			t.Fatal("removed file exists")
		}
		if err := fsys.Remove(f); !errors.Is(err, fs.ErrNotExist) {
			t.Fatalf("remove missing: %v; want ErrNotExist", err)
		}
		deep := filepath.Join(dir, "t", "u", "v")
		if err := fsys.MkdirAll(deep, 0o755); err != nil {
			t.Fatal(err)
		}
		writeFile(t, fsys, filepath.Join(deep, "g"), []byte("g"), false)
		writeFile(t, fsys, filepath.Join(dir, "t", "h"), []byte("h"), false)
		if err := fsys.Remove(filepath.Join(dir, "t")); err == nil {
			t.Fatal("Remove of non-empty dir succeeded")
		}
		if err := fsys.RemoveAll(filepath.Join(dir, "t")); err != nil {
			t.Fatal(err)
		}
		if exists(t, fsys, filepath.Join(dir, "t")) {
			t.Fatal("RemoveAll left the tree")
		}
		if err := fsys.RemoveAll(filepath.Join(dir, "missing")); err != nil {
			t.Fatalf("RemoveAll of missing: %v", err)
		}
		empty := filepath.Join(dir, "e")
		fsys.MkdirAll(empty, 0o755)
		if err := fsys.Remove(empty); err != nil {
			t.Fatalf("Remove of empty dir: %v", err)
		}
	}},
	{"OpenHandleSurvivesRemove", func(t *testing.T, fsys FS, dir string) {
		name := filepath.Join(dir, "f")
		writeFile(t, fsys, name, []byte("still here"), false)
		f, err := fsys.OpenFile(name, os.O_RDWR, 0)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := fsys.Remove(name); err != nil {
			t.Fatal(err)
		}
		buf := make([]byte, 10)
		if _, err := f.ReadAt(buf, 0); err != nil || string(buf) != "still here" {
			t.Fatalf("read of removed file: %q, %v", buf, err)
		}
		writeFile(t, fsys, name, []byte("new"), false)
		if _, err := f.WriteAt([]byte("S"), 0); err != nil {
			t.Fatal(err)
		}
		if got := readFile(t, fsys, name); string(got) != "new" {
			t.Fatalf("write through old handle reached new file: %q", got)
		}
	}},
	{"MkdirAllReadDirStat", func(t *testing.T, fsys FS, dir string) {
		if err := fsys.MkdirAll(filepath.Join(dir, "x", "y"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := fsys.MkdirAll(filepath.Join(dir, "x", "y"), 0o755); err != nil {
			t.Fatalf("MkdirAll of existing: %v", err)
		}
		for _, n := range []string{"c", "a", "b10", "b2"} {
			writeFile(t, fsys, filepath.Join(dir, "x", n), []byte(n), false)
		}
		if err := fsys.MkdirAll(filepath.Join(dir, "x", "a", "z"), 0o755); err == nil {
			t.Fatal("MkdirAll through a file succeeded")
		}
		ents, err := fsys.ReadDir(filepath.Join(dir, "x"))
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, e := range ents {
			names = append(names, e.Name()+":"+strconv.FormatBool(e.IsDir()))
		}
		want := []string{"a:false", "b10:false", "b2:false", "c:false", "y:true"}
		if !slices.Equal(names, want) {
			t.Fatalf("ReadDir = %v; want %v", names, want)
		}
		fi, err := fsys.Stat(filepath.Join(dir, "x", "b10"))
		if err != nil || fi.Name() != "b10" || fi.Size() != 3 || fi.IsDir() || !fi.Mode().IsRegular() {
			t.Fatalf("Stat file = %v, %v", fi, err)
		}
		fi, err = fsys.Stat(filepath.Join(dir, "x", "y"))
		if err != nil || fi.Name() != "y" || !fi.IsDir() {
			t.Fatalf("Stat dir = %v, %v", fi, err)
		}
		if _, err := fsys.Stat(filepath.Join(dir, "nope")); !errors.Is(err, fs.ErrNotExist) {
			t.Fatalf("Stat missing: %v; want ErrNotExist", err)
		}
		if _, err := fsys.ReadDir(filepath.Join(dir, "nope")); !errors.Is(err, fs.ErrNotExist) {
			t.Fatalf("ReadDir missing: %v; want ErrNotExist", err)
		}
		if _, err := fsys.ReadDir(filepath.Join(dir, "x", "a")); err == nil {
			t.Fatal("ReadDir of a file succeeded")
		}
	}},
	{"SyncDir", func(t *testing.T, fsys FS, dir string) {
		writeFile(t, fsys, filepath.Join(dir, "f"), []byte("x"), true)
		if err := fsys.SyncDir(dir); err != nil {
			t.Fatal(err)
		}
		if err := fsys.SyncDir(filepath.Join(dir, "missing")); !errors.Is(err, fs.ErrNotExist) {
			t.Fatalf("SyncDir missing: %v; want ErrNotExist", err)
		}
	}},
	{"Lock", func(t *testing.T, fsys FS, dir string) {
		name := filepath.Join(dir, "LOCK")
		l, err := fsys.Lock(name)
		if err != nil {
			t.Fatal(err)
		}
		if got := readFile(t, fsys, name); string(got) != strconv.Itoa(os.Getpid()) {
			t.Fatalf("lock file holds %q; want our pid %d", got, os.Getpid())
		}
		_, err = fsys.Lock(name)
		var le *LockedError
		if !errors.As(err, &le) || le.PID != os.Getpid() || !errors.Is(err, ErrLocked) {
			t.Fatalf("second Lock: %v; want *LockedError with pid %d", err, os.Getpid())
		}
		want := "database is locked by another process (pid " + strconv.Itoa(os.Getpid()) + ")"
		if err.Error() != want {
			t.Fatalf("error text %q; want %q", err.Error(), want)
		}
		if err := l.Release(); err != nil {
			t.Fatal(err)
		}
		if err := l.Release(); !errors.Is(err, fs.ErrClosed) {
			t.Fatalf("second Release: %v; want ErrClosed", err)
		}
		if !exists(t, fsys, name) {
			t.Fatal("Release removed the lock file")
		}
		l2, err := fsys.Lock(name)
		if err != nil {
			t.Fatalf("Lock after Release: %v", err)
		}
		if err := l2.Release(); err != nil {
			t.Fatal(err)
		}
		// A stale lock file (left by a dead holder) never blocks.
		stale := filepath.Join(dir, "STALE")
		writeFile(t, fsys, stale, []byte("999999\n"), true)
		l3, err := fsys.Lock(stale)
		if err != nil {
			t.Fatalf("Lock over stale file: %v", err)
		}
		l3.Release()
		if _, err := fsys.Lock(filepath.Join(dir, "nodir", "LOCK")); !errors.Is(err, fs.ErrNotExist) {
			t.Fatalf("Lock in missing dir: %v; want ErrNotExist", err)
		}
	}},
}

func TestContract(t *testing.T) {
	for _, env := range contractEnvs {
		t.Run(env.name, func(t *testing.T) {
			for _, tc := range contractCases {
				t.Run(tc.name, func(t *testing.T) {
					fsys, dir := env.open(t)
					tc.run(t, fsys, dir)
				})
			}
		})
	}
}

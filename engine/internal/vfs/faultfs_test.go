package vfs

import (
	"errors"
	"io/fs"
	"os"
	"sync"
	"testing"
)

// faultOps are single FS calls, labelled with whether FaultFS counts them.
// Each runs on a FaultFS over a MemFS holding d/f ("0123456789").
var faultOps = []struct {
	name    string
	counted bool
	run     func(f *FaultFS, h File) error
}{
	{"WriteAt", true, func(f *FaultFS, h File) error { _, err := h.WriteAt([]byte("x"), 0); return err }},
	{"Sync", true, func(f *FaultFS, h File) error { return h.Sync() }},
	{"Truncate", true, func(f *FaultFS, h File) error { return h.Truncate(1) }},
	{"Rename", true, func(f *FaultFS, h File) error { return f.Rename("d/f", "d/g") }},
	{"Remove", true, func(f *FaultFS, h File) error { return f.Remove("d/f") }},
	{"RemoveAll", true, func(f *FaultFS, h File) error { return f.RemoveAll("d/f") }},
	{"SyncDir", true, func(f *FaultFS, h File) error { return f.SyncDir("d") }},
	{"OpenFile O_CREATE", true, func(f *FaultFS, h File) error {
		g, err := f.OpenFile("d/new", os.O_RDWR|os.O_CREATE, 0o644)
		if err == nil {
			g.Close()
		}
		return err
	}},
	{"OpenFile O_TRUNC", true, func(f *FaultFS, h File) error {
		g, err := f.OpenFile("d/f", os.O_RDWR|os.O_TRUNC, 0)
		if err == nil {
			g.Close()
		}
		return err
	}},
	{"OpenFile plain", false, func(f *FaultFS, h File) error {
		g, err := f.OpenFile("d/f", os.O_RDWR, 0)
		if err == nil {
			g.Close()
		}
		return err
	}},
	{"ReadAt", false, func(f *FaultFS, h File) error { _, err := h.ReadAt(make([]byte, 2), 0); return err }},
	{"Size", false, func(f *FaultFS, h File) error { _, err := h.Size(); return err }},
	{"Stat", false, func(f *FaultFS, h File) error { _, err := f.Stat("d/f"); return err }},
	{"ReadDir", false, func(f *FaultFS, h File) error { _, err := f.ReadDir("d"); return err }},
	{"MkdirAll", false, func(f *FaultFS, h File) error { return f.MkdirAll("d/x", 0o755) }},
	{"Lock", false, func(f *FaultFS, h File) error {
		l, err := f.Lock("d/LOCK")
		if err == nil {
			err = l.Release()
		}
		return err
	}},
}

func newFaultFixture(t *testing.T) (*MemFS, *FaultFS, File) {
	t.Helper()
	m := NewMemFS()
	mustDo(t, m.MkdirAll("d", 0o755))
	writeFile(t, m, "d/f", []byte("0123456789"), true)
	f := NewFaultFS(m)
	h, err := f.OpenFile("d/f", os.O_RDWR, 0)
	mustDo(t, err)
	t.Cleanup(func() { h.Close() })
	return m, f, h
}

// TestFaultFSCountsAndFails checks, for every call, whether it is counted
// and that an armed failure makes exactly the counted ones fail, without
// reaching the inner FS.
func TestFaultFSCountsAndFails(t *testing.T) {
	for _, op := range faultOps {
		t.Run(op.name, func(t *testing.T) {
			m, f, h := newFaultFixture(t)
			before := tree(t, m)
			f.FailAfter(1, false)
			err := op.run(f, h)
			if op.counted {
				if !errors.Is(err, ErrInjected) {
					t.Fatalf("armed counted call: %v; want ErrInjected", err)
				}
				if f.Calls() != 1 {
					t.Fatalf("Calls = %d; want 1", f.Calls())
				}
				assertSameTree(t, memFSFrom(t, before), m)
				// Not sticky: the same call now succeeds.
				if err := op.run(f, h); err != nil {
					t.Fatalf("call after non-sticky failure: %v", err)
				}
				if f.Calls() != 2 {
					t.Fatalf("Calls = %d; want 2", f.Calls())
				}
				return
			}
			if err != nil {
				t.Fatalf("uncounted call failed: %v", err)
			}
			if f.Calls() != 0 {
				t.Fatalf("Calls = %d; want 0 for an uncounted call", f.Calls())
			}
		})
	}
}

// memFSFrom builds a MemFS holding the files of a tree() snapshot.
func memFSFrom(t *testing.T, snap map[string]string) *MemFS {
	t.Helper()
	m := NewMemFS()
	for p := range snap {
		if p[len(p)-1] == '/' {
			mustDo(t, m.MkdirAll(p, 0o755))
		}
	}
	for p, c := range snap {
		if p[len(p)-1] != '/' {
			writeFile(t, m, p, []byte(c), false)
		}
	}
	return m
}

func TestFaultFSNthCall(t *testing.T) {
	for _, tc := range []struct {
		n      int
		sticky bool
		want   string // per call: . ok, X injected
	}{
		{1, false, "X....."},
		{3, false, "..X..."},
		{3, true, "..XXXX"},
		{6, true, ".....X"},
		{7, true, "......"},
		{0, true, "......"},
		{-2, false, "......"},
	} {
		_, f, h := newFaultFixture(t)
		// Calls made before arming do not count towards n.
		h.Sync()
		h.Sync()
		f.FailAfter(tc.n, tc.sticky)
		got := ""
		for range len(tc.want) {
			if err := h.Sync(); errors.Is(err, ErrInjected) {
				got += "X"
			} else if err != nil {
				t.Fatal(err)
			} else {
				got += "."
			}
		}
		if got != tc.want {
			t.Errorf("FailAfter(%d, %v): %s; want %s", tc.n, tc.sticky, got, tc.want)
		}
		if f.Calls() != 2+len(tc.want) {
			t.Errorf("Calls = %d; want %d", f.Calls(), 2+len(tc.want))
		}
	}
}

func TestFaultFSStickyStopsEverything(t *testing.T) {
	m, f, h := newFaultFixture(t)
	f.FailAfter(2, true)
	if _, err := h.WriteAt([]byte("AB"), 0); err != nil {
		t.Fatal(err)
	}
	for _, op := range faultOps {
		if err := op.run(f, h); op.counted && !errors.Is(err, ErrInjected) {
			t.Errorf("%s after the crash point: %v; want ErrInjected", op.name, err)
		}
	}
	wantContent(t, m, "d/f", "AB23456789")
	f.Reset()
	if f.Calls() != 0 {
		t.Fatalf("Calls after Reset = %d", f.Calls())
	}
	if err := h.Sync(); err != nil {
		t.Fatalf("Sync after Reset: %v", err)
	}
}

func TestFaultFSReads(t *testing.T) {
	_, f, h := newFaultFixture(t)
	buf := make([]byte, 3)
	h.ReadAt(buf, 0)
	f.FailReadsAfter(2)
	var got []bool
	for range 4 {
		_, err := h.ReadAt(buf, 0)
		got = append(got, errors.Is(err, ErrInjected))
	}
	if want := []bool{false, true, true, true}; !equalBools(got, want) {
		t.Fatalf("read failures %v; want %v", got, want)
	}
	if f.Reads() != 5 || f.Calls() != 0 {
		t.Fatalf("Reads %d Calls %d; want 5, 0", f.Reads(), f.Calls())
	}
	if err := h.Sync(); err != nil {
		t.Fatalf("read failures leaked into writes: %v", err)
	}
	f.FailReadsAfter(0)
	if _, err := h.ReadAt(buf, 0); err != nil {
		t.Fatalf("disarmed read: %v", err)
	}
}

func equalBools(a, b []bool) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestFaultFSPartialWrites(t *testing.T) {
	for _, tc := range []struct {
		name    string
		partial bool
		seed    uint64
		want    func(got string) bool
	}{
		{"off", false, 0, func(got string) bool { return got == "0123456789" }},
		{"half", true, 0, func(got string) bool { return got == "ABC3456789" }},
		{"random", true, 7, func(got string) bool {
			n := 0
			for n < 6 && got[n] == "ABCDEF"[n] {
				n++
			}
			return n < 6 && got[n:] == "0123456789"[n:]
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, f, h := newFaultFixture(t)
			f.PartialWrites = tc.partial
			if tc.seed != 0 {
				f.Rand = newRand(tc.seed)
			}
			f.FailAfter(1, true)
			n, err := h.WriteAt([]byte("ABCDEF"), 0)
			if !errors.Is(err, ErrInjected) {
				t.Fatalf("WriteAt: %v; want ErrInjected", err)
			}
			got := string(readFile(t, m, "d/f"))
			if !tc.want(got) {
				t.Fatalf("content %q after failed write (n=%d)", got, n)
			}
			if got[:n] != "ABCDEF"[:n] {
				t.Fatalf("returned count %d does not match landed prefix of %q", n, got)
			}
		})
	}
}

// TestFaultFSCrashPoint is the pattern crash tests use: fail everything
// from the n-th call, crash, and check that what was synced before the
// failure survives.
func TestFaultFSCrashPoint(t *testing.T) {
	workload := func(fsys FS) error {
		for i, content := range []string{"one", "two", "three"} {
			tmp, final := "d/tmp", "d/v"+itoa(i)
			f, err := fsys.OpenFile(tmp, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o644)
			if err != nil {
				return err
			}
			if _, err := f.WriteAt([]byte(content), 0); err != nil {
				return err
			}
			if err := f.Sync(); err != nil {
				return err
			}
			f.Close()
			if err := fsys.Rename(tmp, final); err != nil {
				return err
			}
			if err := fsys.SyncDir("d"); err != nil {
				return err
			}
		}
		return nil
	}
	contents := []string{"one", "two", "three"}
	seed := testSeed(t)
	r := newRand(seed)
	for n := 1; ; n++ {
		m := NewMemFS()
		mustDo(t, m.MkdirAll("d", 0o755))
		f := NewFaultFS(m)
		f.FailAfter(n, true)
		err := workload(f)
		if err == nil {
			if n <= 5*len(contents) {
				t.Fatalf("n=%d: workload of %d calls did not fail", n, 5*len(contents))
			}
			break
		}
		if !errors.Is(err, ErrInjected) {
			t.Fatalf("n=%d: %v", n, err)
		}
		// Five calls per version: OpenFile, WriteAt, Sync, Rename, SyncDir.
		v, step := (n-1)/5, (n-1)%5+1
		c := m.Crash(CrashOptions{Rand: r, KeepUnsynced: 0.5, TearWrites: true})
		for i, content := range contents[:v] {
			wantContent(t, c, "d/v"+itoa(i), content)
		}
		b, err := tryReadFile(c, "d/v"+itoa(v))
		switch {
		case err == nil && step < 5:
			t.Fatalf("n=%d: v%d exists though its rename never ran", n, v)
		case err == nil && string(b) != contents[v]:
			t.Fatalf("n=%d: half-durable v%d holds %q", n, v, b)
		case err != nil && !errors.Is(err, fs.ErrNotExist):
			t.Fatal(err)
		}
	}
}

func TestFaultFSConcurrent(t *testing.T) {
	m := NewMemFS()
	f := NewFaultFS(m)
	var handles []File
	for g := range 4 {
		h, err := f.OpenFile("f"+itoa(g), os.O_RDWR|os.O_CREATE, 0o644)
		mustDo(t, err)
		defer h.Close()
		handles = append(handles, h)
	}
	f.FailAfter(50, true)
	var wg sync.WaitGroup
	var mu sync.Mutex
	failures := 0
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			h := handles[g]
			for i := range 25 {
				if _, err := h.WriteAt([]byte{byte(i)}, int64(i)); errors.Is(err, ErrInjected) {
					mu.Lock()
					failures++
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	if f.Calls() != 104 {
		t.Fatalf("Calls = %d; want 104", f.Calls())
	}
	if failures != 100-49 {
		t.Fatalf("%d failures; want %d (every write from the 50th call)", failures, 100-49)
	}
}

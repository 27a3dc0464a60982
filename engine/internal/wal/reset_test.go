package wal

import (
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/grumpydb/grumpydb/engine/internal/vfs"
)

func TestResetBasics(t *testing.T) {
	fsys := newMemFS(t)
	l := mustOpen(t, fsys, Options{})
	appendSync(t, l, []byte("a"), []byte("b"))
	// Buffered, never synced: discarded, but its LSN (3) is not reused.
	if _, err := l.Append([]byte("lost")); err != nil {
		t.Fatal(err)
	}
	if err := l.Reset(2); err != nil {
		t.Fatal(err)
	}
	if got := l.NextLSN(); got != 4 {
		t.Fatalf("after Reset(2) with LSN 3 handed out, NextLSN = %d, want 4", got)
	}
	if got := l.DurableLSN(); got != 3 {
		t.Fatalf("DurableLSN after Reset = %d, want 3", got)
	}
	if got := l.Size(); got != HeaderSize {
		t.Fatalf("Size after Reset = %d, want %d", got, HeaderSize)
	}
	if recs := replayAll(t, l, 0); len(recs) != 0 {
		t.Fatalf("Replay after Reset yielded %v", recs)
	}
	want := appendSync(t, l, []byte("c"))
	if want[0].lsn != 4 {
		t.Fatalf("first LSN after Reset = %d, want 4", want[0].lsn)
	}
	if err := l.Reset(100); err != nil {
		t.Fatal(err)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}

	// An empty log keeps its base across reopen.
	l = mustOpen(t, fsys, Options{})
	if got := l.NextLSN(); got != 100 {
		t.Fatalf("NextLSN after reopening an empty log reset to 100 = %d", got)
	}
	want = appendSync(t, l, []byte("d"), []byte("e"))
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	l = mustOpen(t, fsys, Options{})
	defer l.Close()
	if err := equalRecords(replayAll(t, l, 0), want); err != nil {
		t.Fatal(err)
	}
	if want[0].lsn != 100 {
		t.Fatalf("first LSN = %d, want 100", want[0].lsn)
	}
}

// crashOptions are the crash models the crash tests run under.
func crashOptions(seed uint64) map[string]vfs.CrashOptions {
	return map[string]vfs.CrashOptions{
		"durable only": {},
		"keep some unsynced": {
			Rand: rand.New(rand.NewPCG(seed, 1)), KeepUnsynced: 0.5, TearWrites: true,
		},
		"keep all unsynced": {
			Rand: rand.New(rand.NewPCG(seed, 2)), KeepUnsynced: 1, TearWrites: false,
		},
	}
}

// TestResetCrash crashes at every step of Reset (by failing the n-th file
// system call and then dropping everything not durable): the log that
// comes back is either the old one, whole, or the new empty one.
func TestResetCrash(t *testing.T) {
	seed := testSeed(t)
	const resetTo = 1000
	outcomes := map[string]int{}
	for n := 1; ; n++ {
		mem := newMemFS(t)
		ff := vfs.NewFaultFS(mem)
		l := mustOpen(t, ff, Options{})
		old := appendSync(t, l, []byte("one"), []byte("two"), []byte("three"))
		before := ff.Calls()
		ff.FailAfter(n, true)
		resetErr := l.Reset(resetTo)
		calls := ff.Calls() - before
		if resetErr != nil && !errors.Is(resetErr, vfs.ErrInjected) {
			t.Fatalf("n=%d: Reset: %v", n, resetErr)
		}
		for name, co := range crashOptions(seed + uint64(n)) {
			crashed := mem.Crash(co)
			l2, err := Open(crashed, testPath, Options{})
			if err != nil {
				t.Fatalf("n=%d %s: Open after crash: %v", n, name, err)
			}
			got := replayAll(t, l2, 0)
			switch next := l2.NextLSN(); {
			case len(got) == 0 && next >= resetTo:
				outcomes["new"]++
			case resetErr != nil && len(got) == len(old):
				outcomes["old"]++
				if err := equalRecords(got, old); err != nil {
					t.Fatalf("n=%d %s: old log came back damaged: %v", n, name, err)
				}
				if next != uint64(len(old)+1) {
					t.Fatalf("n=%d %s: old log came back with NextLSN %d", n, name, next)
				}
			default:
				t.Fatalf("n=%d %s (Reset error %v): got records %v, NextLSN %d; want the old log or an empty one at >= %d",
					n, name, resetErr, got, next, resetTo)
			}
			more := appendSync(t, l2, []byte("after crash"))
			if more[0].lsn <= old[len(old)-1].lsn {
				t.Fatalf("n=%d %s: LSN %d reused after crash", n, name, more[0].lsn)
			}
			if err := l2.Close(); err != nil {
				t.Fatal(err)
			}
		}
		_ = l.Close()
		if resetErr == nil {
			if n <= calls {
				t.Fatalf("n=%d: Reset succeeded although call %d should have failed", n, n)
			}
			t.Logf("Reset makes %d counted calls; crashed after each; outcomes %v", calls, outcomes)
			if outcomes["new"] == 0 || outcomes["old"] == 0 {
				t.Fatalf("crashes never produced both the old and the new log: %v", outcomes)
			}
			return
		}
	}
}

// TestResetFailureBeforeRenameKeepsLog checks that a Reset failing before
// it touches wal.log leaves the Log usable with its records.
func TestResetFailureBeforeRenameKeepsLog(t *testing.T) {
	for n := 1; n <= 3; n++ { // create tmp, write header, sync tmp
		mem := newMemFS(t)
		ff := vfs.NewFaultFS(mem)
		l := mustOpen(t, ff, Options{})
		want := appendSync(t, l, []byte("a"))
		ff.FailAfter(n, false)
		err := l.Reset(50)
		isErr(t, "Reset", err, vfs.ErrInjected)
		if errors.Is(err, ErrFailed) {
			t.Fatalf("n=%d: failure before the rename made the log failed: %v", n, err)
		}
		want = append(want, appendSync(t, l, []byte("b"))...)
		if err := equalRecords(replayAll(t, l, 0), want); err != nil {
			t.Fatalf("n=%d: %v", n, err)
		}
		if err := l.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

// TestResetFailureAfterRenameFails checks that a Reset failing at or after
// the rename leaves the Log failed.
func TestResetFailureAfterRenameFails(t *testing.T) {
	for n := 4; n <= 5; n++ { // rename, sync dir
		mem := newMemFS(t)
		ff := vfs.NewFaultFS(mem)
		l := mustOpen(t, ff, Options{})
		appendSync(t, l, []byte("a"))
		ff.FailAfter(n, false)
		err := l.Reset(50)
		isErr(t, "Reset", err, ErrFailed)
		isErr(t, "Reset", err, vfs.ErrInjected)
		_, err = l.Append([]byte("b"))
		isErr(t, "Append after failed Reset", err, ErrFailed)
		isErr(t, "Close", l.Close(), ErrFailed)
	}
}

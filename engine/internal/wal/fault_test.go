package wal

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/grumpydb/grumpydb/engine/internal/vfs"
)

// generation models one generation of the log in the fault test.
type generation struct {
	base  uint64
	recs  map[uint64][]byte // every record appended to it, acknowledged or not
	acked uint64            // highest LSN whose Sync returned nil (0: none)
}

func newGeneration(base uint64) *generation {
	return &generation{base: base, recs: map[uint64][]byte{}}
}

// faultOutcome is what a workload run left to check after the crash.
type faultOutcome struct {
	committed *generation // the generation the log must come back as...
	pending   *generation // ...or, if a Reset's result is unknown, this empty one
}

// runFaultWorkload runs a fixed workload (appends, syncs and one Reset) on
// fsys, recording what was appended and acknowledged.
func runFaultWorkload(t *testing.T, fsys vfs.FS, seed uint64) faultOutcome {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 0))
	out := faultOutcome{committed: newGeneration(1)}
	l, err := Open(fsys, testPath, Options{BufferSize: 64})
	if err != nil {
		if !errors.Is(err, vfs.ErrInjected) {
			t.Fatalf("Open: %v", err)
		}
		return out
	}
	defer l.Close()
	failed := false
	noteErr := func(what string, err error) {
		t.Helper()
		if !errors.Is(err, vfs.ErrInjected) {
			t.Fatalf("%s: %v does not wrap the injected error", what, err)
		}
		if failed && !errors.Is(err, ErrFailed) {
			t.Fatalf("%s after the log failed: %v does not wrap ErrFailed", what, err)
		}
		if errors.Is(err, ErrFailed) {
			failed = true
		}
	}
	const steps = 16
	for step := range steps {
		if step == steps/2 {
			err := l.Reset(l.NextLSN() + 10)
			switch {
			case err == nil:
				out.committed = newGeneration(l.NextLSN())
			case errors.Is(err, ErrFailed):
				out.pending = newGeneration(l.NextLSN() + 10)
				noteErr("Reset", err)
			default:
				noteErr("Reset", err)
			}
			continue
		}
		var last uint64
		for range 1 + rng.IntN(3) {
			p := payloadOf(rng.Uint64(), rng.IntN(300))
			lsn, err := l.Append(p)
			if err != nil {
				noteErr("Append", err)
				if !failed {
					t.Fatalf("Append failed but the log is not failed: %v", err)
				}
				continue
			}
			if failed {
				t.Fatalf("Append succeeded on a failed log")
			}
			out.committed.recs[lsn] = p
			last = lsn
		}
		if last == 0 {
			continue
		}
		if err := l.Sync(last); err != nil {
			noteErr("Sync", err)
			if !errors.Is(err, ErrFailed) {
				t.Fatalf("Sync failed without failing the log: %v", err)
			}
			if l.DurableLSN() >= last {
				t.Fatalf("failed Sync(%d) published DurableLSN %d", last, l.DurableLSN())
			}
			continue
		}
		if failed {
			t.Fatalf("Sync succeeded on a failed log")
		}
		out.committed.acked = last
	}
	return out
}

// checkFaultOutcome opens the crashed file system and checks the log is
// one the workload allows: the committed generation, holding every
// acknowledged record and only records that were appended, in order; or
// the pending Reset's empty generation.
func checkFaultOutcome(fsys vfs.FS, out faultOutcome) error {
	l, err := Open(fsys, testPath, Options{})
	if err != nil {
		return fmt.Errorf("Open after crash: %w", err)
	}
	defer l.Close()
	var got []record
	if err := l.Replay(0, func(lsn uint64, p []byte) error {
		got = append(got, record{lsn, bytes.Clone(p)})
		return nil
	}); err != nil {
		return fmt.Errorf("Replay after crash: %w", err)
	}
	next := l.NextLSN()
	if out.pending != nil && len(got) == 0 && next == out.pending.base {
		return checkAppendWorks(l, next)
	}
	c := out.committed
	for i, r := range got {
		if r.lsn != c.base+uint64(i) {
			return fmt.Errorf("record %d has LSN %d, want %d (generation base %d)", i, r.lsn, c.base+uint64(i), c.base)
		}
		p, ok := c.recs[r.lsn]
		if !ok {
			return fmt.Errorf("replayed LSN %d was never appended", r.lsn)
		}
		if !bytes.Equal(p, r.payload) {
			return fmt.Errorf("LSN %d replayed with a different payload", r.lsn)
		}
	}
	if c.acked != 0 && (len(got) == 0 || got[len(got)-1].lsn < c.acked) {
		return fmt.Errorf("acknowledged LSN %d lost: replayed %v", c.acked, got)
	}
	if want := c.base + uint64(len(got)); next != want {
		return fmt.Errorf("NextLSN %d, want %d", next, want)
	}
	return checkAppendWorks(l, next)
}

// checkAppendWorks appends and syncs one record, expecting LSN next.
func checkAppendWorks(l *Log, next uint64) error {
	lsn, err := l.Append([]byte("after the crash"))
	if err != nil {
		return fmt.Errorf("Append after crash: %w", err)
	}
	if lsn != next {
		return fmt.Errorf("Append after crash got LSN %d, want %d", lsn, next)
	}
	if err := l.Sync(lsn); err != nil {
		return fmt.Errorf("Sync after crash: %w", err)
	}
	return nil
}

// TestFaultInjection fails the n-th mutating or syncing file system call,
// for every n over the workload (sticky and not, torn or clean writes),
// then crashes the MemFS: every record whose Sync returned nil replays, and
// nothing replays that was never appended.
func TestFaultInjection(t *testing.T) {
	seed := testSeed(t)

	clean := vfs.NewFaultFS(newMemFS(t))
	runFaultWorkload(t, clean, seed)
	total := clean.Calls()
	t.Logf("the workload makes %d counted calls", total)

	var ackedRuns, pendingRuns int
	for _, sticky := range []bool{true, false} {
		for _, partial := range []bool{false, true} {
			for n := 1; n <= total+1; n++ {
				mem := newMemFS(t)
				ff := vfs.NewFaultFS(mem)
				ff.PartialWrites = partial
				if partial {
					ff.Rand = rand.New(rand.NewPCG(seed, uint64(n)))
				}
				ff.FailAfter(n, sticky)
				out := runFaultWorkload(t, ff, seed)
				if out.committed.acked != 0 {
					ackedRuns++
				}
				if out.pending != nil {
					pendingRuns++
				}
				for name, co := range crashOptions(seed ^ uint64(n)) {
					if err := checkFaultOutcome(mem.Crash(co), out); err != nil {
						t.Fatalf("sticky=%v partial=%v n=%d crash=%q: %v", sticky, partial, n, name, err)
					}
				}
			}
		}
	}
	t.Logf("%d runs had acknowledged records to lose, %d ended in a Reset of unknown outcome", ackedRuns, pendingRuns)
	if ackedRuns == 0 || pendingRuns == 0 {
		t.Fatal("the workload did not exercise both acknowledged records and uncertain Resets")
	}
}

// TestFsyncFailureIsNotRetried checks the fsyncgate rule: after a failed
// fsync no later Sync reaches the file system or reports success.
func TestFsyncFailureIsNotRetried(t *testing.T) {
	mem := newMemFS(t)
	ff := vfs.NewFaultFS(mem)
	l := mustOpen(t, ff, Options{})
	appendSync(t, l, []byte("durable"))
	lsn, err := l.Append([]byte("doomed"))
	if err != nil {
		t.Fatal(err)
	}
	ff.FailAfter(2, false) // 1: the batch's WriteAt, 2: its fsync
	err = l.Sync(lsn)
	isErr(t, "Sync", err, ErrFailed)
	isErr(t, "Sync", err, vfs.ErrInjected)
	calls := ff.Calls()
	for range 3 {
		isErr(t, "later Sync", l.Sync(lsn), ErrFailed)
	}
	_, err = l.Append([]byte("more"))
	isErr(t, "later Append", err, ErrFailed)
	if got := ff.Calls(); got != calls {
		t.Fatalf("%d more file system calls after the failed fsync", got-calls)
	}
	if got := l.DurableLSN(); got != lsn-1 {
		t.Fatalf("DurableLSN = %d after the failed fsync, want %d", got, lsn-1)
	}
	isErr(t, "Close", l.Close(), ErrFailed)
}

// TestReadFailures checks that read errors during Open and Replay are
// reported, not taken for a torn tail.
func TestReadFailures(t *testing.T) {
	data, _ := buildLog(t, []byte("a"), []byte("b"), []byte("c"))
	for n := 1; n <= 2; n++ { // the header, then the records
		ff := vfs.NewFaultFS(memWithFile(t, data))
		ff.FailReadsAfter(n)
		if _, err := Open(ff, testPath, Options{}); !errors.Is(err, vfs.ErrInjected) {
			t.Fatalf("Open with read %d failing: %v", n, err)
		}
	}
	ff := vfs.NewFaultFS(memWithFile(t, data))
	l := mustOpen(t, ff, Options{})
	defer l.Close()
	ff.FailReadsAfter(1)
	err := l.Replay(0, func(uint64, []byte) error { return nil })
	isErr(t, "Replay", err, vfs.ErrInjected)
}

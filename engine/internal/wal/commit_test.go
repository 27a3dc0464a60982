package wal

import (
	"bytes"
	"encoding/binary"
	"math/rand/v2"
	"sync"
	"testing"
	"time"
)

// TestGroupCommit has 64 goroutines commit 20 records each on a file
// system whose fsync takes a millisecond: the commits must share fsyncs,
// and every record must replay afterwards.
func TestGroupCommit(t *testing.T) {
	const goroutines, commits = 64, 20
	fsys := &hookFS{FS: newMemFS(t), onSync: slowSync(time.Millisecond)}
	l := mustOpen(t, fsys, Options{})
	before := fsys.syncs.Load()

	var wg sync.WaitGroup
	lsns := make([][]uint64, goroutines)
	errs := make(chan error, goroutines)
	for g := range goroutines {
		wg.Go(func() {
			for i := range commits {
				lsn, err := l.Append(groupPayload(g, i))
				if err != nil {
					errs <- err
					return
				}
				if err := l.Sync(lsn); err != nil {
					errs <- err
					return
				}
				if d := l.DurableLSN(); d < lsn {
					t.Errorf("Sync(%d) returned with DurableLSN %d", lsn, d)
				}
				lsns[g] = append(lsns[g], lsn)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	fsyncs := fsys.syncs.Load() - before
	t.Logf("%d commits took %d fsyncs", goroutines*commits, fsyncs)
	if fsyncs > goroutines*commits/4 {
		t.Fatalf("%d commits took %d fsyncs: group commit is not sharing them", goroutines*commits, fsyncs)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}

	l = mustOpen(t, fsys, Options{})
	defer l.Close()
	got := replayAll(t, l, 0)
	if len(got) != goroutines*commits {
		t.Fatalf("replayed %d records, want %d", len(got), goroutines*commits)
	}
	byLSN := map[uint64][]byte{}
	for _, r := range got {
		byLSN[r.lsn] = r.payload
	}
	for g := range goroutines {
		for i, lsn := range lsns[g] {
			if !bytes.Equal(byLSN[lsn], groupPayload(g, i)) {
				t.Fatalf("LSN %d (goroutine %d, commit %d) replayed as %q", lsn, g, i, byLSN[lsn])
			}
		}
	}
}

func groupPayload(g, i int) []byte {
	return binary.LittleEndian.AppendUint32(binary.LittleEndian.AppendUint32(nil, uint32(g)), uint32(i))
}

// TestAppendDuringFsync holds a leader inside its fsync and checks that
// Append still completes (double buffering), that a second committer waits
// rather than writing, and that the next leader covers what was appended
// meanwhile.
func TestAppendDuringFsync(t *testing.T) {
	g := newGate()
	fsys := &hookFS{FS: newMemFS(t), onSync: g.hook}
	l := mustOpen(t, fsys, Options{})
	first, err := l.Append([]byte("first"))
	if err != nil {
		t.Fatal(err)
	}
	g.arm()
	leader := make(chan error)
	go func() { leader <- l.Sync(first) }()
	select {
	case <-g.entered: // the leader is now inside its fsync
	case <-time.After(10 * time.Second):
		t.Fatal("Sync never reached the file's fsync")
	}

	appended := make(chan uint64)
	go func() {
		lsn, err := l.Append([]byte("second"))
		if err != nil {
			t.Error(err)
		}
		appended <- lsn
	}()
	var second uint64
	select {
	case second = <-appended:
	case <-time.After(10 * time.Second):
		t.Fatal("Append blocked behind an fsync in progress")
	}
	if l.DurableLSN() >= first {
		t.Fatal("DurableLSN advanced before the fsync finished")
	}
	if got, want := l.Size(), int64(HeaderSize+2*RecordHeaderSize+len("first")+len("second")); got != want {
		t.Fatalf("Size during the fsync = %d, want %d", got, want)
	}
	follower := make(chan error)
	go func() { follower <- l.Sync(second) }()
	select {
	case err := <-follower:
		t.Fatalf("Sync(%d) returned %v while the previous batch was still in its fsync", second, err)
	case <-time.After(20 * time.Millisecond):
	}
	syncsBefore := fsys.syncs.Load()
	close(g.release)
	if err := <-leader; err != nil {
		t.Fatal(err)
	}
	if err := <-follower; err != nil {
		t.Fatal(err)
	}
	if got := fsys.syncs.Load() - syncsBefore; got != 1 {
		t.Fatalf("the follower's batch took %d fsyncs, want 1", got)
	}
	if got := l.DurableLSN(); got != second {
		t.Fatalf("DurableLSN = %d, want %d", got, second)
	}
	if err := equalRecords(replayAll(t, l, 0), []record{{first, []byte("first")}, {second, []byte("second")}}); err != nil {
		t.Fatal(err)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestConcurrentRandom runs goroutines that append and sync at random
// against a model of what each appended, then checks the reopened log
// replays exactly the model.
func TestConcurrentRandom(t *testing.T) {
	seed := testSeed(t)
	const goroutines, ops = 8, 200
	fsys := newMemFS(t)
	l := mustOpen(t, fsys, Options{BufferSize: 512})
	var mu sync.Mutex
	model := map[uint64][]byte{}
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(seed, uint64(g)))
			var last uint64
			for range ops {
				switch rng.IntN(4) {
				case 0:
					if last != 0 {
						if err := l.Sync(last); err != nil {
							t.Error(err)
							return
						}
					}
				case 1:
					_ = l.DurableLSN() + uint64(l.Size())
				default:
					p := payloadOf(rng.Uint64(), rng.IntN(2000))
					lsn, err := l.Append(p)
					if err != nil {
						t.Error(err)
						return
					}
					mu.Lock()
					if _, dup := model[lsn]; dup {
						t.Errorf("LSN %d handed out twice", lsn)
					}
					model[lsn] = p
					mu.Unlock()
					last = lsn
				}
			}
			if last != 0 {
				if err := l.Sync(last); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	l = mustOpen(t, fsys, Options{})
	defer l.Close()
	got := replayAll(t, l, 0)
	if len(got) != len(model) {
		t.Fatalf("replayed %d records, model has %d", len(got), len(model))
	}
	for i, r := range got {
		if r.lsn != uint64(i+1) || !bytes.Equal(model[r.lsn], r.payload) {
			t.Fatalf("record %d (LSN %d) does not match the model", i, r.lsn)
		}
	}
}

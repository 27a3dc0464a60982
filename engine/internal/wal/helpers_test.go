package wal

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/grumpydb/grumpydb/engine/internal/vfs"
)

// testDir and testPath are where the tests keep their log in a MemFS.
const (
	testDir  = "/db"
	testPath = testDir + "/wal.log"
)

// testSeed returns the seed for a randomised test: GRUMPY_SEED if set,
// otherwise a fresh one. It is logged so a failure can be replayed.
func testSeed(t testing.TB) uint64 {
	t.Helper()
	seed := rand.Uint64()
	if s := os.Getenv("GRUMPY_SEED"); s != "" {
		v, err := strconv.ParseUint(s, 0, 64)
		if err != nil {
			t.Fatalf("GRUMPY_SEED=%q: %v", s, err)
		}
		seed = v
	}
	t.Logf("seed %d (set GRUMPY_SEED to replay)", seed)
	return seed
}

// newMemFS returns a MemFS holding the (durable) directory testDir.
func newMemFS(t testing.TB) *vfs.MemFS {
	t.Helper()
	m := vfs.NewMemFS()
	if err := m.MkdirAll(testDir, 0o755); err != nil {
		t.Fatal(err)
	}
	return m
}

// mustOpen opens the log at testPath in fsys, failing the test on error.
func mustOpen(t testing.TB, fsys vfs.FS, opts Options) *Log {
	t.Helper()
	l, err := Open(fsys, testPath, opts)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return l
}

// record is one replayed or expected record.
type record struct {
	lsn     uint64
	payload []byte
}

func (r record) String() string { return fmt.Sprintf("{%d %d bytes}", r.lsn, len(r.payload)) }

// replayAll returns every record Replay(from) yields, copying payloads.
func replayAll(t testing.TB, l *Log, from uint64) []record {
	t.Helper()
	var out []record
	prev := uint64(0)
	err := l.Replay(from, func(lsn uint64, p []byte) error {
		if lsn < from {
			t.Errorf("Replay(%d) yielded LSN %d", from, lsn)
		}
		if prev != 0 && lsn != prev+1 {
			t.Errorf("Replay yielded LSN %d after %d", lsn, prev)
		}
		prev = lsn
		out = append(out, record{lsn, bytes.Clone(p)})
		return nil
	})
	if err != nil {
		t.Fatalf("Replay(%d): %v", from, err)
	}
	return out
}

// appendSync appends each payload and syncs the last, returning the records.
func appendSync(t testing.TB, l *Log, payloads ...[]byte) []record {
	t.Helper()
	var out []record
	for _, p := range payloads {
		lsn, err := l.Append(p)
		if err != nil {
			t.Fatalf("Append: %v", err)
		}
		out = append(out, record{lsn, p})
	}
	if len(out) > 0 {
		if err := l.Sync(out[len(out)-1].lsn); err != nil {
			t.Fatalf("Sync: %v", err)
		}
	}
	return out
}

// equalRecords reports the first difference between got and want.
func equalRecords(got, want []record) error {
	if len(got) != len(want) {
		return fmt.Errorf("got %d records %v, want %d %v", len(got), got, len(want), want)
	}
	for i := range got {
		if got[i].lsn != want[i].lsn || !bytes.Equal(got[i].payload, want[i].payload) {
			return fmt.Errorf("record %d: got %v, want %v", i, got[i], want[i])
		}
	}
	return nil
}

// payloadOf returns a payload of n bytes determined by tag, so tests can
// tell records apart.
func payloadOf(tag uint64, n int) []byte {
	var seed [32]byte
	binary.LittleEndian.PutUint64(seed[0:], tag)
	binary.LittleEndian.PutUint64(seed[8:], uint64(n))
	p := make([]byte, n)
	_, _ = rand.NewChaCha8(seed).Read(p) // never fails
	return p
}

// readFile returns the whole content of name in fsys.
func readFile(t testing.TB, fsys vfs.FS, name string) []byte {
	t.Helper()
	f, err := fsys.OpenFile(name, os.O_RDONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	n, err := f.Size()
	if err != nil {
		t.Fatal(err)
	}
	b := make([]byte, n)
	if _, err := f.ReadAt(b, 0); err != nil && n > 0 {
		t.Fatal(err)
	}
	return b
}

// memWithFile returns a MemFS whose testPath durably holds data.
func memWithFile(t testing.TB, data []byte) *vfs.MemFS {
	t.Helper()
	m := newMemFS(t)
	f, err := m.OpenFile(testPath, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteAt(data, 0); err != nil {
		t.Fatal(err)
	}
	if err := f.Sync(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if err := m.SyncDir(testDir); err != nil {
		t.Fatal(err)
	}
	return m
}

// hookFS wraps an FS so tests can count file fsyncs and act inside them.
type hookFS struct {
	vfs.FS
	syncs atomic.Int64
	// onSync, if set, runs inside every File.Sync before the inner Sync.
	onSync func()
}

type hookFile struct {
	vfs.File
	fs *hookFS
}

func (h *hookFS) OpenFile(name string, flag int, perm fs.FileMode) (vfs.File, error) {
	f, err := h.FS.OpenFile(name, flag, perm)
	if err != nil {
		return nil, err
	}
	return &hookFile{f, h}, nil
}

func (f *hookFile) Sync() error {
	f.fs.syncs.Add(1)
	if f.fs.onSync != nil {
		f.fs.onSync()
	}
	return f.File.Sync()
}

// slowSync returns an onSync hook that sleeps d, a stand-in for a disk.
func slowSync(d time.Duration) func() { return func() { time.Sleep(d) } }

// gate blocks fsyncs until released, and tells when one has started.
type gate struct {
	mu      sync.Mutex
	entered chan struct{}
	release chan struct{}
	armed   bool
}

func newGate() *gate { return &gate{entered: make(chan struct{}, 1), release: make(chan struct{})} }

func (g *gate) hook() {
	g.mu.Lock()
	armed := g.armed
	g.armed = false
	g.mu.Unlock()
	if armed {
		g.entered <- struct{}{}
		<-g.release
	}
}

func (g *gate) arm() {
	g.mu.Lock()
	g.armed = true
	g.mu.Unlock()
}

// isErr fails the test unless errors.Is(err, target).
func isErr(t testing.TB, what string, err, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Fatalf("%s: got error %v, want %v", what, err, target)
	}
}

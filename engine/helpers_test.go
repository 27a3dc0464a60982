package engine

import (
	"math/rand/v2"
	"os"
	"strconv"
	"testing"

	"github.com/google/uuid"
	"github.com/grumpydb/grumpydb/engine/internal/vfs"
)

// openTest opens a fresh database on an in-memory file system and, when
// the test ends, closes it after running Check.
func openTest(t testing.TB, opts *Options) (*DB, *vfs.MemFS) {
	t.Helper()
	m := vfs.NewMemFS()
	o := Options{CreateIfMissing: true}
	if opts != nil {
		o = *opts
		o.CreateIfMissing = true
	}
	o.fs = m
	db, err := Open("/data/t/db", &o)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() {
		if db.closed.Load() {
			return
		}
		if err := db.Check(); err != nil {
			t.Errorf("Check after test: %v", err)
		}
		if err := db.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
	})
	return db, m
}

// reopen closes db (or, with crash, abandons it: only synced data survives)
// and opens the same directory again, checked on cleanup.
func reopen(t testing.TB, db *DB, m *vfs.MemFS, crash bool) (*DB, *vfs.MemFS) {
	t.Helper()
	if crash {
		m = m.Crash(vfs.CrashOptions{})
		db.closed.Store(true) // abandon: never closed, lock dies with the "machine"
	} else if err := db.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
	o := Options{fs: m}
	ndb, err := Open("/data/t/db", &o)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	t.Cleanup(func() {
		if ndb.closed.Load() {
			return
		}
		if err := ndb.Check(); err != nil {
			t.Errorf("Check after reopen: %v", err)
		}
		ndb.Close()
	})
	return ndb, m
}

func testRand(t testing.TB) *rand.Rand {
	t.Helper()
	seed := rand.Uint64()
	if s := os.Getenv("GRUMPY_SEED"); s != "" {
		seed, _ = strconv.ParseUint(s, 10, 64)
	}
	t.Logf("seed %d (GRUMPY_SEED=%d replays it)", seed, seed)
	return rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
}

func idN(n int) uuid.UUID {
	var u uuid.UUID
	u[14], u[15] = byte(n>>8), byte(n)
	u[13] = byte(n >> 16)
	return u
}

func nan() float64 {
	var z float64
	return z / z
}

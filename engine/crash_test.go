package engine

import (
	"os"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/grumpydb/grumpydb/engine/internal/vfs"
)

// crashWorkload is a fixed sequence of operations; each step is one
// transaction, applied to a copy of the model before it runs. It applies
// every step that succeeds to m and returns the model as it would be if the
// failing step had also committed.
func crashWorkload(db *DB, m *model) (pending *model, err error) {
	steps := []func(db *DB, m *model) error{}
	add := func(f func(db *DB, m *model) error) { steps = append(steps, f) }
	add(func(db *DB, m *model) error {
		m.colls["c"] = map[uuid.UUID]Value{}
		m.indexes["c"] = map[string]string{}
		return db.CreateCollection("c")
	})
	add(func(db *DB, m *model) error {
		m.indexes["c"]["by_a"] = "a"
		return db.CreateIndex("c", "by_a", "a")
	})
	for i := 0; i < 40; i++ {
		i := i
		add(func(db *DB, m *model) error {
			doc := Object(Field{"a", Int(int64(i % 7))}, Field{"pad", String(strings.Repeat("p", (i*397)%3000))})
			if i%13 == 0 {
				doc = Object(Field{"a", String(strings.Repeat("big", 4000))})
			}
			m.colls["c"][idN(i)] = doc
			return db.Insert("c", idN(i), doc)
		})
		if i%5 == 4 {
			add(func(db *DB, m *model) error {
				doc := Object(Field{"a", Float(float64(i))})
				m.colls["c"][idN(i-2)] = doc
				return db.Replace("c", idN(i-2), doc)
			})
			add(func(db *DB, m *model) error {
				delete(m.colls["c"], idN(i-4))
				return db.Delete("c", idN(i-4))
			})
		}
		if i == 20 {
			add(func(db *DB, m *model) error { return db.Flush() })
			add(func(db *DB, m *model) error {
				_, err := db.Compact("c")
				return err
			})
		}
	}
	for _, step := range steps {
		next := m.clone()
		if err := step(db, next); err != nil {
			return next, err
		}
		*m = *next
	}
	return nil, nil
}

// TestCrashAtIOPoints fails the n-th I/O call of the workload (and every one
// after it: the machine has died), crashes the in-memory disk keeping a
// random part of what was not synced (with torn writes), recovers, runs
// Check and compares with the model: every acknowledged step is there, and
// the one in flight is either wholly there or wholly absent.
func TestCrashAtIOPoints(t *testing.T) {
	open := func(fsys vfs.FS) (*DB, error) {
		return Open("/data/t/db", &Options{CreateIfMissing: true, CheckpointBytes: 48 << 10, CacheBytes: 128 * 8192, fs: fsys})
	}
	// A clean run counts the I/O calls.
	base := vfs.NewMemFS()
	ff := vfs.NewFaultFS(base)
	db, err := open(ff)
	if err != nil {
		t.Fatal(err)
	}
	start := ff.Calls()
	if _, err := crashWorkload(db, newModel()); err != nil {
		t.Fatal(err)
	}
	db.Close()
	total := ff.Calls() - start
	r := testRand(t)
	points := make([]int, 0, total)
	for n := 1; n <= total; n++ {
		points = append(points, n)
	}
	if os.Getenv("GRUMPY_LONG") != "1" {
		r.Shuffle(len(points), func(i, j int) { points[i], points[j] = points[j], points[i] })
		points = points[:min(len(points), 60)]
	}
	t.Logf("%d I/O calls in the workload; trying %d crash points", total, len(points))
	failures := 0
	for _, n := range points {
		base := vfs.NewMemFS()
		ff := vfs.NewFaultFS(base)
		db, err := open(ff)
		if err != nil {
			t.Fatal(err)
		}
		ff.FailAfter(n, true)
		m := newModel()
		pending, werr := crashWorkload(db, m)
		if werr == nil {
			db.Close()
		}
		crashed := base.Crash(vfs.CrashOptions{Rand: r, KeepUnsynced: r.Float64(), TearWrites: true})
		db2, err := Open("/data/t/db", &Options{fs: crashed})
		if err != nil {
			t.Errorf("crash point %d: reopen: %v", n, err)
			failures++
			continue
		}
		if err := db2.Check(); err != nil {
			t.Errorf("crash point %d: check: %v", n, err)
			failures++
		}
		if err := m.compare(db2); err != nil {
			if pending == nil || pending.compare(db2) != nil {
				t.Errorf("crash point %d (workload error %v): %v", n, werr, err)
				failures++
			}
		}
		db2.Close()
		if failures > 3 {
			t.Fatal("too many failures")
		}
	}
	if failures == 0 {
		t.Logf("%d crash points: all recovered to an acknowledged state", len(points))
	}
}

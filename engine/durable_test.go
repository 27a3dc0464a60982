package engine

import (
	"errors"
	"fmt"
	"testing"

	"github.com/grumpydb/grumpydb/engine/internal/vfs"
)

// A deferred commit is applied at once (later writers build on it) but
// readers see it only after Wait; after Wait it survives a crash.
func TestUpdateDeferredVisibilityAndDurability(t *testing.T) {
	db, m := openTest(t, nil)
	if err := db.CreateCollection("docs"); err != nil {
		t.Fatal(err)
	}
	var last Durable
	for i := range 50 {
		d, err := db.UpdateDeferred(func(tx *Tx) error {
			return tx.Insert("docs", idN(i), mustParseJSON(t, fmt.Sprintf(`{"n":%d}`, i)))
		})
		if err != nil {
			t.Fatalf("deferred insert %d: %v", i, err)
		}
		last = d
	}
	// A reader does not see unpublished commits.
	if _, err := db.Get("docs", idN(0)); !errors.Is(err, ErrKeyNotFound) {
		t.Fatalf("get before Wait: %v, want not found", err)
	}
	// A writer builds on them: a duplicate key is refused.
	if err := db.Insert("docs", idN(3), Int(1)); !errors.Is(err, ErrKeyExists) {
		t.Fatalf("duplicate of a deferred insert: %v", err)
	}
	if n, _ := db.Count("docs"); n != 0 {
		t.Fatalf("a refused write published the deferred ones: count %d", n)
	}
	// A later synchronous commit's wait publishes the deferred ones too.
	if err := db.Insert("docs", idN(100), Int(100)); err != nil {
		t.Fatal(err)
	}
	if n, err := db.Count("docs"); err != nil || n != 51 {
		t.Fatalf("count after a later synchronous commit = %d, %v", n, err)
	}
	d, err := db.UpdateDeferred(func(tx *Tx) error { return tx.Replace("docs", idN(7), Int(77)) })
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := db.Get("docs", idN(7)); v.Kind() == KindInt {
		t.Fatal("deferred replace visible before Wait")
	}
	for range 2 { // Wait twice: same outcome
		if err := d.Wait(); err != nil {
			t.Fatalf("wait: %v", err)
		}
	}
	if err := last.Wait(); err != nil { // an earlier one, already covered
		t.Fatalf("wait on an earlier commit: %v", err)
	}
	if v, err := db.Get("docs", idN(7)); err != nil || v.Kind() != KindInt || v.Int() != 77 {
		t.Fatalf("after Wait: %v, %v", v, err)
	}
	db, _ = reopen(t, db, m, true)
	if n, _ := db.Count("docs"); n != 51 {
		t.Fatalf("count after crash = %d, want 51", n)
	}
	if v, err := db.Get("docs", idN(7)); err != nil || v.Int() != 77 {
		t.Fatalf("replace after crash: %v, %v", v, err)
	}
}

// A crash may lose deferred commits nobody waited for, but never one that
// was waited for, and recovery keeps a prefix: never a later commit
// without the earlier ones.
func TestUpdateDeferredCrashKeepsAPrefix(t *testing.T) {
	r := testRand(t)
	db, m := openTest(t, nil)
	if err := db.CreateCollection("docs"); err != nil {
		t.Fatal(err)
	}
	const n = 40
	waited := r.IntN(n)
	for i := range n {
		d, err := db.UpdateDeferred(func(tx *Tx) error { return tx.Insert("docs", idN(i), Int(int64(i))) })
		if err != nil {
			t.Fatal(err)
		}
		if i == waited {
			if err := d.Wait(); err != nil {
				t.Fatal(err)
			}
		}
	}
	m = m.Crash(vfs.CrashOptions{Rand: r, KeepUnsynced: 0.5, TearWrites: true})
	db.closed.Store(true)
	o := Options{fs: m}
	db, err := Open("/data/t/db", &o)
	if err != nil {
		t.Fatalf("reopen after crash: %v", err)
	}
	defer db.Close()
	got := 0
	for i := range n {
		if _, err := db.Get("docs", idN(i)); err == nil {
			if got != i {
				t.Fatalf("document %d survived but %d did not", i, got)
			}
			got++
		}
	}
	if got <= waited {
		t.Fatalf("%d documents survived; the commit of document %d was waited for", got, waited)
	}
	if err := db.Check(); err != nil {
		t.Fatalf("check after crash: %v", err)
	}
	t.Logf("waited for commit %d; %d of %d commits survived the crash", waited, got, n)
}

// A failing fsync is reported by Wait, and the database then refuses
// writes instead of acknowledging them.
func TestUpdateDeferredSyncFailure(t *testing.T) {
	mem := vfs.NewMemFS()
	ffs := vfs.NewFaultFS(mem)
	o := Options{CreateIfMissing: true, fs: ffs}
	db, err := Open("/data/t/db", &o)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.CreateCollection("docs"); err != nil {
		t.Fatal(err)
	}
	d, err := db.UpdateDeferred(func(tx *Tx) error { return tx.Insert("docs", idN(1), Int(1)) })
	if err != nil {
		t.Fatal(err)
	}
	ffs.FailAfter(1, true)
	if err := d.Wait(); !errors.Is(err, ErrIO) {
		t.Fatalf("wait with failing I/O: %v, want ErrIO", err)
	}
	if err := db.Insert("docs", idN(2), Int(2)); err == nil {
		t.Fatal("write accepted after a failed fsync")
	}
}

package btree

import (
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/grumpydb/grumpydb/engine/internal/page"
)

// TestInjectedFailures makes every Write or Alloc of a long run of
// operations fail in turn (MemStore.FailAfter = 1, 2, ... until the
// operation gets through). Each failure must be returned as an error, and
// must leave the tree exactly as it was: Check passes, no page leaks and the
// content equals the model. Long keys keep the tree tall, so splits and
// merges cascade up to the root.
func TestInjectedFailures(t *testing.T) {
	seed := testSeed(t)
	r := rand.New(rand.NewPCG(seed, 7))
	st, tr := newTree(t)
	m := newModel()
	ops := 600
	if longTests() {
		ops = 6000
	}
	failures := 0
	for op := 0; op < ops; op++ {
		del := op > ops/2 && r.IntN(3) > 0
		var k []byte
		if del && len(m.keys) > 0 {
			k = []byte(m.keys[r.IntN(len(m.keys))])
		} else {
			k = longPrefixKey(r)
		}
		v := randValue(r, 30)
		for fail := 1; ; fail++ {
			if fail > 64 {
				t.Fatalf("op %d never succeeded", op)
			}
			st.FailAfter = fail
			var err error
			if del {
				_, err = tr.Delete(k)
			} else {
				_, err = tr.Put(k, v)
			}
			st.FailAfter = 0
			if err == nil {
				break
			}
			failures++
			if errors.Is(err, page.ErrCorrupt) {
				t.Fatalf("op %d, failing call %d: injected failure reported as corruption: %v", op, fail, err)
			}
			mustCheck(t, st)
			m.compareAll(t, tr)
		}
		if del {
			m.del(string(k))
		} else {
			m.put(string(k), v)
		}
	}
	mustCheck(t, st)
	m.compareAll(t, tr)
	s, _ := Inspect(st)
	t.Logf("%d injected failures over %d ops; final %+v", failures, ops, s)
	if failures < ops {
		t.Errorf("only %d failures injected over %d ops", failures, ops)
	}
}

// TestInjectedFailureInit checks Init reports a failing Write or Alloc and
// leaves the meta page untouched.
func TestInjectedFailureInit(t *testing.T) {
	for _, fail := range []int{1, 2} {
		st := page.NewMemStore()
		st.FailAfter = fail
		if err := Init(st); err == nil {
			t.Fatalf("FailAfter=%d: Init succeeded", fail)
		}
		st.FailAfter = 0
		if _, err := readMeta(st); !isCorrupt(err) {
			t.Fatalf("FailAfter=%d: meta page was written: %v", fail, err)
		}
		if err := Init(st); err != nil {
			t.Fatalf("FailAfter=%d: Init after the failure: %v", fail, err)
		}
	}
}

// TestReadOnlyStore checks that operations which change nothing never ask
// for a writable page, and that the others report ErrReadOnly.
func TestReadOnlyStore(t *testing.T) {
	st, tr := newTree(t)
	for _, k := range []string{"a", "b", "c"} {
		if _, err := tr.Put([]byte(k), []byte("v"+k)); err != nil {
			t.Fatal(err)
		}
	}
	st.SetReadOnly(true)
	noWrite := []struct {
		name string
		op   func() error
	}{
		{"Insert of a present key", func() error { _, err := tr.Insert([]byte("a"), []byte("x")); return err }},
		{"Put of an identical value", func() error { _, err := tr.Put([]byte("b"), []byte("vb")); return err }},
		{"Delete of an absent key", func() error { _, err := tr.Delete([]byte("zz")); return err }},
		{"Get", func() error { _, _, err := tr.Get([]byte("c")); return err }},
		{"Check", func() error { _, err := Check(st); return err }},
	}
	for _, c := range noWrite {
		if err := c.op(); err != nil {
			t.Errorf("%s on a read-only store: %v", c.name, err)
		}
	}
	writes := []struct {
		name string
		op   func() error
	}{
		{"Put", func() error { _, err := tr.Put([]byte("d"), nil); return err }},
		{"Put replacing", func() error { _, err := tr.Put([]byte("a"), []byte("new")); return err }},
		{"Insert", func() error { _, err := tr.Insert([]byte("e"), nil); return err }},
		{"Delete", func() error { _, err := tr.Delete([]byte("a")); return err }},
		{"Drop", func() error { return Drop(st) }},
	}
	for _, c := range writes {
		if err := c.op(); !errors.Is(err, page.ErrReadOnly) {
			t.Errorf("%s on a read-only store: %v, want ErrReadOnly", c.name, err)
		}
	}
}

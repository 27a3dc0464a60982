package btree

import (
	"fmt"
	"testing"
)

// evenTree holds keys "k00000", "k00002", ... (n of them) in a tree of
// several leaves, with value = key.
func evenTree(t *testing.T, n int) *Tree {
	t.Helper()
	st, tr := newTree(t)
	for i := 0; i < n; i++ {
		k := []byte(fmt.Sprintf("k%05d", 2*i))
		if _, err := tr.Put(k, k); err != nil {
			t.Fatal(err)
		}
	}
	if s, err := Inspect(st); err != nil || s.Leaves < 3 {
		t.Fatalf("fixture: %+v, %v; want several leaves", s, err)
	}
	return tr
}

func TestCursorSeek(t *testing.T) {
	const n = 2000
	tr := evenTree(t, n)
	key := func(i int) string { return fmt.Sprintf("k%05d", i) }
	cases := []struct {
		name  string
		move  func(c *Cursor)
		want  string // "" = invalid
		then  func(c *Cursor)
		want2 string
	}{
		{"First", (*Cursor).First, key(0), (*Cursor).Next, key(2)},
		{"Last", (*Cursor).Last, key(2 * (n - 1)), (*Cursor).Prev, key(2 * (n - 2))},
		{"Seek before all", func(c *Cursor) { c.Seek([]byte("a")) }, key(0), (*Cursor).Prev, ""},
		{"Seek exact", func(c *Cursor) { c.Seek([]byte(key(100))) }, key(100), (*Cursor).Next, key(102)},
		{"Seek between", func(c *Cursor) { c.Seek([]byte(key(101))) }, key(102), (*Cursor).Prev, key(100)},
		{"Seek prefix", func(c *Cursor) { c.Seek([]byte("k0001")) }, key(10), (*Cursor).Prev, key(8)},
		{"Seek after all", func(c *Cursor) { c.Seek([]byte("z")) }, "", (*Cursor).Next, ""},
		{"Seek empty key", func(c *Cursor) { c.Seek(nil) }, key(0), (*Cursor).Next, key(2)},
		{"SeekLast before all", func(c *Cursor) { c.SeekLast([]byte("a")) }, "", (*Cursor).Prev, ""},
		{"SeekLast exact", func(c *Cursor) { c.SeekLast([]byte(key(100))) }, key(100), (*Cursor).Prev, key(98)},
		{"SeekLast between", func(c *Cursor) { c.SeekLast([]byte(key(101))) }, key(100), (*Cursor).Next, key(102)},
		{"SeekLast after all", func(c *Cursor) { c.SeekLast([]byte("z")) }, key(2 * (n - 1)), (*Cursor).Next, ""},
		{"Next past the end stays invalid", func(c *Cursor) { c.Last(); c.Next() }, "", (*Cursor).Prev, ""},
		{"Prev past the start stays invalid", func(c *Cursor) { c.First(); c.Prev() }, "", (*Cursor).Next, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := tr.Cursor()
			for step, w := range []string{tc.want, tc.want2} {
				if step == 0 {
					tc.move(c)
				} else {
					tc.then(c)
				}
				if c.Err() != nil {
					t.Fatalf("step %d: %v", step, c.Err())
				}
				if w == "" {
					if c.Valid() || c.Key() != nil || c.Value() != nil {
						t.Fatalf("step %d: at %q, want invalid", step, c.Key())
					}
					continue
				}
				if !c.Valid() || string(c.Key()) != w || string(c.Value()) != w {
					t.Fatalf("step %d: valid=%v at %q=%q, want %q", step, c.Valid(), c.Key(), c.Value(), w)
				}
			}
		})
	}
}

// TestCursorEveryBoundary seeks to every key and every gap, so that each
// leaf boundary is crossed in both directions.
func TestCursorEveryBoundary(t *testing.T) {
	const n = 1500
	tr := evenTree(t, n)
	c := tr.Cursor()
	for i := 0; i < n; i++ {
		exact, gap := fmt.Sprintf("k%05d", 2*i), fmt.Sprintf("k%05d", 2*i+1)
		next, prev := fmt.Sprintf("k%05d", 2*i+2), fmt.Sprintf("k%05d", 2*i-2)
		c.Seek([]byte(gap))
		if i == n-1 {
			if c.Valid() {
				t.Fatalf("Seek(%s) valid at %q", gap, c.Key())
			}
		} else if string(c.Key()) != next {
			t.Fatalf("Seek(%s) = %q, want %s", gap, c.Key(), next)
		}
		c.SeekLast([]byte(gap))
		if string(c.Key()) != exact {
			t.Fatalf("SeekLast(%s) = %q, want %s", gap, c.Key(), exact)
		}
		c.Seek([]byte(exact))
		c.Prev()
		if i == 0 {
			if c.Valid() {
				t.Fatalf("Prev of first valid at %q", c.Key())
			}
		} else if string(c.Key()) != prev {
			t.Fatalf("Seek(%s).Prev = %q, want %s", exact, c.Key(), prev)
		}
		c.SeekLast([]byte(exact))
		c.Next()
		if i < n-1 && string(c.Key()) != next {
			t.Fatalf("SeekLast(%s).Next = %q, want %s", exact, c.Key(), next)
		}
	}
	if c.Err() != nil {
		t.Fatal(c.Err())
	}
}

// TestCursorAcrossReads checks that a cursor is unaffected by reads
// (Get, other cursors) in the same transaction.
func TestCursorAcrossReads(t *testing.T) {
	tr := evenTree(t, 3000)
	c := tr.Cursor()
	count := 0
	for c.First(); c.Valid(); c.Next() {
		if _, ok, err := tr.Get([]byte("k00500")); !ok || err != nil {
			t.Fatal("Get during scan failed")
		}
		other := tr.Cursor()
		other.Last()
		count++
	}
	if c.Err() != nil || count != 3000 {
		t.Fatalf("scan saw %d entries, err %v", count, c.Err())
	}
}

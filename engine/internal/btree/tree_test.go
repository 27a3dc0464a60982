package btree

import (
	"bytes"
	"errors"
	"testing"

	"github.com/grumpydb/grumpydb/engine/internal/page"
)

func TestInitNotFresh(t *testing.T) {
	st, _ := newTree(t)
	if err := Init(st); !errors.Is(err, ErrNotFresh) {
		t.Fatalf("second Init = %v, want ErrNotFresh", err)
	}
	pages := mustCheck(t, st)
	if len(pages) != 2 || pages[0] != page.MetaPage {
		t.Fatalf("fresh tree uses pages %v, want meta and one root leaf", pages)
	}
}

func TestEmptyTree(t *testing.T) {
	_, tr := newTree(t)
	if v, ok, err := tr.Get([]byte("k")); v != nil || ok || err != nil {
		t.Fatalf("Get = %q, %v, %v", v, ok, err)
	}
	if n, err := tr.Len(); n != 0 || err != nil {
		t.Fatalf("Len = %d, %v", n, err)
	}
	if found, err := tr.Delete([]byte("k")); found || err != nil {
		t.Fatalf("Delete = %v, %v", found, err)
	}
	c := tr.Cursor()
	for _, move := range []func(){c.First, c.Last, func() { c.Seek([]byte("a")) }, func() { c.SeekLast([]byte("a")) }} {
		move()
		if c.Valid() || c.Err() != nil || c.Key() != nil || c.Value() != nil {
			t.Fatalf("cursor on empty tree: valid=%v err=%v key=%q", c.Valid(), c.Err(), c.Key())
		}
	}
}

func TestArgumentErrors(t *testing.T) {
	_, tr := newTree(t)
	long := make([]byte, MaxKeySize+1)
	maxKey := bytes.Repeat([]byte{'k'}, MaxKeySize)
	cases := []struct {
		name string
		op   func() error
		want error
	}{
		{"Put empty key", func() error { _, err := tr.Put(nil, nil); return err }, ErrEmptyKey},
		{"Put long key", func() error { _, err := tr.Put(long, nil); return err }, ErrKeyTooLarge},
		{"Put long value", func() error { _, err := tr.Put([]byte("k"), make([]byte, MaxValueSize+1)); return err }, ErrValueTooLarge},
		{"Insert empty key", func() error { _, err := tr.Insert([]byte{}, nil); return err }, ErrEmptyKey},
		{"Insert long value", func() error { _, err := tr.Insert([]byte("k"), make([]byte, 300)); return err }, ErrValueTooLarge},
		{"Get empty key", func() error { _, _, err := tr.Get(nil); return err }, ErrEmptyKey},
		{"Get long key", func() error { _, _, err := tr.Get(long); return err }, ErrKeyTooLarge},
		{"Delete empty key", func() error { _, err := tr.Delete(nil); return err }, ErrEmptyKey},
		{"Delete long key", func() error { _, err := tr.Delete(long); return err }, ErrKeyTooLarge},
		{"Put max key and value", func() error { _, err := tr.Put(maxKey, make([]byte, MaxValueSize)); return err }, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if err := c.op(); !errors.Is(err, c.want) || (c.want == nil && err != nil) {
				t.Fatalf("got %v, want %v", err, c.want)
			}
		})
	}
	if n, _ := tr.Len(); n != 1 {
		t.Fatalf("Len = %d after one valid Put, want 1", n)
	}
}

func TestPointOps(t *testing.T) {
	_, tr := newTree(t)
	steps := []struct {
		op        string // put, insert, delete, get
		key, val  string
		wantBool  bool // replaced / inserted / found / ok
		wantValue string
	}{
		{"put", "b", "1", false, ""},
		{"put", "a", "", false, ""},
		{"get", "a", "", true, ""},
		{"get", "b", "", true, "1"},
		{"get", "c", "", false, ""},
		{"put", "b", "22", true, ""},
		{"get", "b", "", true, "22"},
		{"insert", "b", "333", false, ""},
		{"get", "b", "", true, "22"},
		{"insert", "c", "3", true, ""},
		{"delete", "b", "", true, ""},
		{"delete", "b", "", false, ""},
		{"get", "b", "", false, ""},
		{"put", "b", "4", false, ""},
		{"get", "b", "", true, "4"},
	}
	for i, s := range steps {
		var got bool
		var v []byte
		var err error
		switch s.op {
		case "put":
			got, err = tr.Put([]byte(s.key), []byte(s.val))
		case "insert":
			got, err = tr.Insert([]byte(s.key), []byte(s.val))
		case "delete":
			got, err = tr.Delete([]byte(s.key))
		case "get":
			v, got, err = tr.Get([]byte(s.key))
		}
		if err != nil || got != s.wantBool || string(v) != s.wantValue {
			t.Fatalf("step %d %s(%q): %v, %q, %v; want %v, %q", i, s.op, s.key, got, v, err, s.wantBool, s.wantValue)
		}
	}
	if n, _ := tr.Len(); n != 3 {
		t.Fatalf("Len = %d, want 3", n)
	}
}

// TestGetValueIsClipped checks a returned value cannot be appended to over
// the page.
func TestGetValueIsClipped(t *testing.T) {
	_, tr := newTree(t)
	tr.Put([]byte("a"), []byte("xy"))
	tr.Put([]byte("b"), []byte("zz"))
	v, _, _ := tr.Get([]byte("a"))
	if cap(v) != len(v) {
		t.Fatalf("value capacity %d, length %d", cap(v), len(v))
	}
	_ = append(v, 'Q')
	if w, _, _ := tr.Get([]byte("b")); string(w) != "zz" {
		t.Fatalf("neighbouring value changed to %q", w)
	}
}

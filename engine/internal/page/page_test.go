package page

import (
	"errors"
	"testing"
)

func TestSealVerify(t *testing.T) {
	p := New(TypeLeaf)
	copy(p.Payload(), "hello")
	p.SetLSN(42)
	p.Seal(7, 3)
	if err := p.Verify(7, 3); err != nil {
		t.Fatalf("verify sealed page: %v", err)
	}
	if p.Type() != TypeLeaf || p.LSN() != 42 || p.Number() != 3 || p.File() != 7 {
		t.Fatalf("header fields lost: type=%v lsn=%d no=%d file=%d", p.Type(), p.LSN(), p.Number(), p.File())
	}
	cases := []struct {
		name     string
		mutate   func(Page)
		file, no uint32
	}{
		{"flipped payload bit", func(q Page) { q[HeaderSize+10] ^= 1 }, 7, 3},
		{"flipped type", func(q Page) { q[12] ^= 2 }, 7, 3},
		{"wrong page number", func(Page) {}, 7, 4},
		{"wrong file", func(Page) {}, 8, 3},
		{"torn: stale tail", func(q Page) {
			for i := Size / 2; i < Size; i++ {
				q[i] = 0xAA
			}
		}, 7, 3},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			q := append(Page(nil), p...)
			c.mutate(q)
			if err := q.Verify(c.file, c.no); !errors.Is(err, ErrCorrupt) {
				t.Fatalf("Verify = %v, want ErrCorrupt", err)
			}
		})
	}
	if err := Page(make([]byte, 10)).Verify(1, 1); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("short page: %v", err)
	}
}

func TestMemStoreFreeList(t *testing.T) {
	m := NewMemStore()
	a, _, err := m.Alloc(TypeData)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Free(a); err != nil {
		t.Fatal(err)
	}
	if err := m.Free(a); err == nil {
		t.Fatal("double free accepted")
	}
	b, p, err := m.Alloc(TypeLeaf)
	if err != nil {
		t.Fatal(err)
	}
	if b != a || p.Type() != TypeLeaf {
		t.Fatalf("free page not reused: got %d type %v, want %d leaf", b, p.Type(), a)
	}
	if _, err := m.Read(0); !errors.Is(err, ErrOutOfRange) {
		t.Fatalf("read of page 0: %v", err)
	}
	m.SetReadOnly(true)
	if _, err := m.Write(b); !errors.Is(err, ErrReadOnly) {
		t.Fatalf("write on read-only: %v", err)
	}
}

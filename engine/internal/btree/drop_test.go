package btree

import "testing"

// TestDrop checks Drop frees every page and Init can start again.
func TestDrop(t *testing.T) {
	st, tr := newTree(t)
	for i := uint64(0); i < 5000; i++ {
		tr.Put(uuidv7Like(i), []byte("v"))
	}
	if err := Drop(st); err != nil {
		t.Fatal(err)
	}
	if got, want := len(st.FreePages()), int(st.Pages())-2; got != want {
		t.Fatalf("%d free pages after Drop, want %d", got, want)
	}
	if _, err := tr.Len(); !isCorrupt(err) {
		t.Fatalf("Len after Drop = %v, want corruption (no tree)", err)
	}
	if err := Init(st); err != nil {
		t.Fatalf("Init after Drop: %v", err)
	}
	if n, err := tr.Len(); n != 0 || err != nil {
		t.Fatalf("Len after re-Init = %d, %v", n, err)
	}
	mustCheck(t, st)
}

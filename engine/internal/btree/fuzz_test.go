package btree

import (
	"bytes"
	"errors"
	"fmt"
	"testing"

	"github.com/grumpydb/grumpydb/engine/internal/page"
)

// fuzzTemplate builds a small two-level tree (a root branch over a few
// leaves) that the fuzz targets tamper with.
func fuzzTemplate(tb testing.TB) (*page.MemStore, [][]byte) {
	st, tr := newTree(tb)
	var keys [][]byte
	for i := 0; i < 400; i++ {
		k := []byte(fmt.Sprintf("key-%05d-%s", i*7, bytes.Repeat([]byte{'x'}, i%13)))
		keys = append(keys, k)
		if _, err := tr.Put(k, bytes.Repeat([]byte{byte(i)}, i%23)); err != nil {
			tb.Fatal(err)
		}
	}
	mustCheck(tb, st)
	return st, keys
}

// cloneStore copies every page of src into a new MemStore.
func cloneStore(tb testing.TB, src *page.MemStore) *page.MemStore {
	dst := page.NewMemStore()
	for no := uint32(2); no < src.Pages(); no++ {
		sp, err := src.Read(no)
		if err != nil {
			tb.Fatal(err)
		}
		_, dp, err := dst.Alloc(sp.Type())
		if err != nil {
			tb.Fatal(err)
		}
		copy(dp, sp)
	}
	sp, _ := src.Read(page.MetaPage)
	dp, _ := dst.Write(page.MetaPage)
	copy(dp, sp)
	return dst
}

// exercise runs every operation on a possibly corrupt tree. Nothing may
// panic or loop; every error must wrap page.ErrCorrupt; and when Check
// passes, every operation must succeed and leave a tree that passes Check.
func exercise(t *testing.T, st *page.MemStore, keys [][]byte) {
	tr := New(st)
	_, checkErr := Check(st)
	valid := checkErr == nil
	expect := func(what string, err error) {
		if err == nil {
			return
		}
		if !errors.Is(err, page.ErrCorrupt) {
			t.Fatalf("%s: %v does not wrap page.ErrCorrupt", what, err)
		}
		if valid {
			t.Fatalf("%s failed on a tree that passed Check: %v", what, err)
		}
	}
	expect("Check", checkErr)
	_, err := tr.Len()
	expect("Len", err)
	for _, k := range [][]byte{keys[0], keys[len(keys)/2], keys[len(keys)-1], []byte("zzz"), []byte("a")} {
		_, _, err := tr.Get(k)
		expect("Get", err)
		c := tr.Cursor()
		c.Seek(k)
		for i := 0; i < 3 && c.Valid(); i++ {
			c.Next()
		}
		expect("Seek", c.Err())
		c.SeekLast(k)
		for i := 0; i < 3 && c.Valid(); i++ {
			c.Prev()
		}
		expect("SeekLast", c.Err())
	}
	limit := int(st.Pages()) * page.Size // more entries than could exist
	for _, fwd := range []bool{true, false} {
		err := fullScan(tr, fwd, limit)
		if errors.Is(err, errNoEnd) {
			t.Fatalf("scan forward=%v did not terminate", fwd)
		}
		expect("scan", err)
	}
	big := bytes.Repeat([]byte{'v'}, MaxValueSize)
	for i, k := range keys {
		if i%37 != 0 {
			continue
		}
		_, err := tr.Put(k, big)
		expect("Put replace", err)
		_, err = tr.Insert(append(k[:len(k):len(k)], '!'), big)
		expect("Insert", err)
		_, err = tr.Delete(keys[(i+11)%len(keys)])
		expect("Delete", err)
	}
	for _, k := range keys[:100] {
		_, err := tr.Delete(k)
		expect("Delete", err)
	}
	expect("Drop (which checks first)", Drop(st))
}

// FuzzNodePage feeds arbitrary bytes as one node page (the root branch or
// a leaf) of a small tree. sel picks the page and its type byte.
func FuzzNodePage(f *testing.F) {
	tmpl, keys := fuzzTemplate(f)
	pages, _ := Check(tmpl)
	nodes := pages[1:] // without the meta page
	for i, no := range nodes {
		p, _ := tmpl.Read(no)
		typ := byte(0) // leaf
		if p.Type() == page.TypeBranch {
			typ = 1
		}
		f.Add(byte(i)|typ<<5, []byte(p[page.HeaderSize:]))
		q := append([]byte(nil), p[page.HeaderSize:]...)
		q[3] ^= 0x10
		f.Add(byte(i)|typ<<5, q)
	}
	f.Add(byte(0), []byte{})
	f.Add(byte(0x21), []byte{1, 0, 0, 0x20, 0, 0, 1, 0, 2, 0, 0, 0})
	f.Fuzz(func(t *testing.T, sel byte, data []byte) {
		st := cloneStore(t, tmpl)
		no := nodes[int(sel&0x1f)%len(nodes)]
		p, _ := st.Write(no)
		types := []page.Type{page.TypeLeaf, page.TypeBranch, page.TypeLeaf, page.TypeBranch,
			page.TypeData, page.TypeFree, page.TypeMeta, page.TypeLeaf}
		p.SetType(types[sel>>5])
		clear(p[page.HeaderSize:])
		copy(p[page.HeaderSize:], data)
		exercise(t, st, keys)
	})
}

// FuzzMetaPage feeds arbitrary bytes as the meta page of a small tree.
func FuzzMetaPage(f *testing.F) {
	tmpl, keys := fuzzTemplate(f)
	mp, _ := tmpl.Read(page.MetaPage)
	valid := append([]byte(nil), mp[page.HeaderSize:metaEnd]...)
	f.Add(byte(page.TypeMeta), valid)
	for _, off := range []int{8, 12, 16} { // root, height, count
		q := append([]byte(nil), valid...)
		q[off]++
		f.Add(byte(page.TypeMeta), q)
	}
	f.Add(byte(page.TypeLeaf), valid)
	f.Add(byte(page.TypeMeta), []byte("GBPT\x01\x00\x00\x00\x03\x00\x00\x00\x01\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, typ byte, data []byte) {
		st := cloneStore(t, tmpl)
		p, _ := st.Write(page.MetaPage)
		p.SetType(page.Type(typ))
		clear(p[page.HeaderSize:])
		copy(p[page.HeaderSize:], data)
		exercise(t, st, keys)
	})
}

// FuzzOps interprets bytes as a sequence of operations on a fresh tree and
// compares the tree with a model after each one. Keys come from a small
// space (so collisions are common) and can be long (so splits come fast).
func FuzzOps(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9})
	f.Add(bytes.Repeat([]byte{0, 0xff, 3, 9}, 50))
	f.Add(bytes.Repeat([]byte{0, 0x81, 1, 2, 2, 0x81, 1, 2}, 40))
	f.Fuzz(func(t *testing.T, ops []byte) {
		st, tr := newTree(t)
		m := newModel()
		for i := 0; i+3 <= len(ops); i += 3 {
			kind, kb, vb := ops[i]%5, ops[i+1], ops[i+2]
			n := 1 + int(kb&7)
			if kb&0x80 != 0 {
				n = 200 + int(kb&0x7f)*6 // 200..962 bytes
			}
			k := bytes.Repeat([]byte{'a' + kb>>3&3}, n)
			k[n-1] = vb
			v := bytes.Repeat([]byte{vb}, int(vb)%(MaxValueSize+1))
			switch kind {
			case 0, 1:
				replaced, err := tr.Put(k, v)
				if err != nil || replaced != m.put(string(k), v) {
					t.Fatalf("op %d: Put = %v, %v", i/3, replaced, err)
				}
			case 2:
				_, present := m.vals[string(k)]
				inserted, err := tr.Insert(k, v)
				if err != nil || inserted == present {
					t.Fatalf("op %d: Insert = %v, %v", i/3, inserted, err)
				}
				if inserted {
					m.put(string(k), v)
				}
			case 3:
				found, err := tr.Delete(k)
				if err != nil || found != m.del(string(k)) {
					t.Fatalf("op %d: Delete = %v, %v", i/3, found, err)
				}
			case 4:
				got, ok, err := tr.Get(k)
				want, wantOK := m.vals[string(k)]
				if err != nil || ok != wantOK || !bytes.Equal(got, want) {
					t.Fatalf("op %d: Get = %q, %v, %v", i/3, got, ok, err)
				}
			}
		}
		mustCheck(t, st)
		m.compareAll(t, tr)
	})
}

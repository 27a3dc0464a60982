package btree

import (
	"bytes"
	"encoding/binary"
	"math/rand/v2"
	"testing"
)

// uuidv7Like returns key i of an ascending sequence shaped like UUIDv7:
// a big-endian counter in front, pseudo-random bits behind.
func uuidv7Like(i uint64) []byte {
	k := make([]byte, 16)
	binary.BigEndian.PutUint64(k, i<<16)
	binary.BigEndian.PutUint64(k[8:], i*0x9e3779b97f4a7c15)
	return k
}

// TestSequentialFill checks that ascending bulk loads fill leaves (and
// branches) almost completely, while random loads stay valid at a lower
// fill.
func TestSequentialFill(t *testing.T) {
	const n = 100000
	val := []byte{1, 2, 3, 4, 5, 6}
	seqSt, seq := newTree(t)
	for i := uint64(0); i < n; i++ {
		if _, err := seq.Put(uuidv7Like(i), val); err != nil {
			t.Fatal(err)
		}
	}
	mustCheck(t, seqSt)
	s, err := Inspect(seqSt)
	if err != nil {
		t.Fatal(err)
	}
	perLeaf := nodeCapacity / leafCellSize(cell{key: make([]byte, 16), val: val})
	minLeaves := (n + perLeaf - 1) / perLeaf
	t.Logf("sequential: %+v, leaf fill %.4f, minimum leaves %d", s, s.LeafFill(), minLeaves)
	if s.Leaves != minLeaves {
		t.Errorf("sequential load used %d leaves, the minimum is %d", s.Leaves, minLeaves)
	}
	if s.LeafFill() < 0.99 {
		t.Errorf("sequential leaf fill %.4f, want >= 0.99", s.LeafFill())
	}
	rndSt, rnd := newTree(t)
	r := rand.New(rand.NewPCG(1, 1))
	for _, i := range r.Perm(n) {
		if _, err := rnd.Put(uuidv7Like(uint64(i)), val); err != nil {
			t.Fatal(err)
		}
	}
	mustCheck(t, rndSt)
	rs, _ := Inspect(rndSt)
	t.Logf("random: %+v, leaf fill %.4f", rs, rs.LeafFill())
	if rs.Entries != n || rs.LeafFill() < 0.5 || rs.LeafFill() > 0.9 {
		t.Errorf("random load: %d entries, leaf fill %.4f; want %d entries and a fill in [0.5, 0.9]", rs.Entries, rs.LeafFill(), n)
	}
}

// TestReplaceResizes overwrites values with longer and shorter ones in full
// leaves, which forces splits on replace and garbage compaction.
func TestReplaceResizes(t *testing.T) {
	st, tr := newTree(t)
	m := newModel()
	r := rand.New(rand.NewPCG(9, 9))
	for i := uint64(0); i < 3000; i++ {
		k, v := uuidv7Like(i), bytes.Repeat([]byte{'a'}, 10)
		tr.Put(k, v)
		m.put(string(k), v)
	}
	for round := 0; round < 20000; round++ {
		k := []byte(m.keys[r.IntN(len(m.keys))])
		v := bytes.Repeat([]byte{byte(round)}, r.IntN(MaxValueSize+1))
		if replaced, err := tr.Put(k, v); !replaced || err != nil {
			t.Fatalf("round %d: Put = %v, %v", round, replaced, err)
		}
		m.put(string(k), v)
		if round%2000 == 0 {
			mustCheck(t, st)
		}
	}
	mustCheck(t, st)
	m.compareAll(t, tr)
}

package engine

import (
	"math/rand/v2"
	"testing"

	"github.com/google/uuid"
)

// uuidStep returns id+1 (up) or id-1; ok is false on overflow.
func uuidStep(id uuid.UUID, up bool) (uuid.UUID, bool) {
	for i := 15; i >= 0; i-- {
		if up {
			id[i]++
			if id[i] != 0 {
				return id, true
			}
		} else {
			id[i]--
			if id[i] != 0xff {
				return id, true
			}
		}
	}
	return id, false
}

// randomBoundString returns strings near canonical UUID strings: prefixes,
// extensions and single-character changes, over characters around the
// canonical alphabet.
func randomBoundString(r *rand.Rand) string {
	var id uuid.UUID
	for i := range id {
		id[i] = byte(r.IntN(256))
		if r.IntN(3) == 0 {
			id[i] = []byte{0, 0xff, 0x0f, 0xf0}[r.IntN(4)]
		}
	}
	b := []byte(id.String())
	alphabet := []byte{0, '-', '.', '/', '0', '1', '9', ':', '@', 'A', 'F', 'a', 'e', 'f', 'g', 'z', 0xff}
	for n := r.IntN(3); n > 0; n-- {
		b[r.IntN(len(b))] = alphabet[r.IntN(len(alphabet))]
	}
	switch r.IntN(4) {
	case 0:
		b = b[:r.IntN(len(b)+1)]
	case 1:
		b = append(b, alphabet[r.IntN(len(alphabet))])
	}
	return string(b)
}

func TestCanonicalBounds(t *testing.T) {
	r := testRand(t)
	cmp := func(id uuid.UUID, s string) int {
		c := id.String()
		switch {
		case c < s:
			return -1
		case c > s:
			return 1
		}
		return 0
	}
	fixed := []string{"", "0", "00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff",
		"ffffffff-ffff-ffff-ffff-ffffffffffff0", "g", "-", "00000000-", "00000000.", "0000000/", "~", "3df9"}
	for i := 0; i < 20000; i++ {
		s := randomBoundString(r)
		if i < len(fixed) {
			s = fixed[i]
		}
		for _, strict := range []bool{false, true} {
			above := func(id uuid.UUID) bool { c := cmp(id, s); return c > 0 || c == 0 && !strict }
			below := func(id uuid.UUID) bool { c := cmp(id, s); return c < 0 || c == 0 && !strict }
			c, ok := ceilCanonical(s, strict)
			if !ok {
				if above(maxUUID) {
					t.Fatalf("ceil(%q, %v): none, but the largest key qualifies", s, strict)
				}
			} else {
				if !above(c) {
					t.Fatalf("ceil(%q, %v) = %s is not above", s, strict, c)
				}
				if p, ok := uuidStep(c, false); ok && above(p) {
					t.Fatalf("ceil(%q, %v) = %s is not the smallest", s, strict, c)
				}
			}
			f, ok := floorCanonical(s, strict)
			if !ok {
				if below(uuid.UUID{}) {
					t.Fatalf("floor(%q, %v): none, but the nil key qualifies", s, strict)
				}
			} else {
				if !below(f) {
					t.Fatalf("floor(%q, %v) = %s is not below", s, strict, f)
				}
				if n, ok := uuidStep(f, true); ok && below(n) {
					t.Fatalf("floor(%q, %v) = %s is not the largest", s, strict, f)
				}
			}
		}
	}
}

func TestIDSetIntersect(t *testing.T) {
	iv := func(lo, hi int) idInterval { return idInterval{lo: idN(lo), hi: idN(hi)} }
	a := idSet{iv(1, 5), iv(8, 12), iv(20, 30)}
	b := idSet{iv(3, 9), iv(11, 25)}
	got := a.intersect(b)
	want := idSet{iv(3, 5), iv(8, 9), iv(11, 12), iv(20, 25)}
	if len(got) != len(want) {
		t.Fatalf("got %v", got)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("got %v, want %v", got, want)
		}
	}
	if len(a.intersect(nil)) != 0 || len(allIDs().intersect(a)) != 3 {
		t.Error("intersect with the empty or full set")
	}
	pts := idPoints([]uuid.UUID{idN(3), idN(1), idN(3)})
	if len(pts) != 2 || pts[0].lo != idN(1) || pts[1].hi != idN(3) {
		t.Errorf("idPoints: %v", pts)
	}
}

package heap

import (
	"bytes"
	"testing"
)

func TestRIDEncoding(t *testing.T) {
	cases := []struct {
		rid  RID
		want []byte
	}{
		{RID{0, 0}, []byte{0, 0, 0, 0, 0, 0}},
		{RID{2, 1}, []byte{0, 0, 0, 2, 0, 1}},
		{RID{0x01020304, 0x0506}, []byte{1, 2, 3, 4, 5, 6}},
		{RID{0xffffffff, 0xffff}, []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}},
	}
	for _, c := range cases {
		t.Run(c.rid.String(), func(t *testing.T) {
			var b [RIDSize]byte
			c.rid.Put(b[:])
			if !bytes.Equal(b[:], c.want) {
				t.Fatalf("Put = %x, want %x", b, c.want)
			}
			if a := c.rid.Append([]byte{9}); !bytes.Equal(a[1:], c.want) || a[0] != 9 {
				t.Fatalf("Append = %x", a)
			}
			got, err := DecodeRID(b[:])
			if err != nil || got != c.rid {
				t.Fatalf("DecodeRID = %v, %v; want %v", got, err, c.rid)
			}
		})
	}
}

func TestRIDOrderMatchesBytes(t *testing.T) {
	rids := []RID{{2, 0}, {2, 1}, {2, 300}, {3, 0}, {256, 0}, {1 << 24, 5}}
	for i := 1; i < len(rids); i++ {
		a, b := rids[i-1].Append(nil), rids[i].Append(nil)
		if bytes.Compare(a, b) >= 0 {
			t.Fatalf("%v encodes at or after %v", rids[i-1], rids[i])
		}
	}
}

func TestDecodeRIDBadLength(t *testing.T) {
	for _, n := range []int{0, 1, 5, 7, 12} {
		if _, err := DecodeRID(make([]byte, n)); !isCorrupt(err) {
			t.Errorf("DecodeRID(%d bytes) = %v, want ErrCorrupt", n, err)
		}
	}
}

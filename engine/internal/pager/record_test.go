package pager

import (
	"bytes"
	"errors"
	"testing"

	"github.com/grumpydb/grumpydb/engine/internal/page"
)

func sampleRecord() *commitRecord {
	p := page.New(page.TypeData)
	copy(p.Payload(), "payload")
	p.Seal(3, 7)
	return &commitRecord{
		seq:     42,
		meta:    []byte("hlc"),
		creates: []fileCreate{{3, "users/data.db"}},
		drops:   []uint32{9},
		pages:   []pageImage{{file: 3, no: 7, data: p}, {file: 3, no: 8, delta: []byte{40, 0, 2, 0, 'h', 'i'}}},
	}
}

func TestRecordRoundTrip(t *testing.T) {
	r := sampleRecord()
	b := r.encode()
	got, err := decodeCommit(b)
	if err != nil {
		t.Fatal(err)
	}
	if got.seq != 42 || string(got.meta) != "hlc" || len(got.creates) != 1 || got.creates[0] != r.creates[0] ||
		len(got.drops) != 1 || got.drops[0] != 9 || len(got.pages) != 2 || !bytes.Equal(got.pages[0].data, r.pages[0].data) ||
		!bytes.Equal(got.pages[1].delta, r.pages[1].delta) {
		t.Fatalf("round trip lost data: %+v", got)
	}
	if !bytes.Equal(got.encode(), b) {
		t.Fatal("re-encoding differs")
	}
	// Every truncation and a corrupted page image are rejected.
	for n := 0; n < len(b); n += 97 {
		if _, err := decodeCommit(b[:n]); !errors.Is(err, errBadRecord) {
			t.Fatalf("truncated at %d: %v", n, err)
		}
	}
	bad := append([]byte(nil), b...)
	bad[len(bad)-200] ^= 1
	if _, err := decodeCommit(bad); !errors.Is(err, errBadRecord) {
		t.Fatalf("corrupt image accepted: %v", err)
	}
}

func FuzzDecodeCommit(f *testing.F) {
	f.Add(sampleRecord().encode())
	f.Add([]byte{recCommit})
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := decodeCommit(b)
		if err != nil {
			return
		}
		if !bytes.Equal(r.encode(), b) {
			t.Fatalf("accepted record does not re-encode to its bytes")
		}
	})
}

func FuzzCheckHeader(f *testing.F) {
	h, _ := newHeader("a/data.db")
	h.Seal(2, 0)
	f.Add([]byte(h))
	f.Fuzz(func(t *testing.T, b []byte) {
		p := make(page.Page, page.Size)
		copy(p, b)
		if p.Verify(p.File(), 0) == nil {
			_ = checkHeader(p)
			_ = header{p}.path()
			_ = header{p}.meta()
		}
		_ = checkHeader(p)
	})
}

func TestDeltaRoundTrip(t *testing.T) {
	base := page.New(page.TypeData)
	copy(base.Payload()[100:], "hello world")
	base.Seal(2, 5)
	data := append(page.Page(nil), base...)
	copy(data.Payload()[104:], "O W")
	copy(data.Payload()[3000:], "far away")
	data.SetLSN(9)
	data.Seal(2, 5)
	delta := appendDelta(nil, base, data)
	if len(delta) > 80 {
		t.Fatalf("delta of two small changes is %d bytes", len(delta))
	}
	got := append(page.Page(nil), base...)
	if err := applyDelta(got, delta); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, data) || got.Verify(2, 5) != nil {
		t.Fatal("applied delta does not rebuild the page")
	}
	if d := appendDelta(nil, base, base); len(d) != 0 {
		t.Fatalf("delta of an unchanged page: %d bytes", len(d))
	}
	for _, bad := range [][]byte{{1, 0}, {0, 0, 0, 0}, {0xff, 0x1f, 2, 0, 1, 2}, {10, 0, 1, 0, 'a', 5, 0, 1, 0, 'b'}} {
		if err := applyDelta(make(page.Page, page.Size), bad); !errors.Is(err, errBadRecord) {
			t.Fatalf("bad delta %v accepted: %v", bad, err)
		}
	}
}

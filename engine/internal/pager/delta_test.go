package pager

import (
	"bytes"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"

	"github.com/grumpydb/grumpydb/engine/internal/page"
)

// referenceDelta is the plain byte-at-a-time statement of appendDelta's
// rule: a run starts at a differing byte and takes in every later
// differing byte reached before more than deltaGap equal bytes in a row.
func referenceDelta(dst []byte, base, data page.Page) []byte {
	i := 0
	for i < page.Size {
		if base[i] == data[i] {
			i++
			continue
		}
		start, end := i, i+1
		for j := i + 1; j < page.Size && j-end <= deltaGap; j++ {
			if base[j] != data[j] {
				end = j + 1
			}
		}
		dst = append(dst, byte(start), byte(start>>8), byte(end-start), byte((end-start)>>8))
		dst = append(dst, data[start:end]...)
		i = end
	}
	return dst
}

func deltaSeed(t *testing.T) uint64 {
	seed := rand.Uint64()
	if s := os.Getenv("GRUMPY_SEED"); s != "" {
		seed, _ = strconv.ParseUint(s, 10, 64)
	}
	t.Logf("seed %d (GRUMPY_SEED=%d replays it)", seed, seed)
	return seed
}

// mutate changes data the ways commits do: scattered bytes, runs with
// small and large gaps between them, shifted regions (a slotted page
// making room), the first and last bytes of the page.
func mutate(r *rand.Rand, data page.Page) {
	switch r.IntN(6) {
	case 0: // scattered bytes
		for range 1 + r.IntN(40) {
			data[r.IntN(page.Size)] ^= byte(1 + r.IntN(255))
		}
	case 1: // runs separated by gaps around deltaGap
		at := r.IntN(page.Size)
		for range 1 + r.IntN(20) {
			n := 1 + r.IntN(30)
			for k := 0; k < n && at < page.Size; k++ {
				data[at] ^= 0xff
				at++
			}
			at += deltaGap - 2 + r.IntN(6)
			if at >= page.Size {
				break
			}
		}
	case 2: // a shifted region
		from, n := r.IntN(page.Size), r.IntN(page.Size)
		to := min(page.Size, from+1+r.IntN(64))
		if to+n > page.Size {
			n = page.Size - to
		}
		copy(data[to:to+n], data[from:from+n])
	case 3: // the edges
		data[0] ^= 1
		data[page.Size-1] ^= 0x80
		data[page.Size-1-r.IntN(9)] ^= 2
	case 4: // everything
		for k := range data {
			data[k] = ^data[k]
		}
	case 5: // nothing
	}
}

// TestAppendDeltaMatchesReference: on seeded random page pairs the fast
// delta equals the reference byte for byte, and applying it rebuilds data.
func TestAppendDeltaMatchesReference(t *testing.T) {
	r := rand.New(rand.NewPCG(deltaSeed(t), 7))
	for iter := range 3000 {
		base := make(page.Page, page.Size)
		for k := range base {
			if r.IntN(4) == 0 {
				base[k] = byte(r.Uint32())
			}
		}
		data := append(page.Page(nil), base...)
		for range 1 + r.IntN(3) {
			mutate(r, data)
		}
		got := appendDelta(nil, base, data)
		if want := referenceDelta(nil, base, data); !bytes.Equal(got, want) {
			t.Fatalf("iteration %d: delta of %d bytes differs from the reference's %d", iter, len(got), len(want))
		}
		for _, limit := range []int{1, 5, max(1, len(got)), len(got) + 1, page.Size / 2} {
			d, ok := appendDeltaWithin([]byte("x"), base, data, limit)
			if ok != (len(got) < limit) || ok && !bytes.Equal(d[1:], got) || !ok && string(d) != "x" {
				t.Fatalf("iteration %d: within %d of a %d-byte delta: ok %v, %d bytes", iter, limit, len(got), ok, len(d))
			}
		}
		rebuilt := append(page.Page(nil), base...)
		if err := applyDelta(rebuilt, got); err != nil || !bytes.Equal(rebuilt, data) {
			t.Fatalf("iteration %d: applying the delta: %v, equal %v", iter, err, bytes.Equal(rebuilt, data))
		}
	}
}

// BenchmarkAppendDelta measures the delta of a typical heap insert: a
// record written into free space and the slot directory updated.
func BenchmarkAppendDelta(b *testing.B) {
	base := make(page.Page, page.Size)
	for k := range base[:4096] {
		base[k] = byte(k * 7)
	}
	data := append(page.Page(nil), base...)
	for k := 4096; k < 4096+500; k++ {
		data[k] = byte(k)
	}
	data[40], data[41] = 1, 2
	b.SetBytes(page.Size)
	for b.Loop() {
		appendDelta(nil, base, data)
	}
}

// BenchmarkAppendDeltaShift measures the delta of a B+Tree leaf insert:
// half the page's entries move over by one entry.
func BenchmarkAppendDeltaShift(b *testing.B) {
	base := make(page.Page, page.Size)
	for k := range base {
		base[k] = byte(k*13 + k/7)
	}
	data := append(page.Page(nil), base...)
	copy(data[4000:page.Size], base[3976:page.Size-24])
	b.SetBytes(page.Size)
	for b.Loop() {
		appendDelta(nil, base, data)
	}
}

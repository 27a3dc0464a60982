package pager

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math/bits"

	"github.com/grumpydb/grumpydb/engine/internal/page"
)

// Page deltas.
//
// The first change to a page after a checkpoint logs the page's full image;
// later changes log only the byte runs that differ from the version they
// were made on, which is exactly the page as the previous logged change left
// it. Recovery therefore always meets a full image of a page before any
// delta to it, and rebuilds every version exactly; a page torn on disk is
// still repaired, because its full image is in the log. (The control file's
// page 0 is always logged whole: checkpoints write fields into its image
// that no commit logs.)
//
// A delta is a sequence of runs, each: 2 bytes offset, 2 bytes length,
// then that many bytes, little-endian, ascending and non-overlapping, within
// the page. Applying a delta must yield a page whose seal verifies.

// deltaGap is the longest stretch of equal bytes a run absorbs rather than
// starting a new run (each run costs 4 bytes of header).
const deltaGap = 8

// appendDelta appends the runs that turn base into data. A run starts at
// a differing byte and ends after the last differing byte that is followed
// by more than deltaGap equal bytes (or by the end of the page). It sits
// inside the commit path's writer lock, so it compares 64 bytes at a time
// through equal stretches and 8 at a time through changed ones.
func appendDelta(dst []byte, base, data page.Page) []byte {
	d, _ := appendDeltaWithin(dst, base, data, page.Size*2)
	return d
}

// appendDeltaWithin is appendDelta giving up (false) as soon as the delta
// would reach limit bytes: a page changed that much is logged whole, and
// the rest of the comparison would be wasted.
func appendDeltaWithin(dst []byte, base, data page.Page, limit int) ([]byte, bool) {
	from := len(dst)
	i := 0
	for {
		i = nextDiff(base, data, i)
		if i >= page.Size {
			return dst, true
		}
		start, end := i, runEnd(base, data, i)
		if len(dst)-from+4+end-start >= limit {
			return dst[:from], false
		}
		dst = binary.LittleEndian.AppendUint16(dst, uint16(start))
		dst = binary.LittleEndian.AppendUint16(dst, uint16(end-start))
		dst = append(dst, data[start:end]...)
		i = end
	}
}

// nextDiff returns the first index at or after i where base and data
// differ, or page.Size.
func nextDiff(base, data page.Page, i int) int {
	for i+64 <= page.Size && bytes.Equal(base[i:i+64], data[i:i+64]) {
		i += 64
	}
	for i+8 <= page.Size {
		if x := binary.LittleEndian.Uint64(base[i:]) ^ binary.LittleEndian.Uint64(data[i:]); x != 0 {
			return i + bits.TrailingZeros64(x)/8
		}
		i += 8
	}
	for i < page.Size && base[i] == data[i] {
		i++
	}
	return i
}

// runEnd returns the end of the run that starts at the differing byte i:
// one past its last differing byte before a stretch of more than deltaGap
// equal bytes.
func runEnd(base, data page.Page, i int) int {
	end, j := i+1, i
	for j+8 <= page.Size {
		x := binary.LittleEndian.Uint64(base[j:]) ^ binary.LittleEndian.Uint64(data[j:])
		if x == 0 {
			if j+8-end > deltaGap {
				return end
			}
		} else {
			if j+bits.TrailingZeros64(x)/8-end > deltaGap {
				return end
			}
			end = j + (63-bits.LeadingZeros64(x))/8 + 1
		}
		j += 8
	}
	for ; j < page.Size && j-end <= deltaGap; j++ {
		if base[j] != data[j] {
			end = j + 1
		}
	}
	return end
}

// applyDelta applies delta to p in place.
func applyDelta(p page.Page, delta []byte) error {
	last := 0
	for len(delta) > 0 {
		if len(delta) < 4 {
			return fmt.Errorf("%w: truncated delta run", errBadRecord)
		}
		off := int(binary.LittleEndian.Uint16(delta))
		n := int(binary.LittleEndian.Uint16(delta[2:]))
		delta = delta[4:]
		if n == 0 || off < last || off+n > page.Size || n > len(delta) {
			return fmt.Errorf("%w: bad delta run at %d+%d", errBadRecord, off, n)
		}
		copy(p[off:off+n], delta[:n])
		delta = delta[n:]
		last = off + n
	}
	return nil
}

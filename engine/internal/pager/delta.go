package pager

import (
	"encoding/binary"
	"fmt"

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

// appendDelta appends the runs that turn base into data.
func appendDelta(dst []byte, base, data page.Page) []byte {
	i := 0
	for i < page.Size {
		// Skip equal stretches a word at a time.
		for i+8 <= page.Size && binary.LittleEndian.Uint64(base[i:]) == binary.LittleEndian.Uint64(data[i:]) {
			i += 8
		}
		if i >= page.Size {
			break
		}
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
		dst = binary.LittleEndian.AppendUint16(dst, uint16(start))
		dst = binary.LittleEndian.AppendUint16(dst, uint16(end-start))
		dst = append(dst, data[start:end]...)
		i = end
	}
	return dst
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

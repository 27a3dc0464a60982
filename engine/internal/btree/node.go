package btree

import (
	"bytes"
	"encoding/binary"

	"github.com/grumpydb/grumpydb/engine/internal/page"
)

// Node header layout; see doc.go for the full byte map. All offsets are
// absolute offsets within the page.
const (
	offCount     = page.HeaderSize      // u16: number of slots (entries or separators)
	offCellStart = page.HeaderSize + 2  // u16: lowest offset of the cell area
	offGarbage   = page.HeaderSize + 4  // u16: dead bytes inside the cell area
	offLevel     = page.HeaderSize + 6  // u8: 0 for a leaf, height above the leaves for a branch
	offFlags     = page.HeaderSize + 7  // u8: reserved, zero
	offLink0     = page.HeaderSize + 8  // u32: leaf prev link / branch leftmost child
	offLink1     = page.HeaderSize + 12 // u32: leaf next link / branch reserved (zero)
	slotsStart   = page.HeaderSize + 16 // first slot
	slotSize     = 2                    // u16 cell offset per slot

	// nodeCapacity is the number of bytes available to slots and cells.
	nodeCapacity = page.Size - slotsStart

	leafCellHeader   = 3 // u16 key length, u8 value length
	branchCellHeader = 6 // u16 key length, u32 child
)

var le = binary.LittleEndian

func nodeCount(p page.Page) int     { return int(le.Uint16(p[offCount:])) }
func nodeCellStart(p page.Page) int { return int(le.Uint16(p[offCellStart:])) }
func nodeGarbage(p page.Page) int   { return int(le.Uint16(p[offGarbage:])) }
func nodeLevel(p page.Page) int     { return int(p[offLevel]) }
func link0(p page.Page) uint32      { return le.Uint32(p[offLink0:]) }
func link1(p page.Page) uint32      { return le.Uint32(p[offLink1:]) }
func slotOff(p page.Page, i int) int {
	return int(le.Uint16(p[slotsStart+slotSize*i:]))
}

func setCount(p page.Page, n int)     { le.PutUint16(p[offCount:], uint16(n)) }
func setCellStart(p page.Page, o int) { le.PutUint16(p[offCellStart:], uint16(o)) }
func setGarbage(p page.Page, g int)   { le.PutUint16(p[offGarbage:], uint16(g)) }
func setLink0(p page.Page, v uint32)  { le.PutUint32(p[offLink0:], v) }
func setLink1(p page.Page, v uint32)  { le.PutUint32(p[offLink1:], v) }
func setSlot(p page.Page, i, off int) { le.PutUint16(p[slotsStart+slotSize*i:], uint16(off)) }

// slotsEnd is the first byte after the slot array.
func slotsEnd(p page.Page) int { return slotsStart + slotSize*nodeCount(p) }

// contiguousFree is the gap between the slot array and the cell area.
func contiguousFree(p page.Page) int { return nodeCellStart(p) - slotsEnd(p) }

// freeSpace is the room for new slots and cells once the page is compacted.
func freeSpace(p page.Page) int { return contiguousFree(p) + nodeGarbage(p) }

// nodeUsed is the number of bytes taken by live slots and cells.
func nodeUsed(p page.Page) int { return nodeCapacity - freeSpace(p) }

// checkNode validates the fixed header of node page no, expected at level lvl
// (0 = leaf). After it succeeds, nodeCount, nodeCellStart and nodeGarbage are
// consistent with each other and with the page size; individual slots are
// still validated on access.
func checkNode(p page.Page, no uint32, lvl int) error {
	if len(p) != page.Size {
		return corrupt(no, "page is %d bytes", len(p))
	}
	want := page.TypeLeaf
	if lvl > 0 {
		want = page.TypeBranch
	}
	if p.Type() != want {
		return corrupt(no, "type %v, want %v at level %d", p.Type(), want, lvl)
	}
	if got := nodeLevel(p); got != lvl {
		return corrupt(no, "level %d, want %d", got, lvl)
	}
	if p[offFlags] != 0 {
		return corrupt(no, "flags %#x, want 0", p[offFlags])
	}
	cs := nodeCellStart(p)
	if se := slotsEnd(p); se > cs || cs > page.Size {
		return corrupt(no, "%d slots end at %d, cell area starts at %d", nodeCount(p), se, cs)
	}
	if g := nodeGarbage(p); g > page.Size-cs {
		return corrupt(no, "garbage %d exceeds cell area of %d bytes", g, page.Size-cs)
	}
	if lvl > 0 && link1(p) != 0 {
		return corrupt(no, "branch reserved link is %d, want 0", link1(p))
	}
	return nil
}

// leafEntry returns entry i of a checked leaf (i < nodeCount). The slices
// alias the page and have their capacity clipped.
func leafEntry(p page.Page, no uint32, i int) (key, val []byte, err error) {
	off := slotOff(p, i)
	if off < nodeCellStart(p) || off > page.Size-leafCellHeader {
		return nil, nil, corrupt(no, "leaf slot %d: offset %d out of range", i, off)
	}
	kl := int(le.Uint16(p[off:]))
	vl := int(p[off+2])
	ks := off + leafCellHeader
	ke := ks + kl
	ve := ke + vl
	if ve > page.Size {
		return nil, nil, corrupt(no, "leaf slot %d: cell at %d of %d bytes overruns page", i, off, ve-off)
	}
	return p[ks:ke:ke], p[ke:ve:ve], nil
}

// leafKey is leafEntry without the value, for searches.
func leafKey(p page.Page, no uint32, i int) ([]byte, error) {
	off := slotOff(p, i)
	if off < nodeCellStart(p) || off > page.Size-leafCellHeader {
		return nil, corrupt(no, "leaf slot %d: offset %d out of range", i, off)
	}
	ks := off + leafCellHeader
	ke := ks + int(le.Uint16(p[off:]))
	if ke > page.Size {
		return nil, corrupt(no, "leaf slot %d: key at %d overruns page", i, off)
	}
	return p[ks:ke:ke], nil
}

// branchKey returns separator i of a checked branch, for searches.
func branchKey(p page.Page, no uint32, i int) ([]byte, error) {
	off := slotOff(p, i)
	if off < nodeCellStart(p) || off > page.Size-branchCellHeader {
		return nil, corrupt(no, "branch slot %d: offset %d out of range", i, off)
	}
	ks := off + branchCellHeader
	ke := ks + int(le.Uint16(p[off:]))
	if ke > page.Size {
		return nil, corrupt(no, "branch slot %d: key at %d overruns page", i, off)
	}
	return p[ks:ke:ke], nil
}

// branchEntry returns separator i of a checked branch and the child to its
// right (child i+1).
func branchEntry(p page.Page, no uint32, i int) (key []byte, child uint32, err error) {
	off := slotOff(p, i)
	if off < nodeCellStart(p) || off > page.Size-branchCellHeader {
		return nil, 0, corrupt(no, "branch slot %d: offset %d out of range", i, off)
	}
	kl := int(le.Uint16(p[off:]))
	child = le.Uint32(p[off+2:])
	ks := off + branchCellHeader
	ke := ks + kl
	if ke > page.Size {
		return nil, 0, corrupt(no, "branch slot %d: cell at %d of %d bytes overruns page", i, off, ke-off)
	}
	return p[ks:ke:ke], child, nil
}

// cellExtent returns the offset and size of the cell of slot i in a checked
// node of either kind.
func cellExtent(p page.Page, no uint32, i int) (off, size int, err error) {
	if p.Type() == page.TypeLeaf {
		k, v, err := leafEntry(p, no, i)
		if err != nil {
			return 0, 0, err
		}
		return slotOff(p, i), leafCellHeader + len(k) + len(v), nil
	}
	k, _, err := branchEntry(p, no, i)
	if err != nil {
		return 0, 0, err
	}
	return slotOff(p, i), branchCellHeader + len(k), nil
}

// childAt returns child ci (0 ≤ ci ≤ nodeCount) of a checked branch.
func childAt(p page.Page, no uint32, ci int) (uint32, error) {
	if ci == 0 {
		return link0(p), nil
	}
	_, c, err := branchEntry(p, no, ci-1)
	return c, err
}

// leafSearch finds key in a checked leaf: the index of the first entry whose
// key is >= key, and whether that entry's key equals key.
func leafSearch(p page.Page, no uint32, key []byte) (idx int, found bool, err error) {
	lo, hi := 0, nodeCount(p)
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		k, err := leafKey(p, no, mid)
		if err != nil {
			return 0, false, err
		}
		switch c := bytes.Compare(k, key); {
		case c < 0:
			lo = mid + 1
		case c == 0:
			return mid, true, nil
		default:
			hi = mid
		}
	}
	return lo, false, nil
}

// branchSearch returns the index of the child of a checked branch whose key
// range holds key: the number of separators <= key.
func branchSearch(p page.Page, no uint32, key []byte) (int, error) {
	lo, hi := 0, nodeCount(p)
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		k, err := branchKey(p, no, mid)
		if err != nil {
			return 0, err
		}
		if bytes.Compare(k, key) <= 0 {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo, nil
}

// reader is the read side of a page.Store; an overlay implements it too.
type reader interface {
	Read(no uint32) (page.Page, error)
	Pages() uint32
}

// readNode reads page no and checks it is a node of level lvl.
func readNode(r reader, no uint32, lvl int) (page.Page, error) {
	if no <= page.MetaPage || no >= r.Pages() {
		return nil, corrupt(no, "node pointer out of range [2, %d)", r.Pages())
	}
	p, err := r.Read(no)
	if err != nil {
		return nil, err
	}
	if err := checkNode(p, no, lvl); err != nil {
		return nil, err
	}
	return p, nil
}

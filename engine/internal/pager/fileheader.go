package pager

import (
	"encoding/binary"
	"fmt"

	"github.com/grumpydb/grumpydb/engine/internal/page"
)

// Page 0 of every file (payload offsets, little-endian):
//
//	0   8  magic "GRMPYPG1"
//	8   4  format version (1)
//	12  4  page count (pages 0..count-1 exist)
//	16  4  free-list head (0 = empty); each free page holds the next in
//	       its first 4 payload bytes
//	20  4  free-page count
//	24  2  canonical path length n (relative to the database directory)
//	26  n  canonical path (at most maxPath bytes)
//
// File 1 (the control file) also uses:
//
//	512 4  next file number
//	520 8  last commit sequence number
//	528 2  meta length m (at most MaxMeta)
//	530 m  meta blob
//
// The page count, free list and next file number change inside write
// transactions like any page; the sequence number and meta are written
// into the image only when page 0 of file 1 goes to disk (see diskImage).
const (
	fileMagic     = "GRMPYPG1"
	formatVersion = 1
	maxPath       = 400
	// MaxMeta is the largest meta blob a commit may carry.
	MaxMeta = 256

	offMagic     = 0
	offVersion   = 8
	offPageCount = 12
	offFreeHead  = 16
	offFreeCount = 20
	offPathLen   = 24
	offPath      = 26
	offNextFile  = 512
	offLastSeq   = 520
	offMetaLen   = 528
	offMeta      = 530
)

// ControlFile is the file number of the control file, catalog.db.
const ControlFile uint32 = 1

type header struct{ p page.Page }

func (h header) pl() []byte { return h.p.Payload() }

func (h header) pageCount() uint32 { return binary.LittleEndian.Uint32(h.pl()[offPageCount:]) }
func (h header) setPageCount(n uint32) {
	binary.LittleEndian.PutUint32(h.pl()[offPageCount:], n)
}
func (h header) freeHead() uint32 { return binary.LittleEndian.Uint32(h.pl()[offFreeHead:]) }
func (h header) setFreeHead(n uint32) {
	binary.LittleEndian.PutUint32(h.pl()[offFreeHead:], n)
}
func (h header) freeCount() uint32 { return binary.LittleEndian.Uint32(h.pl()[offFreeCount:]) }
func (h header) setFreeCount(n uint32) {
	binary.LittleEndian.PutUint32(h.pl()[offFreeCount:], n)
}
func (h header) path() string {
	n := int(binary.LittleEndian.Uint16(h.pl()[offPathLen:]))
	if n > maxPath {
		n = maxPath
	}
	return string(h.pl()[offPath : offPath+n])
}
func (h header) nextFile() uint32 { return binary.LittleEndian.Uint32(h.pl()[offNextFile:]) }
func (h header) setNextFile(n uint32) {
	binary.LittleEndian.PutUint32(h.pl()[offNextFile:], n)
}
func (h header) lastSeq() uint64 { return binary.LittleEndian.Uint64(h.pl()[offLastSeq:]) }
func (h header) meta() []byte {
	n := int(binary.LittleEndian.Uint16(h.pl()[offMetaLen:]))
	if n > MaxMeta {
		n = MaxMeta
	}
	return append([]byte(nil), h.pl()[offMeta:offMeta+n]...)
}
func (h header) setControl(seq uint64, meta []byte) {
	binary.LittleEndian.PutUint64(h.pl()[offLastSeq:], seq)
	binary.LittleEndian.PutUint16(h.pl()[offMetaLen:], uint16(len(meta)))
	copy(h.pl()[offMeta:offMeta+MaxMeta], make([]byte, MaxMeta))
	copy(h.pl()[offMeta:], meta)
}

// newHeader builds page 0 of a new file whose canonical path is rel: two
// pages (header and the user's zeroed meta page).
func newHeader(rel string) (page.Page, error) {
	if len(rel) == 0 || len(rel) > maxPath {
		return nil, fmt.Errorf("pager: bad file path %q", rel)
	}
	p := page.New(page.TypeFileHeader)
	pl := p.Payload()
	copy(pl[offMagic:], fileMagic)
	binary.LittleEndian.PutUint32(pl[offVersion:], formatVersion)
	binary.LittleEndian.PutUint16(pl[offPathLen:], uint16(len(rel)))
	copy(pl[offPath:], rel)
	h := header{p}
	h.setPageCount(2)
	return p, nil
}

// checkHeader validates a verified page 0.
func checkHeader(p page.Page) error {
	pl := p.Payload()
	if p.Type() != page.TypeFileHeader || string(pl[offMagic:offMagic+8]) != fileMagic {
		return fmt.Errorf("%w: file %d: not a GrumpyDB page file", page.ErrFormat, p.File())
	}
	if v := binary.LittleEndian.Uint32(pl[offVersion:]); v != formatVersion {
		return fmt.Errorf("%w: file %d: format version %d (this build reads %d)", page.ErrFormat, p.File(), v, formatVersion)
	}
	h := header{p}
	if n := binary.LittleEndian.Uint16(pl[offPathLen:]); n == 0 || n > maxPath {
		return fmt.Errorf("%w: file %d: bad path length %d", page.ErrCorrupt, p.File(), n)
	}
	if h.pageCount() < 2 || h.freeCount() >= h.pageCount() || h.freeHead() >= h.pageCount() {
		return fmt.Errorf("%w: file %d: bad page count %d / free list %d,%d", page.ErrCorrupt, p.File(), h.pageCount(), h.freeHead(), h.freeCount())
	}
	if binary.LittleEndian.Uint16(pl[offMetaLen:]) > MaxMeta {
		return fmt.Errorf("%w: file %d: bad meta length", page.ErrCorrupt, p.File())
	}
	return nil
}

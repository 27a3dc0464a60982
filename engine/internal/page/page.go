package page

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
)

// Size is the size of every page in every GrumpyDB file.
const Size = 8192

// HeaderSize is the number of bytes at the start of a page reserved for the
// pager; users own [HeaderSize, Size).
const HeaderSize = 32

// PayloadSize is the number of bytes a page's user may use.
const PayloadSize = Size - HeaderSize

// MetaPage is the page number of a file's meta page (page 0 is the pager's
// file header).
const MetaPage = 1

// Type says what a page holds.
type Type uint8

// Page types.
const (
	TypeFree       Type = 0 // on the free list
	TypeFileHeader Type = 1 // page 0 of every file
	TypeMeta       Type = 2 // page 1: the user's meta page
	TypeLeaf       Type = 3 // B+Tree leaf
	TypeBranch     Type = 4 // B+Tree internal node
	TypeData       Type = 5 // slotted data page
	TypeOverflow   Type = 6 // overflow chain page
	TypeCatalog    Type = 7 // catalog blob page
)

func (t Type) String() string {
	switch t {
	case TypeFree:
		return "free"
	case TypeFileHeader:
		return "file-header"
	case TypeMeta:
		return "meta"
	case TypeLeaf:
		return "leaf"
	case TypeBranch:
		return "branch"
	case TypeData:
		return "data"
	case TypeOverflow:
		return "overflow"
	case TypeCatalog:
		return "catalog"
	}
	return fmt.Sprintf("type(%d)", uint8(t))
}

// ErrCorrupt reports a page that failed verification: bad checksum, wrong
// page or file number, or an impossible layout found by a page's user.
var ErrCorrupt = errors.New("page corrupt")

// Page is one page image. Its length is always Size.
type Page []byte

// New returns a zeroed page of type t.
func New(t Type) Page {
	p := make(Page, Size)
	p.SetType(t)
	return p
}

// Type returns the page type.
func (p Page) Type() Type { return Type(p[12]) }

// SetType sets the page type.
func (p Page) SetType(t Type) { p[12] = byte(t) }

// Number returns the page number recorded in the header.
func (p Page) Number() uint32 { return binary.LittleEndian.Uint32(p[4:8]) }

// File returns the file number recorded in the header.
func (p Page) File() uint32 { return binary.LittleEndian.Uint32(p[8:12]) }

// LSN returns the LSN recorded in the header.
func (p Page) LSN() uint64 { return binary.LittleEndian.Uint64(p[16:24]) }

// SetLSN records the LSN of the log record that wrote this image.
func (p Page) SetLSN(lsn uint64) { binary.LittleEndian.PutUint64(p[16:24], lsn) }

// Payload returns the user-owned part of the page.
func (p Page) Payload() []byte { return p[HeaderSize:] }

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// Seal stamps the page with its file and page numbers and its checksum. The
// pager calls it just before the image is written anywhere durable.
func (p Page) Seal(file, no uint32) {
	binary.LittleEndian.PutUint32(p[4:8], no)
	binary.LittleEndian.PutUint32(p[8:12], file)
	binary.LittleEndian.PutUint32(p[0:4], crc32.Checksum(p[4:], castagnoli))
}

// Verify checks the checksum and that the page is page no of file.
func (p Page) Verify(file, no uint32) error {
	if len(p) != Size {
		return fmt.Errorf("%w: page %d of file %d: %d bytes, want %d", ErrCorrupt, no, file, len(p), Size)
	}
	if got, want := binary.LittleEndian.Uint32(p[0:4]), crc32.Checksum(p[4:], castagnoli); got != want {
		return fmt.Errorf("%w: page %d of file %d: checksum %08x, want %08x", ErrCorrupt, no, file, got, want)
	}
	if p.Number() != no || p.File() != file {
		return fmt.Errorf("%w: page %d of file %d: header says page %d of file %d", ErrCorrupt, no, file, p.Number(), p.File())
	}
	return nil
}

// Checksum returns the CRC32C the pager uses for pages; the WAL and other
// formats reuse it.
func Checksum(b []byte) uint32 { return crc32.Checksum(b, castagnoli) }

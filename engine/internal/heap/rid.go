package heap

import (
	"encoding/binary"
	"fmt"

	"github.com/grumpydb/grumpydb/engine/internal/page"
)

// RID (record id) names a record in the heap: the data page holding its slot
// and the slot number within that page. A record keeps its RID for its whole
// life unless Update moves it. The zero RID never names a record (page 0
// belongs to the pager), so it can serve as "no record".
type RID struct {
	Page uint32
	Slot uint16
}

// RIDSize is the length of an encoded RID.
const RIDSize = 6

// Put writes r into b[:RIDSize] as the page number then the slot number, both
// big-endian, so that encoded RIDs sort in physical order. b must be at least
// RIDSize bytes long.
func (r RID) Put(b []byte) {
	_ = b[RIDSize-1] // one bounds check
	binary.BigEndian.PutUint32(b[0:4], r.Page)
	binary.BigEndian.PutUint16(b[4:6], r.Slot)
}

// Append appends the encoding of r to b.
func (r RID) Append(b []byte) []byte {
	b = binary.BigEndian.AppendUint32(b, r.Page)
	return binary.BigEndian.AppendUint16(b, r.Slot)
}

// String formats r as "page:slot".
func (r RID) String() string { return fmt.Sprintf("%d:%d", r.Page, r.Slot) }

// DecodeRID decodes a RID written by Put. b must be exactly RIDSize bytes;
// anything else is reported as corrupt.
func DecodeRID(b []byte) (RID, error) {
	if len(b) != RIDSize {
		return RID{}, fmt.Errorf("heap: encoded RID is %d bytes, want %d: %w", len(b), RIDSize, page.ErrCorrupt)
	}
	return RID{Page: binary.BigEndian.Uint32(b[0:4]), Slot: binary.BigEndian.Uint16(b[4:6])}, nil
}

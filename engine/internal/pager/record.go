package pager

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/grumpydb/grumpydb/engine/internal/page"
)

// A commit record is the WAL payload of one transaction:
//
//	1      kind 'C'
//	8      sequence number (little-endian)
//	uvarint meta length, meta bytes
//	uvarint creations; each: 4 file number, uvarint path length, path
//	uvarint drops; each: 4 file number
//	uvarint pages; each: 4 file number, 4 page number, then
//	        'F' and the page.Size sealed image, or
//	        'D', uvarint length and a delta (see delta.go)
//
// Within a record, creations apply first, then page images, then drops.
type commitRecord struct {
	seq     uint64
	meta    []byte
	creates []fileCreate
	drops   []uint32
	pages   []pageImage
}

type fileCreate struct {
	no  uint32
	rel string
}

type pageImage struct {
	file, no uint32
	data     page.Page // the full image, or nil for a delta
	delta    []byte    // runs to apply to the previous version (see delta.go)
}

// Page entry kinds.
const (
	imageFull  = 'F'
	imageDelta = 'D'
)

const recCommit = 'C'

var errBadRecord = errors.New("pager: malformed commit record")

func (r *commitRecord) size() int {
	n := 1 + 8 + binary.MaxVarintLen64*4 + len(r.meta)
	for _, c := range r.creates {
		n += 4 + binary.MaxVarintLen64 + len(c.rel)
	}
	n += 4 * len(r.drops)
	for _, p := range r.pages {
		n += 9 + binary.MaxVarintLen64 + len(p.data) + len(p.delta)
	}
	return n
}

func (r *commitRecord) encode() []byte {
	b := make([]byte, 0, r.size())
	b = append(b, recCommit)
	b = binary.LittleEndian.AppendUint64(b, r.seq)
	b = binary.AppendUvarint(b, uint64(len(r.meta)))
	b = append(b, r.meta...)
	b = binary.AppendUvarint(b, uint64(len(r.creates)))
	for _, c := range r.creates {
		b = binary.LittleEndian.AppendUint32(b, c.no)
		b = binary.AppendUvarint(b, uint64(len(c.rel)))
		b = append(b, c.rel...)
	}
	b = binary.AppendUvarint(b, uint64(len(r.drops)))
	for _, d := range r.drops {
		b = binary.LittleEndian.AppendUint32(b, d)
	}
	b = binary.AppendUvarint(b, uint64(len(r.pages)))
	for _, p := range r.pages {
		b = binary.LittleEndian.AppendUint32(b, p.file)
		b = binary.LittleEndian.AppendUint32(b, p.no)
		if p.data != nil {
			b = append(b, imageFull)
			b = append(b, p.data...)
		} else {
			b = append(b, imageDelta)
			b = binary.AppendUvarint(b, uint64(len(p.delta)))
			b = append(b, p.delta...)
		}
	}
	return b
}

type decoder struct {
	b   []byte
	err error
}

func (d *decoder) fail(what string) {
	if d.err == nil {
		d.err = fmt.Errorf("%w: %s", errBadRecord, what)
	}
}

func (d *decoder) take(n int, what string) []byte {
	if d.err != nil {
		return nil
	}
	if n < 0 || n > len(d.b) {
		d.fail(what)
		return nil
	}
	v := d.b[:n]
	d.b = d.b[n:]
	return v
}

func (d *decoder) uvarint(what string, max uint64) int {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 || v > max {
		d.fail(what)
		return 0
	}
	d.b = d.b[n:]
	return int(v)
}

func (d *decoder) u32(what string) uint32 {
	b := d.take(4, what)
	if b == nil {
		return 0
	}
	return binary.LittleEndian.Uint32(b)
}

// decodeCommit parses a commit record. Page images are copied out of b and
// verified against their file and page numbers.
func decodeCommit(b []byte) (*commitRecord, error) {
	d := &decoder{b: b}
	if k := d.take(1, "kind"); k == nil || k[0] != recCommit {
		return nil, fmt.Errorf("%w: unknown kind", errBadRecord)
	}
	r := &commitRecord{}
	if s := d.take(8, "sequence"); s != nil {
		r.seq = binary.LittleEndian.Uint64(s)
	}
	r.meta = append([]byte(nil), d.take(d.uvarint("meta length", MaxMeta), "meta")...)
	nc := d.uvarint("creations", uint64(len(b)))
	for i := 0; i < nc && d.err == nil; i++ {
		no := d.u32("created file")
		rel := string(d.take(d.uvarint("path length", maxPath), "path"))
		r.creates = append(r.creates, fileCreate{no, rel})
	}
	nd := d.uvarint("drops", uint64(len(b)))
	for i := 0; i < nd && d.err == nil; i++ {
		r.drops = append(r.drops, d.u32("dropped file"))
	}
	np := d.uvarint("pages", uint64(len(b)/9+1))
	for i := 0; i < np && d.err == nil; i++ {
		f := d.u32("page file")
		no := d.u32("page number")
		kind := d.take(1, "page kind")
		if kind == nil {
			break
		}
		switch kind[0] {
		case imageFull:
			img := d.take(page.Size, "page image")
			if img == nil {
				break
			}
			p := append(page.Page(nil), img...)
			if err := p.Verify(f, no); err != nil {
				return nil, fmt.Errorf("%w: %v", errBadRecord, err)
			}
			r.pages = append(r.pages, pageImage{file: f, no: no, data: p})
		case imageDelta:
			raw := d.take(d.uvarint("delta length", page.Size*2), "delta")
			if raw == nil || d.err != nil {
				break
			}
			delta := append([]byte(nil), raw...)
			if err := applyDelta(make(page.Page, page.Size), delta); err != nil {
				return nil, err
			}
			r.pages = append(r.pages, pageImage{file: f, no: no, delta: delta})
		default:
			d.fail("page kind")
		}
	}
	if d.err == nil && len(d.b) != 0 {
		d.fail("trailing bytes")
	}
	if d.err != nil {
		return nil, d.err
	}
	return r, nil
}

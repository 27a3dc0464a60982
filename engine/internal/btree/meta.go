package btree

import (
	"github.com/grumpydb/grumpydb/engine/internal/page"
)

// Meta page layout (page 1); see doc.go. Offsets are absolute.
const (
	metaOffMagic   = page.HeaderSize      // [4]byte "GBPT"
	metaOffVersion = page.HeaderSize + 4  // u16
	metaOffFlags   = page.HeaderSize + 6  // u16, zero
	metaOffRoot    = page.HeaderSize + 8  // u32
	metaOffHeight  = page.HeaderSize + 12 // u32
	metaOffCount   = page.HeaderSize + 16 // u64
	metaEnd        = page.HeaderSize + 24 // bytes after this are zero

	metaMagic   = "GBPT"
	metaVersion = 1

	// maxHeight bounds the number of levels. A tree whose branches have at
	// least two children cannot come close with 2^32 pages.
	maxHeight = 48
)

// meta is the decoded meta page.
type meta struct {
	root   uint32
	height int // levels; 1 when the root is a leaf
	count  uint64
}

// decodeMeta validates and decodes meta page p of a file with pages pages.
func decodeMeta(p page.Page, pages uint32) (meta, error) {
	if len(p) != page.Size {
		return meta{}, corrupt(page.MetaPage, "meta page is %d bytes", len(p))
	}
	if p.Type() != page.TypeMeta {
		return meta{}, corrupt(page.MetaPage, "type %v, want %v", p.Type(), page.TypeMeta)
	}
	if string(p[metaOffMagic:metaOffMagic+4]) != metaMagic {
		return meta{}, corrupt(page.MetaPage, "bad magic %q", p[metaOffMagic:metaOffMagic+4])
	}
	if v := le.Uint16(p[metaOffVersion:]); v != metaVersion {
		return meta{}, corrupt(page.MetaPage, "version %d, want %d", v, metaVersion)
	}
	if f := le.Uint16(p[metaOffFlags:]); f != 0 {
		return meta{}, corrupt(page.MetaPage, "flags %#x, want 0", f)
	}
	m := meta{
		root:  le.Uint32(p[metaOffRoot:]),
		count: le.Uint64(p[metaOffCount:]),
	}
	h := le.Uint32(p[metaOffHeight:])
	if h < 1 || h > maxHeight || h >= pages {
		return meta{}, corrupt(page.MetaPage, "height %d out of range for %d pages (max %d)", h, pages, maxHeight)
	}
	m.height = int(h)
	if m.root <= page.MetaPage || m.root >= pages {
		return meta{}, corrupt(page.MetaPage, "root %d out of range [2, %d)", m.root, pages)
	}
	return m, nil
}

// encode writes m into meta page p.
func (m meta) encode(p page.Page) {
	p.SetType(page.TypeMeta)
	copy(p[metaOffMagic:], metaMagic)
	le.PutUint16(p[metaOffVersion:], metaVersion)
	le.PutUint16(p[metaOffFlags:], 0)
	le.PutUint32(p[metaOffRoot:], m.root)
	le.PutUint32(p[metaOffHeight:], uint32(m.height))
	le.PutUint64(p[metaOffCount:], m.count)
}

// readMeta reads and decodes the meta page of st.
func readMeta(r reader) (meta, error) {
	p, err := r.Read(page.MetaPage)
	if err != nil {
		return meta{}, err
	}
	return decodeMeta(p, r.Pages())
}

// Init formats a fresh file: st holds page 0 and an all-zero page 1. It
// writes the meta page and an empty root leaf. It returns ErrNotFresh if the
// payload of page 1 is not all zero.
func Init(st page.Store) error {
	p, err := st.Read(page.MetaPage)
	if err != nil {
		return err
	}
	for _, b := range p[page.HeaderSize:] {
		if b != 0 {
			return ErrNotFresh
		}
	}
	mp, err := st.Write(page.MetaPage)
	if err != nil {
		return err
	}
	root, rp, err := st.Alloc(page.TypeLeaf)
	if err != nil {
		return err
	}
	initNode(rp, 0)
	meta{root: root, height: 1}.encode(mp)
	return nil
}

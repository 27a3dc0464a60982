package engine

import (
	"encoding/binary"
	"fmt"
	"sort"

	"github.com/grumpydb/grumpydb/engine/internal/page"
)

// The catalog lists a database's collections, their files and their index
// definitions. It lives in the control file (catalog.db): the control
// file's meta page holds a small header and the first link of a chain of
// catalog pages carrying the encoded catalog. Every change rewrites the
// chain inside the write transaction that makes it, so catalog changes are
// logged and atomic like any other page change.
//
// In memory a catalog is immutable: a transaction that changes it works on
// a copy (see Tx.mutableCatalog), and the DB keeps the versions that open
// readers may still use, each tagged with the commit sequence number that
// produced it.
type catalog struct {
	collections map[string]*collMeta
}

type collMeta struct {
	name    string
	data    uint32 // heap file
	primary uint32 // primary index file
	indexes []*indexMeta
}

type indexMeta struct {
	name string
	path string
	segs []string
	file uint32
}

func (c *catalog) clone() *catalog {
	n := &catalog{collections: make(map[string]*collMeta, len(c.collections))}
	for k, v := range c.collections {
		cv := *v
		cv.indexes = append([]*indexMeta(nil), v.indexes...)
		n.collections[k] = &cv
	}
	return n
}

func (c *catalog) names() []string {
	out := make([]string, 0, len(c.collections))
	for n := range c.collections {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

func (m *collMeta) index(name string) *indexMeta {
	for _, ix := range m.indexes {
		if ix.name == name {
			return ix
		}
	}
	return nil
}

// Catalog blob (little-endian):
//
//	4 magic "GCAT", 2 version (1)
//	uvarint collections; each:
//	  uvarint+bytes name, 4 data file, 4 primary file,
//	  uvarint indexes; each: uvarint+bytes name, uvarint+bytes path, 4 file
//
// Meta page of the control file (payload offsets): 0 magic "GCTL",
// 4 blob length, 8 CRC32C of the blob, 12 first chain page (0 = none).
// Chain pages (page.TypeCatalog): 0 next page, 4 chunk length, 8 chunk.
const (
	catMagic     = "GCAT"
	catFormat    = 1
	ctlMagic     = "GCTL"
	chunkPayload = page.PayloadSize - 8
)

func (c *catalog) encode() []byte {
	b := []byte(catMagic)
	b = binary.LittleEndian.AppendUint16(b, catFormat)
	names := c.names()
	b = binary.AppendUvarint(b, uint64(len(names)))
	str := func(s string) {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	for _, n := range names {
		m := c.collections[n]
		str(m.name)
		b = binary.LittleEndian.AppendUint32(b, m.data)
		b = binary.LittleEndian.AppendUint32(b, m.primary)
		b = binary.AppendUvarint(b, uint64(len(m.indexes)))
		for _, ix := range m.indexes {
			str(ix.name)
			str(ix.path)
			b = binary.LittleEndian.AppendUint32(b, ix.file)
		}
	}
	return b
}

func decodeCatalog(b []byte) (*catalog, error) {
	bad := func(what string) error { return fmt.Errorf("%w: catalog: %s", ErrCorrupt, what) }
	if len(b) < 6 || string(b[:4]) != catMagic {
		return nil, bad("bad magic")
	}
	if v := binary.LittleEndian.Uint16(b[4:]); v != catFormat {
		return nil, bad(fmt.Sprintf("unsupported version %d", v))
	}
	b = b[6:]
	uv := func() (int, bool) {
		v, n := binary.Uvarint(b)
		if n <= 0 || v > uint64(len(b)) {
			return 0, false
		}
		b = b[n:]
		return int(v), true
	}
	str := func() (string, bool) {
		n, ok := uv()
		if !ok || n > len(b) {
			return "", false
		}
		s := string(b[:n])
		b = b[n:]
		return s, true
	}
	u32 := func() (uint32, bool) {
		if len(b) < 4 {
			return 0, false
		}
		v := binary.LittleEndian.Uint32(b)
		b = b[4:]
		return v, true
	}
	c := &catalog{collections: map[string]*collMeta{}}
	nc, ok := uv()
	if !ok {
		return nil, bad("collection count")
	}
	for i := 0; i < nc; i++ {
		m := &collMeta{}
		var ok1, ok2, ok3 bool
		m.name, ok1 = str()
		m.data, ok2 = u32()
		m.primary, ok3 = u32()
		if !ok1 || !ok2 || !ok3 {
			return nil, bad("collection entry")
		}
		ni, ok := uv()
		if !ok {
			return nil, bad("index count")
		}
		for j := 0; j < ni; j++ {
			ix := &indexMeta{}
			var ok1, ok2, ok3 bool
			ix.name, ok1 = str()
			ix.path, ok2 = str()
			ix.file, ok3 = u32()
			if !ok1 || !ok2 || !ok3 {
				return nil, bad("index entry")
			}
			segs, err := splitPath(ix.path)
			if err != nil {
				return nil, bad(fmt.Sprintf("index %s: %v", ix.name, err))
			}
			ix.segs = segs
			m.indexes = append(m.indexes, ix)
		}
		if _, dup := c.collections[m.name]; dup {
			return nil, bad("duplicate collection " + m.name)
		}
		c.collections[m.name] = m
	}
	if len(b) != 0 {
		return nil, bad("trailing bytes")
	}
	return c, nil
}

// loadCatalog reads the catalog from the control file through st.
func loadCatalog(st page.Store) (*catalog, error) {
	mp, err := st.Read(page.MetaPage)
	if err != nil {
		return nil, err
	}
	pl := mp.Payload()
	if string(pl[:4]) != ctlMagic {
		return nil, fmt.Errorf("%w: control file has no catalog", ErrCorrupt)
	}
	n := int(binary.LittleEndian.Uint32(pl[4:]))
	sum := binary.LittleEndian.Uint32(pl[8:])
	next := binary.LittleEndian.Uint32(pl[12:])
	if n > int(st.Pages())*chunkPayload {
		return nil, fmt.Errorf("%w: catalog length %d", ErrCorrupt, n)
	}
	blob := make([]byte, 0, n)
	for hops := 0; next != 0; hops++ {
		if hops > int(st.Pages()) {
			return nil, fmt.Errorf("%w: catalog chain loops", ErrCorrupt)
		}
		cp, err := st.Read(next)
		if err != nil {
			return nil, err
		}
		if cp.Type() != page.TypeCatalog {
			return nil, fmt.Errorf("%w: catalog page %d has type %v", ErrCorrupt, next, cp.Type())
		}
		cpl := cp.Payload()
		k := int(binary.LittleEndian.Uint32(cpl[4:]))
		if k > chunkPayload || len(blob)+k > n {
			return nil, fmt.Errorf("%w: catalog chunk of %d bytes", ErrCorrupt, k)
		}
		blob = append(blob, cpl[8:8+k]...)
		next = binary.LittleEndian.Uint32(cpl)
	}
	if len(blob) != n || page.Checksum(blob) != sum {
		return nil, fmt.Errorf("%w: catalog checksum mismatch", ErrCorrupt)
	}
	return decodeCatalog(blob)
}

// catalogPages lists the chain pages, for Check.
func catalogPages(st page.Store) ([]uint32, error) {
	mp, err := st.Read(page.MetaPage)
	if err != nil {
		return nil, err
	}
	var out []uint32
	for next := binary.LittleEndian.Uint32(mp.Payload()[12:]); next != 0; {
		if len(out) > int(st.Pages()) {
			return nil, fmt.Errorf("%w: catalog chain loops", ErrCorrupt)
		}
		out = append(out, next)
		cp, err := st.Read(next)
		if err != nil {
			return nil, err
		}
		next = binary.LittleEndian.Uint32(cp.Payload())
	}
	return out, nil
}

// storeCatalog replaces the catalog chain with c's encoding.
func storeCatalog(st page.Store, c *catalog) error {
	old, err := catalogPages(st)
	if err != nil {
		return err
	}
	for _, no := range old {
		if err := st.Free(no); err != nil {
			return err
		}
	}
	blob := c.encode()
	var first, prev uint32
	var prevPage page.Page
	for off := 0; off < len(blob); off += chunkPayload {
		end := min(off+chunkPayload, len(blob))
		no, cp, err := st.Alloc(page.TypeCatalog)
		if err != nil {
			return err
		}
		cpl := cp.Payload()
		binary.LittleEndian.PutUint32(cpl[4:], uint32(end-off))
		copy(cpl[8:], blob[off:end])
		if prev == 0 {
			first = no
		} else {
			binary.LittleEndian.PutUint32(prevPage.Payload(), no)
		}
		prev, prevPage = no, cp
	}
	mp, err := st.Write(page.MetaPage)
	if err != nil {
		return err
	}
	pl := mp.Payload()
	copy(pl, ctlMagic)
	binary.LittleEndian.PutUint32(pl[4:], uint32(len(blob)))
	binary.LittleEndian.PutUint32(pl[8:], page.Checksum(blob))
	binary.LittleEndian.PutUint32(pl[12:], first)
	return nil
}

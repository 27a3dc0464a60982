package heap

import (
	"encoding/binary"
	"fmt"

	"github.com/grumpydb/grumpydb/engine/internal/page"
)

// Layout of the meta page, page 1 (see doc.go). All fields are little-endian.
const (
	metaMagicOff = page.HeaderSize + 0  // uint32: metaMagic
	metaVersion  = page.HeaderSize + 4  // uint16: formatVersion
	metaReserved = page.HeaderSize + 6  // uint16: zero
	metaHint     = page.HeaderSize + 8  // uint32: insert page, 0 for none
	metaDirLen   = page.HeaderSize + 12 // uint32: directory entries in use
	metaDir      = page.HeaderSize + 16 // directory entries
	dirEntrySize = 5                    // uint32 map page, uint8 max entry
	dirCap       = (page.Size - metaDir) / dirEntrySize

	metaMagic     = 0x50414548 // "HEAP" in file order
	formatVersion = 1
)

// meta is the heap's view of its meta page. It starts as the page from Read
// and switches to the page from Write on the first change.
type meta struct {
	st       page.Store
	p        page.Page
	writable bool
}

// loadMeta reads and checks the meta page.
func loadMeta(st page.Store) (*meta, error) {
	if st.Pages() <= page.MetaPage {
		return nil, corrupt(page.MetaPage, "file has %d pages, no meta page", st.Pages())
	}
	p, err := st.Read(page.MetaPage)
	if err != nil {
		return nil, storeErr("read meta", page.MetaPage, err)
	}
	m := &meta{st: st, p: p}
	if err := m.checkHeader(); err != nil {
		return nil, err
	}
	return m, nil
}

func (m *meta) checkHeader() error {
	p := m.p
	switch {
	case p.Type() != page.TypeMeta:
		return corrupt(page.MetaPage, "type %v, want meta", p.Type())
	case binary.LittleEndian.Uint32(p[metaMagicOff:]) != metaMagic:
		return corrupt(page.MetaPage, "not a heap meta page (magic %08x)", binary.LittleEndian.Uint32(p[metaMagicOff:]))
	case binary.LittleEndian.Uint16(p[metaVersion:]) != formatVersion:
		return corrupt(page.MetaPage, "heap format version %d, want %d", binary.LittleEndian.Uint16(p[metaVersion:]), formatVersion)
	case binary.LittleEndian.Uint16(p[metaReserved:]) != 0:
		return corrupt(page.MetaPage, "reserved field not zero")
	case m.dirLen() > dirCap:
		return corrupt(page.MetaPage, "directory length %d exceeds %d", m.dirLen(), dirCap)
	}
	return nil
}

// mutable switches m to a writable copy of the meta page.
func (m *meta) mutable() error {
	if m.writable {
		return nil
	}
	p, err := m.st.Write(page.MetaPage)
	if err != nil {
		return storeErr("write meta", page.MetaPage, err)
	}
	m.p, m.writable = p, true
	return nil
}

func (m *meta) hint() uint32 { return binary.LittleEndian.Uint32(m.p[metaHint:]) }
func (m *meta) dirLen() int  { return int(binary.LittleEndian.Uint32(m.p[metaDirLen:])) }

// setHint records the page inserts should try first.
func (m *meta) setHint(no uint32) error {
	if m.hint() == no {
		return nil
	}
	if err := m.mutable(); err != nil {
		return err
	}
	binary.LittleEndian.PutUint32(m.p[metaHint:], no)
	return nil
}

// dir returns directory entry i: the map page covering data pages
// [i*fsmCap, (i+1)*fsmCap), 0 if there is none yet, and an upper bound of
// the entries on it.
func (m *meta) dir(i int) (no uint32, maxEntry byte) {
	if i >= m.dirLen() {
		return 0, 0
	}
	e := metaDir + dirEntrySize*i
	return binary.LittleEndian.Uint32(m.p[e:]), m.p[e+4]
}

// setDir changes directory entry i, growing the directory if needed.
func (m *meta) setDir(i int, no uint32, maxEntry byte) error {
	if err := m.mutable(); err != nil {
		return err
	}
	e := metaDir + dirEntrySize*i
	binary.LittleEndian.PutUint32(m.p[e:], no)
	m.p[e+4] = maxEntry
	if i >= m.dirLen() {
		binary.LittleEndian.PutUint32(m.p[metaDirLen:], uint32(i+1))
	}
	return nil
}

// Init formats the heap's meta page in a fresh file, whose page 1 must have
// an all-zero payload. It returns ErrFormatted otherwise.
func Init(st page.Store) error {
	if st.Pages() <= page.MetaPage {
		return fmt.Errorf("heap: file has %d pages, no meta page: %w", st.Pages(), page.ErrOutOfRange)
	}
	p, err := st.Read(page.MetaPage)
	if err != nil {
		return storeErr("read meta", page.MetaPage, err)
	}
	for _, b := range p.Payload() {
		if b != 0 {
			return ErrFormatted
		}
	}
	if p, err = st.Write(page.MetaPage); err != nil {
		return storeErr("write meta", page.MetaPage, err)
	}
	p.SetType(page.TypeMeta)
	binary.LittleEndian.PutUint32(p[metaMagicOff:], metaMagic)
	binary.LittleEndian.PutUint16(p[metaVersion:], formatVersion)
	return nil
}

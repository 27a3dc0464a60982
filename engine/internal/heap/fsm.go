package heap

import (
	"encoding/binary"

	"github.com/grumpydb/grumpydb/engine/internal/page"
)

// Layout of a free-space map page (see doc.go). All fields are
// little-endian. Map pages have type page.TypeMeta.
const (
	fsmMagicOff = page.HeaderSize + 0 // uint32: fsmMagic
	fsmIndexOff = page.HeaderSize + 4 // uint32: directory index of this page
	fsmEntries  = page.HeaderSize + 8 // one byte per page number
	fsmCap      = page.Size - fsmEntries

	fsmMagic = 0x4d534648 // "HFSM" in file order

	// granule is the unit in which map entries count free bytes.
	granule = 32
)

// MaxDataPage is the highest page number a data page may have: the
// free-space map, which also registers every data page, covers page numbers
// [0, MaxDataPage]. With 8 KiB pages that is a data file of about 101 GiB.
const MaxDataPage = dirCap*fsmCap - 1

// entryFor returns the map entry of a data page with free bytes free: 1 plus
// the number of whole granules a new record could use after paying for a new
// slot. Entry 0 means "not a data page"; entry 1 means "no useful space" and
// is also what the insert page (the meta page's hint) is given.
func entryFor(free int) byte {
	a := max(free-slotSize, 0)
	return byte(1 + a/granule)
}

// entryNeeded returns the smallest map entry that guarantees room for a
// record of n stored bytes (and a new slot). It is always at least 2.
func entryNeeded(n int) byte { return byte(1 + (max(n, 1)+granule-1)/granule) }

// hintEntry is the map entry of the insert page.
const hintEntry = 1

// fsmPage is a view of one free-space map page.
type fsmPage struct {
	no  uint32
	idx int
	p   page.Page
}

func (f fsmPage) entries() []byte { return f.p[fsmEntries:] }

func initFSM(p page.Page, idx int) {
	clear(p.Payload())
	p.SetType(page.TypeMeta)
	binary.LittleEndian.PutUint32(p[fsmMagicOff:], fsmMagic)
	binary.LittleEndian.PutUint32(p[fsmIndexOff:], uint32(idx))
}

// mapPage reads and checks the map page of directory entry i; ok is false if
// the entry has no page yet.
func (m *meta) mapPage(i int) (f fsmPage, ok bool, err error) {
	no, _ := m.dir(i)
	if no == 0 {
		return fsmPage{}, false, nil
	}
	if no <= page.MetaPage || no >= m.st.Pages() {
		return fsmPage{}, false, corrupt(page.MetaPage, "directory entry %d names page %d, out of range", i, no)
	}
	p, err := m.st.Read(no)
	if err != nil {
		return fsmPage{}, false, storeErr("read free-space map", no, err)
	}
	switch {
	case p.Type() != page.TypeMeta || binary.LittleEndian.Uint32(p[fsmMagicOff:]) != fsmMagic:
		return fsmPage{}, false, corrupt(no, "not a free-space map page (type %v)", p.Type())
	case binary.LittleEndian.Uint32(p[fsmIndexOff:]) != uint32(i):
		return fsmPage{}, false, corrupt(no, "free-space map page says index %d, directory says %d", binary.LittleEndian.Uint32(p[fsmIndexOff:]), i)
	}
	return fsmPage{no: no, idx: i, p: p}, true, nil
}

// setMapEntry sets the map entry of page no to v, creating the map page if
// needed and raising the directory's bound.
func (m *meta) setMapEntry(no uint32, v byte) error {
	i, j := int(no/fsmCap), int(no%fsmCap)
	if i >= dirCap {
		if v == 0 {
			return nil
		}
		return ErrHeapFull
	}
	f, ok, err := m.mapPage(i)
	if err != nil {
		return err
	}
	if !ok {
		if v == 0 {
			return nil
		}
		fno, p, err := m.st.Alloc(page.TypeMeta)
		if err != nil {
			return storeErr("allocate free-space map", 0, err)
		}
		initFSM(p, i)
		if err := m.setDir(i, fno, 0); err != nil {
			return err
		}
		f = fsmPage{no: fno, idx: i, p: p}
	} else {
		if f.entries()[j] == v {
			return nil
		}
		if f.p, err = m.st.Write(f.no); err != nil {
			return storeErr("write free-space map", f.no, err)
		}
	}
	f.entries()[j] = v
	if _, mx := m.dir(i); v > mx {
		return m.setDir(i, f.no, v)
	}
	return nil
}

// findPage returns the lowest-numbered data page whose map entry is at least
// need. A map page searched in vain gets its directory
// bound lowered to its true maximum, so it is not searched again for that
// size; the search is therefore bounded by the directory length plus one
// map page per failed bound.
func (m *meta) findPage(need byte) (uint32, bool, error) {
	for i := range m.dirLen() {
		if _, mx := m.dir(i); mx < need {
			continue
		}
		f, ok, err := m.mapPage(i)
		if err != nil {
			return 0, false, err
		}
		if !ok {
			continue
		}
		base := uint32(i) * fsmCap
		var top byte
		for j, v := range f.entries() {
			if v >= need {
				return base + uint32(j), true, nil
			}
			top = max(top, v)
		}
		if err := m.setDir(i, f.no, top); err != nil {
			return 0, false, err
		}
	}
	return 0, false, nil
}

// eachDataPage calls fn with every registered data page and its map entry,
// in page-number order.
func (m *meta) eachDataPage(fn func(no uint32, entry byte) error) error {
	for i := range m.dirLen() {
		f, ok, err := m.mapPage(i)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		base := uint32(i) * fsmCap
		for j, v := range f.entries() {
			if v == 0 {
				continue
			}
			no := base + uint32(j)
			if no <= page.MetaPage || no >= m.st.Pages() {
				return corrupt(f.no, "free-space map registers page %d, out of range", no)
			}
			if err := fn(no, v); err != nil {
				return err
			}
		}
	}
	return nil
}

package heap

import (
	"errors"
	"slices"

	"github.com/grumpydb/grumpydb/engine/internal/page"
)

// checker accumulates the pages Check has seen.
type checker struct {
	st   page.Store
	used map[uint32]string
}

// mark records that page no is used as what, failing if it already is.
func (c *checker) mark(no uint32, what string, by uint32) error {
	if no == 0 || no >= c.st.Pages() {
		return corrupt(by, "%s page %d out of range", what, no)
	}
	if prev, ok := c.used[no]; ok {
		return corrupt(no, "used twice: as %s and as %s", prev, what)
	}
	c.used[no] = what
	return nil
}

// Check verifies the heap's invariants and returns every page it uses (the
// meta page, free-space map pages, data pages and overflow pages) in
// ascending order, and the number of live records. It verifies:
//   - the meta page and its directory: entries in use are contiguous from
//     0, unused entries are zero, and every bound is at least the largest
//     entry on its map page;
//   - every map page: its type, magic and index;
//   - every registered data page: its slot directory (offsets and lengths
//     inside the record area, no overlaps, no trailing dead slot, not
//     empty), its live and free counts, and that its map entry equals
//     entryFor(free) (hintEntry for the insert page, which must be a
//     registered data page);
//   - every overflow chain: pages of overflow type holding exactly the
//     stub's length, ending where the length says;
//   - that no page is used twice.
//
// Problems are reported as errors wrapping page.ErrCorrupt.
func Check(st page.Store) (pages []uint32, records int, err error) {
	c := &checker{st: st, used: make(map[uint32]string)}
	m, err := loadMeta(st)
	if err != nil {
		return nil, 0, err
	}
	if err := c.mark(page.MetaPage, "meta", page.MetaPage); err != nil {
		return nil, 0, err
	}
	if err := c.checkDirectory(m); err != nil {
		return nil, 0, err
	}
	hint := m.hint()
	err = m.eachDataPage(func(no uint32, entry byte) error {
		n, err := c.checkDataPage(no, entry, no == hint)
		records += n
		return err
	})
	if err != nil {
		return nil, 0, err
	}
	if hint != 0 && c.used[hint] != "data" {
		return nil, 0, corrupt(page.MetaPage, "insert page %d is not a registered data page", hint)
	}
	pages = make([]uint32, 0, len(c.used))
	for no := range c.used {
		pages = append(pages, no)
	}
	slices.Sort(pages)
	return pages, records, nil
}

// checkDirectory verifies the meta page's directory and the map pages it
// names.
func (c *checker) checkDirectory(m *meta) error {
	n := m.dirLen()
	if n > 0 {
		if no, _ := m.dir(n - 1); no == 0 {
			return corrupt(page.MetaPage, "last directory entry %d is empty", n-1)
		}
	}
	for _, b := range m.p[metaDir+dirEntrySize*n:] {
		if b != 0 {
			return corrupt(page.MetaPage, "bytes past directory entry %d are not zero", n)
		}
	}
	for i := range n {
		no, mx := m.dir(i)
		if no == 0 {
			if mx != 0 {
				return corrupt(page.MetaPage, "empty directory entry %d has bound %d", i, mx)
			}
			continue
		}
		f, _, err := m.mapPage(i)
		if err != nil {
			return err
		}
		if err := c.mark(f.no, "free-space map", page.MetaPage); err != nil {
			return err
		}
		if top := slices.Max(f.entries()); top > mx {
			return corrupt(f.no, "largest map entry %d exceeds directory bound %d", top, mx)
		}
	}
	return nil
}

// checkDataPage verifies one registered data page and its overflow chains
// and returns its number of live records.
func (c *checker) checkDataPage(no uint32, entry byte, isHint bool) (int, error) {
	if err := c.mark(no, "data", page.MetaPage); err != nil {
		return 0, err
	}
	d, err := loadData(c.st, no)
	if err != nil {
		return 0, err
	}
	if err := d.verify(); err != nil {
		return 0, err
	}
	if d.live() == 0 {
		return 0, corrupt(no, "registered data page is empty")
	}
	if off, raw := d.slotAt(d.nSlots() - 1); off == 0 && raw == 0 {
		return 0, corrupt(no, "last slot %d is dead", d.nSlots()-1)
	}
	want := entryFor(d.free())
	if isHint {
		want = hintEntry
	}
	if entry != want {
		return 0, corrupt(no, "free-space map entry %d, want %d for %d free bytes", entry, want, d.free())
	}
	for i := range d.nSlots() {
		b, stub, err := d.record(i)
		if errors.Is(err, ErrNoRecord) || !stub {
			continue
		}
		n, first, err := parseStub(no, i, b)
		if err != nil {
			return 0, err
		}
		err = walkChain(c.st, no, first, n, func(ov uint32, _ []byte) error {
			return c.mark(ov, "overflow", no)
		})
		if err != nil {
			return 0, err
		}
	}
	return d.live(), nil
}

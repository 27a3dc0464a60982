package heap

import (
	"errors"
	"fmt"

	"github.com/grumpydb/grumpydb/engine/internal/page"
)

// openRID returns, for reading, the data page rid names. A page out of range
// or free gives ErrNoRecord; a page of another type is corrupt (no RID the
// heap handed out can name one).
func openRID(st page.Store, rid RID) (dataPage, error) {
	no := rid.Page
	if no <= page.MetaPage || no >= st.Pages() {
		return dataPage{}, fmt.Errorf("heap: record %v: page out of range: %w", rid, ErrNoRecord)
	}
	p, err := st.Read(no)
	if err != nil {
		return dataPage{}, storeErr("read data", no, err)
	}
	switch t := p.Type(); t {
	case page.TypeData:
	case page.TypeFree:
		return dataPage{}, fmt.Errorf("heap: record %v: page is free: %w", rid, ErrNoRecord)
	default:
		return dataPage{}, corrupt(no, "record %v: page type %v, want data", rid, t)
	}
	d := dataPage{no: no, p: p}
	return d, d.checkHeader()
}

// recordAt returns the stored bytes of rid's slot in d.
func recordAt(d dataPage, rid RID) ([]byte, bool, error) {
	b, stub, err := d.record(int(rid.Slot))
	if errors.Is(err, ErrNoRecord) {
		return nil, false, fmt.Errorf("heap: record %v: %w", rid, err)
	}
	return b, stub, err
}

// loadData reads data page no, which the heap's own structures (hint, map)
// refer to, so any problem with it is corruption.
func loadData(st page.Store, no uint32) (dataPage, error) {
	if no <= page.MetaPage || no >= st.Pages() {
		return dataPage{}, corrupt(page.MetaPage, "heap refers to data page %d, out of range", no)
	}
	p, err := st.Read(no)
	if err != nil {
		return dataPage{}, storeErr("read data", no, err)
	}
	d := dataPage{no: no, p: p}
	return d, d.checkHeader()
}

// writable returns a view of d's page obtained from Write.
func (d dataPage) writable(st page.Store) (dataPage, error) {
	p, err := st.Write(d.no)
	if err != nil {
		return dataPage{}, storeErr("write data", d.no, err)
	}
	return dataPage{no: d.no, p: p}, nil
}

func tooLarge(n int) error {
	return fmt.Errorf("%w: %d bytes (max %d)", ErrRecordTooLarge, n, MaxRecordSize)
}

// Insert stores rec and returns its RID. Records longer than MaxInline go to
// an overflow chain. On error the store may hold partial changes; the
// transaction must then be abandoned.
func Insert(st page.Store, rec []byte) (RID, error) {
	if len(rec) > MaxRecordSize {
		return RID{}, tooLarge(len(rec))
	}
	m, err := loadMeta(st)
	if err != nil {
		return RID{}, err
	}
	if len(rec) <= MaxInline {
		return m.insertStored(rec, false)
	}
	first, err := writeChain(st, rec)
	if err != nil {
		return RID{}, err
	}
	rid, err := m.insertStored(makeStub(len(rec), first), true)
	if err != nil {
		_ = freeChain(st, page.MetaPage, first, len(rec)) // best effort
		return RID{}, err
	}
	return rid, nil
}

// insertStored puts b (a record or a stub) into the insert page.
func (m *meta) insertStored(b []byte, stub bool) (RID, error) {
	d, err := m.choosePage(len(b))
	if err != nil {
		return RID{}, err
	}
	slot, err := d.freeSlot()
	if err != nil {
		return RID{}, err
	}
	if err := d.put(slot, b, stub); err != nil {
		return RID{}, err
	}
	return RID{Page: d.no, Slot: uint16(slot)}, nil
}

// choosePage returns, writable, a data page with room for n stored bytes,
// and makes it the insert page: the current insert page if the bytes fit,
// else the lowest-numbered page the free-space map says has room, else a
// new page. The insert page's map entry is kept at hintEntry, so filling it
// never touches the map; the page it replaces gets its true entry back.
func (m *meta) choosePage(n int) (dataPage, error) {
	var old dataPage
	if h := m.hint(); h != 0 {
		d, err := loadData(m.st, h)
		if err != nil {
			return dataPage{}, err
		}
		if d.fits(n) {
			return d.writable(m.st)
		}
		old = d
	}
	no, found, err := m.findPage(entryNeeded(n))
	if err != nil {
		return dataPage{}, err
	}
	var d dataPage
	if found {
		if d, err = loadData(m.st, no); err != nil {
			return dataPage{}, err
		}
		if !d.fits(n) {
			return dataPage{}, corrupt(no, "free-space map promises room for %d bytes, page has %d free", n, d.free())
		}
		if d, err = d.writable(m.st); err != nil {
			return dataPage{}, err
		}
	} else {
		no, p, err := m.st.Alloc(page.TypeData)
		if err != nil {
			return dataPage{}, storeErr("allocate data", 0, err)
		}
		if no > MaxDataPage {
			_ = m.st.Free(no) // best effort: the insert fails either way
			return dataPage{}, fmt.Errorf("%w: page %d is past %d", ErrHeapFull, no, MaxDataPage)
		}
		initData(p)
		d = dataPage{no: no, p: p}
	}
	if err := m.setMapEntry(d.no, hintEntry); err != nil {
		return dataPage{}, err
	}
	if old.p != nil {
		if err := m.setMapEntry(old.no, entryFor(old.free())); err != nil {
			return dataPage{}, err
		}
	}
	return d, m.setHint(d.no)
}

// Get returns the record rid names. An inline record's bytes alias page
// memory: they stay valid until the transaction ends or the heap is next
// changed in it, and must not be modified. An overflow record is a fresh
// copy.
func Get(st page.Store, rid RID) ([]byte, error) {
	d, err := openRID(st, rid)
	if err != nil {
		return nil, err
	}
	b, stub, err := recordAt(d, rid)
	if err != nil || !stub {
		return b, err
	}
	n, first, err := parseStub(d.no, int(rid.Slot), b)
	if err != nil {
		return nil, err
	}
	return readChain(st, d.no, first, n)
}

// Update replaces the record rid names by rec. The record stays under its
// RID when the new bytes fit its page (an overflow record always does);
// otherwise it moves and the new RID is returned. On error the store may
// hold partial changes; the transaction must then be abandoned.
func Update(st page.Store, rid RID, rec []byte) (RID, error) {
	if len(rec) > MaxRecordSize {
		return RID{}, tooLarge(len(rec))
	}
	m, err := loadMeta(st)
	if err != nil {
		return RID{}, err
	}
	d, err := openRID(st, rid)
	if err != nil {
		return RID{}, err
	}
	old, oldStub, err := recordAt(d, rid)
	if err != nil {
		return RID{}, err
	}
	var oldN int
	var oldFirst uint32
	if oldStub {
		if oldN, oldFirst, err = parseStub(d.no, int(rid.Slot), old); err != nil {
			return RID{}, err
		}
	}
	if len(rec) > MaxInline {
		var first uint32
		if oldStub {
			first, err = rewriteChain(st, d.no, oldFirst, oldN, rec)
		} else {
			first, err = writeChain(st, rec)
		}
		if err != nil {
			return RID{}, err
		}
		return m.replace(d, rid, makeStub(len(rec), first), true)
	}
	if oldStub {
		if err := freeChain(st, d.no, oldFirst, oldN); err != nil {
			return RID{}, err
		}
	}
	return m.replace(d, rid, rec, false)
}

// replace stores b (a record or a stub) in place of rid's slot in d, or
// moves it to another page when it does not fit.
func (m *meta) replace(d dataPage, rid RID, b []byte, stub bool) (RID, error) {
	slot := int(rid.Slot)
	_, ln, _ := d.slot(slot)
	n := len(b)
	if n > ln && d.free()+ln < n {
		moved, err := m.insertStored(b, stub)
		if err != nil {
			return RID{}, err
		}
		return moved, m.removeSlot(d, slot)
	}
	d, err := d.writable(m.st)
	if err != nil {
		return RID{}, err
	}
	if n <= ln {
		off := d.shrink(slot, n, stub)
		copy(d.p[off:off+n], b)
	} else {
		d.release(slot)
		if err := d.put(slot, b, stub); err != nil {
			return RID{}, err
		}
	}
	return rid, m.refresh(d)
}

// Delete removes the record rid names and frees its overflow pages. A data
// page left empty is returned to the store. On error the store may hold
// partial changes; the transaction must then be abandoned.
func Delete(st page.Store, rid RID) error {
	m, err := loadMeta(st)
	if err != nil {
		return err
	}
	d, err := openRID(st, rid)
	if err != nil {
		return err
	}
	b, stub, err := recordAt(d, rid)
	if err != nil {
		return err
	}
	if stub {
		n, first, err := parseStub(d.no, int(rid.Slot), b)
		if err != nil {
			return err
		}
		if err := freeChain(st, d.no, first, n); err != nil {
			return err
		}
	}
	return m.removeSlot(d, int(rid.Slot))
}

// removeSlot deletes live slot slot of d (its overflow chain, if any, is
// already dealt with), freeing the page if it becomes empty.
func (m *meta) removeSlot(d dataPage, slot int) error {
	d, err := d.writable(m.st)
	if err != nil {
		return err
	}
	d.release(slot)
	d.trim()
	if d.live() > 0 {
		return m.refresh(d)
	}
	if m.hint() == d.no {
		if err := m.setHint(0); err != nil {
			return err
		}
	}
	if err := m.setMapEntry(d.no, 0); err != nil {
		return err
	}
	if err := m.st.Free(d.no); err != nil {
		return storeErr("free data", d.no, err)
	}
	return nil
}

// refresh brings d's map entry up to date after its free space changed. The
// insert page's entry stays hintEntry.
func (m *meta) refresh(d dataPage) error {
	if d.no == m.hint() {
		return nil
	}
	return m.setMapEntry(d.no, entryFor(d.free()))
}

// Scan calls fn for every live record in physical order (by page number,
// then slot), stopping at the first error, which it returns unchanged. The
// bytes follow Get's rules. fn must not change the heap.
func Scan(st page.Store, fn func(RID, []byte) error) error {
	m, err := loadMeta(st)
	if err != nil {
		return err
	}
	return m.eachDataPage(func(no uint32, _ byte) error {
		d, err := loadData(st, no)
		if err != nil {
			return err
		}
		for i := range d.nSlots() {
			b, stub, err := d.record(i)
			if errors.Is(err, ErrNoRecord) {
				continue
			}
			if err != nil {
				return err
			}
			if stub {
				n, first, err := parseStub(no, i, b)
				if err != nil {
					return err
				}
				if b, err = readChain(st, no, first, n); err != nil {
					return err
				}
			}
			if err := fn(RID{Page: no, Slot: uint16(i)}, b); err != nil {
				return err
			}
		}
		return nil
	})
}

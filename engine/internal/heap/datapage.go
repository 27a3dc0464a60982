package heap

import (
	"encoding/binary"
	"errors"
	"slices"

	"github.com/grumpydb/grumpydb/engine/internal/page"
)

// Layout of a slotted data page (see doc.go). All fields are little-endian.
const (
	dpNSlots    = page.HeaderSize + 0 // uint16: slot directory entries
	dpDataStart = page.HeaderSize + 2 // uint16: lowest byte of the record area
	dpFree      = page.HeaderSize + 4 // uint16: free bytes, counting holes
	dpLive      = page.HeaderSize + 6 // uint16: live slots
	dpSlots     = page.HeaderSize + 8 // first slot entry

	slotSize = 4                                // offset uint16, length+flag uint16
	maxSlots = (page.Size - dpSlots) / slotSize // a page of empty records
	stubFlag = 0x8000                           // slot length flag: the bytes are a stub
	lenMask  = 0x7fff

	// emptyFree is the free space of a data page with no slots.
	emptyFree = page.Size - dpSlots
)

// MaxInline is the longest record stored inside a data page; longer ones go
// to an overflow chain. It is just over half a page so that the 4.1 KB
// "large" benchmark document stays inline (BENCHMARKS.md §2) while a page
// still holds several records of ordinary size.
const MaxInline = 4096 + 512

// dataPage is a view of one slotted data page. The view does not own the
// page: a view over a page from Read must only be read.
type dataPage struct {
	no uint32
	p  page.Page
}

func (d dataPage) u16(off int) int    { return int(binary.LittleEndian.Uint16(d.p[off:])) }
func (d dataPage) put16(off, v int)   { binary.LittleEndian.PutUint16(d.p[off:], uint16(v)) }
func (d dataPage) nSlots() int        { return d.u16(dpNSlots) }
func (d dataPage) dataStart() int     { return d.u16(dpDataStart) }
func (d dataPage) free() int          { return d.u16(dpFree) }
func (d dataPage) live() int          { return d.u16(dpLive) }
func (d dataPage) dirEnd() int        { return dpSlots + slotSize*d.nSlots() }
func (d dataPage) setNSlots(n int)    { d.put16(dpNSlots, n) }
func (d dataPage) setDataStart(n int) { d.put16(dpDataStart, n) }
func (d dataPage) setFree(n int)      { d.put16(dpFree, n) }
func (d dataPage) setLive(n int)      { d.put16(dpLive, n) }
func (d dataPage) slotAt(i int) (off, raw int) {
	e := dpSlots + slotSize*i
	return d.u16(e), d.u16(e + 2)
}

// slot returns slot i's offset, stored length and stub flag, unchecked.
func (d dataPage) slot(i int) (off, n int, stub bool) {
	off, raw := d.slotAt(i)
	return off, raw & lenMask, raw&stubFlag != 0
}

func (d dataPage) setSlot(i, off, n int, stub bool) {
	raw := n
	if stub {
		raw |= stubFlag
	}
	e := dpSlots + slotSize*i
	d.put16(e, off)
	d.put16(e+2, raw)
}

// initData formats p as an empty data page.
func initData(p page.Page) {
	p.SetType(page.TypeData)
	clear(p.Payload())
	d := dataPage{p: p}
	d.setDataStart(page.Size)
	d.setFree(emptyFree)
}

// checkHeader verifies the page type and the header fields against each
// other in O(1).
func (d dataPage) checkHeader() error {
	if t := d.p.Type(); t != page.TypeData {
		return corrupt(d.no, "type %v, want data", t)
	}
	n, ds, free, live := d.nSlots(), d.dataStart(), d.free(), d.live()
	switch {
	case n > maxSlots:
		return corrupt(d.no, "%d slots, at most %d fit", n, maxSlots)
	case live > n:
		return corrupt(d.no, "%d live slots of %d", live, n)
	case ds < d.dirEnd() || ds > page.Size:
		return corrupt(d.no, "record area starts at %d, slot directory ends at %d", ds, d.dirEnd())
	case free < ds-d.dirEnd() || free > page.Size-d.dirEnd():
		return corrupt(d.no, "free bytes %d, gap %d", free, ds-d.dirEnd())
	}
	return nil
}

// record returns the stored bytes of slot i (a stub if stub is set), after
// checking the slot against the page. The slice aliases the page and its
// capacity ends with the record. A slot that does not exist or is dead gives
// ErrNoRecord. The header must have passed checkHeader.
func (d dataPage) record(i int) (b []byte, stub bool, err error) {
	if i >= d.nSlots() {
		return nil, false, ErrNoRecord
	}
	off, n, stub := d.slot(i)
	if off == 0 {
		if n != 0 || stub {
			return nil, false, corrupt(d.no, "dead slot %d has length %d", i, n)
		}
		return nil, false, ErrNoRecord
	}
	switch {
	case off < d.dataStart() || off+n > page.Size:
		return nil, false, corrupt(d.no, "slot %d: record [%d,%d) outside record area [%d,%d)", i, off, off+n, d.dataStart(), page.Size)
	case n == 0 && off != page.Size:
		return nil, false, corrupt(d.no, "slot %d: empty record at offset %d, want %d", i, off, page.Size)
	case stub && n != stubSize:
		return nil, false, corrupt(d.no, "slot %d: overflow stub of %d bytes, want %d", i, n, stubSize)
	case !stub && n > MaxInline:
		return nil, false, corrupt(d.no, "slot %d: inline record of %d bytes exceeds %d", i, n, MaxInline)
	}
	return d.p[off : off+n : off+n], stub, nil
}

// verify checks the whole page: header, every slot, that no two records
// overlap, the live count and the free-byte count. It costs O(n log n) in
// the number of slots. (That the last slot is live holds between operations
// only; Check tests it separately.)
func (d dataPage) verify() error {
	if err := d.checkHeader(); err != nil {
		return err
	}
	type span struct{ off, end int }
	n := d.nSlots()
	spans := make([]span, 0, n)
	live, used := 0, 0
	for i := range n {
		b, _, err := d.record(i)
		if errors.Is(err, ErrNoRecord) {
			continue
		}
		if err != nil {
			return err
		}
		live++
		used += len(b)
		if len(b) > 0 {
			off, _, _ := d.slot(i)
			spans = append(spans, span{off, off + len(b)})
		}
	}
	if live != d.live() {
		return corrupt(d.no, "header says %d live slots, found %d", d.live(), live)
	}
	if want := page.Size - d.dirEnd() - used; d.free() != want {
		return corrupt(d.no, "header says %d free bytes, page has %d", d.free(), want)
	}
	slices.SortFunc(spans, func(a, b span) int { return a.off - b.off })
	for k := 1; k < len(spans); k++ {
		if spans[k].off < spans[k-1].end {
			return corrupt(d.no, "records [%d,%d) and [%d,%d) overlap", spans[k-1].off, spans[k-1].end, spans[k].off, spans[k].end)
		}
	}
	return nil
}

// slotCost is the directory space a new record needs: 0 when a dead slot
// can be reused.
func (d dataPage) slotCost() int {
	if d.live() < d.nSlots() {
		return 0
	}
	return slotSize
}

// fits reports whether a record of n stored bytes can be added to the page.
func (d dataPage) fits(n int) bool {
	if d.live() == d.nSlots() && d.nSlots() == maxSlots {
		return false
	}
	return d.free()-d.slotCost() >= n
}

// freeSlot returns the slot a new record should take: the first dead slot,
// or a new one at the end of the directory.
func (d dataPage) freeSlot() (int, error) {
	n := d.nSlots()
	if d.live() == n {
		return n, nil
	}
	for i := range n {
		if off, raw := d.slotAt(i); off == 0 && raw == 0 {
			return i, nil
		}
	}
	return 0, corrupt(d.no, "header says %d live slots of %d but none is dead", d.live(), n)
}

// alloc reserves n bytes for slot i, which must be dead or the next new slot,
// compacting the page if the contiguous gap is too small, and returns the
// offset of the reserved bytes. The caller must have checked that the bytes
// fit (fits, or free space it released itself).
func (d dataPage) alloc(i, n int, stub bool) (int, error) {
	old := d.nSlots()
	newN := max(old, i+1)
	cost := slotSize * (newN - old)
	if i > old || d.free()-cost < n {
		return 0, corrupt(d.no, "no room for %d bytes in slot %d", n, i)
	}
	if d.dataStart()-(dpSlots+slotSize*newN) < n {
		if err := d.compact(); err != nil {
			return 0, err
		}
	}
	off := page.Size
	if n > 0 {
		off = d.dataStart() - n
		d.setDataStart(off)
	}
	d.setNSlots(newN)
	d.setFree(d.free() - n - cost)
	d.setLive(d.live() + 1)
	d.setSlot(i, off, n, stub)
	return off, nil
}

// put stores b in slot i (dead or the next new slot) as alloc does. If the
// page must be compacted first, b is copied beforehand, so it may alias
// this page's records.
func (d dataPage) put(i int, b []byte, stub bool) error {
	if d.dataStart()-(dpSlots+slotSize*max(d.nSlots(), i+1)) < len(b) {
		b = slices.Clone(b)
	}
	off, err := d.alloc(i, len(b), stub)
	if err != nil {
		return err
	}
	copy(d.p[off:off+len(b)], b)
	return nil
}

// release marks live slot i dead and returns its bytes to the free space.
// It leaves the directory length alone (see trim).
func (d dataPage) release(i int) {
	off, n, _ := d.slot(i)
	if n > 0 && off == d.dataStart() {
		d.setDataStart(off + n)
	}
	d.setSlot(i, 0, 0, false)
	d.setFree(d.free() + n)
	d.setLive(d.live() - 1)
}

// trim drops dead slots from the end of the directory.
func (d dataPage) trim() {
	n := d.nSlots()
	for n > 0 {
		if off, raw := d.slotAt(n - 1); off != 0 || raw != 0 {
			break
		}
		n--
		d.setFree(d.free() + slotSize)
	}
	d.setNSlots(n)
}

// shrink replaces live slot i's bytes by the first n of them, n not more
// than its length, keeping the record at the top of its old place so that a
// record at the start of the record area gives its space back to the gap.
func (d dataPage) shrink(i, n int, stub bool) int {
	off, old, _ := d.slot(i)
	newOff := page.Size
	if n > 0 {
		newOff = off + old - n
	}
	if old > 0 && off == d.dataStart() {
		d.setDataStart(min(newOff, off+old))
	}
	d.setFree(d.free() + old - n)
	d.setSlot(i, newOff, n, stub)
	return newOff
}

// compact moves every record to the end of the page so that all free space
// is one gap after the slot directory. Slot numbers do not change. It
// verifies the page first, so corrupt slots are reported, never copied.
func (d dataPage) compact() error {
	if err := d.verify(); err != nil {
		return err
	}
	order := make([]int, 0, d.live())
	for i := range d.nSlots() {
		if off, n, _ := d.slot(i); off != 0 && n > 0 {
			order = append(order, i)
		}
	}
	// Highest offset first: each record then moves up, never onto one not
	// yet moved.
	slices.SortFunc(order, func(a, b int) int {
		oa, _, _ := d.slot(a)
		ob, _, _ := d.slot(b)
		return ob - oa
	})
	top := page.Size
	for _, i := range order {
		off, n, stub := d.slot(i)
		top -= n
		copy(d.p[top:top+n], d.p[off:off+n])
		d.setSlot(i, top, n, stub)
	}
	d.setDataStart(top)
	if top-d.dirEnd() != d.free() {
		return corrupt(d.no, "after compaction gap %d, free %d", top-d.dirEnd(), d.free())
	}
	return nil
}

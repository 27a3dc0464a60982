package heap

import (
	"errors"

	"github.com/grumpydb/grumpydb/engine/internal/page"
)

// Stats describes the space a heap uses.
type Stats struct {
	DataPages     int   // slotted data pages
	OverflowPages int   // overflow chain pages
	Records       int   // live records
	FreeBytes     int64 // free bytes on data pages, holes included
	MapPages      int   // free-space map pages (the meta page not counted)
	RecordBytes   int64 // total length of the live records
}

// GetStats counts the heap's pages and records. It reads every data page
// but no overflow page, so it costs O(data pages); it checks what it reads
// only as far as it needs to.
func GetStats(st page.Store) (Stats, error) {
	m, err := loadMeta(st)
	if err != nil {
		return Stats{}, err
	}
	var s Stats
	for i := range m.dirLen() {
		if no, _ := m.dir(i); no != 0 {
			s.MapPages++
		}
	}
	err = m.eachDataPage(func(no uint32, _ byte) error {
		d, err := loadData(st, no)
		if err != nil {
			return err
		}
		s.DataPages++
		s.FreeBytes += int64(d.free())
		for i := range d.nSlots() {
			b, stub, err := d.record(i)
			if errors.Is(err, ErrNoRecord) {
				continue
			}
			if err != nil {
				return err
			}
			s.Records++
			if !stub {
				s.RecordBytes += int64(len(b))
				continue
			}
			n, _, err := parseStub(no, i, b)
			if err != nil {
				return err
			}
			s.RecordBytes += int64(n)
			s.OverflowPages += chainPages(n)
		}
		return nil
	})
	if err != nil {
		return Stats{}, err
	}
	return s, nil
}

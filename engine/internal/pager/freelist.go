package pager

import (
	"encoding/binary"
	"fmt"

	"github.com/grumpydb/grumpydb/engine/internal/page"
)

// FreePages walks the free list of file no as the snapshot sees it and
// returns its pages. It verifies every link: a cycle, a link out of range,
// a page on the list that is not marked free, or a count that disagrees
// with the header is ErrCorrupt.
func (r *ReadTx) FreePages(no uint32) ([]uint32, error) {
	st, err := r.Store(no)
	if err != nil {
		return nil, err
	}
	hp, err := r.p.get(pageKey{no, 0}, r.snap)
	if err != nil {
		return nil, err
	}
	h := header{hp}
	if err := checkHeader(hp); err != nil {
		return nil, err
	}
	var out []uint32
	seen := make(map[uint32]bool)
	for cur := h.freeHead(); cur != 0; {
		if seen[cur] || cur < 2 || cur >= h.pageCount() || uint32(len(out)) > h.freeCount() {
			return nil, fmt.Errorf("%w: file %d: free list broken at page %d", page.ErrCorrupt, no, cur)
		}
		seen[cur] = true
		pg, err := st.Read(cur)
		if err != nil {
			return nil, err
		}
		if pg.Type() != page.TypeFree {
			return nil, fmt.Errorf("%w: file %d: page %d on the free list has type %v", page.ErrCorrupt, no, cur, pg.Type())
		}
		out = append(out, cur)
		cur = binary.LittleEndian.Uint32(pg.Payload())
	}
	if uint32(len(out)) != h.freeCount() {
		return nil, fmt.Errorf("%w: file %d: free list has %d pages, header says %d", page.ErrCorrupt, no, len(out), h.freeCount())
	}
	return out, nil
}

// Horizon returns the oldest snapshot an open reader holds (or the durable
// sequence number when none is open).
func (p *Pager) Horizon() uint64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.horizonLocked()
}

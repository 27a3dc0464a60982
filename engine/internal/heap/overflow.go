package heap

import (
	"encoding/binary"

	"github.com/grumpydb/grumpydb/engine/internal/page"
)

// Layout of an overflow page (see doc.go). All fields are little-endian.
const (
	ovNext     = page.HeaderSize + 0 // uint32: next page of the chain, 0 at the end
	ovLen      = page.HeaderSize + 4 // uint16: bytes of the record on this page
	ovReserved = page.HeaderSize + 6 // uint16: zero
	ovData     = page.HeaderSize + 8 // chunk bytes
	ovCap      = page.Size - ovData  // chunk bytes per page

	// stubSize is the length of the in-page stub of an overflow record:
	// uint32 total length, uint32 first overflow page.
	stubSize = 8
)

// MaxRecordSize is the longest record the heap stores: the largest encoded
// document plus room for its key and framing.
const MaxRecordSize = 16<<20 + 64<<10

// chainPages returns the number of overflow pages a record of n bytes needs.
func chainPages(n int) int { return (n + ovCap - 1) / ovCap }

// makeStub returns the stub for an overflow record of n bytes whose chain
// starts at first.
func makeStub(n int, first uint32) []byte {
	var b [stubSize]byte
	binary.LittleEndian.PutUint32(b[0:4], uint32(n))
	binary.LittleEndian.PutUint32(b[4:8], first)
	return b[:]
}

// parseStub decodes and checks the stub b found in slot slot of page no.
func parseStub(no uint32, slot int, b []byte) (n int, first uint32, err error) {
	if len(b) != stubSize {
		return 0, 0, corrupt(no, "slot %d: overflow stub of %d bytes", slot, len(b))
	}
	n = int(binary.LittleEndian.Uint32(b[0:4]))
	first = binary.LittleEndian.Uint32(b[4:8])
	if n <= MaxInline || n > MaxRecordSize {
		return 0, 0, corrupt(no, "slot %d: overflow record length %d outside (%d, %d]", slot, n, MaxInline, MaxRecordSize)
	}
	if first <= page.MetaPage {
		return 0, 0, corrupt(no, "slot %d: overflow chain starts at page %d", slot, first)
	}
	return n, first, nil
}

// walkChain follows the overflow chain of a record of n bytes starting at
// page first and calls fn with each page's number and chunk, in order. It
// verifies every page on the way: in range, of overflow type, carrying
// exactly min(remaining, ovCap) bytes, linked onwards while bytes remain and
// ending exactly after the last one. Because every page but the last must
// link on and the last must not, a chain that loops is always reported,
// after at most chainPages(n) reads. owner names the stub for messages.
func walkChain(st page.Store, owner uint32, first uint32, n int, fn func(no uint32, chunk []byte) error) error {
	want := chainPages(n)
	if want > int(st.Pages()) {
		return corrupt(owner, "overflow record of %d bytes needs %d pages, file has %d", n, want, st.Pages())
	}
	no, remaining := first, n
	for i := range want {
		if no <= page.MetaPage || no >= st.Pages() {
			return corrupt(owner, "overflow chain page %d of %d is page %d, out of range", i, want, no)
		}
		p, err := st.Read(no)
		if err != nil {
			return storeErr("read overflow", no, err)
		}
		if t := p.Type(); t != page.TypeOverflow {
			return corrupt(no, "overflow chain page %d of page %d's record has type %v", i, owner, t)
		}
		ln := int(binary.LittleEndian.Uint16(p[ovLen:]))
		next := binary.LittleEndian.Uint32(p[ovNext:])
		if ln != min(remaining, ovCap) || binary.LittleEndian.Uint16(p[ovReserved:]) != 0 {
			return corrupt(no, "overflow chunk of %d bytes, want %d", ln, min(remaining, ovCap))
		}
		remaining -= ln
		switch {
		case i == want-1 && next != 0:
			return corrupt(no, "overflow chain continues past its %d bytes (to page %d)", n, next)
		case i < want-1 && next == 0:
			return corrupt(no, "overflow chain ends after %d of %d bytes", n-remaining, n)
		}
		if err := fn(no, p[ovData:ovData+ln]); err != nil {
			return err
		}
		no = next
	}
	return nil
}

// readChain returns a fresh copy of the overflow record of n bytes.
func readChain(st page.Store, owner uint32, first uint32, n int) ([]byte, error) {
	if chainPages(n) > int(st.Pages()) {
		return nil, corrupt(owner, "overflow record of %d bytes cannot fit a file of %d pages", n, st.Pages())
	}
	out := make([]byte, 0, n)
	err := walkChain(st, owner, first, n, func(_ uint32, chunk []byte) error {
		out = append(out, chunk...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// chainList returns the pages of a verified overflow chain.
func chainList(st page.Store, owner uint32, first uint32, n int) ([]uint32, error) {
	nos := make([]uint32, 0, min(chainPages(n), int(st.Pages())))
	err := walkChain(st, owner, first, n, func(no uint32, _ []byte) error {
		nos = append(nos, no)
		return nil
	})
	return nos, err
}

// fillChain writes rec over the pages pgs (numbered nos), linking them in
// order.
func fillChain(nos []uint32, pgs []page.Page, rec []byte) {
	for i, p := range pgs {
		chunk := rec[i*ovCap : min((i+1)*ovCap, len(rec))]
		var next uint32
		if i+1 < len(nos) {
			next = nos[i+1]
		}
		clear(p.Payload())
		binary.LittleEndian.PutUint32(p[ovNext:], next)
		binary.LittleEndian.PutUint16(p[ovLen:], uint16(len(chunk)))
		copy(p[ovData:], chunk)
	}
}

// allocPages allocates k overflow pages. On failure it frees what it
// allocated.
func allocPages(st page.Store, k int) ([]uint32, []page.Page, error) {
	nos := make([]uint32, 0, k)
	pgs := make([]page.Page, 0, k)
	for range k {
		no, p, err := st.Alloc(page.TypeOverflow)
		if err != nil {
			for _, n := range nos {
				_ = st.Free(n) // best effort: the transaction is failing anyway
			}
			return nil, nil, storeErr("allocate overflow", 0, err)
		}
		nos = append(nos, no)
		pgs = append(pgs, p)
	}
	return nos, pgs, nil
}

// writeChain stores rec in a new overflow chain and returns its first page.
func writeChain(st page.Store, rec []byte) (uint32, error) {
	nos, pgs, err := allocPages(st, chainPages(len(rec)))
	if err != nil {
		return 0, err
	}
	fillChain(nos, pgs, rec)
	return nos[0], nil
}

// rewriteChain replaces the overflow record of n bytes at first by rec,
// reusing its pages, allocating more or freeing the surplus, and returns the
// chain's (possibly new) first page.
func rewriteChain(st page.Store, owner uint32, first uint32, n int, rec []byte) (uint32, error) {
	old, err := chainList(st, owner, first, n)
	if err != nil {
		return 0, err
	}
	want := chainPages(len(rec))
	keep := min(want, len(old))
	extraNos, extraPgs, err := allocPages(st, want-keep)
	if err != nil {
		return 0, err
	}
	nos := append(old[:keep:keep], extraNos...)
	pgs := make([]page.Page, 0, want)
	for _, no := range old[:keep] {
		p, err := st.Write(no)
		if err != nil {
			return 0, storeErr("write overflow", no, err)
		}
		pgs = append(pgs, p)
	}
	pgs = append(pgs, extraPgs...)
	fillChain(nos, pgs, rec)
	for _, no := range old[keep:] {
		if err := st.Free(no); err != nil {
			return 0, storeErr("free overflow", no, err)
		}
	}
	return nos[0], nil
}

// freeChain verifies the overflow record of n bytes at first and returns its
// pages to the store.
func freeChain(st page.Store, owner uint32, first uint32, n int) error {
	nos, err := chainList(st, owner, first, n)
	if err != nil {
		return err
	}
	for _, no := range nos {
		if err := st.Free(no); err != nil {
			return storeErr("free overflow", no, err)
		}
	}
	return nil
}

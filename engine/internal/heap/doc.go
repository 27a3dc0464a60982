// Package heap is GrumpyDB's record heap: it stores the encoded documents of
// a data file (data.db) as variable-length records named by RIDs (page,
// slot), on pages obtained from a page.Store. Records of up to MaxInline
// bytes live inside slotted data pages, several to a page; longer ones, up
// to MaxRecordSize, live in a chain of overflow pages with a small stub in
// the data page. All state lives in pages, so every change is part of the
// Store's transaction; the package keeps nothing in memory between calls.
//
// The heap owns page 1 (the meta page) and every page it allocates. It only
// touches payload bytes [page.HeaderSize, page.Size) and the type byte. All
// multi-byte fields below are little-endian, offsets are from the start of
// the page, and every "reserved" byte is zero.
//
// # Data page (page.TypeData)
//
//	offset  size  field
//	32      2     nslots: slot directory entries
//	34      2     datastart: lowest byte of the record area (page.Size if none)
//	36      2     free: bytes not used by the directory or live records,
//	              = page.Size - (40 + 4*nslots) - sum of live lengths
//	38      2     live: slots holding a record
//	40      4*n   slot directory; slot i at 40+4i:
//	                +0 2  offset of the record's bytes (0: dead slot)
//	                +2 2  bit 15: the bytes are an overflow stub;
//	                      bits 0-14: stored length
//	...           free gap, then the record area [datastart, page.Size):
//	              records packed from the end of the page, holes between
//	              them where records were deleted or shrunk
//
// A dead slot is all zero. A live empty record has offset page.Size. A new
// record takes the first dead slot, else a new slot at the end; deleting the
// last slots shrinks the directory. When the gap is too small for a record
// that free says fits, the page is compacted: records slide to the end of
// the page, keeping their slots. Inline stored lengths are at most
// MaxInline, chosen just over half a page so that the 4.1 KB "large"
// benchmark document stays inline (BENCHMARKS.md §2).
//
// # Overflow stub and overflow page (page.TypeOverflow)
//
// A stub is 8 stored bytes: uint32 record length (MaxInline < n <=
// MaxRecordSize), uint32 first overflow page. An overflow page holds:
//
//	32      4     next page of the chain, 0 on the last page
//	36      2     chunk length
//	38      2     reserved
//	40      ...   chunk: page.Size-40 = 8152 bytes on every page but the last
//
// Reading a chain checks every page's type and chunk length against the
// remaining length, and that it ends exactly when the bytes do. A loop is
// therefore always caught after at most chainPages(n) reads.
//
// # Meta page (page 1, page.TypeMeta)
//
//	32      4     magic "HEAP"
//	36      2     format version (1)
//	38      2     reserved
//	40      4     hint: the insert page, 0 if none
//	44      4     dirlen: directory entries in use
//	48      5*k   directory, up to 1628 entries; entry i:
//	                +0 4  free-space map page for page numbers
//	                      [i*8152, (i+1)*8152), 0 if none yet
//	                +4 1  upper bound of the entries on that map page
//	8188    4     reserved
//
// # Free-space map page (page.TypeMeta)
//
//	32      4     magic "HFSM"
//	36      4     directory index i of this page
//	40      8152  one entry per page number i*8152+j, at byte 40+j
//
// An entry is 0 for a page that is not a data page of this heap; for a data
// page it is 1 + (free-4)/32 (free bytes after paying for a new slot, in
// 32-byte granules), except for the insert page, whose entry is 1. The map
// is thus also the registry of data pages: Scan, Check and GetStats find
// data pages through it, never by trusting page types. Data page numbers
// are limited to MaxDataPage (a data file of about 101 GiB); past that an
// insert needing a new page gets ErrHeapFull.
//
// # Choosing a page
//
// An insert first tries the insert page named by the meta page's hint. If
// the record does not fit there, it takes the lowest-numbered page whose map
// entry guarantees room (entry >= 1 + ceil(n/32)), skipping map pages whose
// directory bound is too small, or else allocates a new page; that page
// becomes the insert page and the previous one gets its true entry back.
// Filling the insert page therefore writes only that page, and an append
// workload fills pages completely. A map page searched in vain gets its
// bound lowered to its true maximum, so every vain scan is paid for by an
// earlier change that raised the bound: a search costs the directory walk
// (at most 1628 entries) plus, amortised, O(1) scans of 8 KiB map pages,
// independent of the heap's size. Deletes and updates keep the entries of the pages they
// change exact (the insert page's excepted).
//
// A data page whose last record is deleted is unregistered and returned to
// the store with Free, so freed pages serve later data or overflow pages;
// overflow pages are freed with their record. Map pages are kept.
//
// # Invariants (verified by Check)
//
//   - Every page is used once: meta, map, data or overflow.
//   - Every registered data page is non-empty, its directory and record area
//     are consistent (offsets and lengths inside the record area, no
//     overlaps, no trailing dead slot), and its live and free counts match
//     its slots.
//   - Every map entry is exact as defined above; the hint names a registered
//     data page whose entry is 1; each directory bound is at least the
//     largest entry on its map page; unused directory bytes are zero.
//   - Every overflow chain holds exactly its stub's length.
//
// # Errors and what must never happen
//
// Impossible page contents give errors wrapping page.ErrCorrupt that name
// the page; the package never panics on them and every loop is bounded by
// the page size or the number of pages. A RID naming no live record gives
// ErrNoRecord. An error from a change (Insert, Update, Delete) may leave the
// store half changed: the caller must abandon the transaction. The bytes
// Get and Scan return for inline records alias page memory: they are valid
// until the transaction ends or the heap is next changed in it, and must not
// be modified. Scan's callback must not change the heap.
package heap

// Package page defines the one on-disk page format every GrumpyDB file uses
// and the Store interface through which the B+Tree and heap packages read and
// change pages.
//
// Every page is exactly Size (8 KiB) bytes and starts with a Header:
//
//	offset size field
//	0      4    CRC32C (Castagnoli) of bytes [4, Size)
//	4      4    page number within its file
//	8      4    file number (persistent id of the file, from the catalog)
//	12     1    page type (Type)
//	13     3    reserved, zero
//	16     8    LSN of the WAL record that last wrote this image
//	24     8    reserved, zero
//	32 ...      payload, owned by the page's user (B+Tree, heap, …)
//
// Invariants:
//   - The checksum, page number and file number are set by the pager just
//     before a page reaches a file and verified just after it is read; a page
//     whose checksum, number or file does not match is reported as
//     ErrCorrupt, never returned.
//   - Users of a Store only ever touch bytes [HeaderSize, Size) and the type
//     byte; they never see a page of another file.
//   - Page 0 of every file is the file header page, owned by the pager. Page 1
//     is the file's meta page, owned by the file's user (root pointers,
//     free-space hints).
package page

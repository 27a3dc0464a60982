package page

// Store is the view of one file that the B+Tree and heap packages work
// through. A Store belongs to one transaction: in a write transaction Write
// and Alloc return private copies that become visible to others only when the
// transaction commits; in a read transaction Write, Alloc and Free return
// ErrReadOnly.
//
// Pages returned by Read must not be modified, and stay valid until the
// transaction ends. A page returned by Write or Alloc may be modified freely
// until the transaction ends; a later Read or Write of the same number in the
// same transaction returns that same modified page.
type Store interface {
	// Read returns page no for reading.
	Read(no uint32) (Page, error)
	// Write returns page no for modification.
	Write(no uint32) (Page, error)
	// Alloc returns a fresh zeroed page of type t, reusing a freed page
	// when there is one.
	Alloc(t Type) (uint32, Page, error)
	// Free returns page no to the file's free list. The caller must hold
	// no other reference to it.
	Free(no uint32) error
	// Pages returns the number of pages in the file (including page 0 and
	// free pages); page numbers are in [0, Pages()).
	Pages() uint32
}

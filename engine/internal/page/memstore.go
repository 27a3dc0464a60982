package page

import "fmt"

// MemStore is an in-memory Store for tests of the packages built on pages. It
// keeps a simple free list and never fails unless told to.
type MemStore struct {
	pages    []Page
	free     []uint32
	readOnly bool
	// FailAfter, when positive, makes the FailAfter-th call from now of
	// Write or Alloc (and every call after it) fail with an error. Zero
	// disables it.
	FailAfter int
}

// NewMemStore returns a store with page 0 (file header) and page 1 (meta,
// zero payload) present.
func NewMemStore() *MemStore {
	return &MemStore{pages: []Page{New(TypeFileHeader), New(TypeMeta)}}
}

// SetReadOnly makes Write, Alloc and Free fail with ErrReadOnly.
func (m *MemStore) SetReadOnly(ro bool) { m.readOnly = ro }

func (m *MemStore) check(no uint32) error {
	if no == 0 || int(no) >= len(m.pages) {
		return fmt.Errorf("%w: %d", ErrOutOfRange, no)
	}
	return nil
}

func (m *MemStore) fail() error {
	if m.FailAfter > 0 {
		m.FailAfter--
		if m.FailAfter == 0 {
			m.FailAfter = 1
			return fmt.Errorf("page: injected failure")
		}
	}
	return nil
}

// Read implements Store.
func (m *MemStore) Read(no uint32) (Page, error) {
	if err := m.check(no); err != nil {
		return nil, err
	}
	return m.pages[no], nil
}

// Write implements Store.
func (m *MemStore) Write(no uint32) (Page, error) {
	if m.readOnly {
		return nil, ErrReadOnly
	}
	if err := m.fail(); err != nil {
		return nil, err
	}
	if err := m.check(no); err != nil {
		return nil, err
	}
	return m.pages[no], nil
}

// Alloc implements Store.
func (m *MemStore) Alloc(t Type) (uint32, Page, error) {
	if m.readOnly {
		return 0, nil, ErrReadOnly
	}
	if err := m.fail(); err != nil {
		return 0, nil, err
	}
	if n := len(m.free); n > 0 {
		no := m.free[n-1]
		m.free = m.free[:n-1]
		m.pages[no] = New(t)
		return no, m.pages[no], nil
	}
	m.pages = append(m.pages, New(t))
	no := uint32(len(m.pages) - 1)
	return no, m.pages[no], nil
}

// Free implements Store.
func (m *MemStore) Free(no uint32) error {
	if m.readOnly {
		return ErrReadOnly
	}
	if err := m.check(no); err != nil || no == MetaPage {
		return fmt.Errorf("%w: cannot free %d", ErrOutOfRange, no)
	}
	for _, f := range m.free {
		if f == no {
			return fmt.Errorf("page: double free of page %d", no)
		}
	}
	m.pages[no] = New(TypeFree)
	m.free = append(m.free, no)
	return nil
}

// Pages implements Store.
func (m *MemStore) Pages() uint32 { return uint32(len(m.pages)) }

// FreePages returns the pages currently on the free list, for checks.
func (m *MemStore) FreePages() []uint32 { return append([]uint32(nil), m.free...) }

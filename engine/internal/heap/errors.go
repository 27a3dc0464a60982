package heap

import (
	"errors"
	"fmt"

	"github.com/grumpydb/grumpydb/engine/internal/page"
)

// Sentinel errors of the heap. Corrupt pages are reported with errors that
// wrap page.ErrCorrupt instead.
var (
	// ErrRecordTooLarge is returned by Insert and Update for a record longer
	// than MaxRecordSize.
	ErrRecordTooLarge = errors.New("heap: record too large")
	// ErrNoRecord is returned when a RID names no live record: its page is
	// out of range or free, or its slot is out of range or deleted.
	ErrNoRecord = errors.New("heap: no such record")
	// ErrHeapFull is returned by Insert and Update when a new data page
	// would lie beyond the page numbers the free-space map can describe
	// (MaxDataPage).
	ErrHeapFull = errors.New("heap: data file full")
	// ErrFormatted is returned by Init when the meta page is not empty.
	ErrFormatted = errors.New("heap: meta page already in use")
)

// corrupt returns an error wrapping page.ErrCorrupt that names page no.
func corrupt(no uint32, format string, args ...any) error {
	return fmt.Errorf("heap: page %d: %s: %w", no, fmt.Sprintf(format, args...), page.ErrCorrupt)
}

// storeErr wraps an error from the page store with what the heap was doing.
func storeErr(op string, no uint32, err error) error {
	return fmt.Errorf("heap: %s page %d: %w", op, no, err)
}

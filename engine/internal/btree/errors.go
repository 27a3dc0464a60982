package btree

import (
	"errors"
	"fmt"

	"github.com/grumpydb/grumpydb/engine/internal/page"
)

// Sentinel errors returned by the tree. Corruption is reported with an error
// wrapping page.ErrCorrupt that names the page.
var (
	// ErrKeyTooLarge is returned for a key longer than MaxKeySize.
	ErrKeyTooLarge = errors.New("btree: key too large")
	// ErrValueTooLarge is returned for a value longer than MaxValueSize.
	ErrValueTooLarge = errors.New("btree: value too large")
	// ErrEmptyKey is returned for a zero-length key.
	ErrEmptyKey = errors.New("btree: empty key")
	// ErrNotFresh is returned by Init when the meta page is already in use.
	ErrNotFresh = errors.New("btree: meta page is not empty")
	// ErrTooTall is returned when a split would make the tree taller than
	// maxHeight levels (impossible for well-formed data).
	ErrTooTall = errors.New("btree: tree height limit reached")
)

// corrupt returns an error wrapping page.ErrCorrupt about page no.
func corrupt(no uint32, format string, args ...any) error {
	return fmt.Errorf("btree: page %d: %s: %w", no, fmt.Sprintf(format, args...), page.ErrCorrupt)
}

// checkKey validates a key given to a point operation.
func checkKey(key []byte) error {
	if len(key) == 0 {
		return ErrEmptyKey
	}
	if len(key) > MaxKeySize {
		return fmt.Errorf("%w: %d bytes, max %d", ErrKeyTooLarge, len(key), MaxKeySize)
	}
	return nil
}

// checkValue validates a value given to Put or Insert.
func checkValue(val []byte) error {
	if len(val) > MaxValueSize {
		return fmt.Errorf("%w: %d bytes, max %d", ErrValueTooLarge, len(val), MaxValueSize)
	}
	return nil
}

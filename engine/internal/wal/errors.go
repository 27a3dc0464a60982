package wal

import "errors"

// ErrCorrupt reports a log file whose header is missing, damaged or of an
// unknown version, or a file that changed underneath an open Log so that a
// record Open had accepted no longer validates.
var ErrCorrupt = errors.New("wal: log corrupt")

// ErrClosed is returned by every method called after Close.
var ErrClosed = errors.New("wal: log closed")

// ErrTooLarge is returned by Append for a payload longer than MaxPayload.
var ErrTooLarge = errors.New("wal: record too large")

// ErrFailed is wrapped, together with the original cause, by every Append
// and Sync after a write or fsync of the log has failed. The Log must be
// closed and reopened.
var ErrFailed = errors.New("wal: log failed after an I/O error")

// ErrInvalidLSN is returned by Sync for an LSN that has not been appended
// and by Reset for a base LSN out of range.
var ErrInvalidLSN = errors.New("wal: invalid LSN")

// ErrInvalidOptions is returned by Open for Options that fail validation.
var ErrInvalidOptions = errors.New("wal: invalid options")

package fsinfo

import "errors"

// Sentinel errors.
var (
	// ErrUnknown means the platform cannot answer the question.
	ErrUnknown = errors.New("fsinfo: unknown on this platform")
	// ErrBadMountInfo means a mountinfo line could not be parsed.
	ErrBadMountInfo = errors.New("fsinfo: malformed mountinfo")
)

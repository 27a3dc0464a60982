package wireerr

import (
	"errors"
	"fmt"
)

// Sentinels of the server's own checks. Their texts are the wire texts;
// the formatted variants below wrap them.
var (
	// ErrNoDatabase: a with_db command before any USE (§4.4).
	ErrNoDatabase = errors.New("no database selected (use USE <db>)")
	// ErrInvalidUUID prefixes `invalid UUID '<text>': <detail>` (§3.3).
	ErrInvalidUUID = errors.New("invalid UUID")
	// ErrInvalidVectorClock prefixes `invalid vector_clock JSON: <detail>`.
	ErrInvalidVectorClock = errors.New("invalid vector_clock JSON")
	// ErrInvalidDepth: RESOLVE's depth is not an integer from 0 to 256.
	ErrInvalidDepth = errors.New("depth must be an integer from 0 to 256")
	// ErrInsertManyShape: INSERTMANY's JSON is not a non-empty array of
	// ["<uuid>", <document>] pairs.
	ErrInsertManyShape = errors.New(`INSERTMANY needs a non-empty array of ["<uuid>", <document>] pairs`)
	// ErrResolvedTooLarge prefixes `resolved document too large: <n>
	// bytes (max 16777216)`.
	ErrResolvedTooLarge = errors.New("resolved document too large")
	// ErrInternal prefixes every `internal error: <detail>`.
	ErrInternal = errors.New("internal error")
)

// InvalidUUID returns `invalid UUID '<text>': <detail>`.
func InvalidUUID(text string, detail error) error {
	return fmt.Errorf("%w '%s': %v", ErrInvalidUUID, text, detail)
}

// InvalidVectorClock returns `invalid vector_clock JSON: <detail>`.
func InvalidVectorClock(detail string) error {
	return fmt.Errorf("%w: %s", ErrInvalidVectorClock, detail)
}

// ResolvedTooLarge returns `resolved document too large: <n> bytes (max <max>)`.
func ResolvedTooLarge(n, max int) error {
	return fmt.Errorf("%w: %d bytes (max %d)", ErrResolvedTooLarge, n, max)
}

// Internal returns `internal error: <detail>`.
func Internal(detail string) error {
	return fmt.Errorf("%w: %s", ErrInternal, detail)
}

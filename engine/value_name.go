package engine

import (
	"fmt"
	"unicode/utf8"
)

// MaxNameLength is the longest tenant, database, collection or index name,
// in bytes (PROTOCOL §7.1).
const MaxNameLength = 64

// ValidateName checks s against the naming rules of PROTOCOL §7.1 for
// tenants, databases, collections and indexes, in the order stated there:
// non-empty, at most 64 bytes, no leading '_' except exactly "_default" and
// "_system", and only the characters [a-z0-9_]. The error wraps
// ErrInvalidName and reads exactly as the protocol says, for example
// "invalid name: invalid character 'A': only [a-z0-9_] allowed".
func ValidateName(s string) error {
	if s == "" {
		return fmt.Errorf("%w: name cannot be empty", ErrInvalidName)
	}
	if len(s) > MaxNameLength {
		return fmt.Errorf("%w: name too long: %d chars (max %d)", ErrInvalidName, len(s), MaxNameLength)
	}
	if s[0] == '_' && s != "_default" && s != "_system" {
		return fmt.Errorf("%w: names starting with '_' are reserved", ErrInvalidName)
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' {
			continue
		}
		r, _ := utf8.DecodeRuneInString(s[i:]) // an invalid byte reads as U+FFFD
		return fmt.Errorf("%w: invalid character '%c': only [a-z0-9_] allowed", ErrInvalidName, r)
	}
	return nil
}

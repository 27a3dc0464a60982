package config

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strings"
)

// NewUUIDv4 returns a random (version 4, RFC 9562 variant) UUID in
// canonical lower-case hyphenated form.
func NewUUIDv4() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go ≥ 1.24)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return formatUUID(b)
}

// ParseUUID accepts a UUID written hyphenated (8-4-4-4-12), as 32 hex
// digits, in braces, or as a urn:uuid: URN, hex digits in either case, and
// returns it in canonical lower-case hyphenated form. The version is not
// checked. Errors wrap ErrInvalidUUID.
func ParseUUID(s string) (string, error) {
	t := s
	switch {
	case len(t) == 45 && strings.EqualFold(t[:9], "urn:uuid:"):
		t = t[9:]
	case len(t) == 38 && t[0] == '{' && t[37] == '}':
		t = t[1:37]
	}
	var digits string
	switch len(t) {
	case 36:
		for _, i := range []int{8, 13, 18, 23} {
			if t[i] != '-' {
				return "", fmt.Errorf("%w: expected '-' at position %d", ErrInvalidUUID, i+1)
			}
		}
		digits = t[0:8] + t[9:13] + t[14:18] + t[19:23] + t[24:36]
	case 32:
		digits = t
	default:
		return "", fmt.Errorf("%w: invalid length %d", ErrInvalidUUID, len(s))
	}
	var b [16]byte
	if _, err := hex.Decode(b[:], []byte(digits)); err != nil {
		return "", fmt.Errorf("%w: invalid hex digit", ErrInvalidUUID)
	}
	return formatUUID(b), nil
}

// SameUUID reports whether a and b name the same UUID, comparing canonical
// forms when both parse and the strings themselves otherwise.
func SameUUID(a, b string) bool {
	ca, errA := ParseUUID(a)
	cb, errB := ParseUUID(b)
	if errA == nil && errB == nil {
		return ca == cb
	}
	return a == b
}

func formatUUID(b [16]byte) string {
	var out [36]byte
	hex.Encode(out[0:8], b[0:4])
	out[8] = '-'
	hex.Encode(out[9:13], b[4:6])
	out[13] = '-'
	hex.Encode(out[14:18], b[6:8])
	out[18] = '-'
	hex.Encode(out[19:23], b[8:10])
	out[23] = '-'
	hex.Encode(out[24:36], b[10:16])
	return string(out[:])
}

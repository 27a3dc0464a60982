package peer

import (
	"encoding/binary"
	"fmt"
	"strings"
)

// The bbolt and Pebble secondary indexes are key spaces of
//
//	email ‖ 0x00 ‖ primary key      (emails never contain NUL)
//	uint64(age) XOR 1<<63, big-endian ‖ primary key
//
// so that one value's entries are contiguous and in value order.

// keySize is the size of a primary key.
const keySize = 16

// emailKey returns the index key of email for primary key pk.
func emailKey(dst []byte, email string, pk []byte) []byte {
	dst = append(dst, email...)
	dst = append(dst, 0)
	return append(dst, pk...)
}

// emailPrefix is the prefix every index key of email starts with.
func emailPrefix(email string) []byte { return append([]byte(email), 0) }

// ageKey returns the index key of age for pk (pk may be nil for a bound).
func ageKey(dst []byte, age int64, pk []byte) []byte {
	dst = binary.BigEndian.AppendUint64(dst, uint64(age)^1<<63)
	return append(dst, pk...)
}

// parseEmailKey splits an email index key into its email and primary key.
func parseEmailKey(k []byte) (string, []byte, error) {
	if len(k) < keySize+1 || k[len(k)-keySize-1] != 0 {
		return "", nil, fmt.Errorf("%w: email index key of %d bytes", ErrBadIndexKey, len(k))
	}
	email := string(k[:len(k)-keySize-1])
	if strings.IndexByte(email, 0) >= 0 {
		return "", nil, fmt.Errorf("%w: NUL inside an email index key", ErrBadIndexKey)
	}
	return email, k[len(k)-keySize:], nil
}

// parseAgeKey splits an age index key into its age and primary key.
func parseAgeKey(k []byte) (int64, []byte, error) {
	if len(k) != 8+keySize {
		return 0, nil, fmt.Errorf("%w: age index key of %d bytes", ErrBadIndexKey, len(k))
	}
	return int64(binary.BigEndian.Uint64(k) ^ 1<<63), k[8:], nil
}

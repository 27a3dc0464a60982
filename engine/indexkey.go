package engine

// Index keys: an order-preserving ("memcomparable") encoding of values.
//
// For all values a and b, bytes.Compare(key(a), key(b)) has the sign of
// Compare(a, b); in particular equal values (30 and 30.0) have identical
// keys. Every key is self-delimiting, so keys of array elements and object
// fields can be concatenated. Layout:
//
//	0x01  no value (noValueKey: a document the indexed path does not reach;
//	      sorts before every value, never produced by appendIndexKey)
//	0x02  null
//	0x03  false
//	0x04  true
//	0x05  number: 8 bytes F, 2 bytes R (big-endian)
//	0x06  string: escaped bytes, terminator
//	0x07  bytes:  escaped bytes, terminator
//	0x08  reference: escaped collection name, terminator, 16 UUID bytes
//	0x09  array:  the key of each element, then 0x00
//	0x0a  object: for each field 0x01, escaped key, terminator, the key of
//	      the value; then 0x00
//
// Numbers: F is the largest float64 not above the number (-0.0 read as
// +0.0), its IEEE bits made order-preserving (sign bit flipped for
// positives, all bits flipped for negatives); R is number − F, which is 0
// for floats and below 2^10 for int64 values (floats are at most 2^10 apart
// below 2^63). Two numbers with the same F differ only by R, which then
// orders them exactly.
//
// Escaping: each 0x00 byte is written 0x00 0xff and the terminator is
// 0x00 0x01, so an escaped string orders like the raw bytes and a string
// sorts before every longer string it prefixes. The array and object end
// byte 0x00 is below every value tag and below the field marker 0x01, so a
// shorter prefix sorts first. Keys may be long; callers truncate them.

import (
	"encoding/binary"
	"math"
	"strings"
)

// Index key tags.
const (
	noValueKey   = 0x01 // a document the indexed path reaches nowhere
	keyNull      = 0x02
	keyFalse     = 0x03
	keyTrue      = 0x04
	keyNumber    = 0x05
	keyString    = 0x06
	keyBytes     = 0x07
	keyRef       = 0x08
	keyArray     = 0x09
	keyObject    = 0x0a
	keyEnd       = 0x00 // end of an array or object
	keyFieldMark = 0x01 // starts each field of an object
)

// appendIndexKey appends the order-preserving key of v to dst.
func appendIndexKey(dst []byte, v Value) []byte {
	switch v.kind {
	case KindNull:
		return append(dst, keyNull)
	case KindBool:
		if v.num != 0 {
			return append(dst, keyTrue)
		}
		return append(dst, keyFalse)
	case KindInt:
		f, r := floorFloat(int64(v.num))
		return appendNumberKey(dst, f, r)
	case KindFloat:
		return appendNumberKey(dst, math.Float64frombits(v.num), 0)
	case KindString:
		return appendEscaped(append(dst, keyString), v.str())
	case KindBytes:
		return appendEscaped(append(dst, keyBytes), v.str())
	case KindRef:
		s := v.str()
		dst = appendEscaped(append(dst, keyRef), s[:len(s)-uuidLen])
		return append(dst, s[len(s)-uuidLen:]...)
	case KindArray:
		dst = append(dst, keyArray)
		for _, e := range v.elems() {
			dst = appendIndexKey(dst, e)
		}
		return append(dst, keyEnd)
	case KindObject:
		dst = append(dst, keyObject)
		for _, f := range v.fields() {
			dst = appendEscaped(append(dst, keyFieldMark), f.Key)
			dst = appendIndexKey(dst, f.Value)
		}
		return append(dst, keyEnd)
	}
	return append(dst, keyNull)
}

// floorFloat returns the largest float64 f not above i, and i − f.
func floorFloat(i int64) (f float64, r uint16) {
	f = float64(i) // rounds to nearest
	if compareIntFloat(i, f) < 0 {
		f = math.Nextafter(f, math.Inf(-1))
	}
	// -2^63 <= f <= i, so int64(f) is exact and the difference is small.
	return f, uint16(i - int64(f))
}

func appendNumberKey(dst []byte, f float64, r uint16) []byte {
	if f == 0 {
		f = 0 // -0.0 keys as +0.0
	}
	bits := math.Float64bits(f)
	if bits>>63 == 0 {
		bits |= 1 << 63
	} else {
		bits = ^bits
	}
	dst = append(dst, keyNumber)
	dst = binary.BigEndian.AppendUint64(dst, bits)
	return binary.BigEndian.AppendUint16(dst, r)
}

// appendEscaped appends s with each 0x00 written as 0x00 0xff, then the
// terminator 0x00 0x01.
func appendEscaped(dst []byte, s string) []byte {
	for {
		i := strings.IndexByte(s, 0)
		if i < 0 {
			break
		}
		dst = append(dst, s[:i]...)
		dst = append(dst, 0x00, 0xff)
		s = s[i+1:]
	}
	dst = append(dst, s...)
	return append(dst, 0x00, 0x01)
}

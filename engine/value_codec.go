package engine

// Storage encoding of values.
//
// A stored document is one format byte followed by one encoded value:
//
//	document = 0x01 value              (0x01: format version 1; other leading
//	                                    bytes are refused as corrupt)
//	value    = tag payload
//
//	tag   kind     payload
//	0x00  null     none
//	0x01  false    none
//	0x02  true     none
//	0x03  int      zigzag(i) as a uvarint: (i << 1) ^ (i >> 63)
//	0x04  float    8 bytes: the IEEE-754 binary64 bits, little-endian;
//	               never NaN or ±Inf (-0.0 is kept)
//	0x05  string   uvarint n, then n bytes of valid UTF-8
//	0x06  bytes    uvarint n, then n bytes
//	0x07  array    uvarint n, then n values
//	0x08  object   uvarint n, then n fields in written order, each:
//	               uvarint k, k bytes of valid UTF-8 key, value;
//	               no two keys equal
//	0x09  ref      uvarint n, then n bytes of collection name (valid per
//	               PROTOCOL §7.1), then the 16 bytes of the UUID
//
// A uvarint is unsigned LEB128 (encoding/binary's Uvarint): 7 bits per
// byte, least significant group first, high bit set on every byte but the
// last, at most 10 bytes, and minimal (no trailing zero groups), so every
// value has exactly one encoding and re-encoding a decoded document gives
// back the same bytes.
//
// Nesting is at most MaxDepth (128) arrays and objects deep. The decoder
// checks every rule above and that nothing follows the value; any breach is
// an error wrapping ErrCorrupt. A length or count is checked against the
// bytes left before anything is allocated for it (each element needs at
// least one byte, each field two), so a corrupt length cannot cause an
// outsized allocation.

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/bits"
	"unicode/utf8"
)

// formatV1 is the leading byte of version 1 of the storage encoding.
const formatV1 = 0x01

// Value tags of the storage encoding.
const (
	tagNull   = 0x00
	tagFalse  = 0x01
	tagTrue   = 0x02
	tagInt    = 0x03
	tagFloat  = 0x04
	tagString = 0x05
	tagBytes  = 0x06
	tagArray  = 0x07
	tagObject = 0x08
	tagRef    = 0x09
)

// AppendEncoded appends the storage encoding of v (format byte included) to
// dst and returns the extended slice. v should have passed ValidateDocument;
// an invalid value encodes into bytes that DecodeValue refuses.
func AppendEncoded(dst []byte, v Value) []byte {
	return appendValue(append(dst, formatV1), v)
}

func appendValue(dst []byte, v Value) []byte {
	switch v.kind {
	case KindNull:
		return append(dst, tagNull)
	case KindBool:
		if v.num != 0 {
			return append(dst, tagTrue)
		}
		return append(dst, tagFalse)
	case KindInt:
		return binary.AppendUvarint(append(dst, tagInt), zigzag(int64(v.num)))
	case KindFloat:
		return binary.LittleEndian.AppendUint64(append(dst, tagFloat), v.num)
	case KindString, KindBytes:
		tag := byte(tagString)
		if v.kind == KindBytes {
			tag = tagBytes
		}
		dst = binary.AppendUvarint(append(dst, tag), v.num)
		return append(dst, v.str()...)
	case KindRef:
		s := v.str()
		dst = binary.AppendUvarint(append(dst, tagRef), uint64(len(s)-uuidLen))
		return append(dst, s...)
	case KindArray:
		dst = binary.AppendUvarint(append(dst, tagArray), v.num)
		for _, e := range v.elems() {
			dst = appendValue(dst, e)
		}
		return dst
	case KindObject:
		dst = binary.AppendUvarint(append(dst, tagObject), v.num)
		for _, f := range v.fields() {
			dst = binary.AppendUvarint(dst, uint64(len(f.Key)))
			dst = append(dst, f.Key...)
			dst = appendValue(dst, f.Value)
		}
		return dst
	}
	return append(dst, tagNull) // unreachable for Values built by this package
}

// encodedSize returns len(AppendEncoded(nil, v)) without encoding.
func encodedSize(v Value) int {
	return 1 + valueSize(v)
}

func valueSize(v Value) int {
	switch v.kind {
	case KindInt:
		return 1 + uvarintLen(zigzag(int64(v.num)))
	case KindFloat:
		return 9
	case KindString, KindBytes:
		return 1 + uvarintLen(v.num) + int(v.num)
	case KindRef:
		return 1 + uvarintLen(v.num-uuidLen) + int(v.num)
	case KindArray:
		n := 1 + uvarintLen(v.num)
		for _, e := range v.elems() {
			n += valueSize(e)
		}
		return n
	case KindObject:
		n := 1 + uvarintLen(v.num)
		for _, f := range v.fields() {
			n += uvarintLen(uint64(len(f.Key))) + len(f.Key) + valueSize(f.Value)
		}
		return n
	}
	return 1
}

func zigzag(i int64) uint64   { return uint64(i<<1) ^ uint64(i>>63) }
func unzigzag(u uint64) int64 { return int64(u>>1) ^ -int64(u&1) }

// uvarintLen is the length of the minimal uvarint encoding of x.
func uvarintLen(x uint64) int { return (bits.Len64(x|1) + 6) / 7 }

// DecodeValue decodes a stored document produced by AppendEncoded. It
// verifies the whole encoding (see the format above) and returns an error
// wrapping ErrCorrupt for anything else; it never panics on any input. The
// strings of the result share one copy of b, so b may be reused afterwards.
func DecodeValue(b []byte) (Value, error) {
	if len(b) == 0 {
		return Value{}, fmt.Errorf("%w: empty value encoding", ErrCorrupt)
	}
	if b[0] != formatV1 {
		return Value{}, fmt.Errorf("%w: unknown value format byte 0x%02x", ErrCorrupt, b[0])
	}
	d := decoder{s: string(b[1:])}
	v, err := d.value(0)
	if err != nil {
		return Value{}, err
	}
	if d.pos != len(d.s) {
		return Value{}, d.fail("trailing bytes after the value")
	}
	return v, nil
}

// decoder reads one encoded value from s, a private copy of the input.
type decoder struct {
	s   string
	pos int
}

// fail returns a corruption error naming the current offset of the input
// (format byte included).
func (d *decoder) fail(what string) error {
	return fmt.Errorf("%w: %s at offset %d", ErrCorrupt, what, d.pos+1)
}

func (d *decoder) value(depth int) (Value, error) {
	if d.pos >= len(d.s) {
		return Value{}, d.fail("truncated value")
	}
	tag := d.s[d.pos]
	d.pos++
	switch tag {
	case tagNull:
		return Value{}, nil
	case tagFalse:
		return Value{kind: KindBool}, nil
	case tagTrue:
		return Value{num: 1, kind: KindBool}, nil
	case tagInt:
		u, err := d.uvarint()
		if err != nil {
			return Value{}, err
		}
		return Int(unzigzag(u)), nil
	case tagFloat:
		if len(d.s)-d.pos < 8 {
			return Value{}, d.fail("truncated float")
		}
		u := le64(d.s[d.pos : d.pos+8])
		if f := math.Float64frombits(u); math.IsNaN(f) || math.IsInf(f, 0) {
			return Value{}, d.fail("NaN or infinite float")
		}
		d.pos += 8
		return Value{num: u, kind: KindFloat}, nil
	case tagString, tagBytes:
		s, err := d.text(tag == tagString)
		if err != nil {
			return Value{}, err
		}
		if tag == tagString {
			return stringValue(KindString, s), nil
		}
		return stringValue(KindBytes, s), nil
	case tagRef:
		return d.ref()
	case tagArray:
		if depth >= MaxDepth {
			return Value{}, d.fail("nesting deeper than 128")
		}
		n, err := d.count(1)
		if err != nil {
			return Value{}, err
		}
		if n == 0 {
			return Value{kind: KindArray}, nil
		}
		elems := make([]Value, n)
		for i := range elems {
			if elems[i], err = d.value(depth + 1); err != nil {
				return Value{}, err
			}
		}
		return arrayValue(elems), nil
	case tagObject:
		if depth >= MaxDepth {
			return Value{}, d.fail("nesting deeper than 128")
		}
		return d.object(depth)
	}
	d.pos--
	return Value{}, d.fail(fmt.Sprintf("unknown value tag 0x%02x", tag))
}

func (d *decoder) object(depth int) (Value, error) {
	start := d.pos
	n, err := d.count(2)
	if err != nil {
		return Value{}, err
	}
	if n == 0 {
		return Value{kind: KindObject}, nil
	}
	fs := make([]Field, n)
	for i := range fs {
		if fs[i].Key, err = d.text(true); err != nil {
			return Value{}, err
		}
		if fs[i].Value, err = d.value(depth + 1); err != nil {
			return Value{}, err
		}
	}
	if hasDuplicateKeys(fs) {
		d.pos = start
		return Value{}, d.fail("object with a repeated key")
	}
	return objectValue(fs), nil
}

func (d *decoder) ref() (Value, error) {
	n, err := d.count(1)
	if err != nil {
		return Value{}, err
	}
	if len(d.s)-d.pos-n < uuidLen {
		return Value{}, d.fail("truncated reference")
	}
	s := d.s[d.pos : d.pos+n+uuidLen]
	if err := ValidateName(s[:n]); err != nil {
		return Value{}, d.fail("reference with an invalid collection name")
	}
	d.pos += n + uuidLen
	return stringValue(KindRef, s), nil
}

// text reads a length-prefixed run of bytes, checking UTF-8 if utf is set.
func (d *decoder) text(utf bool) (string, error) {
	n, err := d.count(1)
	if err != nil {
		return "", err
	}
	s := d.s[d.pos : d.pos+n]
	if utf && !utf8.ValidString(s) {
		return "", d.fail("invalid UTF-8")
	}
	d.pos += n
	return s, nil
}

// count reads a uvarint length of items needing at least minItem bytes each
// and checks that the rest of the input can hold them.
func (d *decoder) count(minItem int) (int, error) {
	u, err := d.uvarint()
	if err != nil {
		return 0, err
	}
	if u > uint64(len(d.s)-d.pos)/uint64(minItem) {
		return 0, d.fail("length exceeds the remaining input")
	}
	return int(u), nil
}

// uvarint reads a minimal unsigned LEB128 integer.
func (d *decoder) uvarint() (uint64, error) {
	if d.pos < len(d.s) && d.s[d.pos] < 0x80 {
		d.pos++
		return uint64(d.s[d.pos-1]), nil
	}
	var x uint64
	var shift uint
	for i := 0; i < binary.MaxVarintLen64; i++ {
		if d.pos >= len(d.s) {
			return 0, d.fail("truncated varint")
		}
		c := d.s[d.pos]
		d.pos++
		if c < 0x80 {
			if c == 0 {
				return 0, d.fail("non-minimal varint")
			}
			if i == binary.MaxVarintLen64-1 && c > 1 {
				return 0, d.fail("varint overflows 64 bits")
			}
			return x | uint64(c)<<shift, nil
		}
		x |= uint64(c&0x7f) << shift
		shift += 7
	}
	return 0, d.fail("varint overflows 64 bits")
}

// le64 reads 8 little-endian bytes.
func le64(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

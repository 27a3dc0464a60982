package engine

// JSON output (PROTOCOL §3.2): compact, fields in written order, integers
// as integers, floats always with a '.' or an exponent, strings escaped
// exactly as the protocol says (no HTML escaping), bytes as "<N bytes>" and
// references as {"$ref":{"collection":"<c>","uuid":"<uuid>"}}.

import (
	"math"
	"strconv"
	"unicode/utf8"
)

// AppendJSON appends the compact JSON form of v (PROTOCOL §3.2) to dst and
// returns the extended slice. A NaN or infinite float, which no stored value
// holds, is written as null; a string that is not valid UTF-8 has each
// invalid byte written as \ufffd.
func AppendJSON(dst []byte, v Value) []byte {
	switch v.kind {
	case KindNull:
		return append(dst, "null"...)
	case KindBool:
		if v.num != 0 {
			return append(dst, "true"...)
		}
		return append(dst, "false"...)
	case KindInt:
		return strconv.AppendInt(dst, int64(v.num), 10)
	case KindFloat:
		return appendJSONFloat(dst, math.Float64frombits(v.num))
	case KindString:
		return appendJSONString(dst, v.str())
	case KindBytes:
		dst = append(dst, "\"<"...)
		dst = strconv.AppendUint(dst, v.num, 10)
		return append(dst, " bytes>\""...)
	case KindRef:
		dst = append(dst, `{"$ref":{"collection":`...)
		dst = appendJSONString(dst, v.RefCollection())
		dst = append(dst, `,"uuid":"`...)
		id := v.RefID()
		dst = append(dst, id.String()...)
		return append(dst, `"}}`...)
	case KindArray:
		dst = append(dst, '[')
		for i, e := range v.elems() {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = AppendJSON(dst, e)
		}
		return append(dst, ']')
	case KindObject:
		dst = append(dst, '{')
		for i, f := range v.fields() {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendJSONString(dst, f.Key)
			dst = append(dst, ':')
			dst = AppendJSON(dst, f.Value)
		}
		return append(dst, '}')
	}
	return append(dst, "null"...)
}

// MarshalJSON returns the compact JSON form of v (PROTOCOL §3.2); it never
// fails.
func (v Value) MarshalJSON() ([]byte, error) { return AppendJSON(nil, v), nil }

// UnmarshalJSON sets *v to the value of the JSON text b, parsed by ParseJSON
// (so references map inbound as PROTOCOL §3.3 says).
func (v *Value) UnmarshalJSON(b []byte) error {
	x, err := ParseJSON(b)
	if err != nil {
		return err
	}
	*v = x
	return nil
}

// hexDigits are the lower-case hex digits of \u00xx escapes.
const hexDigits = "0123456789abcdef"

// jsonEscapeLen gives, for each ASCII byte c, the length of its JSON form
// as the digit jsonEscapeLen[c]: '1' when written raw, '2' for a
// two-character escape (\" \\ \b \t \n \f \r), '6' for \u00xx.
const jsonEscapeLen = "" +
	"66666666222622666666666666666666" + // 0x00-0x1f
	"11211111111111111111111111111111" + // 0x20-0x3f: '"'
	"11111111111111111111111111112111" + // 0x40-0x5f: '\\'
	"11111111111111111111111111111111" //   0x60-0x7f

// appendJSONString appends s as a JSON string.
func appendJSONString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0 // s[start:i] is pending raw output
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if jsonEscapeLen[c] == '1' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\t':
				dst = append(dst, '\\', 't')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\r':
				dst = append(dst, '\\', 'r')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i++
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// appendJSONFloat appends f in the float text of PROTOCOL §3.2: with d the
// shortest round-trip digits and |f| = 0.d × 10^k, plain decimal notation
// for -5 < k ≤ 16 (always with a '.'), otherwise d[0][.rest]e(k-1).
func appendJSONFloat(dst []byte, f float64) []byte {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return append(dst, "null"...)
	}
	if f == 0 {
		if math.Signbit(f) {
			return append(dst, "-0.0"...)
		}
		return append(dst, "0.0"...)
	}
	var buf [32]byte
	digits, k, neg := floatDigits(buf[:0], f)
	if neg {
		dst = append(dst, '-')
	}
	n := len(digits)
	switch {
	case k > 0 && k <= 16 && n <= k:
		dst = append(dst, digits...)
		for i := n; i < k; i++ {
			dst = append(dst, '0')
		}
		return append(dst, '.', '0')
	case k > 0 && k <= 16:
		dst = append(dst, digits[:k]...)
		dst = append(dst, '.')
		return append(dst, digits[k:]...)
	case k > -5 && k <= 0:
		dst = append(dst, '0', '.')
		for i := k; i < 0; i++ {
			dst = append(dst, '0')
		}
		return append(dst, digits...)
	default:
		dst = append(dst, digits[0])
		if n > 1 {
			dst = append(dst, '.')
			dst = append(dst, digits[1:]...)
		}
		dst = append(dst, 'e')
		return strconv.AppendInt(dst, int64(k-1), 10)
	}
}

// floatDigits returns the shortest round-trip decimal digits of a finite,
// non-zero f (no leading or trailing zeros) and k with |f| = 0.digits × 10^k.
// The digits are built in buf.
func floatDigits(buf []byte, f float64) (digits []byte, k int, neg bool) {
	b := strconv.AppendFloat(buf, f, 'e', -1, 64) // [-]d[.ddd]e±xx
	if b[0] == '-' {
		neg = true
		b = b[1:]
	}
	e := len(b) - 1
	for b[e] != 'e' {
		e--
	}
	exp := 0
	for _, c := range b[e+2:] {
		exp = exp*10 + int(c-'0')
	}
	if b[e+1] == '-' {
		exp = -exp
	}
	mant := b[:e]
	if len(mant) > 1 { // drop the '.' after the first digit
		copy(mant[1:], mant[2:])
		mant = mant[:len(mant)-1]
	}
	return mant, exp + 1, neg
}

// jsonSize returns len(AppendJSON(nil, v)) without building the text.
func jsonSize(v Value) int {
	switch v.kind {
	case KindBool:
		if v.num != 0 {
			return 4
		}
		return 5
	case KindInt:
		var buf [24]byte
		return len(strconv.AppendInt(buf[:0], int64(v.num), 10))
	case KindFloat:
		var buf [40]byte
		return len(appendJSONFloat(buf[:0], math.Float64frombits(v.num)))
	case KindString:
		return jsonStringSize(v.str())
	case KindBytes:
		var buf [24]byte
		return len(strconv.AppendUint(buf[:0], v.num, 10)) + len(`"< bytes>"`)
	case KindRef:
		return len(`{"$ref":{"collection":,"uuid":""}}`) + jsonStringSize(v.RefCollection()) + 36
	case KindArray:
		n := 2
		for i, e := range v.elems() {
			if i > 0 {
				n++
			}
			n += jsonSize(e)
		}
		return n
	case KindObject:
		n := 2
		for i, f := range v.fields() {
			if i > 0 {
				n++
			}
			n += jsonStringSize(f.Key) + 1 + jsonSize(f.Value)
		}
		return n
	}
	return 4 // null
}

// jsonStringSize returns len(appendJSONString(nil, s)).
func jsonStringSize(s string) int {
	n := 2
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			n += int(jsonEscapeLen[c] - '0')
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			n += 6
		} else {
			n += size
		}
		i += size
	}
	return n
}

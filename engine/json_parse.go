package engine

// JSON input (PROTOCOL §3.3): strict RFC 8259, one value with optional
// surrounding whitespace, nesting at most MaxDepth deep.
//
// The parser copies its input once and points every string without escapes
// into that copy; strings with escapes get their own memory. Elements and
// fields are gathered on two scratch stacks shared by all nesting levels and
// copied into an exactly sized slice when their array or object closes, so
// each composite costs one allocation.

import (
	"fmt"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// ParseJSON parses one JSON value (PROTOCOL §3.3). A literal integer with
// no fraction or exponent that fits int64 is an Int; every other number,
// "-0" included, is a Float. A repeated key keeps its last value at the
// position of its first occurrence. An object that is exactly
// {"$ref":{"collection":"<valid name>","uuid":"<canonical UUID>"}} becomes a
// reference; every near miss stays a plain object. Errors wrap
// ErrInvalidJSON and read "invalid JSON: <detail>". The result does not
// alias b: its strings share one copy of it.
func ParseJSON(b []byte) (Value, error) {
	p := jsonParser{src: string(b)}
	p.elems = p.elemBuf[:0]
	p.fields = p.fieldBuf[:0]
	p.skipSpace()
	v, err := p.value(0)
	if err != nil {
		return Value{}, err
	}
	p.skipSpace()
	if p.pos != len(p.src) {
		return Value{}, p.fail("unexpected " + p.describe() + " after the value")
	}
	return v, nil
}

// jsonParser holds the state of one ParseJSON call.
type jsonParser struct {
	src    string
	pos    int
	elems  []Value // scratch stack of array elements being parsed
	fields []Field // scratch stack of object fields being parsed

	// Initial room for the scratch stacks, so small documents need no
	// growth.
	elemBuf  [16]Value
	fieldBuf [16]Field
}

func (p *jsonParser) fail(detail string) error {
	return fmt.Errorf("%w: %s at offset %d", ErrInvalidJSON, detail, p.pos)
}

// describe names the byte at the current position for error messages.
func (p *jsonParser) describe() string {
	if p.pos >= len(p.src) {
		return "end of input"
	}
	c := p.src[p.pos]
	if c >= 0x20 && c < 0x7f {
		return fmt.Sprintf("character '%c'", c)
	}
	return fmt.Sprintf("byte 0x%02x", c)
}

func (p *jsonParser) skipSpace() {
	for p.pos < len(p.src) {
		switch p.src[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

// value parses the value at the current position; depth is the number of
// arrays and objects enclosing it.
func (p *jsonParser) value(depth int) (Value, error) {
	if p.pos >= len(p.src) {
		return Value{}, p.fail("unexpected end of input")
	}
	switch c := p.src[p.pos]; {
	case c == '{':
		if depth >= MaxDepth {
			return Value{}, p.fail("nesting deeper than 128")
		}
		return p.object(depth)
	case c == '[':
		if depth >= MaxDepth {
			return Value{}, p.fail("nesting deeper than 128")
		}
		return p.array(depth)
	case c == '"':
		s, err := p.string()
		if err != nil {
			return Value{}, err
		}
		return stringValue(KindString, s), nil
	case c == '-' || c >= '0' && c <= '9':
		return p.number()
	case c == 't':
		return p.literal("true", Bool(true))
	case c == 'f':
		return p.literal("false", Bool(false))
	case c == 'n':
		return p.literal("null", Value{})
	}
	return Value{}, p.fail("unexpected " + p.describe())
}

func (p *jsonParser) literal(word string, v Value) (Value, error) {
	if len(p.src)-p.pos < len(word) || p.src[p.pos:p.pos+len(word)] != word {
		return Value{}, p.fail("invalid literal")
	}
	p.pos += len(word)
	return v, nil
}

func (p *jsonParser) array(depth int) (Value, error) {
	p.pos++ // '['
	p.skipSpace()
	if p.pos < len(p.src) && p.src[p.pos] == ']' {
		p.pos++
		return Value{kind: KindArray}, nil
	}
	start := len(p.elems)
	for {
		v, err := p.value(depth + 1)
		if err != nil {
			return Value{}, err
		}
		p.elems = append(p.elems, v)
		p.skipSpace()
		if p.pos >= len(p.src) {
			return Value{}, p.fail("unterminated array")
		}
		c := p.src[p.pos]
		p.pos++
		if c == ']' {
			break
		}
		if c != ',' {
			p.pos--
			return Value{}, p.fail("expected ',' or ']' in array, found " + p.describe())
		}
		p.skipSpace()
	}
	elems := append([]Value(nil), p.elems[start:]...)
	clear(p.elems[start:])
	p.elems = p.elems[:start]
	return arrayValue(elems), nil
}

func (p *jsonParser) object(depth int) (Value, error) {
	p.pos++ // '{'
	p.skipSpace()
	if p.pos < len(p.src) && p.src[p.pos] == '}' {
		p.pos++
		return Value{kind: KindObject}, nil
	}
	start := len(p.fields)
	for {
		if p.pos >= len(p.src) || p.src[p.pos] != '"' {
			return Value{}, p.fail("expected a string key, found " + p.describe())
		}
		key, err := p.string()
		if err != nil {
			return Value{}, err
		}
		p.skipSpace()
		if p.pos >= len(p.src) || p.src[p.pos] != ':' {
			return Value{}, p.fail("expected ':' after an object key, found " + p.describe())
		}
		p.pos++
		p.skipSpace()
		v, err := p.value(depth + 1)
		if err != nil {
			return Value{}, err
		}
		p.fields = append(p.fields, Field{Key: key, Value: v})
		p.skipSpace()
		if p.pos >= len(p.src) {
			return Value{}, p.fail("unterminated object")
		}
		c := p.src[p.pos]
		p.pos++
		if c == '}' {
			break
		}
		if c != ',' {
			p.pos--
			return Value{}, p.fail("expected ',' or '}' in object, found " + p.describe())
		}
		p.skipSpace()
	}
	fs := dedupFields(append([]Field(nil), p.fields[start:]...))
	clear(p.fields[start:])
	p.fields = p.fields[:start]
	if r, ok := inboundRef(fs); ok {
		return r, nil
	}
	return objectValue(fs), nil
}

// inboundRef recognises the inbound reference form of PROTOCOL §3.3:
// exactly {"$ref":{"collection":<valid name>,"uuid":<canonical UUID>}}.
func inboundRef(fs []Field) (Value, bool) {
	if len(fs) != 1 || fs[0].Key != "$ref" || fs[0].Value.kind != KindObject {
		return Value{}, false
	}
	in := fs[0].Value.fields()
	if len(in) != 2 || in[0].Key != "collection" || in[1].Key != "uuid" ||
		in[0].Value.kind != KindString || in[1].Value.kind != KindString {
		return Value{}, false
	}
	coll := in[0].Value.str()
	id, ok := parseCanonicalUUID(in[1].Value.str())
	if !ok || ValidateName(coll) != nil {
		return Value{}, false
	}
	return Ref(coll, id), true
}

// parseCanonicalUUID parses the canonical UUID form only: 36 characters,
// lower-case hex digits, hyphens after the 8th, 12th, 16th and 20th digit.
func parseCanonicalUUID(s string) (id [uuidLen]byte, ok bool) {
	if len(s) != 36 || s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-' {
		return id, false
	}
	j := 0
	for i := 0; i < uuidLen; i++ {
		if j == 8 || j == 13 || j == 18 || j == 23 {
			j++
		}
		hi, ok1 := lowerHex(s[j])
		lo, ok2 := lowerHex(s[j+1])
		if !ok1 || !ok2 {
			return id, false
		}
		id[i] = hi<<4 | lo
		j += 2
	}
	return id, true
}

func lowerHex(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	}
	return 0, false
}

// string parses a JSON string starting at its opening quote.
func (p *jsonParser) string() (string, error) {
	p.pos++ // opening quote
	start := p.pos
	ascii := true
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		switch {
		case c == '"':
			s := p.src[start:p.pos]
			if !ascii && !utf8.ValidString(s) {
				return "", p.fail("invalid UTF-8 in string")
			}
			p.pos++
			return s, nil
		case c == '\\':
			return p.escapedString(start)
		case c < 0x20:
			return "", p.fail("raw control character in string")
		case c >= utf8.RuneSelf:
			ascii = false
		}
		p.pos++
	}
	return "", p.fail("unterminated string")
}

// escapedString finishes a string that holds escapes; src[start:pos] is its
// raw prefix and pos is at the first backslash.
func (p *jsonParser) escapedString(start int) (string, error) {
	buf := make([]byte, 0, p.pos-start+16)
	buf = append(buf, p.src[start:p.pos]...)
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		switch {
		case c == '"':
			p.pos++
			// Escapes produce whole, valid sequences, so checking the result
			// checks exactly the raw bytes.
			if !utf8.Valid(buf) {
				return "", p.fail("invalid UTF-8 in string")
			}
			return string(buf), nil
		case c < 0x20:
			return "", p.fail("raw control character in string")
		case c != '\\':
			buf = append(buf, c)
			p.pos++
			continue
		}
		if p.pos+1 >= len(p.src) {
			break
		}
		e := p.src[p.pos+1]
		p.pos += 2
		switch e {
		case '"', '\\', '/':
			buf = append(buf, e)
		case 'b':
			buf = append(buf, '\b')
		case 'f':
			buf = append(buf, '\f')
		case 'n':
			buf = append(buf, '\n')
		case 'r':
			buf = append(buf, '\r')
		case 't':
			buf = append(buf, '\t')
		case 'u':
			r, err := p.unicodeEscape()
			if err != nil {
				return "", err
			}
			buf = utf8.AppendRune(buf, r)
		default:
			p.pos -= 2
			return "", p.fail("invalid escape in string")
		}
	}
	return "", p.fail("unterminated string")
}

// unicodeEscape reads the XXXX of a \uXXXX escape (pos just after the 'u'),
// joining a surrogate pair into one code point.
func (p *jsonParser) unicodeEscape() (rune, error) {
	r, ok := p.hex4()
	if !ok {
		return 0, p.fail("invalid \\u escape")
	}
	if !utf16.IsSurrogate(r) {
		return r, nil
	}
	if r >= 0xdc00 || len(p.src)-p.pos < 6 || p.src[p.pos] != '\\' || p.src[p.pos+1] != 'u' {
		return 0, p.fail("lone surrogate in \\u escape")
	}
	p.pos += 2
	r2, ok := p.hex4()
	if !ok {
		return 0, p.fail("invalid \\u escape")
	}
	if r2 < 0xdc00 || r2 > 0xdfff {
		return 0, p.fail("lone surrogate in \\u escape")
	}
	return utf16.DecodeRune(r, r2), nil
}

func (p *jsonParser) hex4() (rune, bool) {
	if len(p.src)-p.pos < 4 {
		return 0, false
	}
	var r rune
	for i := 0; i < 4; i++ {
		c := p.src[p.pos+i]
		var d byte
		switch {
		case c >= '0' && c <= '9':
			d = c - '0'
		case c >= 'a' && c <= 'f':
			d = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			d = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(d)
	}
	p.pos += 4
	return r, true
}

// number parses an RFC 8259 number.
func (p *jsonParser) number() (Value, error) {
	start := p.pos
	neg := p.src[p.pos] == '-'
	if neg {
		p.pos++
	}
	// Integer part: 0, or a non-zero digit followed by digits. The magnitude
	// is accumulated while it fits in a uint64.
	if p.pos >= len(p.src) || p.src[p.pos] < '0' || p.src[p.pos] > '9' {
		return Value{}, p.fail("invalid number")
	}
	var mag uint64
	overflow := false
	if p.src[p.pos] == '0' {
		p.pos++
	} else {
		for p.pos < len(p.src) && p.src[p.pos] >= '0' && p.src[p.pos] <= '9' {
			d := uint64(p.src[p.pos] - '0')
			if mag > (1<<64-1-d)/10 {
				overflow = true
			} else {
				mag = mag*10 + d
			}
			p.pos++
		}
	}
	isFloat := false
	if p.pos < len(p.src) && p.src[p.pos] == '.' {
		isFloat = true
		p.pos++
		if !p.digits() {
			return Value{}, p.fail("invalid number: no digit after '.'")
		}
	}
	if p.pos < len(p.src) && (p.src[p.pos] == 'e' || p.src[p.pos] == 'E') {
		isFloat = true
		p.pos++
		if p.pos < len(p.src) && (p.src[p.pos] == '+' || p.src[p.pos] == '-') {
			p.pos++
		}
		if !p.digits() {
			return Value{}, p.fail("invalid number: no digit in the exponent")
		}
	}
	if !isFloat && !overflow {
		switch {
		case !neg && mag <= 1<<63-1:
			return Int(int64(mag)), nil
		case neg && mag != 0 && mag <= 1<<63:
			return Int(-int64(mag-1) - 1), nil
		}
	}
	text := p.src[start:p.pos]
	f, err := strconv.ParseFloat(text, 64)
	if err != nil {
		p.pos = start
		return Value{}, p.fail("number out of range")
	}
	return Float(f), nil
}

// digits consumes one or more decimal digits, reporting whether there was
// at least one.
func (p *jsonParser) digits() bool {
	start := p.pos
	for p.pos < len(p.src) && p.src[p.pos] >= '0' && p.src[p.pos] <= '9' {
		p.pos++
	}
	return p.pos > start
}

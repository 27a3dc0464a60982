package repl

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/google/uuid"
	"github.com/grumpydb/grumpydb/engine"
)

// maxNesting is the deepest nesting the reader accepts (REPL.md §7).
const maxNesting = 128

// ParseValue parses one relaxed-JSON value (REPL.md §7) that must make up
// the whole of text, apart from whitespace and comments.
func ParseValue(text string) (engine.Value, error) {
	s := newScanner(text)
	if err := s.skipSpace(); err != nil {
		return engine.Value{}, err
	}
	v, err := s.value(0)
	if err != nil {
		return engine.Value{}, err
	}
	if err := s.skipSpace(); err != nil {
		return engine.Value{}, err
	}
	if !s.eof() {
		return engine.Value{}, s.errAt(s.pos, "unexpected %s after value", s.describe())
	}
	return v, nil
}

func valueErr(format string, args ...any) error {
	return newError(ErrValue, format, args...)
}

// value reads one relaxed-JSON value at the cursor (no leading space).
func (s *scanner) value(depth int) (engine.Value, error) {
	if depth >= maxNesting {
		return engine.Value{}, s.errAt(s.pos, "nesting deeper than %d levels", maxNesting)
	}
	if s.eof() {
		return engine.Value{}, s.errEOF()
	}
	switch c := s.peek(); {
	case c == '{':
		return s.object(depth)
	case c == '[':
		return s.array(depth)
	case c == '"' || c == '\'':
		str, err := s.str()
		if err != nil {
			return engine.Value{}, err
		}
		return engine.String(str), nil
	case c == '-' || c >= '0' && c <= '9':
		return s.number()
	case c == '$':
		return s.ref()
	case isIdentStart(c):
		start := s.pos
		switch w := s.ident(); w {
		case "true":
			return engine.Bool(true), nil
		case "false":
			return engine.Bool(false), nil
		case "null":
			return engine.Null(), nil
		default:
			return engine.Value{}, s.errAt(start, "unexpected word '%s'", w)
		}
	default:
		return engine.Value{}, s.errAt(s.pos, "unexpected %s", s.describe())
	}
}

func (s *scanner) object(depth int) (engine.Value, error) {
	s.pos++ // {
	var fields []engine.Field
	seen := map[string]bool{}
	err := s.items('}', func() error {
		var key string
		switch c := s.peek(); {
		case c == '"' || c == '\'':
			k, err := s.str()
			if err != nil {
				return err
			}
			key = k
		case isIdentStart(c):
			key = s.ident()
		default:
			return s.errAt(s.pos, "expected a key or '}'")
		}
		if seen[key] {
			return valueErr("duplicate key %s", quoteString(key))
		}
		seen[key] = true
		if err := s.expectChar(':'); err != nil {
			return err
		}
		if err := s.skipSpace(); err != nil {
			return err
		}
		v, err := s.value(depth + 1)
		if err != nil {
			return err
		}
		fields = append(fields, engine.Field{Key: key, Value: v})
		return nil
	})
	if err != nil {
		return engine.Value{}, err
	}
	obj := engine.Object(fields...)
	if r, ok := wireRef(obj); ok {
		return r, nil
	}
	return obj, nil
}

// wireRef reads the wire form {"$ref": {"collection": c, "uuid": u}} as a
// reference when it has exactly that shape.
func wireRef(obj engine.Value) (engine.Value, bool) {
	fs := obj.Fields()
	if len(fs) != 1 || fs[0].Key != "$ref" || fs[0].Value.Kind() != engine.KindObject {
		return engine.Value{}, false
	}
	in := fs[0].Value.Fields()
	if len(in) != 2 || in[0].Key != "collection" || in[1].Key != "uuid" ||
		in[0].Value.Kind() != engine.KindString || in[1].Value.Kind() != engine.KindString {
		return engine.Value{}, false
	}
	if engine.ValidateName(in[0].Value.Str()) != nil {
		return engine.Value{}, false
	}
	id, err := uuid.Parse(in[1].Value.Str())
	if err != nil {
		return engine.Value{}, false
	}
	return engine.Ref(in[0].Value.Str(), id), true
}

func (s *scanner) array(depth int) (engine.Value, error) {
	s.pos++ // [
	var elems []engine.Value
	err := s.items(']', func() error {
		v, err := s.value(depth + 1)
		if err != nil {
			return err
		}
		elems = append(elems, v)
		return nil
	})
	if err != nil {
		return engine.Value{}, err
	}
	return engine.Array(elems...), nil
}

// items reads the rest of a bracketed list whose opening bracket has been
// consumed, up to and including closer. Before each item it skips space and
// stops at closer, so an empty list and a trailing comma are accepted; it
// calls item with the cursor on the item's first character, then wants ','
// or closer. Errors: end of input, or "expected ',' or '<closer>'" at the
// cursor; item's own errors are returned as they are.
func (s *scanner) items(closer rune, item func() error) error {
	for {
		if err := s.skipSpace(); err != nil {
			return err
		}
		if s.eof() {
			return s.errEOF()
		}
		if s.peek() == closer {
			s.pos++
			return nil
		}
		if err := item(); err != nil {
			return err
		}
		if err := s.skipSpace(); err != nil {
			return err
		}
		if s.eof() {
			return s.errEOF()
		}
		switch s.peek() {
		case ',':
			s.pos++
		case closer:
			s.pos++
			return nil
		default:
			return s.errAt(s.pos, "expected ',' or '%c'", closer)
		}
	}
}

// ident reads a run of identifier characters (isIdentPart) at the cursor
// and returns it ("" if none).
func (s *scanner) ident() string {
	start := s.pos
	for s.pos < len(s.src) && isIdentPart(s.src[s.pos]) {
		s.pos++
	}
	return string(s.src[start:s.pos])
}

// str reads a string in either quote style.
func (s *scanner) str() (string, error) {
	start := s.pos
	q := s.src[s.pos]
	s.pos++
	var b strings.Builder
	for {
		if s.eof() || s.peek() == '\n' {
			return "", s.errAt(start, "unterminated string")
		}
		c := s.src[s.pos]
		if c == q {
			s.pos++
			return b.String(), nil
		}
		if c != '\\' {
			b.WriteRune(c)
			s.pos++
			continue
		}
		escPos := s.pos
		s.pos++
		if s.eof() {
			return "", s.errAt(start, "unterminated string")
		}
		e := s.src[s.pos]
		s.pos++
		switch e {
		case '"', '\'', '\\', '/':
			b.WriteRune(e)
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'u':
			r, err := s.hex4(escPos)
			if err != nil {
				return "", err
			}
			if utf16.IsSurrogate(r) {
				if r >= 0xDC00 || s.peek() != '\\' || s.peekAt(1) != 'u' {
					return "", s.errAt(escPos, "lone surrogate \\u%04x", r)
				}
				lowPos := s.pos
				s.pos += 2
				lo, err := s.hex4(lowPos)
				if err != nil {
					return "", err
				}
				full := utf16.DecodeRune(r, lo)
				if full == '\uFFFD' {
					return "", s.errAt(escPos, "lone surrogate \\u%04x", r)
				}
				r = full
			}
			b.WriteRune(r)
		case '\n':
			return "", s.errAt(start, "unterminated string")
		default:
			return "", s.errAt(escPos, "unknown escape \\%c", e)
		}
	}
}

// hex4 reads the four hex digits of a \u escape starting at escPos.
func (s *scanner) hex4(escPos int) (rune, error) {
	if s.pos+4 > len(s.src) {
		return 0, s.errAt(escPos, "bad \\u escape")
	}
	var r rune
	for i := 0; i < 4; i++ {
		c := s.src[s.pos+i]
		var d rune
		switch {
		case c >= '0' && c <= '9':
			d = c - '0'
		case c >= 'a' && c <= 'f':
			d = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			d = c - 'A' + 10
		default:
			return 0, s.errAt(escPos, "bad \\u escape")
		}
		r = r<<4 | d
	}
	s.pos += 4
	return r, nil
}

// number reads a JSON number: an integer without fraction or exponent, a
// float otherwise.
func (s *scanner) number() (engine.Value, error) {
	start := s.pos
	isFloat := false
	if s.peek() == '-' {
		s.pos++
	}
	digits := func() int {
		n := 0
		for s.pos < len(s.src) && s.src[s.pos] >= '0' && s.src[s.pos] <= '9' {
			s.pos++
			n++
		}
		return n
	}
	switch {
	case s.peek() == '0':
		s.pos++
	case s.peek() >= '1' && s.peek() <= '9':
		digits()
	default:
		return engine.Value{}, s.errAt(s.pos, "invalid number")
	}
	if s.peek() == '.' {
		s.pos++
		if digits() == 0 {
			return engine.Value{}, s.errAt(s.pos, "invalid number")
		}
		isFloat = true
	}
	if s.peek() == 'e' || s.peek() == 'E' {
		s.pos++
		if s.peek() == '+' || s.peek() == '-' {
			s.pos++
		}
		if digits() == 0 {
			return engine.Value{}, s.errAt(s.pos, "invalid number")
		}
		isFloat = true
	}
	if s.pos < len(s.src) && (isIdentPart(s.src[s.pos]) || s.src[s.pos] == '.') {
		return engine.Value{}, s.errAt(s.pos, "invalid number")
	}
	text := string(s.src[start:s.pos])
	if !isFloat {
		i, err := strconv.ParseInt(text, 10, 64)
		if err != nil {
			return engine.Value{}, valueErr("integer out of range: %s", text)
		}
		return engine.Int(i), nil
	}
	f, err := strconv.ParseFloat(text, 64)
	if err != nil || math.IsInf(f, 0) {
		return engine.Value{}, valueErr("number out of range: %s", text)
	}
	return engine.Float(f), nil
}

// ref reads $ref("collection", "uuid").
func (s *scanner) ref() (engine.Value, error) {
	start := s.pos
	s.pos++ // $
	if w := s.word(); w != "ref" {
		return engine.Value{}, s.errAt(start, "unexpected '$%s'", w)
	}
	if err := s.skipSpace(); err != nil {
		return engine.Value{}, err
	}
	// want skips space and consumes c, or fails with end of input or
	// "expected '<c>' in $ref" at the cursor.
	want := func(c rune) error {
		if err := s.skipSpace(); err != nil {
			return err
		}
		if s.eof() {
			return s.errEOF()
		}
		if s.peek() != c {
			return s.errAt(s.pos, "expected '%c' in $ref", c)
		}
		s.pos++
		return nil
	}
	expect := func(c rune) error {
		if err := want(c); err != nil {
			return err
		}
		return s.skipSpace()
	}
	strArg := func() (string, error) {
		if s.eof() {
			return "", s.errEOF()
		}
		if c := s.peek(); c != '"' && c != '\'' {
			return "", s.errAt(s.pos, "$ref needs string arguments")
		}
		return s.str()
	}
	if err := expect('('); err != nil {
		return engine.Value{}, err
	}
	coll, err := strArg()
	if err != nil {
		return engine.Value{}, err
	}
	if err := expect(','); err != nil {
		return engine.Value{}, err
	}
	idText, err := strArg()
	if err != nil {
		return engine.Value{}, err
	}
	if err := want(')'); err != nil {
		return engine.Value{}, err
	}
	if err := engine.ValidateName(coll); err != nil {
		return engine.Value{}, err
	}
	id, err := uuid.Parse(idText)
	if err != nil {
		return engine.Value{}, valueErr("$ref needs a full UUID, got '%s'", idText)
	}
	return engine.Ref(coll, id), nil
}

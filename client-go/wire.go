package client

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/grumpydb/grumpydb/engine"
)

// request builds one request line. Word arguments must be non-empty and
// free of whitespace (the server splits on it); rest-of-line arguments
// must be free of CR and LF. The first violation is kept in err and the
// line is never sent.
type request struct {
	b   []byte
	err error
}

// newRequest starts a line with verb (which may hold several keywords,
// e.g. "CREATE COLLECTION").
func newRequest(verb string) *request { return &request{b: append([]byte(nil), verb...)} }

// word appends a single-word argument.
func (r *request) word(what, s string) *request {
	if r.err == nil {
		if s == "" || strings.IndexFunc(s, unicode.IsSpace) >= 0 {
			r.err = fmt.Errorf("%w: %s %q must be one non-empty word", ErrInvalidArgument, what, s)
		} else if !utf8.ValidString(s) {
			r.err = fmt.Errorf("%w: %s is not valid UTF-8", ErrInvalidArgument, what)
		}
	}
	r.b = append(append(r.b, ' '), s...)
	return r
}

// rest appends a rest-of-line argument.
func (r *request) rest(what, s string) *request {
	if r.err == nil {
		if strings.TrimFunc(s, unicode.IsSpace) != s || s == "" {
			r.err = fmt.Errorf("%w: %s must be non-empty without surrounding whitespace", ErrInvalidArgument, what)
		} else if strings.ContainsAny(s, "\r\n") {
			r.err = fmt.Errorf("%w: %s must not contain CR or LF", ErrInvalidArgument, what)
		} else if !utf8.ValidString(s) {
			r.err = fmt.Errorf("%w: %s is not valid UTF-8", ErrInvalidArgument, what)
		}
	}
	r.b = append(append(r.b, ' '), s...)
	return r
}

// key appends a document key in canonical form.
func (r *request) key(k uuid.UUID) *request {
	r.b = append(r.b, ' ')
	r.b = append(r.b, k.String()...)
	return r
}

// json appends x (any Go value engine.ValueOf accepts) as wire JSON. With
// oneWord set, spaces inside strings are escaped as well, for an argument
// that must stay one word.
func (r *request) json(x any, oneWord bool) *request {
	r.b = append(r.b, ' ')
	var err error
	r.b, err = appendWireJSON(r.b, x, oneWord)
	if err != nil && r.err == nil {
		r.err = err
	}
	return r
}

// line returns the finished line or the first argument error.
func (r *request) line() ([]byte, error) { return r.b, r.err }

// appendWireJSON appends the compact JSON of x, converted with
// engine.ValueOf (an engine.Value is taken as is), with every Unicode
// whitespace character other than the plain space — and the plain space
// too when oneWord is set — written as a \uXXXX escape (REPL.md §12.1).
// Compact JSON holds whitespace only inside strings, so replacing it
// everywhere is exact.
func appendWireJSON(dst []byte, x any, oneWord bool) ([]byte, error) {
	v, err := engine.ValueOf(x)
	if err != nil {
		return dst, fmt.Errorf("%w: %w", ErrInvalidValue, err)
	}
	start := len(dst)
	dst = engine.AppendJSON(dst, v)
	js := dst[start:]
	clean := true
	for _, c := range js {
		if c <= ' ' || c >= 0x80 {
			clean = false
			break
		}
	}
	if clean {
		return dst, nil
	}
	s := string(js)
	dst = dst[:start]
	for _, c := range s {
		if unicode.IsSpace(c) && (c != ' ' || oneWord) {
			dst = fmt.Appendf(dst, `\u%04x`, c)
			continue
		}
		dst = utf8.AppendRune(dst, c)
	}
	return dst, nil
}

// Document is one result row: a document and its key.
type Document struct {
	Key   uuid.UUID
	Value engine.Value
}

// Decode stores the document into the Go value dst points at (see
// engine.Value.Decode).
func (d Document) Decode(dst any) error { return d.Value.Decode(dst) }

// parseElement decodes an array element "<uuid> <json>".
func parseElement(b []byte) (Document, error) {
	const keyLen = 36
	if len(b) < keyLen+2 || b[keyLen] != ' ' {
		return Document{}, fmt.Errorf("%w: result element is not \"<uuid> <json>\": %.60q", ErrProtocol, b)
	}
	k, err := uuid.ParseBytes(b[:keyLen])
	if err != nil {
		return Document{}, fmt.Errorf("%w: result key: %w", ErrProtocol, err)
	}
	v, err := engine.ParseJSON(b[keyLen+1:])
	if err != nil {
		return Document{}, fmt.Errorf("%w: result document: %w", ErrProtocol, err)
	}
	return Document{Key: k, Value: v}, nil
}

package protocol

import "strings"

// Kind is the kind of a response (PROTOCOL.md §3.1).
type Kind uint8

// Response kinds. A null bulk is KindBulk with Null set.
const (
	KindNone    Kind = iota // zero value: no response
	KindSimple              // +<text>
	KindError               // -ERR <message>
	KindInteger             // :<n>
	KindBulk                // $<len> <data>, or $-1
	KindArray               // *<count> followed by count bulks
)

// String returns the kind's name ("simple", "error", …).
func (k Kind) String() string {
	switch k {
	case KindSimple:
		return "simple"
	case KindError:
		return "error"
	case KindInteger:
		return "integer"
	case KindBulk:
		return "bulk"
	case KindArray:
		return "array"
	}
	return "none"
}

// Response is one decoded response. Kind says which fields are set:
//
//	KindSimple   Text: the text after '+'
//	KindError    Text: the text after '-', e.g. "ERR not authenticated"
//	KindInteger  Int
//	KindBulk     Bulk (the payload, possibly empty), or Null for $-1
//	KindArray    Array: the elements, each KindBulk
type Response struct {
	Kind  Kind
	Text  string
	Int   int64
	Bulk  []byte
	Null  bool
	Array []Response
}

// Err returns nil unless r is an error response; then it returns a
// *ServerError whose message is the text after "ERR " (clients strip it,
// §3.1). A *ServerError matches ErrServer with errors.Is.
func (r Response) Err() error {
	if r.Kind != KindError {
		return nil
	}
	msg, ok := strings.CutPrefix(r.Text, "ERR ")
	if !ok && r.Text == "ERR" {
		msg = ""
	}
	return &ServerError{Message: msg}
}

// AppendTo appends the wire form of r to dst, with the line safety of the
// Append functions. An error response is written as '-' followed by Text,
// so a decoded response is written back unchanged. A response of KindNone
// appends nothing.
func (r Response) AppendTo(dst []byte) []byte {
	switch r.Kind {
	case KindSimple:
		return AppendSimple(dst, r.Text)
	case KindError:
		dst = append(dst, '-')
		dst = appendSafe(dst, r.Text)
		return append(dst, crlf...)
	case KindInteger:
		return AppendInteger(dst, r.Int)
	case KindBulk:
		if r.Null {
			return AppendNullBulk(dst)
		}
		return AppendBulk(dst, r.Bulk)
	case KindArray:
		dst = AppendArrayHeader(dst, len(r.Array))
		for _, e := range r.Array {
			dst = e.AppendTo(dst)
		}
	}
	return dst
}

package dispatch

import (
	"github.com/google/uuid"
	"github.com/grumpydb/grumpydb/engine"
	"github.com/grumpydb/grumpydb/protocol"
)

func appendArrayHeader(dst []byte, n int) []byte { return protocol.AppendArrayHeader(dst, n) }

func appendBulkString(dst []byte, s string) []byte { return protocol.AppendBulkString(dst, s) }

// docArray accumulates the elements `<uuid> <json>` of an array response
// (§4.5) until the count is known.
type docArray struct {
	n       int
	body    []byte
	scratch []byte
}

// add appends one document element.
func (a *docArray) add(id uuid.UUID, v engine.Value) {
	a.scratch = append(a.scratch[:0], id.String()...)
	a.scratch = append(a.scratch, ' ')
	a.scratch = engine.AppendJSON(a.scratch, v)
	a.body = protocol.AppendBulk(a.body, a.scratch)
	a.n++
}

// appendTo appends the whole array.
func (a *docArray) appendTo(dst []byte) []byte {
	dst = appendArrayHeader(dst, a.n)
	return append(dst, a.body...)
}

// appendDocs appends documents as an array response.
func appendDocs(dst []byte, docs []engine.Document) []byte {
	var a docArray
	for _, d := range docs {
		a.add(d.ID, d.Value)
	}
	return a.appendTo(dst)
}

// appendJSONBulk appends v as a bulk of compact JSON.
func appendJSONBulk(dst []byte, v engine.Value) []byte {
	return protocol.AppendBulk(dst, engine.AppendJSON(nil, v))
}

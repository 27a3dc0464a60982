package dispatch

import (
	"context"
	"errors"
	"strings"

	"github.com/google/uuid"
	"github.com/grumpydb/grumpydb/engine"
	"github.com/grumpydb/grumpydb/protocol"
	"github.com/grumpydb/grumpydb/server/internal/wireerr"
)

// parseKey reads a document key in any of the four accepted forms (§3.3):
// hyphenated, 32 hex digits, {braced}, urn:uuid:; any hex case.
func parseKey(text string) (uuid.UUID, error) {
	id, err := uuid.Parse(text)
	if err != nil {
		return uuid.UUID{}, wireerr.InvalidUUID(text, err)
	}
	return id, nil
}

// parseDoc reads a JSON document or value (§3.3).
func parseDoc(text string) (engine.Value, error) {
	return engine.ParseJSON([]byte(text))
}

// keyed runs the checks every keyed verb starts with, in the order of
// §4.5: a selected database, then the UUID.
func (x *Executor) keyed(r Request) (*engine.DB, uuid.UUID, error) {
	db, err := x.withDB(r)
	if err != nil {
		return nil, uuid.UUID{}, err
	}
	id, err := parseKey(r.Cmd.Key)
	return db, id, err
}

// keyedDoc is keyed followed by the JSON document check.
func (x *Executor) keyedDoc(r Request) (*engine.DB, uuid.UUID, engine.Value, error) {
	db, id, err := x.keyed(r)
	if err != nil {
		return nil, id, engine.Value{}, err
	}
	doc, err := parseDoc(r.Cmd.JSON)
	return db, id, doc, err
}

// writeOK ends a single-document write: fn runs through write (durable,
// or deferred into r.Defer), and the reply is `+OK`.
func writeOK(r Request, db *engine.DB, dst []byte, fn func(tx *engine.Tx) error) ([]byte, error) {
	if err := write(r, db, fn); err != nil {
		return dst, err
	}
	return ok(dst)
}

// writeKeyedDoc is a "<collection> <uuid> <json…>" write (INSERT, UPDATE):
// the keyedDoc checks, then op on the command's collection, key and
// document through writeOK.
func (x *Executor) writeKeyedDoc(r Request, dst []byte, op func(tx *engine.Tx, collection string, id uuid.UUID, doc engine.Value) error) ([]byte, error) {
	db, id, doc, err := x.keyedDoc(r)
	if err != nil {
		return dst, err
	}
	return writeOK(r, db, dst, func(tx *engine.Tx) error { return op(tx, r.Cmd.Collection, id, doc) })
}

// insert is INSERT c k j (§4.5): UUID, JSON, collection, key exists.
func (x *Executor) insert(r Request, dst []byte) ([]byte, error) {
	return x.writeKeyedDoc(r, dst, (*engine.Tx).Insert)
}

// get is GET c k (§4.5): bulk JSON or $-1.
func (x *Executor) get(r Request, dst []byte) ([]byte, error) {
	db, id, err := x.keyed(r)
	if err != nil {
		return dst, err
	}
	v, err := db.Get(r.Cmd.Collection, id)
	if errors.Is(err, engine.ErrKeyNotFound) {
		return protocol.AppendNullBulk(dst), nil
	}
	if err != nil {
		return dst, err
	}
	return appendJSONBulk(dst, v), nil
}

// update is UPDATE c k j (§4.5): full replacement of an existing key.
func (x *Executor) update(r Request, dst []byte) ([]byte, error) {
	return x.writeKeyedDoc(r, dst, (*engine.Tx).Replace)
}

// delete is DELETE c k (§4.5).
func (x *Executor) delete(r Request, dst []byte) ([]byte, error) {
	db, id, err := x.keyed(r)
	if err != nil {
		return dst, err
	}
	return writeOK(r, db, dst, func(tx *engine.Tx) error { return tx.Delete(r.Cmd.Collection, id) })
}

// putWithVC is PUT_WITH_VC c k j vc (§4.5): the clock must be valid JSON
// (checked first; its content is ignored), then an upsert.
func (x *Executor) putWithVC(r Request, dst []byte) ([]byte, error) {
	db, err := x.withDB(r)
	if err != nil {
		return dst, err
	}
	if _, err := engine.ParseJSON([]byte(r.Cmd.VectorClock)); err != nil {
		detail := strings.TrimPrefix(err.Error(), engine.ErrInvalidJSON.Error()+": ")
		return dst, wireerr.InvalidVectorClock(detail)
	}
	id, err := parseKey(r.Cmd.Key)
	if err != nil {
		return dst, err
	}
	doc, err := parseDoc(r.Cmd.JSON)
	if err != nil {
		return dst, err
	}
	return writeOK(r, db, dst, func(tx *engine.Tx) error { return tx.Put(r.Cmd.Collection, id, doc) })
}

// maxKey is the largest UUID, the end of an unbounded SCAN.
var maxKey = uuid.UUID{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}

// scan is SCAN c [s e] (§4.5): start UUID, end UUID, collection; every
// document, or those with s ≤ key ≤ e, ascending.
func (x *Executor) scan(ctx context.Context, r Request, dst []byte) ([]byte, error) {
	db, err := x.withDB(r)
	if err != nil {
		return dst, err
	}
	lo, hi := uuid.UUID{}, maxKey
	if r.Cmd.Start != "" {
		if lo, err = parseKey(r.Cmd.Start); err != nil {
			return dst, err
		}
		if hi, err = parseKey(r.Cmd.End); err != nil {
			return dst, err
		}
	}
	var a docArray
	it := db.Scan(ctx, r.Cmd.Collection, lo, hi)
	for it.Next() {
		d := it.Document()
		a.add(d.ID, d.Value)
	}
	if err := it.Close(); err != nil {
		return dst, err
	}
	if err := it.Err(); err != nil {
		return dst, err
	}
	return a.appendTo(dst), nil
}

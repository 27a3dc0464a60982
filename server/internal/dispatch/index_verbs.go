package dispatch

import (
	"fmt"

	"github.com/grumpydb/grumpydb/engine"
)

// createIndex is CREATE INDEX c i path (§4.6): index name, collection,
// existence; existing documents are indexed at once.
func (x *Executor) createIndex(r Request, dst []byte) ([]byte, error) {
	db, err := x.withDB(r)
	if err != nil {
		return dst, err
	}
	if err := db.CreateIndex(r.Cmd.Collection, r.Cmd.Index, r.Cmd.Path); err != nil {
		return dst, err
	}
	return ok(dst)
}

// dropIndex is DROP INDEX c i (§4.6).
func (x *Executor) dropIndex(r Request, dst []byte) ([]byte, error) {
	db, err := x.withDB(r)
	if err != nil {
		return dst, err
	}
	if err := db.DropIndex(r.Cmd.Collection, r.Cmd.Index); err != nil {
		return dst, err
	}
	return ok(dst)
}

// listIndexes is LIST INDEXES c (§4.6): names in creation order.
func (x *Executor) listIndexes(r Request, dst []byte) ([]byte, error) {
	db, err := x.withDB(r)
	if err != nil {
		return dst, err
	}
	ixs, err := db.Indexes(r.Cmd.Collection)
	if err != nil {
		return dst, err
	}
	names := make([]string, len(ixs))
	for i, ix := range ixs {
		names[i] = ix.Name
	}
	return appendNames(dst, names), nil
}

// query is QUERY c i v (§4.6): JSON, collection, index, then the value
// type. The engine checks the type first, so collection and index are
// looked up here, in the same snapshot.
func (x *Executor) query(r Request, dst []byte) ([]byte, error) {
	db, err := x.withDB(r)
	if err != nil {
		return dst, err
	}
	v, err := parseDoc(r.Cmd.JSON)
	if err != nil {
		return dst, err
	}
	var docs []engine.Document
	err = db.View(func(tx *engine.Tx) error {
		if err := checkIndex(tx, r.Cmd.Collection, r.Cmd.Index); err != nil {
			return err
		}
		var err error
		docs, err = tx.Query(r.Cmd.Collection, r.Cmd.Index, v)
		return err
	})
	if err != nil {
		return dst, err
	}
	return appendDocs(dst, docs), nil
}

// queryRange is QUERYRANGE c i s e (§4.6): start JSON, end JSON, then as
// QUERY; half-open [s, e).
func (x *Executor) queryRange(r Request, dst []byte) ([]byte, error) {
	db, err := x.withDB(r)
	if err != nil {
		return dst, err
	}
	lo, err := parseDoc(r.Cmd.Start)
	if err != nil {
		return dst, err
	}
	hi, err := parseDoc(r.Cmd.End)
	if err != nil {
		return dst, err
	}
	var docs []engine.Document
	err = db.View(func(tx *engine.Tx) error {
		if err := checkIndex(tx, r.Cmd.Collection, r.Cmd.Index); err != nil {
			return err
		}
		var err error
		docs, err = tx.QueryRange(r.Cmd.Collection, r.Cmd.Index, lo, hi)
		return err
	})
	if err != nil {
		return dst, err
	}
	return appendDocs(dst, docs), nil
}

// checkIndex fails with `collection not found` or `index not found`.
func checkIndex(tx *engine.Tx, collection, index string) error {
	ixs, err := tx.Indexes(collection)
	if err != nil {
		return err
	}
	for _, ix := range ixs {
		if ix.Name == index {
			return nil
		}
	}
	return fmt.Errorf("%w: %s", engine.ErrIndexNotFound, index)
}

package dispatch

import (
	"fmt"

	"github.com/grumpydb/grumpydb/engine"
)

// createIndex is CREATE INDEX c i path (§4.6): index name, collection,
// existence; existing documents are indexed at once.
func (x *Executor) createIndex(r Request, dst []byte) ([]byte, error) {
	return x.dbOK(r, dst, func(db *engine.DB) error {
		return db.CreateIndex(r.Cmd.Collection, r.Cmd.Index, r.Cmd.Path)
	})
}

// dropIndex is DROP INDEX c i (§4.6).
func (x *Executor) dropIndex(r Request, dst []byte) ([]byte, error) {
	return x.dbOK(r, dst, func(db *engine.DB) error {
		return db.DropIndex(r.Cmd.Collection, r.Cmd.Index)
	})
}

// listIndexes is LIST INDEXES c (§4.6): names in creation order.
func (x *Executor) listIndexes(r Request, dst []byte) ([]byte, error) {
	ixs, err := collectionRead(x, r, (*engine.DB).Indexes)
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
	db, v, err := x.withDBDoc(r, r.Cmd.JSON)
	if err != nil {
		return dst, err
	}
	return indexLookup(db, r, dst, func(tx *engine.Tx) ([]engine.Document, error) {
		return tx.Query(r.Cmd.Collection, r.Cmd.Index, v)
	})
}

// queryRange is QUERYRANGE c i s e (§4.6): start JSON, end JSON, then as
// QUERY; half-open [s, e).
func (x *Executor) queryRange(r Request, dst []byte) ([]byte, error) {
	db, lo, err := x.withDBDoc(r, r.Cmd.Start)
	if err != nil {
		return dst, err
	}
	hi, err := parseDoc(r.Cmd.End)
	if err != nil {
		return dst, err
	}
	return indexLookup(db, r, dst, func(tx *engine.Tx) ([]engine.Document, error) {
		return tx.QueryRange(r.Cmd.Collection, r.Cmd.Index, lo, hi)
	})
}

// indexLookup is the part QUERY and QUERYRANGE share once their JSON is
// parsed: in one snapshot, the collection and the index must exist
// (checkIndex, before the engine's own value-type check), then lookup's
// documents are the reply array.
func indexLookup(db *engine.DB, r Request, dst []byte, lookup func(tx *engine.Tx) ([]engine.Document, error)) ([]byte, error) {
	var docs []engine.Document
	err := db.View(func(tx *engine.Tx) error {
		if err := checkIndex(tx, r.Cmd.Collection, r.Cmd.Index); err != nil {
			return err
		}
		var err error
		docs, err = lookup(tx)
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

package engine

import (
	"bytes"
	"context"

	"github.com/google/uuid"
	"github.com/grumpydb/grumpydb/engine/internal/btree"
	"github.com/grumpydb/grumpydb/engine/internal/heap"
)

var maxUUID = uuid.UUID{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}

// Iterator walks documents in key order. Use it as
//
//	it := db.Scan(ctx, "users", lo, hi)
//	defer it.Close()
//	for it.Next() { use(it.Document()) }
//	if err := it.Err(); err != nil { … }
//
// An iterator from a Tx lives inside that transaction; one from a DB holds
// its own snapshot until Close. Cancelling the context stops it with the
// context's error.
type Iterator struct {
	ctx   context.Context
	tx    *Tx
	owned bool // the iterator's own read transaction
	c     *colls
	cur   *btree.Cursor
	hi    [16]byte
	doc   Document
	err   error
	done  bool
	n     int
}

// Scan returns an iterator over the documents whose keys are in [lo, hi],
// both ends inclusive, in ascending key order (empty when lo > hi). A nil
// ctx means context.Background().
func (tx *Tx) Scan(ctx context.Context, collection string, lo, hi uuid.UUID) *Iterator {
	if ctx == nil {
		ctx = context.Background()
	}
	it := &Iterator{ctx: ctx, tx: tx, hi: hi}
	if err := tx.check(false); err != nil {
		it.err, it.done = err, true
		return it
	}
	c, err := tx.open(collection)
	if err != nil {
		it.err, it.done = err, true
		return it
	}
	it.c = c
	if bytes.Compare(lo[:], hi[:]) > 0 {
		it.done = true
		return it
	}
	it.cur = c.primary.Cursor()
	it.cur.Seek(lo[:])
	return it
}

// Scan returns an iterator over [lo, hi] with its own snapshot; Close it.
func (db *DB) Scan(ctx context.Context, collection string, lo, hi uuid.UUID) *Iterator {
	tx, err := db.BeginRead()
	if err != nil {
		return &Iterator{err: err, done: true}
	}
	it := tx.Scan(ctx, collection, lo, hi)
	it.owned = true
	return it
}

// ScanAll iterates every document of the collection.
func (db *DB) ScanAll(ctx context.Context, collection string) *Iterator {
	return db.Scan(ctx, collection, uuid.UUID{}, maxUUID)
}

// Next advances to the next document, reporting whether there is one.
func (it *Iterator) Next() bool {
	if it.done {
		return false
	}
	if it.n > 0 {
		it.cur.Next()
	}
	it.n++
	if it.n%64 == 1 {
		if err := it.ctx.Err(); err != nil {
			return it.stop(err)
		}
	}
	if !it.cur.Valid() {
		return it.stop(wrapStorage(it.cur.Err()))
	}
	k := it.cur.Key()
	if bytes.Compare(k, it.hi[:]) > 0 {
		return it.stop(nil)
	}
	r, err := heap.DecodeRID(it.cur.Value())
	if err != nil {
		return it.stop(wrapStorage(err))
	}
	v, err := it.c.load(r)
	if err != nil {
		return it.stop(err)
	}
	copy(it.doc.ID[:], k)
	it.doc.Value = v
	return true
}

func (it *Iterator) stop(err error) bool {
	it.done = true
	if it.err == nil {
		it.err = err
	}
	return false
}

// Document returns the current document.
func (it *Iterator) Document() Document { return it.doc }

// Err returns the error that stopped the iteration, if any.
func (it *Iterator) Err() error { return it.err }

// Close ends the iteration (and its snapshot, for a DB iterator) and returns
// Err.
func (it *Iterator) Close() error {
	it.done = true
	if it.owned && it.tx != nil {
		it.tx.Rollback()
		it.owned = false
	}
	return it.err
}

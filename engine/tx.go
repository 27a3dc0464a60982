package engine

import (
	"encoding/binary"
	"fmt"

	"github.com/grumpydb/grumpydb/engine/internal/page"
	"github.com/grumpydb/grumpydb/engine/internal/pager"
)

// Tx is a transaction. A read transaction (View, BeginRead) sees the state
// of the latest commit that was durable when it began, however long it runs.
// A write transaction (Update, BeginWrite) sees its own changes and the
// latest commit; it is the only writer while it runs, and its changes become
// visible and durable together when it commits, or not at all.
//
// A Tx is not safe for concurrent use by several goroutines. Iterators
// opened in a Tx live inside it and end with it.
type Tx struct {
	db  *DB
	w   *pager.WriteTx
	r   *pager.ReadTx
	cat *catalog
	// catChanged is set once the write transaction has its own copy of
	// the catalog.
	catChanged bool
	wrote      bool
	done       bool
	stores     map[uint32]page.Store
}

// BeginRead starts a read transaction; Rollback (or Commit) ends it.
func (db *DB) BeginRead() (*Tx, error) {
	if db.closed.Load() {
		return nil, ErrClosed
	}
	r, err := db.p.BeginRead()
	if err != nil {
		return nil, wrapStorage(err)
	}
	return &Tx{db: db, r: r, cat: db.catalogAt(r.Seq()), stores: map[uint32]page.Store{}}, nil
}

// BeginWrite waits for the writer lock and starts a write transaction;
// finish it with Commit or Rollback.
func (db *DB) BeginWrite() (*Tx, error) {
	if db.closed.Load() {
		return nil, ErrClosed
	}
	w, err := db.p.BeginWrite()
	if err != nil {
		return nil, wrapStorage(err)
	}
	return &Tx{db: db, w: w, cat: db.currentCatalog(), stores: map[uint32]page.Store{}}, nil
}

// View runs fn in a read transaction.
func (db *DB) View(fn func(tx *Tx) error) error {
	tx, err := db.BeginRead()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	return fn(tx)
}

// Update runs fn in a write transaction and commits it if fn returns nil;
// otherwise (or if fn panics) it rolls back. Update returns once the commit
// is durable.
func (db *DB) Update(fn func(tx *Tx) error) error {
	tx, err := db.BeginWrite()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// Writable reports whether tx is a write transaction.
func (tx *Tx) Writable() bool { return tx.w != nil }

func (tx *Tx) check(write bool) error {
	if tx.done {
		return ErrTxDone
	}
	if tx.db.closed.Load() {
		return ErrClosed
	}
	if write && tx.w == nil {
		return ErrTxReadOnly
	}
	return nil
}

// Commit makes a write transaction's changes durable and visible; it
// returns once they are durable. For a read transaction it just ends it.
func (tx *Tx) Commit() error {
	d, err := tx.CommitDeferred()
	if err != nil {
		return err
	}
	return d.Wait()
}

// CommitDeferred commits a write transaction without waiting for it to be
// durable; see Durable for what that means and UpdateDeferred for the
// usual way in. For a read transaction it just ends it.
func (tx *Tx) CommitDeferred() (Durable, error) {
	if tx.done {
		return Durable{}, ErrTxDone
	}
	tx.done = true
	if tx.r != nil {
		tx.r.Close()
		return Durable{}, nil
	}
	if tx.catChanged {
		st, err := tx.w.Store(pager.ControlFile)
		if err != nil {
			tx.w.Rollback()
			return Durable{}, wrapStorage(err)
		}
		if err := storeCatalog(st, tx.cat); err != nil {
			tx.w.Rollback()
			return Durable{}, wrapStorage(err)
		}
		cat := tx.cat
		tx.w.OnApply(func(seq uint64) { tx.db.publishCatalog(seq, cat) })
	}
	if tx.wrote || tx.catChanged {
		var meta [8]byte
		binary.LittleEndian.PutUint64(meta[:], tx.db.nextHLC(true))
		if err := tx.w.SetMeta(meta[:]); err != nil {
			tx.w.Rollback()
			return Durable{}, err
		}
	}
	wait, err := tx.w.CommitDeferred()
	if err != nil {
		return Durable{}, wrapStorage(err)
	}
	return Durable{wait: wait}, nil
}

// Rollback abandons a transaction. It is a no-op after Commit or Rollback,
// so it is safe to defer.
func (tx *Tx) Rollback() {
	if tx.done {
		return
	}
	tx.done = true
	if tx.r != nil {
		tx.r.Close()
	} else {
		tx.w.Rollback()
	}
}

// store returns the transaction's view of a file.
func (tx *Tx) store(no uint32) (page.Store, error) {
	if st := tx.stores[no]; st != nil {
		return st, nil
	}
	var (
		st  page.Store
		err error
	)
	if tx.w != nil {
		st, err = tx.w.Store(no)
	} else {
		st, err = tx.r.Store(no)
	}
	if err != nil {
		return nil, wrapStorage(err)
	}
	tx.stores[no] = st
	return st, nil
}

// mutableCatalog gives a write transaction its own copy of the catalog.
func (tx *Tx) mutableCatalog() *catalog {
	if !tx.catChanged {
		tx.cat = tx.cat.clone()
		tx.catChanged = true
	}
	return tx.cat
}

// collection looks up a collection's metadata.
func (tx *Tx) collection(name string) (*collMeta, error) {
	m := tx.cat.collections[name]
	if m == nil {
		return nil, fmt.Errorf("%w: %s", ErrCollectionNotFound, name)
	}
	return m, nil
}

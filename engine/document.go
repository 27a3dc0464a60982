package engine

import (
	"fmt"

	"github.com/google/uuid"
	"github.com/grumpydb/grumpydb/engine/internal/btree"
	"github.com/grumpydb/grumpydb/engine/internal/heap"
	"github.com/grumpydb/grumpydb/engine/internal/page"
)

// Document is a stored document with its key.
type Document struct {
	ID    uuid.UUID
	Value Value
}

func keyNotFound(id uuid.UUID) error { return fmt.Errorf("key %s %w", id, ErrKeyNotFound) }

func keyExists(id uuid.UUID) error { return fmt.Errorf("key %s %w", id, ErrKeyExists) }

// colls is a collection's open structures within one transaction.
type colls struct {
	tx      *Tx
	m       *collMeta
	heapSt  page.Store
	primary *btree.Tree
}

func (tx *Tx) open(name string) (*colls, error) {
	m, err := tx.collection(name)
	if err != nil {
		return nil, err
	}
	hs, err := tx.store(m.data)
	if err != nil {
		return nil, err
	}
	ps, err := tx.store(m.primary)
	if err != nil {
		return nil, err
	}
	return &colls{tx: tx, m: m, heapSt: hs, primary: btree.New(ps)}, nil
}

// openChecked checks that tx may be used (for writing when write is set)
// and then opens the named collection; it returns the first error of the
// two steps as they give it.
func (tx *Tx) openChecked(collection string, write bool) (*colls, error) {
	if err := tx.check(write); err != nil {
		return nil, err
	}
	return tx.open(collection)
}

// openWithDoc opens the named collection for writing, as openChecked does,
// and then validates doc and returns its storage encoding; it returns the
// first error of these steps as they give it.
func (tx *Tx) openWithDoc(collection string, doc Value) (*colls, []byte, error) {
	c, err := tx.openChecked(collection, true)
	if err != nil {
		return nil, nil, err
	}
	enc, err := encodeDocument(doc)
	if err != nil {
		return nil, nil, err
	}
	return c, enc, nil
}

// rid looks a key up in the primary index.
func (c *colls) rid(id uuid.UUID) (heap.RID, bool, error) {
	v, ok, err := c.primary.Get(id[:])
	if err != nil || !ok {
		return heap.RID{}, false, wrapStorage(err)
	}
	r, err := heap.DecodeRID(v)
	if err != nil {
		return heap.RID{}, false, wrapStorage(err)
	}
	return r, true, nil
}

// existing looks a key up in the primary index as rid does, but returns an
// error wrapping ErrKeyNotFound when the key is absent.
func (c *colls) existing(id uuid.UUID) (heap.RID, error) {
	r, ok, err := c.rid(id)
	if err != nil {
		return heap.RID{}, err
	}
	if !ok {
		return heap.RID{}, keyNotFound(id)
	}
	return r, nil
}

// load reads and decodes the document at r.
func (c *colls) load(r heap.RID) (Value, error) {
	b, err := heap.Get(c.heapSt, r)
	if err != nil {
		return Value{}, wrapStorage(err)
	}
	v, err := DecodeValue(b)
	if err != nil {
		return Value{}, wrapStorage(err)
	}
	return v, nil
}

func (c *colls) get(id uuid.UUID) (Value, bool, error) {
	r, ok, err := c.rid(id)
	if err != nil || !ok {
		return Value{}, false, err
	}
	v, err := c.load(r)
	return v, err == nil, err
}

// encode validates a document and returns its storage encoding.
func encodeDocument(doc Value) ([]byte, error) {
	n, err := checkDocument(doc)
	if err != nil {
		return nil, err
	}
	return AppendEncoded(make([]byte, 0, n), doc), nil
}

// Insert stores doc under id; the key must be new.
func (tx *Tx) Insert(collection string, id uuid.UUID, doc Value) error {
	c, enc, err := tx.openWithDoc(collection, doc)
	if err != nil {
		return err
	}
	return c.insert(id, doc, enc)
}

func (c *colls) insert(id uuid.UUID, doc Value, enc []byte) error {
	if _, ok, err := c.primary.Get(id[:]); err != nil {
		return wrapStorage(err)
	} else if ok {
		return keyExists(id)
	}
	r, err := heap.Insert(c.heapSt, enc)
	if err != nil {
		return wrapStorage(err)
	}
	var rb [heap.RIDSize]byte
	r.Put(rb[:])
	if _, err := c.primary.Insert(id[:], rb[:]); err != nil {
		return wrapStorage(err)
	}
	for _, ix := range c.m.indexes {
		if err := c.tx.indexAdd(ix, id, doc); err != nil {
			return err
		}
	}
	c.tx.wrote = true
	return nil
}

// Get returns the document stored under id, or an error wrapping
// ErrKeyNotFound.
func (tx *Tx) Get(collection string, id uuid.UUID) (Value, error) {
	c, err := tx.openChecked(collection, false)
	if err != nil {
		return Value{}, err
	}
	v, ok, err := c.get(id)
	if err != nil {
		return Value{}, err
	}
	if !ok {
		return Value{}, keyNotFound(id)
	}
	return v, nil
}

// Replace replaces the whole document stored under id (the wire's UPDATE);
// the key must exist.
func (tx *Tx) Replace(collection string, id uuid.UUID, doc Value) error {
	c, enc, err := tx.openWithDoc(collection, doc)
	if err != nil {
		return err
	}
	r, err := c.existing(id)
	if err != nil {
		return err
	}
	return c.replace(id, r, doc, enc)
}

func (c *colls) replace(id uuid.UUID, r heap.RID, doc Value, enc []byte) error {
	var old Value
	if len(c.m.indexes) > 0 {
		var err error
		if old, err = c.load(r); err != nil {
			return err
		}
	}
	nr, err := heap.Update(c.heapSt, r, enc)
	if err != nil {
		return wrapStorage(err)
	}
	if nr != r {
		var rb [heap.RIDSize]byte
		nr.Put(rb[:])
		if _, err := c.primary.Put(id[:], rb[:]); err != nil {
			return wrapStorage(err)
		}
	}
	for _, ix := range c.m.indexes {
		if err := c.tx.indexReplace(ix, id, old, doc); err != nil {
			return err
		}
	}
	c.tx.wrote = true
	return nil
}

// Put stores doc under id whether or not the key exists (an upsert, the
// wire's PUT_WITH_VC).
func (tx *Tx) Put(collection string, id uuid.UUID, doc Value) error {
	c, enc, err := tx.openWithDoc(collection, doc)
	if err != nil {
		return err
	}
	r, ok, err := c.rid(id)
	if err != nil {
		return err
	}
	if !ok {
		return c.insert(id, doc, enc)
	}
	return c.replace(id, r, doc, enc)
}

// Delete removes the document stored under id; the key must exist.
func (tx *Tx) Delete(collection string, id uuid.UUID) error {
	c, err := tx.openChecked(collection, true)
	if err != nil {
		return err
	}
	r, err := c.existing(id)
	if err != nil {
		return err
	}
	if len(c.m.indexes) > 0 {
		old, err := c.load(r)
		if err != nil {
			return err
		}
		for _, ix := range c.m.indexes {
			if err := tx.indexRemove(ix, id, old); err != nil {
				return err
			}
		}
	}
	if err := heap.Delete(c.heapSt, r); err != nil {
		return wrapStorage(err)
	}
	if _, err := c.primary.Delete(id[:]); err != nil {
		return wrapStorage(err)
	}
	tx.wrote = true
	return nil
}

// Count returns the number of documents in the collection.
func (tx *Tx) Count(collection string) (int, error) {
	c, err := tx.openChecked(collection, false)
	if err != nil {
		return 0, err
	}
	n, err := c.primary.Len()
	return int(n), wrapStorage(err)
}

// InsertMany inserts every document in one transaction: all or none.
func (tx *Tx) InsertMany(collection string, docs []Document) error {
	c, err := tx.openChecked(collection, true)
	if err != nil {
		return err
	}
	encs := make([][]byte, len(docs))
	for i, d := range docs {
		if encs[i], err = encodeDocument(d.Value); err != nil {
			return fmt.Errorf("document %d: %w", i, err)
		}
	}
	for i, d := range docs {
		if err := c.insert(d.ID, d.Value, encs[i]); err != nil {
			return err
		}
	}
	return nil
}

// The DB-level forms run one transaction each.

// Insert stores doc under a new key id.
func (db *DB) Insert(collection string, id uuid.UUID, doc Value) error {
	return db.Update(func(tx *Tx) error { return tx.Insert(collection, id, doc) })
}

// InsertMany inserts every document atomically, in one durable commit.
func (db *DB) InsertMany(collection string, docs []Document) error {
	return db.Update(func(tx *Tx) error { return tx.InsertMany(collection, docs) })
}

// Get returns the document stored under id, or an error wrapping
// ErrKeyNotFound.
func (db *DB) Get(collection string, id uuid.UUID) (Value, error) {
	var v Value
	err := db.View(func(tx *Tx) error {
		var err error
		v, err = tx.Get(collection, id)
		return err
	})
	return v, err
}

// Replace replaces the document stored under id.
func (db *DB) Replace(collection string, id uuid.UUID, doc Value) error {
	return db.Update(func(tx *Tx) error { return tx.Replace(collection, id, doc) })
}

// Put inserts or replaces the document stored under id.
func (db *DB) Put(collection string, id uuid.UUID, doc Value) error {
	return db.Update(func(tx *Tx) error { return tx.Put(collection, id, doc) })
}

// Delete removes the document stored under id.
func (db *DB) Delete(collection string, id uuid.UUID) error {
	return db.Update(func(tx *Tx) error { return tx.Delete(collection, id) })
}

// Count returns the number of documents in the collection.
func (db *DB) Count(collection string) (int, error) {
	var n int
	err := db.View(func(tx *Tx) error {
		var err error
		n, err = tx.Count(collection)
		return err
	})
	return n, err
}

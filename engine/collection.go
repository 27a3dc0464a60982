package engine

import (
	"fmt"
	"path"

	"github.com/grumpydb/grumpydb/engine/internal/btree"
	"github.com/grumpydb/grumpydb/engine/internal/heap"
)

// File names inside a collection's directory.
const (
	dataFileName    = "data.db"
	primaryFileName = "primary.idx"
)

func indexFileName(index string) string { return "idx_" + index + ".idx" }

// CreateCollection creates an empty collection. The name must follow the
// naming rules (ValidateName).
func (tx *Tx) CreateCollection(name string) error {
	if err := tx.check(true); err != nil {
		return err
	}
	if err := ValidateName(name); err != nil {
		return err
	}
	if tx.cat.collections[name] != nil {
		return fmt.Errorf("%w: %s", ErrCollectionExists, name)
	}
	data, err := tx.w.CreateFile(path.Join(name, dataFileName))
	if err != nil {
		return wrapStorage(err)
	}
	primary, err := tx.w.CreateFile(path.Join(name, primaryFileName))
	if err != nil {
		return wrapStorage(err)
	}
	dst, err := tx.store(data)
	if err != nil {
		return err
	}
	if err := heap.Init(dst); err != nil {
		return wrapStorage(err)
	}
	pst, err := tx.store(primary)
	if err != nil {
		return err
	}
	if err := btree.Init(pst); err != nil {
		return wrapStorage(err)
	}
	tx.mutableCatalog().collections[name] = &collMeta{name: name, data: data, primary: primary}
	return nil
}

// DropCollection removes a collection with its documents and indexes. Open
// readers keep seeing it until they end.
func (tx *Tx) DropCollection(name string) error {
	if err := tx.check(true); err != nil {
		return err
	}
	m, err := tx.collection(name)
	if err != nil {
		return err
	}
	files := []uint32{m.data, m.primary}
	for _, ix := range m.indexes {
		files = append(files, ix.file)
	}
	for _, no := range files {
		if err := tx.w.DropFile(no); err != nil {
			return wrapStorage(err)
		}
		delete(tx.stores, no)
	}
	delete(tx.mutableCatalog().collections, name)
	return nil
}

// Collections lists the collection names, sorted.
func (tx *Tx) Collections() ([]string, error) {
	if err := tx.check(false); err != nil {
		return nil, err
	}
	return tx.cat.names(), nil
}

// HasCollection reports whether the collection exists.
func (tx *Tx) HasCollection(name string) bool { return tx.cat.collections[name] != nil }

// CreateCollection creates an empty collection.
func (db *DB) CreateCollection(name string) error {
	return db.Update(func(tx *Tx) error { return tx.CreateCollection(name) })
}

// DropCollection removes a collection with its documents and indexes.
func (db *DB) DropCollection(name string) error {
	return db.Update(func(tx *Tx) error { return tx.DropCollection(name) })
}

// Collections lists the collection names, sorted.
func (db *DB) Collections() ([]string, error) {
	var out []string
	err := db.View(func(tx *Tx) error {
		var err error
		out, err = tx.Collections()
		return err
	})
	return out, err
}

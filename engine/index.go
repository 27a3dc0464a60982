package engine

import (
	"bytes"
	"context"
	"fmt"
	"path"

	"github.com/google/uuid"
	"github.com/grumpydb/grumpydb/engine/internal/btree"
)

// A secondary index holds one B+Tree entry per (document, value) pair, as
// REPL.md §9.7 specifies: one under each value the indexed path reaches
// (array elements one by one), and one "no value" entry for a document the
// path reaches nowhere. The entry key is
//
//	indexKey(value) [truncated to maxIndexValueKey bytes] ‖ 16-byte document key
//
// and its B+Tree value is one flag byte: flagTruncated when the value key
// was cut. Truncated entries keep the index order up to their prefix, so
// lookups treat them as candidates and re-check the document: string
// equality stays exact at any length.
const (
	maxIndexValueKey = btree.MaxKeySize - 16
	flagTruncated    = 1
)

// IndexInfo describes a secondary index.
type IndexInfo struct {
	Name string
	Path string
}

func entryKey(dst []byte, v Value, none bool, id uuid.UUID) (key []byte, truncated bool) {
	start := len(dst)
	if none {
		dst = append(dst, noValueKey)
	} else {
		dst = appendIndexKey(dst, v)
	}
	if len(dst)-start > maxIndexValueKey {
		dst = dst[:start+maxIndexValueKey]
		truncated = true
	}
	return append(dst, id[:]...), truncated
}

// entries returns the entry keys (and truncation flags) of doc for ix.
func entries(ix *indexMeta, id uuid.UUID, doc Value) ([][]byte, []bool) {
	vals, none := indexEntries(doc, ix.segs)
	var keys [][]byte
	var trunc []bool
	if none {
		k, t := entryKey(nil, Value{}, true, id)
		return [][]byte{k}, []bool{t}
	}
	for _, v := range vals {
		k, t := entryKey(nil, v, false, id)
		// Truncation can make two distinct values share a key.
		dup := false
		for _, e := range keys {
			if bytes.Equal(e, k) {
				dup = true
				break
			}
		}
		if !dup {
			keys = append(keys, k)
			trunc = append(trunc, t)
		}
	}
	return keys, trunc
}

func flagValue(truncated bool) []byte {
	if truncated {
		return []byte{flagTruncated}
	}
	return []byte{0}
}

func (tx *Tx) indexTree(ix *indexMeta) (*btree.Tree, error) {
	st, err := tx.store(ix.file)
	if err != nil {
		return nil, err
	}
	return btree.New(st), nil
}

func (tx *Tx) indexAdd(ix *indexMeta, id uuid.UUID, doc Value) error {
	t, err := tx.indexTree(ix)
	if err != nil {
		return err
	}
	keys, trunc := entries(ix, id, doc)
	for i, k := range keys {
		if _, err := t.Put(k, flagValue(trunc[i])); err != nil {
			return wrapStorage(err)
		}
	}
	return nil
}

func (tx *Tx) indexRemove(ix *indexMeta, id uuid.UUID, doc Value) error {
	t, err := tx.indexTree(ix)
	if err != nil {
		return err
	}
	keys, _ := entries(ix, id, doc)
	for _, k := range keys {
		if _, err := t.Delete(k); err != nil {
			return wrapStorage(err)
		}
	}
	return nil
}

func (tx *Tx) indexReplace(ix *indexMeta, id uuid.UUID, old, doc Value) error {
	t, err := tx.indexTree(ix)
	if err != nil {
		return err
	}
	oldKeys, _ := entries(ix, id, old)
	newKeys, trunc := entries(ix, id, doc)
	in := func(k []byte, set [][]byte) bool {
		for _, e := range set {
			if bytes.Equal(e, k) {
				return true
			}
		}
		return false
	}
	for _, k := range oldKeys {
		if !in(k, newKeys) {
			if _, err := t.Delete(k); err != nil {
				return wrapStorage(err)
			}
		}
	}
	for i, k := range newKeys {
		if !in(k, oldKeys) {
			if _, err := t.Put(k, flagValue(trunc[i])); err != nil {
				return wrapStorage(err)
			}
		}
	}
	return nil
}

// CreateIndex creates a secondary index named name on the dotted field path
// and indexes every existing document.
func (tx *Tx) CreateIndex(collection, name, fieldPath string) error {
	if err := tx.check(true); err != nil {
		return err
	}
	if err := ValidateName(name); err != nil {
		return err
	}
	m, err := tx.collection(collection)
	if err != nil {
		return err
	}
	if m.index(name) != nil {
		return fmt.Errorf("%w: %s", ErrIndexExists, name)
	}
	segs, err := splitPath(fieldPath)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrInvalidValue, err)
	}
	no, err := tx.w.CreateFile(path.Join(collection, indexFileName(name)))
	if err != nil {
		return wrapStorage(err)
	}
	st, err := tx.store(no)
	if err != nil {
		return err
	}
	if err := btree.Init(st); err != nil {
		return wrapStorage(err)
	}
	ix := &indexMeta{name: name, path: fieldPath, segs: segs, file: no}
	// Index the existing documents.
	it := tx.Scan(context.Background(), collection, uuid.UUID{}, maxUUID)
	for it.Next() {
		d := it.Document()
		if err := tx.indexAdd(ix, d.ID, d.Value); err != nil {
			it.Close()
			return err
		}
	}
	if err := it.Close(); err != nil {
		return err
	}
	cat := tx.mutableCatalog()
	nm := *cat.collections[collection]
	nm.indexes = append(append([]*indexMeta(nil), nm.indexes...), ix)
	cat.collections[collection] = &nm
	return nil
}

// DropIndex removes a secondary index.
func (tx *Tx) DropIndex(collection, name string) error {
	if err := tx.check(true); err != nil {
		return err
	}
	m, err := tx.collection(collection)
	if err != nil {
		return err
	}
	ix := m.index(name)
	if ix == nil {
		return fmt.Errorf("%w: %s", ErrIndexNotFound, name)
	}
	if err := tx.w.DropFile(ix.file); err != nil {
		return wrapStorage(err)
	}
	delete(tx.stores, ix.file)
	cat := tx.mutableCatalog()
	nm := *cat.collections[collection]
	nm.indexes = nil
	for _, o := range m.indexes {
		if o.name != name {
			nm.indexes = append(nm.indexes, o)
		}
	}
	cat.collections[collection] = &nm
	return nil
}

// Indexes lists a collection's secondary indexes in creation order.
func (tx *Tx) Indexes(collection string) ([]IndexInfo, error) {
	if err := tx.check(false); err != nil {
		return nil, err
	}
	m, err := tx.collection(collection)
	if err != nil {
		return nil, err
	}
	out := make([]IndexInfo, len(m.indexes))
	for i, ix := range m.indexes {
		out[i] = IndexInfo{Name: ix.name, Path: ix.path}
	}
	return out, nil
}

// CreateIndex creates a secondary index and indexes existing documents.
func (db *DB) CreateIndex(collection, name, fieldPath string) error {
	return db.Update(func(tx *Tx) error { return tx.CreateIndex(collection, name, fieldPath) })
}

// DropIndex removes a secondary index.
func (db *DB) DropIndex(collection, name string) error {
	return db.Update(func(tx *Tx) error { return tx.DropIndex(collection, name) })
}

// Indexes lists a collection's secondary indexes in creation order.
func (db *DB) Indexes(collection string) ([]IndexInfo, error) {
	var out []IndexInfo
	err := db.View(func(tx *Tx) error {
		var err error
		out, err = tx.Indexes(collection)
		return err
	})
	return out, err
}

package engine

import (
	"path"

	"github.com/google/uuid"
	"github.com/grumpydb/grumpydb/engine/internal/btree"
	"github.com/grumpydb/grumpydb/engine/internal/heap"
)

// Compact rewrites a collection into fresh files: documents packed in key
// order, indexes rebuilt, and the old files deleted, so the space freed by
// deletes and updates goes back to the file system. It returns the number
// of live documents rewritten.
//
// Compact is one write transaction: writers wait while it runs, readers do
// not (they keep using the old files, which are deleted when the last of
// them ends), and a crash at any point leaves either the old collection or
// the new one. Its cost is that of rewriting the collection through the WAL.
func (tx *Tx) Compact(collection string) (int, error) {
	if err := tx.check(true); err != nil {
		return 0, err
	}
	old, err := tx.open(collection)
	if err != nil {
		return 0, err
	}
	m := old.m
	// Drop the old files first (their stores stay readable inside this
	// transaction), then create the new ones at the same paths.
	oldFiles := []uint32{m.data, m.primary}
	for _, ix := range m.indexes {
		if _, err := tx.store(ix.file); err != nil {
			return 0, err
		}
		oldFiles = append(oldFiles, ix.file)
	}
	for _, no := range oldFiles {
		if err := tx.w.DropFile(no); err != nil {
			return 0, wrapStorage(err)
		}
	}
	nm := &collMeta{name: m.name}
	if nm.data, err = tx.w.CreateFile(path.Join(m.name, dataFileName)); err != nil {
		return 0, wrapStorage(err)
	}
	if nm.primary, err = tx.w.CreateFile(path.Join(m.name, primaryFileName)); err != nil {
		return 0, wrapStorage(err)
	}
	ds, err := tx.store(nm.data)
	if err != nil {
		return 0, err
	}
	if err := heap.Init(ds); err != nil {
		return 0, wrapStorage(err)
	}
	ps, err := tx.store(nm.primary)
	if err != nil {
		return 0, err
	}
	if err := btree.Init(ps); err != nil {
		return 0, wrapStorage(err)
	}
	for _, ix := range m.indexes {
		no, err := tx.w.CreateFile(path.Join(m.name, indexFileName(ix.name)))
		if err != nil {
			return 0, wrapStorage(err)
		}
		st, err := tx.store(no)
		if err != nil {
			return 0, err
		}
		if err := btree.Init(st); err != nil {
			return 0, wrapStorage(err)
		}
		nm.indexes = append(nm.indexes, &indexMeta{name: ix.name, path: ix.path, segs: ix.segs, file: no})
	}
	fresh := &colls{tx: tx, m: nm, heapSt: ds, primary: btree.New(ps)}
	n := 0
	cur := old.primary.Cursor()
	for cur.First(); cur.Valid(); cur.Next() {
		r, err := heap.DecodeRID(cur.Value())
		if err != nil {
			return 0, wrapStorage(err)
		}
		raw, err := heap.Get(old.heapSt, r)
		if err != nil {
			return 0, wrapStorage(err)
		}
		var id uuid.UUID
		copy(id[:], cur.Key())
		var doc Value
		if len(nm.indexes) > 0 {
			if doc, err = DecodeValue(raw); err != nil {
				return 0, wrapStorage(err)
			}
		}
		if err := fresh.insert(id, doc, append([]byte(nil), raw...)); err != nil {
			return 0, err
		}
		n++
	}
	if err := cur.Err(); err != nil {
		return 0, wrapStorage(err)
	}
	for _, no := range oldFiles {
		delete(tx.stores, no)
	}
	tx.mutableCatalog().collections[m.name] = nm
	tx.wrote = true
	return n, nil
}

// Compact rewrites a collection into fresh files (see Tx.Compact).
func (db *DB) Compact(collection string) (int, error) {
	var n int
	err := db.Update(func(tx *Tx) error {
		var err error
		n, err = tx.Compact(collection)
		return err
	})
	return n, err
}

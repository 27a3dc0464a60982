package engine

import (
	"path"

	"github.com/google/uuid"
	"github.com/grumpydb/grumpydb/engine/internal/btree"
	"github.com/grumpydb/grumpydb/engine/internal/heap"
	"github.com/grumpydb/grumpydb/engine/internal/pager"
)

// Compact rewrites a collection into fresh files: documents packed in key
// order, indexes rebuilt, and the old files deleted, so the space freed by
// deletes and updates goes back to the file system. It returns the number
// of live documents rewritten.
//
// The new files are built directly on disk (not through the WAL or the
// buffer pool, so memory and log use stay bounded whatever the collection's
// size), fsynced, and then switched in by one small commit that drops the
// old files and records the new ones in the catalog. A crash at any point
// leaves either the old collection (unfinished builds are deleted at
// recovery) or the new one. Writers wait while Compact runs; readers do
// not: they keep using the old files, which are deleted when the last of
// them ends.
func (tx *Tx) Compact(collection string) (int, error) {
	if err := tx.check(true); err != nil {
		return 0, err
	}
	old, err := tx.open(collection)
	if err != nil {
		return 0, err
	}
	m := old.m
	var builds []*pager.Builder
	build := func(name string) (*pager.Builder, error) {
		b, err := tx.w.BuildFile(path.Join(m.name, name), compactCachePages)
		if err != nil {
			return nil, wrapStorage(err)
		}
		builds = append(builds, b)
		tx.stores[b.File()] = b
		return b, nil
	}
	nm := &collMeta{name: m.name}
	ds, err := build(dataFileName)
	if err != nil {
		return 0, err
	}
	if err := heap.Init(ds); err != nil {
		return 0, wrapStorage(err)
	}
	ps, err := build(primaryFileName)
	if err != nil {
		return 0, err
	}
	if err := btree.Init(ps); err != nil {
		return 0, wrapStorage(err)
	}
	nm.data, nm.primary = ds.File(), ps.File()
	for _, ix := range m.indexes {
		b, err := build(indexFileName(ix.name))
		if err != nil {
			return 0, err
		}
		if err := btree.Init(b); err != nil {
			return 0, wrapStorage(err)
		}
		nm.indexes = append(nm.indexes, &indexMeta{name: ix.name, path: ix.path, segs: ix.segs, file: b.File()})
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
		for _, b := range builds {
			if err := b.Step(); err != nil {
				return 0, wrapStorage(err)
			}
		}
		n++
	}
	if err := cur.Err(); err != nil {
		return 0, wrapStorage(err)
	}
	for _, b := range builds {
		if err := b.Finish(); err != nil {
			return 0, wrapStorage(err)
		}
		delete(tx.stores, b.File())
	}
	// Switch: drop the old files, adopt the new ones, one catalog change.
	oldFiles := []uint32{m.data, m.primary}
	for _, ix := range m.indexes {
		oldFiles = append(oldFiles, ix.file)
	}
	for _, no := range oldFiles {
		if err := tx.w.DropFile(no); err != nil {
			return 0, wrapStorage(err)
		}
		delete(tx.stores, no)
	}
	for _, b := range builds {
		if err := tx.w.AdoptFile(b); err != nil {
			return 0, wrapStorage(err)
		}
	}
	tx.mutableCatalog().collections[m.name] = nm
	tx.wrote = true
	return n, nil
}

// compactCachePages bounds the memory a compaction's file builds use.
const compactCachePages = 512

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

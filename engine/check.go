package engine

import (
	"bytes"
	"errors"
	"fmt"
	"sort"

	"github.com/google/uuid"
	"github.com/grumpydb/grumpydb/engine/internal/btree"
	"github.com/grumpydb/grumpydb/engine/internal/heap"
	"github.com/grumpydb/grumpydb/engine/internal/page"
	"github.com/grumpydb/grumpydb/engine/internal/pager"
)

// Check verifies every invariant of the database as of a snapshot: page
// checksums of every reachable page, B+Tree order, depth and reachability,
// heap slot and free-space accounting, that every page of every file is
// used exactly once (by its structure or the free list), the catalog, and
// that the primary and secondary indexes agree exactly with the documents.
// It returns nil or an error wrapping ErrCorrupt that lists every problem
// found. Check runs concurrently with writers.
func (db *DB) Check() error {
	tx, err := db.BeginRead()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var problems []error
	add := func(err error) {
		if err != nil {
			problems = append(problems, err)
		}
	}
	ctl, err := tx.store(pager.ControlFile)
	if err != nil {
		return err
	}
	used, err := catalogPages(ctl)
	add(err)
	if err == nil {
		add(tx.checkPages("catalog.db", pager.ControlFile, ctl, append(used, page.MetaPage)))
	}
	for _, name := range tx.cat.names() {
		add(tx.checkCollection(tx.cat.collections[name]))
	}
	if len(problems) == 0 {
		return nil
	}
	return fmt.Errorf("%w: %w", ErrCorrupt, errors.Join(problems...))
}

// checkPages verifies that used, the free list and page 0 cover every page
// of the file exactly once.
func (tx *Tx) checkPages(name string, no uint32, st page.Store, used []uint32) error {
	free, err := tx.r.FreePages(no)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	owner := make([]byte, st.Pages())
	owner[0] = 1
	for _, list := range [][]uint32{used, free} {
		for _, p := range list {
			if int(p) >= len(owner) {
				return fmt.Errorf("%s: page %d out of range (%d pages)", name, p, len(owner))
			}
			if owner[p] != 0 {
				return fmt.Errorf("%s: page %d used twice", name, p)
			}
			owner[p] = 1
		}
	}
	for p, o := range owner {
		if o == 0 {
			return fmt.Errorf("%s: page %d is neither used nor free (leaked)", name, p)
		}
	}
	return nil
}

func (tx *Tx) checkCollection(m *collMeta) error {
	var problems []error
	add := func(err error) {
		if err != nil {
			problems = append(problems, fmt.Errorf("collection %s: %w", m.name, err))
		}
	}
	hs, err := tx.store(m.data)
	if err != nil {
		return err
	}
	hpages, records, err := heap.Check(hs)
	add(err)
	if err == nil {
		add(tx.checkPages(dataFileName, m.data, hs, hpages))
	}
	ps, err := tx.store(m.primary)
	if err != nil {
		return err
	}
	ppages, err := btree.Check(ps)
	add(err)
	if err == nil {
		add(tx.checkPages(primaryFileName, m.primary, ps, ppages))
	}
	for _, ix := range m.indexes {
		st, err := tx.store(ix.file)
		if err != nil {
			return err
		}
		ipages, err := btree.Check(st)
		add(err)
		if err == nil {
			add(tx.checkPages(indexFileName(ix.name), ix.file, st, ipages))
		}
	}
	if len(problems) > 0 {
		return errors.Join(problems...)
	}
	// Documents ↔ primary index ↔ secondary indexes.
	c, err := tx.open(m.name)
	if err != nil {
		return err
	}
	want := make([][][]byte, len(m.indexes))
	rids := map[heap.RID]bool{}
	n := 0
	cur := c.primary.Cursor()
	for cur.First(); cur.Valid(); cur.Next() {
		n++
		var id uuid.UUID
		if len(cur.Key()) != 16 {
			add(fmt.Errorf("primary key of %d bytes", len(cur.Key())))
			continue
		}
		copy(id[:], cur.Key())
		r, err := heap.DecodeRID(cur.Value())
		if err != nil {
			add(fmt.Errorf("document %s: %w", id, err))
			continue
		}
		if rids[r] {
			add(fmt.Errorf("document %s shares record %v", id, r))
		}
		rids[r] = true
		doc, err := c.load(r)
		if err != nil {
			add(fmt.Errorf("document %s: %w", id, err))
			continue
		}
		for i, ix := range m.indexes {
			keys, _ := entries(ix, id, doc)
			want[i] = append(want[i], keys...)
		}
	}
	add(wrapStorage(cur.Err()))
	if n != records {
		add(fmt.Errorf("primary index has %d documents, heap has %d records", n, records))
	}
	if l, err := c.primary.Len(); err == nil && int(l) != n {
		add(fmt.Errorf("primary index counts %d, holds %d", l, n))
	}
	for i, ix := range m.indexes {
		t, err := tx.indexTree(ix)
		if err != nil {
			return err
		}
		var got [][]byte
		cur := t.Cursor()
		for cur.First(); cur.Valid(); cur.Next() {
			got = append(got, append([]byte(nil), cur.Key()...))
		}
		add(wrapStorage(cur.Err()))
		w := want[i]
		sort.Slice(w, func(a, b int) bool { return bytes.Compare(w[a], w[b]) < 0 })
		if len(got) != len(w) {
			add(fmt.Errorf("index %s has %d entries, documents need %d", ix.name, len(got), len(w)))
			continue
		}
		for j := range w {
			if !bytes.Equal(got[j], w[j]) {
				add(fmt.Errorf("index %s: entry %d differs from the documents", ix.name, j))
				break
			}
		}
	}
	return errors.Join(problems...)
}

package engine

// CollectionStats describe one collection (the shell's stats(), the wire's
// STATS).
type CollectionStats struct {
	Documents    int    // live documents
	PoolCapacity int64  // buffer pool capacity, in 8 KiB pages
	PoolCached   int    // this collection's pages in the pool
	PoolReads    uint64 // its pages read from disk since the database was opened
	PoolWrites   uint64 // its pages written to disk since then
}

// Stats describe the whole database.
type Stats struct {
	Collections  int
	PoolCapacity int64 // pages
	PoolCached   int   // page versions in memory
	PoolDirty    int   // pages not yet written to their files
	// PoolRetained counts old page versions kept in memory for open
	// readers (or for commits not yet durable). A reader that stays open
	// while writers change many pages makes this grow beyond the budget:
	// close long-lived readers.
	PoolRetained int
	Readers      int
	Hits, Misses uint64
	Evictions    uint64
	Checkpoints  uint64
	WALBytes     int64
	WALRecords   uint64 // log records written since Open
	WALSyncs     uint64 // fsyncs of the log since Open (group commit shares them)
}

// Stats returns database-wide statistics.
func (db *DB) Stats() Stats {
	s := db.p.Stats()
	return Stats{
		Collections:  len(db.currentCatalog().collections),
		PoolCapacity: s.BudgetPages,
		PoolCached:   s.CachedPages,
		PoolDirty:    s.DirtyPages,
		PoolRetained: s.Retained,
		Readers:      s.Readers,
		Hits:         s.Hits,
		Misses:       s.Misses,
		Evictions:    s.Evictions,
		Checkpoints:  s.Checkpoints,
		WALBytes:     s.WALBytes,
		WALRecords:   s.WALRecords,
		WALSyncs:     s.WALSyncs,
	}
}

// CollectionStats returns a collection's statistics.
func (db *DB) CollectionStats(collection string) (CollectionStats, error) {
	var cs CollectionStats
	err := db.View(func(tx *Tx) error {
		m, err := tx.collection(collection)
		if err != nil {
			return err
		}
		if cs.Documents, err = tx.Count(collection); err != nil {
			return err
		}
		files := []uint32{m.data, m.primary}
		for _, ix := range m.indexes {
			files = append(files, ix.file)
		}
		for _, no := range files {
			fs := db.p.FileStats(no)
			cs.PoolCached += fs.Cached
			cs.PoolReads += fs.Reads
			cs.PoolWrites += fs.Writes
		}
		cs.PoolCapacity = db.p.Stats().BudgetPages
		return nil
	})
	return cs, err
}

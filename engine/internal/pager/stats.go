package pager

// Stats describe the pool and the log.
type Stats struct {
	CachedPages int   // page versions in memory
	DirtyPages  int   // pages whose newest version is not on disk
	Retained    int   // old versions kept for open readers (or not yet durable)
	Readers     int   // open read transactions
	BudgetPages int64 // the pool budget, in pages
	Hits        uint64
	Misses      uint64
	Evictions   uint64
	Checkpoints uint64
	WALBytes    int64
	WALRecords  uint64 // records appended since Open
	WALSyncs    uint64 // fsyncs of the log since Open
	Files       int
}

// Stats returns a snapshot of the pager's counters.
func (p *Pager) Stats() Stats {
	var s Stats
	for i := range p.pool.shards {
		sh := &p.pool.shards[i]
		sh.mu.Lock()
		for _, c := range sh.chains {
			s.CachedPages += len(c.vers)
			if len(c.vers) > 1 {
				s.Retained += len(c.vers) - 1
			}
			if c.dirty {
				s.DirtyPages++
			}
		}
		sh.mu.Unlock()
	}
	p.mu.Lock()
	for _, n := range p.readers {
		s.Readers += n
	}
	p.mu.Unlock()
	s.BudgetPages = p.pool.budget / 8192
	s.Hits = p.pool.hits.Load()
	s.Misses = p.pool.misses.Load()
	s.Evictions = p.pool.evictions.Load()
	s.Checkpoints = p.checkpoints.Load()
	s.WALBytes = p.log.Size()
	s.WALRecords = p.walRecords.Load()
	s.WALSyncs = p.log.Syncs()
	s.Files = len(p.Files())
	return s
}

// FileStats describe one file's use of the pool.
type FileStats struct {
	Cached int    // page versions of the file in the pool
	Reads  uint64 // pages read from disk since Open
	Writes uint64 // pages written to disk since Open
}

// FileStats returns the pool statistics of file no.
func (p *Pager) FileStats(no uint32) FileStats {
	var s FileStats
	if f := p.file(no); f != nil {
		s.Reads, s.Writes = f.reads.Load(), f.writes.Load()
	}
	for i := range p.pool.shards {
		sh := &p.pool.shards[i]
		sh.mu.Lock()
		for k, c := range sh.chains {
			if k.file == no {
				s.Cached += len(c.vers)
			}
		}
		sh.mu.Unlock()
	}
	return s
}

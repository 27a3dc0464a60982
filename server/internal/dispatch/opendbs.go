package dispatch

import (
	"sync"

	"github.com/grumpydb/grumpydb/engine"
	"github.com/grumpydb/grumpydb/server/internal/observe"
)

// openDBs remembers the databases the executor has opened, so the metrics
// can sum their buffer pools and WAL counters at scrape time (§8). The
// engine's Store hands out one *DB per database until it is dropped.
type openDBs struct {
	mu sync.Mutex
	m  map[dbKey]*engine.DB
	// retiredWAL and retiredSyncs keep the WAL counters of dropped
	// databases, so the counter metrics never decrease.
	retiredWAL, retiredSyncs uint64
}

type dbKey struct{ tenant, name string }

func newOpenDBs() *openDBs { return &openDBs{m: map[dbKey]*engine.DB{}} }

func (o *openDBs) note(tenant, name string, db *engine.DB) {
	k := dbKey{tenant, name}
	o.mu.Lock()
	defer o.mu.Unlock()
	if old := o.m[k]; old != db {
		if old != nil {
			o.retire(old)
		}
		o.m[k] = db
	}
}

// forget drops the entries of a database (name != "") or of a whole tenant
// (name == ""), before the store closes them.
func (o *openDBs) forget(tenant, name string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	for k, db := range o.m {
		if k.tenant == tenant && (name == "" || k.name == name) {
			o.retire(db)
			delete(o.m, k)
		}
	}
}

// retire keeps the counters of a database that leaves the map; mu held.
func (o *openDBs) retire(db *engine.DB) {
	st := db.Stats()
	o.retiredWAL += st.WALRecords
	o.retiredSyncs += st.WALSyncs
}

func (o *openDBs) stats() observe.EngineStats {
	o.mu.Lock()
	defer o.mu.Unlock()
	s := observe.EngineStats{WALRecords: o.retiredWAL, WALFsyncs: o.retiredSyncs}
	for _, db := range o.m {
		st := db.Stats()
		dirty := int64(st.PoolDirty)
		clean := int64(st.PoolCached) - dirty
		if clean < 0 {
			clean = 0
		}
		free := st.PoolCapacity - int64(st.PoolCached)
		if free < 0 {
			free = 0
		}
		s.CleanPages += clean
		s.DirtyPages += dirty
		s.FreePages += free
		s.WALRecords += st.WALRecords
		s.WALFsyncs += st.WALSyncs
	}
	return s
}

// EngineStats sums the buffer pools and WAL counters of the open
// databases, for observe.MetricsOptions.EngineStats.
func (x *Executor) EngineStats() observe.EngineStats { return x.dbs.stats() }

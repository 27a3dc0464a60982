package pager

import (
	"sync"
	"sync/atomic"

	"github.com/grumpydb/grumpydb/engine/internal/page"
)

// The buffer pool holds, for every cached page, a chain of versions oldest
// first. A version's image is immutable once installed, so a reader may use
// it without a lock for as long as it likes; dropping a version from a chain
// only stops new lookups from finding it.

type pageKey struct{ file, no uint32 }

type version struct {
	seq  uint64 // commit that produced it; 0 = as found on disk
	data page.Page
}

type chain struct {
	vers    []version
	dirty   bool   // newest version is not on disk yet
	lastUse uint64 // pool tick of the last lookup (sampled LRU)
	loading chan struct{}
}

const numShards = 16

type shard struct {
	mu     sync.Mutex
	chains map[pageKey]*chain
}

type pool struct {
	shards [numShards]shard
	budget int64        // bytes
	used   atomic.Int64 // bytes held by versions
	tick   atomic.Uint64

	// counters for Stats
	hits, misses, evictions atomic.Uint64
}

func newPool(budget int64) *pool {
	p := &pool{budget: budget}
	for i := range p.shards {
		p.shards[i].chains = make(map[pageKey]*chain)
	}
	return p
}

func (p *pool) shard(k pageKey) *shard {
	h := k.file*0x9e3779b1 ^ k.no*0x85ebca6b
	return &p.shards[(h>>16)%numShards]
}

// pick returns the newest version with seq <= snap (snap == maxSeq: newest).
func (c *chain) pick(snap uint64) (page.Page, bool) {
	for i := len(c.vers) - 1; i >= 0; i-- {
		if c.vers[i].seq <= snap {
			return c.vers[i].data, true
		}
	}
	return nil, false
}

// gc drops the versions no reader can need: everything older than the newest
// version with seq <= horizon. It returns the bytes released.
func (c *chain) gc(horizon uint64) int64 {
	keep := -1
	for i := len(c.vers) - 1; i >= 0; i-- {
		if c.vers[i].seq <= horizon {
			keep = i
			break
		}
	}
	if keep <= 0 {
		return 0
	}
	n := copy(c.vers, c.vers[keep:])
	for i := n; i < len(c.vers); i++ {
		c.vers[i] = version{}
	}
	c.vers = c.vers[:n]
	return int64(keep) * page.Size
}

const maxSeq = ^uint64(0)

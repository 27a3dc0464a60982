package pager

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/grumpydb/grumpydb/engine/internal/page"
	"github.com/grumpydb/grumpydb/engine/internal/vfs"
	"github.com/grumpydb/grumpydb/engine/internal/wal"
)

// Options configure a Pager.
type Options struct {
	// CacheBytes is the buffer pool budget for every file of the
	// database (default 64 MiB, minimum 64 pages).
	CacheBytes int64
	// CheckpointBytes is the WAL size past which a commit triggers a
	// checkpoint (default 64 MiB).
	CheckpointBytes int64
	// NoSync skips fsyncs. Only for tests and benchmarks: nothing is
	// durable.
	NoSync bool
	// WALPreallocate is passed to the WAL (wal.Options.Preallocate).
	WALPreallocate int64
}

func (o *Options) fill() {
	if o.CacheBytes == 0 {
		o.CacheBytes = 64 << 20
	}
	if o.CacheBytes < 64*page.Size {
		o.CacheBytes = 64 * page.Size
	}
	if o.CheckpointBytes <= 0 {
		o.CheckpointBytes = 64 << 20
	}
}

// Errors.
var (
	// ErrFailed wraps the I/O error that poisoned the pager.
	ErrFailed = errors.New("pager: failed after an I/O error; reopen the database")
	// ErrClosed is returned after Close.
	ErrClosed = errors.New("pager: closed")
	// ErrNoFile is returned for a file number that does not exist (or
	// did not exist in a reader's snapshot).
	ErrNoFile = errors.New("pager: no such file")
	// ErrTxTooLarge refuses a transaction whose commit record would
	// exceed the WAL's record limit (wal.MaxPayload, 64 MiB of changed
	// pages). Nothing is written and the pager stays usable.
	ErrTxTooLarge = errors.New("transaction too large")
	// ErrTxDone is returned by a finished transaction.
	ErrTxDone = errors.New("pager: transaction finished")
)

const (
	walName  = "wal.log"
	trashDir = "_trash"
)

type file struct {
	no      uint32
	rel     string // canonical path, relative to the database directory
	where   string // current relative path (differs in _trash)
	f       vfs.File
	dropped uint64 // sequence number of the commit that dropped it
	written atomic.Bool
	reads   atomic.Uint64 // pages read from disk
	writes  atomic.Uint64 // pages written to disk
}

// Pager owns the files and the WAL of one database directory.
type Pager struct {
	fs   vfs.FS
	dir  string
	opts Options
	log  *wal.Log
	pool *pool

	writer sync.Mutex // the one writer

	// Guarded by writer.
	applied uint64 // last applied sequence number
	lastLSN uint64
	meta    []byte
	// logged holds the pages with a full image in the current WAL
	// generation: their next change may be logged as a delta.
	logged map[pageKey]struct{}
	// replay holds, during recovery, the page versions rebuilt so far.
	replay map[pageKey]page.Page

	mu         sync.Mutex // readers, durable, multi, drops, dirs
	readers    map[uint64]int
	durable    atomic.Uint64
	multi      map[pageKey]struct{}
	drops      []*file
	dirsToSync map[string]struct{}

	filesMu sync.RWMutex
	files   map[uint32]*file

	failed atomic.Pointer[error]
	closed atomic.Bool

	checkpoints atomic.Uint64
	walRecords  atomic.Uint64 // records appended since Open

	// Renames that wait for their commit to be durable, in commit order.
	renameMu sync.Mutex
	renames  []pendingRename
}

func (p *Pager) abs(rel string) string { return path.Join(p.dir, rel) }

// Open opens the database directory dir (which must exist), recovering from
// the WAL. A directory without a control file is a fresh database: call
// Init before anything else.
func Open(fsys vfs.FS, dir string, opts Options) (*Pager, error) {
	opts.fill()
	p := &Pager{
		fs:         fsys,
		dir:        dir,
		opts:       opts,
		pool:       newPool(opts.CacheBytes),
		readers:    make(map[uint64]int),
		multi:      make(map[pageKey]struct{}),
		dirsToSync: make(map[string]struct{}),
		files:      make(map[uint32]*file),
		logged:     make(map[pageKey]struct{}),
	}
	if err := p.recover(); err != nil {
		p.closeFiles()
		if p.log != nil {
			p.log.Close()
		}
		return nil, err
	}
	return p, nil
}

// Fresh reports whether the database has no control file yet.
func (p *Pager) Fresh() bool {
	p.filesMu.RLock()
	defer p.filesMu.RUnlock()
	return p.files[ControlFile] == nil
}

// Meta returns the meta blob of the last applied commit.
func (p *Pager) Meta() []byte {
	p.writer.Lock()
	defer p.writer.Unlock()
	return append([]byte(nil), p.meta...)
}

func (p *Pager) err() error {
	if e := p.failed.Load(); e != nil {
		return *e
	}
	if p.closed.Load() {
		return ErrClosed
	}
	return nil
}

func (p *Pager) fail(cause error) error {
	e := fmt.Errorf("%w: %w", ErrFailed, cause)
	p.failed.CompareAndSwap(nil, &e)
	return *p.failed.Load()
}

func (p *Pager) file(no uint32) *file {
	p.filesMu.RLock()
	defer p.filesMu.RUnlock()
	return p.files[no]
}

// Files lists the live files: number → canonical path.
func (p *Pager) Files() map[uint32]string {
	p.filesMu.RLock()
	defer p.filesMu.RUnlock()
	m := make(map[uint32]string, len(p.files))
	for no, f := range p.files {
		if f.dropped == 0 {
			m[no] = f.rel
		}
	}
	return m
}

// readDisk reads and verifies one page from its file.
func (p *Pager) readDisk(k pageKey) (page.Page, error) {
	f := p.file(k.file)
	if f == nil {
		return nil, fmt.Errorf("%w: %d", ErrNoFile, k.file)
	}
	buf := make(page.Page, page.Size)
	n, err := f.f.ReadAt(buf, int64(k.no)*page.Size)
	if err != nil && !(errors.Is(err, io.EOF) && n == page.Size) {
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%w: page %d of %s is past the end of the file", page.ErrCorrupt, k.no, f.rel)
		}
		return nil, fmt.Errorf("pager: read page %d of %s: %w", k.no, f.rel, err)
	}
	if err := buf.Verify(k.file, k.no); err != nil {
		return nil, fmt.Errorf("%s: %w", f.rel, err)
	}
	f.reads.Add(1)
	return buf, nil
}

// writeDisk writes a sealed page image to its file.
func (p *Pager) writeDisk(k pageKey, data page.Page) error {
	f := p.file(k.file)
	if f == nil {
		return fmt.Errorf("%w: %d", ErrNoFile, k.file)
	}
	if _, err := f.f.WriteAt(data, int64(k.no)*page.Size); err != nil {
		return fmt.Errorf("pager: write page %d of %s: %w", k.no, f.rel, err)
	}
	f.written.Store(true)
	f.writes.Add(1)
	return nil
}

// get returns the newest version of page k with sequence number <= snap,
// loading it from disk on a miss.
func (p *Pager) get(k pageKey, snap uint64) (page.Page, error) {
	sh := p.pool.shard(k)
	for {
		sh.mu.Lock()
		c := sh.chains[k]
		if c != nil {
			if ch := c.loading; ch != nil {
				sh.mu.Unlock()
				<-ch
				continue
			}
			d, ok := c.pick(snap)
			c.lastUse = p.pool.tick.Add(1)
			sh.mu.Unlock()
			if !ok {
				return nil, fmt.Errorf("pager: internal error: page %d of file %d has no version for snapshot %d", k.no, k.file, snap)
			}
			p.pool.hits.Add(1)
			return d, nil
		}
		c = &chain{loading: make(chan struct{})}
		sh.chains[k] = c
		sh.mu.Unlock()

		p.pool.misses.Add(1)
		data, err := p.readDisk(k)
		sh.mu.Lock()
		close(c.loading)
		c.loading = nil
		if err != nil {
			delete(sh.chains, k)
			sh.mu.Unlock()
			return nil, err
		}
		c.vers = append(c.vers[:0], version{seq: 0, data: data})
		c.lastUse = p.pool.tick.Add(1)
		sh.mu.Unlock()
		p.pool.used.Add(page.Size)
		p.maybeEvict()
		return data, nil
	}
}

// maybeEvict evicts cold pages while the pool is over budget.
func (p *Pager) maybeEvict() {
	for p.pool.used.Load() > p.pool.budget {
		if !p.evictOne() {
			return
		}
	}
}

// evictOne evicts the least recently used of a sample of evictable chains: a
// chain with one version that is on disk, or durable (then written first).
func (p *Pager) evictOne() bool {
	durable := p.durable.Load()
	start := int(p.pool.tick.Add(1) % numShards)
	for i := 0; i < numShards; i++ {
		sh := &p.pool.shards[(start+i)%numShards]
		sh.mu.Lock()
		var (
			bestK pageKey
			best  *chain
			seen  int
		)
		for k, c := range sh.chains {
			if c.loading != nil || len(c.vers) != 1 || k == (pageKey{ControlFile, 0}) {
				continue
			}
			if c.dirty && c.vers[0].seq > durable {
				continue
			}
			if best == nil || c.lastUse < best.lastUse {
				best, bestK = c, k
			}
			if seen++; seen >= 8 {
				break
			}
		}
		if best != nil {
			if best.dirty {
				if err := p.writeDisk(bestK, best.vers[0].data); err != nil {
					sh.mu.Unlock()
					p.fail(err)
					return false
				}
				best.dirty = false
			}
			delete(sh.chains, bestK)
			sh.mu.Unlock()
			p.pool.used.Add(-page.Size)
			p.pool.evictions.Add(1)
			return true
		}
		sh.mu.Unlock()
	}
	return false
}

// horizon is the oldest snapshot any reader holds, or the durable sequence
// number when there are none. Called with p.mu held.
func (p *Pager) horizonLocked() uint64 {
	h := p.durable.Load()
	for s := range p.readers {
		if s < h {
			h = s
		}
	}
	return h
}

// sweep drops page versions and dropped files no reader can need any more.
func (p *Pager) sweep() {
	p.mu.Lock()
	h := p.horizonLocked()
	for k := range p.multi {
		sh := p.pool.shard(k)
		sh.mu.Lock()
		if c := sh.chains[k]; c != nil {
			p.pool.used.Add(-c.gc(h))
			if len(c.vers) <= 1 {
				delete(p.multi, k)
			}
		} else {
			delete(p.multi, k)
		}
		sh.mu.Unlock()
	}
	var gone []*file
	keep := p.drops[:0]
	for _, f := range p.drops {
		if f.dropped <= h && strings.HasPrefix(f.where, trashDir+"/") {
			gone = append(gone, f)
		} else {
			keep = append(keep, f)
		}
	}
	p.drops = keep
	p.mu.Unlock()
	for _, f := range gone {
		p.removeFile(f)
	}
}

// removeFile forgets a dropped file's pages and deletes it.
func (p *Pager) removeFile(f *file) {
	for i := range p.pool.shards {
		sh := &p.pool.shards[i]
		sh.mu.Lock()
		for k, c := range sh.chains {
			if k.file == f.no && c.loading == nil {
				p.pool.used.Add(-int64(len(c.vers)) * page.Size)
				delete(sh.chains, k)
			}
		}
		sh.mu.Unlock()
	}
	p.filesMu.Lock()
	if p.files[f.no] == f {
		delete(p.files, f.no)
	}
	p.filesMu.Unlock()
	f.f.Close()
	// Best effort: a file left behind is an orphan that the next open
	// finds in _trash and deletes.
	if err := p.fs.Remove(p.abs(f.where)); err == nil {
		p.mu.Lock()
		p.dirsToSync[path.Dir(p.abs(f.where))] = struct{}{}
		p.mu.Unlock()
	}
}

// publishDurable makes everything up to seq visible to new readers, then
// carries out the renames of the commits that are now durable.
func (p *Pager) publishDurable(seq uint64) {
	p.mu.Lock()
	for {
		cur := p.durable.Load()
		if seq <= cur || p.durable.CompareAndSwap(cur, seq) {
			break
		}
	}
	p.mu.Unlock()
	if err := p.runRenames(p.durable.Load()); err != nil {
		p.fail(err)
	}
	p.sweep()
}

func (p *Pager) syncFile(f vfs.File) error {
	if p.opts.NoSync {
		return nil
	}
	return f.Sync()
}

func (p *Pager) syncDir(dir string) error {
	if p.opts.NoSync {
		return nil
	}
	return p.fs.SyncDir(dir)
}

func (p *Pager) closeFiles() {
	p.filesMu.Lock()
	defer p.filesMu.Unlock()
	for no, f := range p.files {
		f.f.Close()
		delete(p.files, no)
	}
	for _, f := range p.drops {
		f.f.Close()
	}
	p.drops = nil
}

// Close checkpoints and closes the database files and the WAL. Open
// transactions fail afterwards.
func (p *Pager) Close() error {
	p.writer.Lock()
	defer p.writer.Unlock()
	if p.closed.Load() {
		return ErrClosed
	}
	var err error
	if p.failed.Load() == nil {
		err = p.checkpointLocked()
	}
	p.closed.Store(true)
	p.mu.Lock()
	drops := p.drops
	p.drops = nil
	p.mu.Unlock()
	for _, f := range drops {
		// Only files whose drop is durable have moved to _trash; any
		// other stays for recovery to judge.
		if strings.HasPrefix(f.where, trashDir+"/") {
			p.removeFile(f)
		}
	}
	p.closeFiles()
	if cerr := p.log.Close(); err == nil && cerr != nil && !errors.Is(cerr, wal.ErrClosed) {
		err = cerr
	}
	if err == nil {
		err = p.err()
		if errors.Is(err, ErrClosed) {
			err = nil
		}
	}
	return err
}

// openFlags are the flags for page files.
const openFlags = os.O_RDWR

package engine

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/grumpydb/grumpydb/engine/internal/page"
	"github.com/grumpydb/grumpydb/engine/internal/pager"
	"github.com/grumpydb/grumpydb/engine/internal/vfs"
)

// LockFileName is the name of the lock file in every database directory.
const LockFileName = "db.lock"

const controlFileName = "catalog.db"

// DB is one open database: a directory holding a WAL, a catalog and, per
// collection, a heap file, a primary index and secondary indexes. A DB is
// safe for concurrent use: one write transaction runs at a time, and read
// transactions run concurrently with each other and with the writer.
type DB struct {
	dir  string
	fs   vfs.FS
	p    *pager.Pager
	lock vfs.Lock
	log  *slog.Logger

	// catalogs holds the catalog versions readers may use, oldest first.
	// The last one is the writer's current catalog.
	catMu    sync.Mutex
	catalogs []catVersion

	hlc    atomic.Uint64 // last stamp handed out
	closed atomic.Bool
}

type catVersion struct {
	seq uint64
	cat *catalog
}

// Open opens (or, with CreateIfMissing, creates) the database in dir.
// Recovery runs first: every acknowledged commit is there, and nothing of an
// unacknowledged one. The directory is locked for as long as the DB is open;
// a second opener, in this process or another, gets ErrLocked.
func Open(dir string, opts *Options) (*DB, error) {
	o := DefaultOptions()
	if opts != nil {
		cp := *opts
		o = &cp
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	fsys := o.fs
	if fsys == nil {
		fsys = vfs.OS()
	}
	dir = filepath.Clean(dir)
	exists, err := dbExists(fsys, dir)
	if err != nil {
		return nil, err
	}
	if !exists {
		if !o.CreateIfMissing {
			return nil, fmt.Errorf("%w: %s", ErrNotExist, dir)
		}
		if err := fsys.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("%w: %v", ErrIO, err)
		}
		if !o.NoSync {
			if err := fsys.SyncDir(filepath.Dir(dir)); err != nil {
				return nil, fmt.Errorf("%w: %v", ErrIO, err)
			}
		}
	}
	lk, err := fsys.Lock(filepath.Join(dir, LockFileName))
	if err != nil {
		var le *vfs.LockedError
		if errors.As(err, &le) {
			return nil, fmt.Errorf("%w (pid %d)", ErrLocked, le.PID)
		}
		return nil, fmt.Errorf("%w: lock %s: %v", ErrIO, dir, err)
	}
	popts := pager.Options{
		CacheBytes:      o.CacheBytes,
		CheckpointBytes: o.CheckpointBytes,
		NoSync:          o.NoSync,
	}
	if o.fs == nil {
		// On a real disk, keep the log's next megabyte allocated so that
		// a commit's fsync flushes data, not the file's size.
		popts.WALPreallocate = 1 << 20
	}
	p, err := pager.Open(fsys, dir, popts)
	if err != nil {
		lk.Release()
		return nil, wrapStorage(err)
	}
	db := &DB{dir: dir, fs: fsys, p: p, lock: lk, log: o.Logger}
	if err := db.init(o.CreateIfMissing); err != nil {
		p.Close()
		lk.Release()
		return nil, err
	}
	return db, nil
}

// dbExists reports whether dir holds a database (its control file, or a
// WAL that may recreate it).
func dbExists(fsys vfs.FS, dir string) (bool, error) {
	for _, name := range []string{controlFileName, "wal.log"} {
		if _, err := fsys.Stat(filepath.Join(dir, name)); err == nil {
			return true, nil
		} else if !errors.Is(err, fs.ErrNotExist) {
			return false, fmt.Errorf("%w: %v", ErrIO, err)
		}
	}
	return false, nil
}

// init creates the control file of a fresh database, loads the catalog and
// removes files no catalog entry owns (left by a crash mid-operation).
func (db *DB) init(create bool) error {
	if db.p.Fresh() {
		if !create {
			return fmt.Errorf("%w: %s", ErrNotExist, db.dir)
		}
		tx, err := db.p.BeginWrite()
		if err != nil {
			return wrapStorage(err)
		}
		if _, err := tx.CreateFile(controlFileName); err != nil {
			tx.Rollback()
			return wrapStorage(err)
		}
		st, err := tx.Store(pager.ControlFile)
		if err != nil {
			tx.Rollback()
			return wrapStorage(err)
		}
		if err := storeCatalog(st, &catalog{collections: map[string]*collMeta{}}); err != nil {
			tx.Rollback()
			return wrapStorage(err)
		}
		if err := tx.Commit(); err != nil {
			return wrapStorage(err)
		}
		// Make the new database's files and directory entries durable
		// at once.
		if err := db.p.Flush(); err != nil {
			return wrapStorage(err)
		}
	}
	if m := db.p.Meta(); len(m) >= 8 {
		db.hlc.Store(binary.LittleEndian.Uint64(m))
	}
	r, err := db.p.BeginRead()
	if err != nil {
		return wrapStorage(err)
	}
	st, err := r.Store(pager.ControlFile)
	if err != nil {
		r.Close()
		return wrapStorage(err)
	}
	cat, err := loadCatalog(st)
	seq := r.Seq()
	r.Close()
	if err != nil {
		return wrapStorage(err)
	}
	db.catalogs = []catVersion{{seq: seq, cat: cat}}
	return db.removeOrphans(cat)
}

// removeOrphans drops page files that no catalog entry refers to.
func (db *DB) removeOrphans(cat *catalog) error {
	owned := map[uint32]bool{pager.ControlFile: true}
	for _, m := range cat.collections {
		owned[m.data], owned[m.primary] = true, true
		for _, ix := range m.indexes {
			owned[ix.file] = true
		}
	}
	var orphans []uint32
	for no := range db.p.Files() {
		if !owned[no] {
			orphans = append(orphans, no)
		}
	}
	if len(orphans) == 0 {
		return nil
	}
	db.log.Warn("engine: removing orphaned files", "dir", db.dir, "count", len(orphans))
	tx, err := db.p.BeginWrite()
	if err != nil {
		return wrapStorage(err)
	}
	for _, no := range orphans {
		if err := tx.DropFile(no); err != nil {
			tx.Rollback()
			return wrapStorage(err)
		}
	}
	return wrapStorage(tx.Commit())
}

// Dir returns the database directory.
func (db *DB) Dir() string { return db.dir }

// Close flushes everything to the data files, empties the WAL and releases
// the lock. Transactions still open fail afterwards.
func (db *DB) Close() error {
	if !db.closed.CompareAndSwap(false, true) {
		return ErrClosed
	}
	err := db.p.Close()
	if rerr := db.lock.Release(); err == nil && rerr != nil {
		err = rerr
	}
	return wrapStorage(err)
}

// Flush checkpoints: every committed change is written to the data files
// and fsynced, and the WAL is emptied.
func (db *DB) Flush() error {
	if db.closed.Load() {
		return ErrClosed
	}
	return wrapStorage(db.p.Flush())
}

// HLC returns the database's hybrid logical clock: (unix_ms << 16) |
// counter, never decreasing (also across restarts) and at least the stamp
// of every acknowledged write.
func (db *DB) HLC() uint64 {
	h := db.hlc.Load()
	if h == 0 {
		return db.nextHLC(false)
	}
	return h
}

// nextHLC advances the clock for a write (or just reads it, when advance is
// false and it has never ticked).
func (db *DB) nextHLC(advance bool) uint64 {
	for {
		cur := db.hlc.Load()
		now := uint64(time.Now().UnixMilli()) << 16
		next := now
		if next <= cur {
			if !advance {
				return cur
			}
			next = cur + 1
		}
		if db.hlc.CompareAndSwap(cur, next) {
			return next
		}
	}
}

// catalogAt returns the catalog a snapshot at seq sees.
func (db *DB) catalogAt(seq uint64) *catalog {
	db.catMu.Lock()
	defer db.catMu.Unlock()
	for i := len(db.catalogs) - 1; i >= 0; i-- {
		if db.catalogs[i].seq <= seq {
			return db.catalogs[i].cat
		}
	}
	return db.catalogs[0].cat
}

// currentCatalog is the writer's catalog (the newest applied).
func (db *DB) currentCatalog() *catalog {
	db.catMu.Lock()
	defer db.catMu.Unlock()
	return db.catalogs[len(db.catalogs)-1].cat
}

// publishCatalog records the catalog of commit seq and forgets versions no
// reader can use any more.
func (db *DB) publishCatalog(seq uint64, c *catalog) {
	h := db.p.Horizon()
	db.catMu.Lock()
	defer db.catMu.Unlock()
	db.catalogs = append(db.catalogs, catVersion{seq: seq, cat: c})
	keep := 0
	for i := len(db.catalogs) - 1; i >= 0; i-- {
		if db.catalogs[i].seq <= h {
			keep = i
			break
		}
	}
	db.catalogs = append([]catVersion(nil), db.catalogs[keep:]...)
}

// wrapStorage maps errors from the storage layers onto the engine's
// sentinels, keeping their text.
func wrapStorage(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, ErrCorrupt), errors.Is(err, ErrIO), errors.Is(err, ErrClosed), errors.Is(err, ErrUnsupportedFormat):
		return err
	case errors.Is(err, page.ErrFormat):
		return fmt.Errorf("%w: %w", ErrUnsupportedFormat, err)
	case isCorrupt(err):
		return fmt.Errorf("%w: %w", ErrCorrupt, err)
	case errors.Is(err, pager.ErrClosed):
		return ErrClosed
	case errors.Is(err, pager.ErrTxTooLarge):
		return fmt.Errorf("%w: %w", ErrTxTooLarge, err)
	default:
		var pe *fs.PathError
		if errors.As(err, &pe) || errors.Is(err, pager.ErrFailed) || errors.Is(err, vfs.ErrInjected) {
			return fmt.Errorf("%w: %w", ErrIO, err)
		}
		return err
	}
}

func isCorrupt(err error) bool { return errors.Is(err, page.ErrCorrupt) }

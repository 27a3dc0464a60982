package engine

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"sort"
	"sync"

	"github.com/grumpydb/grumpydb/engine/internal/vfs"
)

// Store is a data directory of tenants and their databases, laid out as
// <data>/<tenant>/<database>/. It opens each database at most once and
// hands out the same *DB to every caller; each open database holds its
// directory's lock, so no other process can write it meanwhile.
//
// Names follow ValidateName. A lookup by a name that breaks the rules
// answers like a missing name and never touches the file system outside
// the data directory.
type Store struct {
	dir  string
	fs   vfs.FS
	opts Options

	mu     sync.Mutex
	dbs    map[string]*DB // "tenant/database"
	closed bool
}

// OpenStore opens the data directory dir, creating it if missing. opts
// apply to every database the store opens (CreateIfMissing is ignored).
func OpenStore(dir string, opts *Options) (*Store, error) {
	o := DefaultOptions()
	if opts != nil {
		o = opts
	}
	fsys := o.fs
	if fsys == nil {
		fsys = vfs.OS()
	}
	if err := fsys.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrIO, err)
	}
	s := &Store{dir: filepath.Clean(dir), fs: fsys, opts: *o, dbs: map[string]*DB{}}
	s.opts.CreateIfMissing = false
	s.opts.fs = fsys
	return s, nil
}

// Dir returns the data directory.
func (s *Store) Dir() string { return s.dir }

func (s *Store) isDir(p string) bool {
	st, err := s.fs.Stat(p)
	return err == nil && st.IsDir()
}

// TenantExists reports whether the tenant exists.
func (s *Store) TenantExists(tenant string) bool {
	return ValidateName(tenant) == nil && s.isDir(filepath.Join(s.dir, tenant))
}

// CreateTenant creates an empty tenant.
func (s *Store) CreateTenant(tenant string) error {
	if err := ValidateName(tenant); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	p := filepath.Join(s.dir, tenant)
	if s.isDir(p) {
		return fmt.Errorf("%w: %s", ErrTenantExists, tenant)
	}
	return s.mkdir(p)
}

func (s *Store) mkdir(p string) error {
	if err := s.fs.MkdirAll(p, 0o755); err != nil {
		return fmt.Errorf("%w: %v", ErrIO, err)
	}
	if err := s.fs.SyncDir(filepath.Dir(p)); err != nil && !s.opts.NoSync {
		return fmt.Errorf("%w: %v", ErrIO, err)
	}
	return nil
}

// DropTenant closes and deletes every database of the tenant, then the
// tenant.
func (s *Store) DropTenant(tenant string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.TenantExists(tenant) {
		return fmt.Errorf("%w: %s", ErrTenantNotFound, tenant)
	}
	for key, db := range s.dbs {
		if filepath.Dir(key) == tenant {
			db.Close()
			delete(s.dbs, key)
		}
	}
	return s.removeAll(filepath.Join(s.dir, tenant))
}

func (s *Store) removeAll(p string) error {
	if err := s.fs.RemoveAll(p); err != nil {
		return fmt.Errorf("%w: %v", ErrIO, err)
	}
	if err := s.fs.SyncDir(filepath.Dir(p)); err != nil && !s.opts.NoSync {
		return fmt.Errorf("%w: %v", ErrIO, err)
	}
	return nil
}

// Tenants lists the tenants, sorted.
func (s *Store) Tenants() ([]string, error) { return s.list(s.dir) }

func (s *Store) list(dir string) ([]string, error) {
	ents, err := s.fs.ReadDir(dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		return nil, fmt.Errorf("%w: %v", ErrIO, err)
	}
	var out []string
	for _, e := range ents {
		if e.IsDir() && ValidateName(e.Name()) == nil {
			out = append(out, e.Name())
		}
	}
	sort.Strings(out)
	return out, nil
}

// Databases lists a tenant's databases, sorted.
func (s *Store) Databases(tenant string) ([]string, error) {
	if !s.TenantExists(tenant) {
		return nil, fmt.Errorf("%w: %s", ErrTenantNotFound, tenant)
	}
	return s.list(filepath.Join(s.dir, tenant))
}

// DatabaseExists reports whether the database exists.
func (s *Store) DatabaseExists(tenant, name string) bool {
	return s.TenantExists(tenant) && ValidateName(name) == nil &&
		s.isDir(filepath.Join(s.dir, tenant, name))
}

// CreateDatabase creates a database (with no collections) and returns it
// open.
func (s *Store) CreateDatabase(tenant, name string) (*DB, error) {
	if !s.TenantExists(tenant) {
		return nil, fmt.Errorf("%w: %s", ErrTenantNotFound, tenant)
	}
	if err := ValidateName(name); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, ErrClosed
	}
	p := filepath.Join(s.dir, tenant, name)
	if s.isDir(p) {
		return nil, fmt.Errorf("%w: %s", ErrDatabaseExists, name)
	}
	o := s.opts
	o.CreateIfMissing = true
	db, err := Open(p, &o)
	if err != nil {
		return nil, err
	}
	if err := s.fs.SyncDir(filepath.Dir(p)); err != nil && !s.opts.NoSync {
		db.Close()
		return nil, fmt.Errorf("%w: %v", ErrIO, err)
	}
	s.dbs[tenant+"/"+name] = db
	return db, nil
}

// Database returns the open database, opening it on first use.
func (s *Store) Database(tenant, name string) (*DB, error) {
	if !s.TenantExists(tenant) {
		return nil, fmt.Errorf("%w: %s", ErrTenantNotFound, tenant)
	}
	if ValidateName(name) != nil {
		return nil, fmt.Errorf("%w: %s", ErrDatabaseNotFound, name)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, ErrClosed
	}
	key := tenant + "/" + name
	if db := s.dbs[key]; db != nil {
		return db, nil
	}
	p := filepath.Join(s.dir, tenant, name)
	if !s.isDir(p) {
		return nil, fmt.Errorf("%w: %s", ErrDatabaseNotFound, name)
	}
	db, err := Open(p, &s.opts)
	if err != nil {
		if errors.Is(err, ErrNotExist) {
			return nil, fmt.Errorf("%w: %s", ErrDatabaseNotFound, name)
		}
		return nil, err
	}
	s.dbs[key] = db
	return db, nil
}

// DropDatabase closes and deletes a database.
func (s *Store) DropDatabase(tenant, name string) error {
	if !s.DatabaseExists(tenant, name) {
		return fmt.Errorf("%w: %s", ErrDatabaseNotFound, name)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	key := tenant + "/" + name
	if db := s.dbs[key]; db != nil {
		db.Close()
		delete(s.dbs, key)
	}
	p := filepath.Join(s.dir, tenant, name)
	// Hold the database's lock while deleting, so a database another
	// process has open is refused rather than pulled from under it.
	lk, err := s.fs.Lock(filepath.Join(p, LockFileName))
	if err != nil {
		var le *vfs.LockedError
		if errors.As(err, &le) {
			return fmt.Errorf("%w (pid %d)", ErrLocked, le.PID)
		}
		return fmt.Errorf("%w: %v", ErrIO, err)
	}
	defer lk.Release()
	return s.removeAll(p)
}

// Close closes every open database.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return ErrClosed
	}
	s.closed = true
	var errs []error
	for key, db := range s.dbs {
		if err := db.Close(); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", key, err))
		}
		delete(s.dbs, key)
	}
	return errors.Join(errs...)
}

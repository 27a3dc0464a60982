package vfs

import (
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
)

// MemFS is an in-memory FS that models durability precisely (see the
// package documentation): every file keeps its durable content and its
// unsynced writes, every directory its durable entries and its unsynced
// entry changes, and Crash builds what a power loss could leave. It is safe
// for concurrent use.
//
// All names resolve against one root: "/a", "a" and "./a" are the same file.
type MemFS struct {
	mu    sync.Mutex
	root  *inode
	locks map[*inode]struct{} // files with a held Lock
}

// NewMemFS returns an empty MemFS holding only its root directory.
func NewMemFS() *MemFS {
	return &MemFS{root: newDirInode(0o755), locks: map[*inode]struct{}{}}
}

// supportedFlags are the OpenFile flags MemFS understands.
const supportedFlags = os.O_RDONLY | os.O_WRONLY | os.O_RDWR | os.O_CREATE | os.O_EXCL | os.O_TRUNC

// accessMode masks the access bits of an open flag.
const accessMode = os.O_RDONLY | os.O_WRONLY | os.O_RDWR

// splitPath returns the components of name below the root.
func splitPath(name string) []string {
	c := path.Clean("/" + filepath.ToSlash(name))
	if c == "/" {
		return nil
	}
	return strings.Split(c[1:], "/")
}

// walk resolves the directory holding the last component of parts.
func (m *MemFS) walk(parts []string) (*inode, error) {
	dir := m.root
	for _, p := range parts {
		next := dir.entries[p]
		if next == nil {
			return nil, syscall.ENOENT
		}
		if !next.dir {
			return nil, syscall.ENOTDIR
		}
		dir = next
	}
	return dir, nil
}

// parent resolves name to its parent directory and base name. For the root
// itself it returns (nil, "", nil).
func (m *MemFS) parent(name string) (*inode, string, error) {
	if name == "" {
		return nil, "", syscall.ENOENT
	}
	parts := splitPath(name)
	if len(parts) == 0 {
		return nil, "", nil
	}
	dir, err := m.walk(parts[:len(parts)-1])
	if err != nil {
		return nil, "", err
	}
	return dir, parts[len(parts)-1], nil
}

// lookup resolves name to its inode.
func (m *MemFS) lookup(name string) (*inode, error) {
	dir, base, err := m.parent(name)
	if err != nil {
		return nil, err
	}
	if dir == nil {
		return m.root, nil
	}
	n := dir.entries[base]
	if n == nil {
		return nil, syscall.ENOENT
	}
	return n, nil
}

func pathErr(op, name string, err error) error {
	return &fs.PathError{Op: op, Path: name, Err: err}
}

// OpenFile opens name. Only the flags os.O_RDONLY, os.O_WRONLY, os.O_RDWR,
// os.O_CREATE, os.O_EXCL and os.O_TRUNC are supported (others fail with
// EINVAL), and directories cannot be opened (EISDIR). perm is recorded but
// not enforced. Creating a file is a pending entry change of its directory.
func (m *MemFS) OpenFile(name string, flag int, perm fs.FileMode) (File, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	n, err := m.open(name, flag, perm)
	if err != nil {
		return nil, pathErr("open", name, err)
	}
	acc := flag & accessMode
	return &memFile{
		fs:       m,
		ino:      n,
		name:     name,
		readable: acc == os.O_RDONLY || acc == os.O_RDWR,
		writable: acc == os.O_WRONLY || acc == os.O_RDWR,
	}, nil
}

// open resolves or creates the file for OpenFile; m.mu is held.
func (m *MemFS) open(name string, flag int, perm fs.FileMode) (*inode, error) {
	if flag&^supportedFlags != 0 || flag&accessMode == accessMode {
		return nil, syscall.EINVAL
	}
	dir, base, err := m.parent(name)
	if err != nil {
		return nil, err
	}
	if dir == nil {
		return nil, syscall.EISDIR
	}
	n := dir.entries[base]
	if n == nil {
		if flag&os.O_CREATE == 0 {
			return nil, syscall.ENOENT
		}
		n = newFileInode(perm)
		dir.link(entryChange{base, n})
		return n, nil
	}
	if flag&(os.O_CREATE|os.O_EXCL) == os.O_CREATE|os.O_EXCL {
		return nil, syscall.EEXIST
	}
	if n.dir {
		return nil, syscall.EISDIR
	}
	if flag&os.O_TRUNC != 0 && len(n.data) > 0 {
		n.truncate(0)
	}
	return n, nil
}

// Remove removes a file or an empty directory, as a pending entry change of
// its parent directory. Open handles of a removed file keep working.
func (m *MemFS) Remove(name string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	dir, base, err := m.parent(name)
	if err == nil && dir == nil {
		err = syscall.EBUSY
	}
	if err != nil {
		return pathErr("remove", name, err)
	}
	n := dir.entries[base]
	if n == nil {
		return pathErr("remove", name, syscall.ENOENT)
	}
	if n.dir && len(n.entries) > 0 {
		return pathErr("remove", name, syscall.ENOTEMPTY)
	}
	dir.link(entryChange{base, nil})
	return nil
}

// RemoveAll removes name and everything under it: each removal is a pending
// entry change of its own directory, children before their directory. A
// missing name is not an error.
func (m *MemFS) RemoveAll(name string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	dir, base, err := m.parent(name)
	if err == syscall.ENOENT {
		return nil
	}
	if err == nil && dir == nil {
		err = syscall.EINVAL
	}
	if err != nil {
		return pathErr("unlinkat", name, err)
	}
	n := dir.entries[base]
	if n == nil {
		return nil
	}
	if n.dir {
		removeTree(n)
	}
	dir.link(entryChange{base, nil})
	return nil
}

// removeTree removes every entry under directory d, depth first, in name
// order.
func removeTree(d *inode) {
	for _, name := range slices.Sorted(maps.Keys(d.entries)) {
		c := d.entries[name]
		if c.dir {
			removeTree(c)
		}
		d.link(entryChange{name, nil})
	}
}

// Rename renames oldname to newname like rename(2): a file replaces a file
// at newname, a directory replaces an empty directory. Within one directory
// the rename is a single pending entry change (a crash keeps all or none of
// it). Across directories it is two independent pending changes, one in each
// directory, so a crash may keep either, both or neither.
func (m *MemFS) Rename(oldname, newname string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.rename(oldname, newname); err != nil {
		return &os.LinkError{Op: "rename", Old: oldname, New: newname, Err: err}
	}
	return nil
}

// rename does Rename's work; m.mu is held.
func (m *MemFS) rename(oldname, newname string) error {
	odir, obase, err := m.parent(oldname)
	if err != nil {
		return err
	}
	ndir, nbase, err := m.parent(newname)
	if err != nil {
		return err
	}
	if odir == nil || ndir == nil {
		return syscall.EBUSY
	}
	src := odir.entries[obase]
	if src == nil {
		return syscall.ENOENT
	}
	dst := ndir.entries[nbase]
	if dst == src {
		return nil // same file: rename(2) does nothing
	}
	if src.dir {
		oparts, nparts := splitPath(oldname), splitPath(newname)
		if len(nparts) > len(oparts) && slices.Equal(nparts[:len(oparts)], oparts) {
			return syscall.EINVAL // into its own subtree
		}
		if dst != nil && !dst.dir {
			return syscall.ENOTDIR
		}
		if dst != nil && len(dst.entries) > 0 {
			return syscall.ENOTEMPTY
		}
	} else if dst != nil && dst.dir {
		return syscall.EISDIR
	}
	if odir == ndir {
		odir.link(entryChange{obase, nil}, entryChange{nbase, src})
		return nil
	}
	odir.link(entryChange{obase, nil})
	ndir.link(entryChange{nbase, src})
	return nil
}

// MkdirAll creates directory name and any missing parents. Simplification:
// each directory it creates is durable at once, as if SyncDir had been
// called on its parent right after the creation — which also makes the
// parent's earlier pending entry changes durable.
func (m *MemFS) MkdirAll(name string, perm fs.FileMode) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if name == "" {
		return pathErr("mkdir", name, syscall.ENOENT)
	}
	dir := m.root
	for _, p := range splitPath(name) {
		next := dir.entries[p]
		if next == nil {
			next = newDirInode(perm)
			dir.link(entryChange{p, next})
			dir.syncDir()
		} else if !next.dir {
			return pathErr("mkdir", name, syscall.ENOTDIR)
		}
		dir = next
	}
	return nil
}

// ReadDir lists directory name, sorted by name.
func (m *MemFS) ReadDir(name string) ([]fs.DirEntry, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	d, err := m.lookup(name)
	if err == nil && !d.dir {
		err = syscall.ENOTDIR
	}
	if err != nil {
		return nil, pathErr("open", name, err)
	}
	names := slices.Sorted(maps.Keys(d.entries))
	out := make([]fs.DirEntry, len(names))
	for i, nm := range names {
		out[i] = fs.FileInfoToDirEntry(d.entries[nm].info(nm))
	}
	return out, nil
}

// Stat describes name.
func (m *MemFS) Stat(name string) (fs.FileInfo, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	n, err := m.lookup(name)
	if err != nil {
		return nil, pathErr("stat", name, err)
	}
	base := "/"
	if parts := splitPath(name); len(parts) > 0 {
		base = parts[len(parts)-1]
	}
	return n.info(base), nil
}

// SyncDir makes directory name's entries durable: all its pending entry
// changes. It does not make the content of its files durable, nor the
// directory's own entry in its parent. Unlike the real one it fails with
// ENOTDIR on a file.
func (m *MemFS) SyncDir(name string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	d, err := m.lookup(name)
	if err == nil && !d.dir {
		err = syscall.ENOTDIR
	}
	if err != nil {
		return pathErr("sync", name, err)
	}
	d.syncDir()
	return nil
}

// Lock emulates flock: it opens (creating if missing) file name and takes
// its lock, then truncates the file and writes this process's pid (as
// unsynced writes, like the real one). While it is held, a second Lock of the
// same file — by any name it has — fails with *LockedError{PID: os.Getpid()}.
func (m *MemFS) Lock(name string) (Lock, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	n, err := m.open(name, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, pathErr("open", name, err)
	}
	if _, held := m.locks[n]; held {
		return nil, &LockedError{PID: os.Getpid()}
	}
	m.locks[n] = struct{}{}
	pid := formatPID(os.Getpid())
	n.truncate(0)
	n.write(pid, 0)
	return &memLock{fs: m, ino: n, name: name}, nil
}

// memLock is a held MemFS lock.
type memLock struct {
	fs       *MemFS
	ino      *inode
	name     string
	released bool
}

// Release gives the lock up; the file stays.
func (l *memLock) Release() error {
	l.fs.mu.Lock()
	defer l.fs.mu.Unlock()
	if l.released {
		return pathErr("release", l.name, fs.ErrClosed)
	}
	l.released = true
	delete(l.fs.locks, l.ino)
	return nil
}

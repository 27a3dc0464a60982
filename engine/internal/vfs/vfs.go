package vfs

import "io/fs"

// File is an open file. Offsets are absolute; there is no file position.
// Methods behave like those of *os.File: ReadAt returns io.EOF when it reads
// fewer than len(p) bytes because the file ends; any call on a closed File
// returns an error wrapping fs.ErrClosed.
type File interface {
	// ReadAt reads len(p) bytes at off. A short read at the end of the
	// file returns the bytes read and io.EOF.
	ReadAt(p []byte, off int64) (int, error)
	// WriteAt writes p at off, extending the file (with zeros in any gap)
	// when it reaches past the end.
	WriteAt(p []byte, off int64) (int, error)
	// Sync makes the file's content durable: after it returns, a crash
	// leaves exactly the content as of the call (see the package
	// documentation for what it does not cover: the file's name).
	Sync() error
	// Truncate sets the file's size, cutting or zero-extending it.
	Truncate(size int64) error
	// Size returns the file's current size.
	Size() (int64, error)
	// Close releases the handle. It does not make anything durable.
	Close() error
}

// FS is the file system the engine's pager and WAL use. OS returns the real
// one; MemFS is an in-memory one that can simulate a crash; FaultFS wraps
// either to inject I/O errors.
type FS interface {
	// OpenFile opens name. flag is a combination of os.O_RDONLY,
	// os.O_WRONLY, os.O_RDWR, os.O_CREATE, os.O_EXCL and os.O_TRUNC.
	OpenFile(name string, flag int, perm fs.FileMode) (File, error)
	// Remove removes a file or an empty directory.
	Remove(name string) error
	// RemoveAll removes name and everything under it. A missing name is
	// not an error.
	RemoveAll(name string) error
	// Rename renames oldname to newname, replacing a file at newname.
	Rename(oldname, newname string) error
	// MkdirAll creates directory name and any missing parents.
	MkdirAll(name string, perm fs.FileMode) error
	// ReadDir lists directory name, sorted by name.
	ReadDir(name string) ([]fs.DirEntry, error)
	// Stat describes name. The error satisfies errors.Is(err,
	// fs.ErrNotExist) when name does not exist.
	Stat(name string) (fs.FileInfo, error)
	// SyncDir makes the entries of directory name (files and directories
	// created in, renamed into or out of, or removed from it) durable.
	SyncDir(name string) error
	// Lock takes an exclusive lock on file name, creating the file if
	// missing, without waiting. When someone else (another process, or
	// another Lock in this process) holds it, it returns a *LockedError.
	Lock(name string) (Lock, error)
}

// Lock is a held lock, from FS.Lock.
type Lock interface {
	// Release gives the lock up. The lock file is left in place. A second
	// Release returns an error wrapping fs.ErrClosed.
	Release() error
}

// The implementations.
var (
	_ FS   = osFS{}
	_ FS   = (*MemFS)(nil)
	_ FS   = (*FaultFS)(nil)
	_ File = osFile{}
	_ File = (*memFile)(nil)
	_ File = (*faultFile)(nil)
)

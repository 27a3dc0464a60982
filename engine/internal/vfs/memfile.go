package vfs

import (
	"io"
	"io/fs"
	"syscall"
	"time"
)

// memFile is an open MemFS file. It keeps working after its name is removed
// or renamed (it holds the inode, like a POSIX descriptor), and after a
// Crash it still refers to the old MemFS only.
type memFile struct {
	fs       *MemFS
	ino      *inode
	name     string
	readable bool
	writable bool
	closed   bool
}

// ReadAt reads len(p) bytes at off; a short read at the end returns io.EOF.
func (f *memFile) ReadAt(p []byte, off int64) (int, error) {
	f.fs.mu.Lock()
	defer f.fs.mu.Unlock()
	switch {
	case f.closed:
		return 0, pathErr("read", f.name, fs.ErrClosed)
	case !f.readable:
		return 0, pathErr("read", f.name, syscall.EBADF)
	case off < 0:
		return 0, pathErr("readat", f.name, syscall.EINVAL)
	case len(p) == 0:
		return 0, nil
	case off >= int64(len(f.ino.data)):
		return 0, io.EOF
	}
	n := copy(p, f.ino.data[off:])
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

// WriteAt writes p at off, zero-filling any gap past the end. The write is
// unsynced until the next Sync.
func (f *memFile) WriteAt(p []byte, off int64) (int, error) {
	f.fs.mu.Lock()
	defer f.fs.mu.Unlock()
	switch {
	case f.closed:
		return 0, pathErr("write", f.name, fs.ErrClosed)
	case !f.writable:
		return 0, pathErr("write", f.name, syscall.EBADF)
	case off < 0:
		return 0, pathErr("writeat", f.name, syscall.EINVAL)
	case len(p) == 0:
		return 0, nil
	}
	if err := checkSize(off + int64(len(p))); err != nil {
		return 0, pathErr("write", f.name, err)
	}
	f.ino.write(p, off)
	return len(p), nil
}

// Sync makes the file's current content durable. It does not make the
// file's name durable; that takes SyncDir of its directory.
func (f *memFile) Sync() error {
	f.fs.mu.Lock()
	defer f.fs.mu.Unlock()
	if f.closed {
		return pathErr("sync", f.name, fs.ErrClosed)
	}
	f.ino.sync()
	return nil
}

// Truncate cuts or zero-extends the file to size, as an unsynced change.
func (f *memFile) Truncate(size int64) error {
	f.fs.mu.Lock()
	defer f.fs.mu.Unlock()
	switch {
	case f.closed:
		return pathErr("truncate", f.name, fs.ErrClosed)
	case !f.writable || size < 0:
		return pathErr("truncate", f.name, syscall.EINVAL)
	}
	if err := checkSize(size); err != nil {
		return pathErr("truncate", f.name, err)
	}
	f.ino.truncate(size)
	return nil
}

// Size returns the file's current size.
func (f *memFile) Size() (int64, error) {
	f.fs.mu.Lock()
	defer f.fs.mu.Unlock()
	if f.closed {
		return 0, pathErr("stat", f.name, fs.ErrClosed)
	}
	return int64(len(f.ino.data)), nil
}

// Close releases the handle.
func (f *memFile) Close() error {
	f.fs.mu.Lock()
	defer f.fs.mu.Unlock()
	if f.closed {
		return pathErr("close", f.name, fs.ErrClosed)
	}
	f.closed = true
	return nil
}

// info describes inode n under base name name.
func (n *inode) info(name string) fs.FileInfo {
	fi := memFileInfo{name: name, mode: n.perm, modTime: n.modTime}
	if n.dir {
		fi.mode |= fs.ModeDir
	} else {
		fi.size = int64(len(n.data))
	}
	return fi
}

// memFileInfo is a snapshot of an inode's metadata.
type memFileInfo struct {
	name    string
	size    int64
	mode    fs.FileMode
	modTime time.Time
}

func (fi memFileInfo) Name() string       { return fi.name }
func (fi memFileInfo) Size() int64        { return fi.size }
func (fi memFileInfo) Mode() fs.FileMode  { return fi.mode }
func (fi memFileInfo) ModTime() time.Time { return fi.modTime }
func (fi memFileInfo) IsDir() bool        { return fi.mode.IsDir() }
func (fi memFileInfo) Sys() any           { return nil }

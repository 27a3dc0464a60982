package vfs

import (
	"io/fs"
	"os"
)

// OS returns the real file system, backed by the os package. Names are
// ordinary operating-system paths.
func OS() FS {
	return osFS{}
}

// osFS implements FS with the os package.
type osFS struct{}

// osFile adapts *os.File to File.
type osFile struct {
	*os.File
}

// Size returns the file's current size.
func (f osFile) Size() (int64, error) {
	fi, err := f.Stat()
	if err != nil {
		return 0, err
	}
	return fi.Size(), nil
}

// OpenFile opens name with os.OpenFile.
func (osFS) OpenFile(name string, flag int, perm fs.FileMode) (File, error) {
	f, err := os.OpenFile(name, flag, perm)
	if err != nil {
		return nil, err
	}
	return osFile{f}, nil
}

// Remove removes a file or an empty directory.
func (osFS) Remove(name string) error { return os.Remove(name) }

// RemoveAll removes name and everything under it.
func (osFS) RemoveAll(name string) error { return os.RemoveAll(name) }

// Rename renames oldname to newname.
func (osFS) Rename(oldname, newname string) error { return os.Rename(oldname, newname) }

// MkdirAll creates directory name and any missing parents.
func (osFS) MkdirAll(name string, perm fs.FileMode) error { return os.MkdirAll(name, perm) }

// ReadDir lists directory name, sorted by name.
func (osFS) ReadDir(name string) ([]fs.DirEntry, error) { return os.ReadDir(name) }

// Stat describes name.
func (osFS) Stat(name string) (fs.FileInfo, error) { return os.Stat(name) }

// SyncDir opens directory name and fsyncs it.
func (osFS) SyncDir(name string) error {
	d, err := os.Open(name)
	if err != nil {
		return err
	}
	serr := d.Sync()
	cerr := d.Close()
	if serr != nil {
		return serr
	}
	return cerr
}

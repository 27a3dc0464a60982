package atomicfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// ErrWrite is wrapped by every error WriteFile and CreateFile return, so a
// caller can tell a failed atomic write from other failures with errors.Is.
var ErrWrite = errors.New("atomicfile: write failed")

// WriteFile atomically replaces path with data, leaving the file with exactly
// mode perm (the umask does not apply). An existing file at path is replaced.
func WriteFile(path string, data []byte, perm fs.FileMode) error {
	return write(path, data, perm, false)
}

// CreateFile is WriteFile for a file that must not exist yet: the new file is
// linked into place, so if path already exists (even if it appeared while the
// data was being written) nothing is changed and the error wraps
// fs.ErrExist.
func CreateFile(path string, data []byte, perm fs.FileMode) error {
	return write(path, data, perm, true)
}

func write(path string, data []byte, perm fs.FileMode, exclusive bool) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return fmt.Errorf("%w: %s: %w", ErrWrite, path, err)
	}
	tmpName := tmp.Name()
	defer func() {
		if tmp != nil {
			_ = tmp.Close()
		}
		if err != nil {
			_ = os.Remove(tmpName)
		}
	}()
	if err = tmp.Chmod(perm); err != nil {
		return fmt.Errorf("%w: %s: %w", ErrWrite, path, err)
	}
	if _, err = tmp.Write(data); err != nil {
		return fmt.Errorf("%w: %s: %w", ErrWrite, path, err)
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("%w: %s: %w", ErrWrite, path, err)
	}
	err = tmp.Close()
	tmp = nil
	if err != nil {
		return fmt.Errorf("%w: %s: %w", ErrWrite, path, err)
	}
	if exclusive {
		err = os.Link(tmpName, path)
	} else {
		err = os.Rename(tmpName, path)
	}
	if err != nil {
		var le *os.LinkError
		if errors.As(err, &le) {
			err = le.Err
		}
		return fmt.Errorf("%w: %s: %w", ErrWrite, path, err)
	}
	if exclusive {
		// The data now lives under path too; drop the temporary name
		// before the directory sync so both changes become durable.
		if err = os.Remove(tmpName); err != nil {
			return fmt.Errorf("%w: %s: %w", ErrWrite, path, err)
		}
	}
	if err = SyncDir(dir); err != nil {
		return fmt.Errorf("%w: %s: %w", ErrWrite, path, err)
	}
	return nil
}

// SyncDir fsyncs the directory dir, making a rename or link inside it
// durable.
func SyncDir(dir string) error {
	d, err := os.Open(dir)
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

// RestrictMode removes the group and other permission bits of the file at
// path, as §7.3 requires for secret files when they are opened. It reports
// the mode the file had and whether it was changed; the caller logs the
// warning.
func RestrictMode(path string) (old fs.FileMode, changed bool, err error) {
	fi, err := os.Stat(path)
	if err != nil {
		return 0, false, err
	}
	old = fi.Mode().Perm()
	if old&0o077 == 0 {
		return old, false, nil
	}
	if err := os.Chmod(path, old&^0o077); err != nil {
		return old, false, err
	}
	return old, true, nil
}

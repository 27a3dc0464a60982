package wal

import (
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"

	"github.com/grumpydb/grumpydb/engine/internal/vfs"
)

// tmpSuffix names the file a new generation is built in before it is
// renamed over the log.
const tmpSuffix = ".tmp"

// newSalt returns a random salt different from prev.
func newSalt(prev uint32) uint32 {
	for {
		if s := rand.Uint32(); s != prev {
			return s
		}
	}
}

// installGeneration atomically replaces (or creates) the log at path with
// an empty generation described by h: it writes the header to path+".tmp",
// fsyncs it, renames it over path and fsyncs the directory. renamed reports
// whether the rename was attempted; if it was not, path is untouched and
// the temporary file has been removed (best effort).
func installGeneration(fsys vfs.FS, path string, h header) (renamed bool, err error) {
	tmp := path + tmpSuffix
	if err := writeHeaderFile(fsys, tmp, h); err != nil {
		_ = fsys.Remove(tmp)
		return false, err
	}
	if err := fsys.Rename(tmp, path); err != nil {
		return true, fmt.Errorf("wal: rename %s to %s: %w", tmp, path, err)
	}
	if err := fsys.SyncDir(filepath.Dir(path)); err != nil {
		return true, fmt.Errorf("wal: sync directory of %s: %w", path, err)
	}
	return true, nil
}

// writeHeaderFile creates (or truncates) name holding only h's header and
// fsyncs it.
func writeHeaderFile(fsys vfs.FS, name string, h header) error {
	f, err := fsys.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return fmt.Errorf("wal: create %s: %w", name, err)
	}
	if err := writeFull(f, h.encode(), 0); err != nil {
		_ = f.Close()
		return fmt.Errorf("wal: write header of %s: %w", name, err)
	}
	if err := f.Sync(); err != nil {
		_ = f.Close()
		return fmt.Errorf("wal: sync %s: %w", name, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("wal: close %s: %w", name, err)
	}
	return nil
}

// writeFull writes all of p at off, turning a short write into an error.
func writeFull(f vfs.File, p []byte, off int64) error {
	n, err := f.WriteAt(p, off)
	if err != nil {
		return err
	}
	if n != len(p) {
		return fmt.Errorf("%w: %d of %d bytes", io.ErrShortWrite, n, len(p))
	}
	return nil
}

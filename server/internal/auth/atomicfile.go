package auth

import (
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
)

// Modes of §7.3.
const (
	secretMode fs.FileMode = 0o600 // secret.key, private PEMs, peer token, user records
	publicMode fs.FileMode = 0o644 // config.json, public PEMs
	dirMode    fs.FileMode = 0o700 // directories this package creates
)

// tempMarker is part of every temporary file name this package creates;
// leftovers of an interrupted write are removed by removeStaleTemps.
const tempMarker = ".tmp-"

// writeFileAtomic replaces dir/name with data (§7.3): a temporary file in
// the same directory is written, given mode perm, fsynced and renamed over
// the target, then the directory is fsynced. Readers see the old content
// or the new, never a mix; a crash leaves at most a stale temporary file.
func writeFileAtomic(dir, name string, data []byte, perm fs.FileMode) (err error) {
	f, err := os.CreateTemp(dir, name+tempMarker+"*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			_ = f.Close()
			_ = os.Remove(tmp)
		}
	}()
	if err = f.Chmod(perm); err != nil {
		return err
	}
	if _, err = f.Write(data); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	if err = os.Rename(tmp, filepath.Join(dir, name)); err != nil {
		return err
	}
	return syncDir(dir)
}

// removeFileDurably deletes dir/name and fsyncs dir.
func removeFileDurably(dir, name string) error {
	if err := os.Remove(filepath.Join(dir, name)); err != nil {
		return err
	}
	return syncDir(dir)
}

// syncDir fsyncs a directory so that renames and removals in it survive a
// crash.
func syncDir(dir string) error {
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

// mkdirDurable creates dir (mode 0700) and any missing parents, fsyncing
// the parent of each directory it creates.
func mkdirDurable(dir string) error {
	if _, err := os.Stat(dir); err == nil {
		return nil
	}
	parent := filepath.Dir(dir)
	if parent != dir {
		if err := mkdirDurable(parent); err != nil {
			return err
		}
	}
	if err := os.Mkdir(dir, dirMode); err != nil && !os.IsExist(err) {
		return err
	}
	return syncDir(parent)
}

// readSecretFile reads a file that must be 0600 (§7.3). If group or other
// bits are set they are removed and a warning is logged.
func readSecretFile(path string, log *slog.Logger) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if err := tightenOpen(f, path, log); err != nil {
		return nil, err
	}
	return readAll(f)
}

// tightenOpen removes group/other permission bits from an open file,
// logging a warning when it changes anything.
func tightenOpen(f *os.File, path string, log *slog.Logger) error {
	st, err := f.Stat()
	if err != nil {
		return err
	}
	perm := st.Mode().Perm()
	if perm&0o077 == 0 {
		return nil
	}
	tight := perm &^ 0o077
	if err := f.Chmod(tight); err != nil {
		return fmt.Errorf("auth: tightening permissions of %s: %w", path, err)
	}
	log.Warn("secret file was readable by group or others; permissions tightened",
		"path", path, "old_mode", fmt.Sprintf("%04o", perm), "new_mode", fmt.Sprintf("%04o", tight))
	return nil
}

// tightenPath is tightenOpen for a path; a missing file is not an error.
func tightenPath(path string, log *slog.Logger) error {
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		return err
	}
	defer f.Close()
	return tightenOpen(f, path, log)
}

// maxAuthFile bounds every file this package reads: records, keys and the
// config are a few KiB; anything larger is corrupt.
const maxAuthFile = 1 << 20

func readAll(f *os.File) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(f, maxAuthFile+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxAuthFile {
		return nil, fmt.Errorf("auth: %s is larger than any auth file (%d bytes)", f.Name(), maxAuthFile)
	}
	return data, nil
}

// removeStaleTemps deletes temporary files left in dir by an interrupted
// writeFileAtomic. A missing dir is not an error.
func removeStaleTemps(dir string, log *slog.Logger) error {
	entries, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		return err
	}
	for _, e := range entries {
		name := e.Name()
		if !e.Type().IsRegular() || !strings.Contains(name, tempMarker) || strings.HasSuffix(name, ".json") {
			continue
		}
		if err := os.Remove(filepath.Join(dir, name)); err != nil {
			return err
		}
		log.Info("removed leftover temporary file", "path", filepath.Join(dir, name))
	}
	return nil
}

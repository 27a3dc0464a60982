package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// LockFileName is the data-directory lock file (§7.2, §7.4).
const LockFileName = "grumpydb.lock"

// Lock is a held lock file (§7.4): an exclusive flock on the file, whose
// content is the holder's process id in decimal. Only the flock counts, so
// a file left behind by a crashed process never blocks anyone.
type Lock struct {
	f    *os.File
	path string
}

// LockedError is the refusal of a lock held elsewhere, in this process or
// another. Its text is `database is locked by another process (pid <n>)`,
// <n> read from the file ("unknown" if the holder had not yet written it).
type LockedError struct {
	// Path is the lock file.
	Path string
	// PID is the holder's process id, or 0 when the file holds none.
	PID int
}

// Error renders the §7.4 message.
func (e *LockedError) Error() string {
	if e.PID <= 0 {
		return ErrLocked.Error() + " (pid unknown)"
	}
	return fmt.Sprintf("%s (pid %d)", ErrLocked.Error(), e.PID)
}

// Is makes errors.Is(err, ErrLocked) hold.
func (e *LockedError) Is(target error) bool { return target == ErrLocked }

// LockDataDir takes <dataDir>/grumpydb.lock. The directory must exist: the
// server creates it first, while snapshot, restore and check must not.
func LockDataDir(dataDir string) (*Lock, error) {
	return AcquireLock(filepath.Join(dataDir, LockFileName))
}

// AcquireLock takes an exclusive flock on path (created 0644 if missing)
// without waiting, then replaces the file's content with this process's
// id. If another open file holds the lock the error is a *LockedError.
func AcquireLock(path string) (*Lock, error) {
	// No O_TRUNC: the file may be a live holder's, whose pid we must
	// still be able to read.
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	if err := flockNoWait(f); err != nil {
		_ = f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, &LockedError{Path: path, PID: readHolderPID(path)}
		}
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	pid := []byte(strconv.Itoa(os.Getpid()))
	err = f.Truncate(0)
	if err == nil {
		_, err = f.WriteAt(pid, 0)
	}
	if err != nil {
		_ = f.Close()
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	return &Lock{f: f, path: path}, nil
}

func flockNoWait(f *os.File) error {
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err != syscall.EINTR {
			return err
		}
	}
}

// readHolderPID reads the pid a holder wrote. A holder writes it right
// after taking the flock, so an empty file is retried briefly.
func readHolderPID(path string) int {
	for attempt := 0; ; attempt++ {
		b, err := os.ReadFile(path)
		if err == nil {
			if pid, err := strconv.Atoi(strings.TrimSpace(string(b))); err == nil && pid > 0 {
				return pid
			}
		}
		if attempt == 20 {
			return 0
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// Path is the lock file's path.
func (l *Lock) Path() string { return l.path }

// Release drops the lock by closing the file (which ends the flock). The
// file and its pid stay behind, harmlessly. Release is idempotent.
func (l *Lock) Release() error {
	if l == nil || l.f == nil {
		return nil
	}
	err := l.f.Close()
	l.f = nil
	return err
}

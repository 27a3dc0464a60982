//go:build unix

package vfs

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"sync"
	"syscall"
)

// Lock takes an exclusive, non-blocking flock on name (created with mode
// 0644 if missing), then truncates the file and writes this process's pid in
// decimal. flock locks belong to an open file description, so a second Lock
// of the same file conflicts even within one process. On conflict the pid is
// read from the file and returned in a *LockedError. A lock file left by a
// dead process never blocks: only the flock counts.
func (osFS) Lock(name string) (Lock, error) {
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	if err := flock(f, syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		if errors.Is(err, syscall.EWOULDBLOCK) {
			buf := make([]byte, maxPIDFileSize)
			n, _ := f.ReadAt(buf, 0)
			_ = f.Close()
			return nil, &LockedError{PID: parsePID(buf[:n])}
		}
		_ = f.Close()
		return nil, &fs.PathError{Op: "flock", Path: name, Err: err}
	}
	if err := writePID(f); err != nil {
		_ = f.Close() // closing the last descriptor drops the flock
		return nil, fmt.Errorf("vfs: lock %s: writing pid: %w", name, err)
	}
	return &osLock{f: f}, nil
}

// writePID replaces f's content with this process's pid.
func writePID(f *os.File) error {
	if err := f.Truncate(0); err != nil {
		return err
	}
	pid := formatPID(os.Getpid())
	n, err := f.WriteAt(pid, 0)
	if err == nil && n < len(pid) {
		err = io.ErrShortWrite
	}
	return err
}

// flock applies syscall.Flock to f's descriptor, retrying on EINTR.
func flock(f *os.File, how int) error {
	raw, err := f.SyscallConn()
	if err != nil {
		return err
	}
	var ferr error
	cerr := raw.Control(func(fd uintptr) {
		for {
			ferr = syscall.Flock(int(fd), how)
			if ferr != syscall.EINTR {
				return
			}
		}
	})
	if cerr != nil {
		return cerr
	}
	return ferr
}

// osLock is a held flock.
type osLock struct {
	mu sync.Mutex
	f  *os.File // nil once released
}

// Release unlocks and closes the lock file; it does not remove it.
func (l *osLock) Release() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		return &fs.PathError{Op: "release", Path: "lock", Err: fs.ErrClosed}
	}
	f := l.f
	l.f = nil
	uerr := flock(f, syscall.LOCK_UN)
	cerr := f.Close()
	if uerr != nil {
		return &fs.PathError{Op: "funlock", Path: f.Name(), Err: uerr}
	}
	return cerr
}

//go:build linux

package vfs

import (
	"io/fs"
	"syscall"
)

// Sync makes the file's data durable with fdatasync(2): the data and the
// metadata needed to read it back (the size), but not timestamps, which
// would cost a journal commit on every call.
func (f osFile) Sync() error {
	rc, err := f.SyscallConn()
	if err != nil {
		return &fs.PathError{Op: "fdatasync", Path: f.Name(), Err: fs.ErrClosed}
	}
	var serr error
	if err := rc.Control(func(fd uintptr) {
		for {
			if serr = syscall.Fdatasync(int(fd)); serr != syscall.EINTR {
				return
			}
		}
	}); err != nil {
		// The only way Control fails on a regular file: it is closed.
		return &fs.PathError{Op: "fdatasync", Path: f.Name(), Err: fs.ErrClosed}
	}
	if serr != nil {
		return &fs.PathError{Op: "fdatasync", Path: f.Name(), Err: serr}
	}
	return nil
}

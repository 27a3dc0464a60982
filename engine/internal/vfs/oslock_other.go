//go:build !unix

package vfs

import (
	"errors"
	"io/fs"
)

// errNoFlock is returned by the real Lock where flock does not exist.
var errNoFlock = errors.New("vfs: file locking needs flock, not available on this platform")

// Lock is not supported without flock.
func (osFS) Lock(name string) (Lock, error) {
	return nil, &fs.PathError{Op: "flock", Path: name, Err: errNoFlock}
}

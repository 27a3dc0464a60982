package vfs

import (
	"io/fs"
	"math/rand/v2"
	"os"
	"sync"
)

// FaultFS wraps an FS and injects I/O errors at a chosen call. It counts
// the mutating and syncing calls — File.WriteAt, File.Sync, File.Truncate,
// FS.Rename, FS.Remove, FS.RemoveAll, FS.SyncDir, and FS.OpenFile with
// os.O_CREATE or os.O_TRUNC — and, separately, File.ReadAt. Nothing else is
// counted or ever fails by injection (MkdirAll, Stat, ReadDir, Lock,
// Release, Size, Close, OpenFile without O_CREATE/O_TRUNC).
//
// An injected failure wraps ErrInjected and the call does not reach the
// inner FS (except for the prefix of a partial write). It is safe for
// concurrent use; set the exported fields before sharing it.
type FaultFS struct {
	inner FS

	// PartialWrites makes a failing WriteAt first write a prefix of its
	// data to the inner file — a torn write that reports an error. The
	// prefix is len(p)/2 bytes, or a uniformly random length in
	// [0, len(p)) when Rand is set. The returned count is the prefix's.
	PartialWrites bool

	// Rand, if set, chooses partial-write lengths.
	Rand *rand.Rand

	mu         sync.Mutex
	calls      int  // counted mutating/syncing calls so far
	failAt     int  // call number that fails; 0: none armed
	sticky     bool // every call from failAt on fails
	reads      int  // ReadAt calls so far
	readFailAt int  // ReadAt number that fails (and all after); 0: none
}

// NewFaultFS wraps inner with no failure armed.
func NewFaultFS(inner FS) *FaultFS {
	return &FaultFS{inner: inner}
}

// FailAfter arms a failure: the n-th counted call from now fails (n = 1:
// the next one). If sticky, every counted call after it fails too — a dead
// disk, so that nothing after the crash point reaches the inner FS. n <= 0
// disarms. It replaces any earlier FailAfter.
func (f *FaultFS) FailAfter(n int, sticky bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if n <= 0 {
		f.failAt, f.sticky = 0, false
		return
	}
	f.failAt, f.sticky = f.calls+n, sticky
}

// FailReadsAfter arms read failures: the n-th ReadAt from now and every
// ReadAt after it fail. n <= 0 disarms.
func (f *FaultFS) FailReadsAfter(n int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if n <= 0 {
		f.readFailAt = 0
		return
	}
	f.readFailAt = f.reads + n
}

// Calls returns how many counted (mutating or syncing) calls were made so
// far, failed ones included.
func (f *FaultFS) Calls() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls
}

// Reads returns how many ReadAt calls were made so far.
func (f *FaultFS) Reads() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.reads
}

// Reset zeroes the counters and disarms every failure. PartialWrites and
// Rand are kept.
func (f *FaultFS) Reset() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls, f.failAt, f.sticky = 0, 0, false
	f.reads, f.readFailAt = 0, 0
}

// step counts one mutating call and reports whether it must fail.
func (f *FaultFS) step() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	return f.failAt > 0 && (f.calls == f.failAt || f.sticky && f.calls > f.failAt)
}

// readStep counts one ReadAt and reports whether it must fail.
func (f *FaultFS) readStep() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.reads++
	return f.readFailAt > 0 && f.reads >= f.readFailAt
}

// partialLen is how much of an n-byte failing write lands.
func (f *FaultFS) partialLen(n int) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	if n == 0 {
		return 0
	}
	if f.Rand != nil {
		return f.Rand.IntN(n)
	}
	return n / 2
}

func injected(op, name string) error {
	return &fs.PathError{Op: op, Path: name, Err: ErrInjected}
}

// OpenFile opens name in the inner FS; it is counted when flag has
// os.O_CREATE or os.O_TRUNC.
func (f *FaultFS) OpenFile(name string, flag int, perm fs.FileMode) (File, error) {
	if flag&(os.O_CREATE|os.O_TRUNC) != 0 && f.step() {
		return nil, injected("open", name)
	}
	inner, err := f.inner.OpenFile(name, flag, perm)
	if err != nil {
		return nil, err
	}
	return &faultFile{fs: f, inner: inner, name: name}, nil
}

// Remove is counted.
func (f *FaultFS) Remove(name string) error {
	if f.step() {
		return injected("remove", name)
	}
	return f.inner.Remove(name)
}

// RemoveAll is counted.
func (f *FaultFS) RemoveAll(name string) error {
	if f.step() {
		return injected("removeall", name)
	}
	return f.inner.RemoveAll(name)
}

// Rename is counted.
func (f *FaultFS) Rename(oldname, newname string) error {
	if f.step() {
		return &os.LinkError{Op: "rename", Old: oldname, New: newname, Err: ErrInjected}
	}
	return f.inner.Rename(oldname, newname)
}

// MkdirAll is not counted.
func (f *FaultFS) MkdirAll(name string, perm fs.FileMode) error {
	return f.inner.MkdirAll(name, perm)
}

// ReadDir is not counted.
func (f *FaultFS) ReadDir(name string) ([]fs.DirEntry, error) {
	return f.inner.ReadDir(name)
}

// Stat is not counted.
func (f *FaultFS) Stat(name string) (fs.FileInfo, error) {
	return f.inner.Stat(name)
}

// SyncDir is counted.
func (f *FaultFS) SyncDir(name string) error {
	if f.step() {
		return injected("sync", name)
	}
	return f.inner.SyncDir(name)
}

// Lock is not counted.
func (f *FaultFS) Lock(name string) (Lock, error) {
	return f.inner.Lock(name)
}

// faultFile is a File of a FaultFS.
type faultFile struct {
	fs    *FaultFS
	inner File
	name  string
}

// ReadAt is counted as a read.
func (f *faultFile) ReadAt(p []byte, off int64) (int, error) {
	if f.fs.readStep() {
		return 0, injected("read", f.name)
	}
	return f.inner.ReadAt(p, off)
}

// WriteAt is counted; a failing one may first write a prefix
// (PartialWrites).
func (f *faultFile) WriteAt(p []byte, off int64) (int, error) {
	if !f.fs.step() {
		return f.inner.WriteAt(p, off)
	}
	if !f.fs.PartialWrites {
		return 0, injected("write", f.name)
	}
	n, err := f.inner.WriteAt(p[:f.fs.partialLen(len(p))], off)
	if err != nil {
		return n, err
	}
	return n, injected("write", f.name)
}

// Sync is counted.
func (f *faultFile) Sync() error {
	if f.fs.step() {
		return injected("sync", f.name)
	}
	return f.inner.Sync()
}

// Truncate is counted.
func (f *faultFile) Truncate(size int64) error {
	if f.fs.step() {
		return injected("truncate", f.name)
	}
	return f.inner.Truncate(size)
}

// Size is not counted.
func (f *faultFile) Size() (int64, error) { return f.inner.Size() }

// Close is not counted.
func (f *faultFile) Close() error { return f.inner.Close() }

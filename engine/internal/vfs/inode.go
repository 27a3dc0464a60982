package vfs

import (
	"io/fs"
	"maps"
	"syscall"
	"time"
)

// maxMemFileSize caps a MemFS file's size, so a write at an absurd offset
// fails with EFBIG instead of exhausting memory.
const maxMemFileSize = 1 << 30

// inode is one file or directory of a MemFS. It carries both the current
// state, which every read sees, and the durable state, which is what a
// crash keeps; the changes between the two are recorded in order so a crash
// can replay a random part of them.
type inode struct {
	dir     bool
	perm    fs.FileMode
	modTime time.Time

	// Files only.
	data     []byte   // current content
	durable  []byte   // content as of the last Sync
	unsynced []fileOp // writes and truncates since the last Sync, in order

	// Directories only.
	entries        map[string]*inode // current entries
	durableEntries map[string]*inode // entries as of the last SyncDir
	pending        []dirOp           // entry changes since the last SyncDir, in order
}

// fileOp is one unsynced change to a file's content.
type fileOp struct {
	truncate bool
	off      int64  // write offset, or the new size of a truncate
	data     []byte // written bytes (a private copy)
}

// dirOp is one unsynced change to a directory's entries: entry changes
// applied together (a rename within one directory is one dirOp of two
// changes, so a crash keeps all of it or none).
type dirOp []entryChange

// entryChange sets entry name to ino, or removes it when ino is nil.
type entryChange struct {
	name string
	ino  *inode
}

func newFileInode(perm fs.FileMode) *inode {
	return &inode{perm: perm.Perm(), modTime: time.Now()}
}

func newDirInode(perm fs.FileMode) *inode {
	return &inode{
		dir:            true,
		perm:           perm.Perm(),
		modTime:        time.Now(),
		entries:        map[string]*inode{},
		durableEntries: map[string]*inode{},
	}
}

// checkSize reports EFBIG when a file may not reach size end.
func checkSize(end int64) error {
	if end > maxMemFileSize {
		return syscall.EFBIG
	}
	return nil
}

// write records p at off, which the caller has checked with checkSize.
func (n *inode) write(p []byte, off int64) {
	n.data = writeBytes(n.data, p, off)
	n.unsynced = append(n.unsynced, fileOp{off: off, data: append([]byte(nil), p...)})
	n.modTime = time.Now()
}

// truncate records a resize to size, which the caller has checked.
func (n *inode) truncate(size int64) {
	n.data = resize(n.data, size)
	n.unsynced = append(n.unsynced, fileOp{truncate: true, off: size})
	n.modTime = time.Now()
}

// sync makes the current content durable.
func (n *inode) sync() {
	for _, op := range n.unsynced {
		n.durable = op.apply(n.durable)
	}
	n.unsynced = nil
}

// link sets entry name of directory n to ino (nil removes it) and records
// the change as pending.
func (n *inode) link(changes ...entryChange) {
	for _, c := range changes {
		if c.ino == nil {
			delete(n.entries, c.name)
		} else {
			n.entries[c.name] = c.ino
		}
	}
	n.pending = append(n.pending, dirOp(changes))
	n.modTime = time.Now()
}

// syncDir makes directory n's current entries durable.
func (n *inode) syncDir() {
	n.durableEntries = maps.Clone(n.entries)
	n.pending = nil
}

// apply returns buf with op applied.
func (op fileOp) apply(buf []byte) []byte {
	if op.truncate {
		return resize(buf, op.off)
	}
	return writeBytes(buf, op.data, op.off)
}

// apply changes entries by op.
func (op dirOp) apply(entries map[string]*inode) {
	for _, c := range op {
		if c.ino == nil {
			delete(entries, c.name)
		} else {
			entries[c.name] = c.ino
		}
	}
}

// writeBytes copies p into buf at off, growing buf (zero-filled) as needed.
func writeBytes(buf, p []byte, off int64) []byte {
	if len(p) == 0 {
		return buf
	}
	if end := off + int64(len(p)); end > int64(len(buf)) {
		buf = resize(buf, end)
	}
	copy(buf[off:], p)
	return buf
}

// resize returns buf cut or zero-extended to size bytes.
func resize(buf []byte, size int64) []byte {
	n := int(size)
	if n <= len(buf) {
		return buf[:n]
	}
	old := len(buf)
	if n <= cap(buf) {
		buf = buf[:n]
		clear(buf[old:])
		return buf
	}
	nb := make([]byte, n, max(n, 2*cap(buf)))
	copy(nb, buf)
	return nb
}

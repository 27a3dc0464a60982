package vfs

import (
	"maps"
	"math/rand/v2"
	"slices"
)

// SectorSize is the unit of a torn write: a torn write lands as a prefix of
// whole 512-byte sectors (counted from file offset 0, so a write that starts
// mid-sector has a short first sector).
const SectorSize = 512

// CrashOptions says what a simulated power loss keeps beyond the durable
// state. The zero value keeps exactly the durable state.
type CrashOptions struct {
	// Rand drives every random choice. When nil, nothing unsynced
	// survives and KeepUnsynced and TearWrites are ignored. A given seed
	// and the same history give the same result.
	Rand *rand.Rand

	// KeepUnsynced is the probability that each unsynced write or
	// truncate of a file survives. Each is decided on its own; the
	// survivors are applied in their original order over the durable
	// content. 0 keeps none, 1 keeps all.
	KeepUnsynced float64

	// TearWrites lets a surviving write land torn (with probability 1/2
	// for each): only a prefix of its sectors lands (possibly none), and
	// with probability 1/2 the first sector that did not land gets random
	// bytes instead. Garbage stays within the write's own byte range;
	// bytes the write did not cover are never disturbed. Truncates are
	// never torn.
	TearWrites bool
}

// Crash returns a new MemFS holding what a power loss at this moment could
// leave behind (see the package documentation for the model):
//
//   - every directory keeps its durable entries plus, when opts.Rand is
//     set, a random prefix (in order) of its pending entry changes; a
//     directory's entries only matter if the directory itself survives;
//   - every surviving file keeps its durable content plus the unsynced
//     writes and truncates opts selects.
//
// The new MemFS is fully durable (a second Crash of it, before any change,
// gives the same state), has no open files and no locks. m itself is not
// changed: its open files keep working on m only.
func (m *MemFS) Crash(opts CrashOptions) *MemFS {
	m.mu.Lock()
	defer m.mu.Unlock()
	c := &crasher{
		opts:     opts,
		contents: map[*inode][]byte{},
		seen:     map[*inode]bool{},
	}
	out := NewMemFS()
	out.root = c.dir(m.root)
	return out
}

// crasher builds the post-crash copy of one MemFS.
type crasher struct {
	opts     CrashOptions
	contents map[*inode][]byte // surviving content per file, decided once
	seen     map[*inode]bool   // directories already copied
}

// dir copies directory d as it survives. A directory reachable twice
// (possible when only part of a cross-directory rename survives) is kept at
// the first name met in depth-first name order and dropped at the others,
// so the result stays a tree.
func (c *crasher) dir(d *inode) *inode {
	c.seen[d] = true
	entries := maps.Clone(d.durableEntries)
	if c.opts.Rand != nil && len(d.pending) > 0 {
		k := c.opts.Rand.IntN(len(d.pending) + 1)
		for _, op := range d.pending[:k] {
			op.apply(entries)
		}
	}
	nd := newDirInode(d.perm)
	nd.modTime = d.modTime
	for _, name := range slices.Sorted(maps.Keys(entries)) {
		child := entries[name]
		if child.dir {
			if c.seen[child] {
				continue
			}
			nd.entries[name] = c.dir(child)
			continue
		}
		b := c.content(child)
		nd.entries[name] = &inode{
			perm:    child.perm,
			modTime: child.modTime,
			data:    slices.Clone(b),
			durable: slices.Clone(b),
		}
	}
	nd.syncDir()
	return nd
}

// content decides the surviving content of file n.
func (c *crasher) content(n *inode) []byte {
	if b, ok := c.contents[n]; ok {
		return b
	}
	b := slices.Clone(n.durable)
	if r := c.opts.Rand; r != nil {
		for _, op := range n.unsynced {
			if r.Float64() >= c.opts.KeepUnsynced {
				continue
			}
			if op.truncate || !c.opts.TearWrites || r.IntN(2) == 0 {
				b = op.apply(b)
				continue
			}
			b = c.tear(b, op)
		}
	}
	c.contents[n] = b
	return b
}

// tear applies a torn version of write op to b.
func (c *crasher) tear(b []byte, op fileOp) []byte {
	r := c.opts.Rand
	// Split the write at sector boundaries; starts[i] is where piece i
	// begins within op.data.
	var starts []int
	for s := 0; s < len(op.data); {
		starts = append(starts, s)
		abs := op.off + int64(s)
		s += int(SectorSize - abs%SectorSize)
	}
	k := r.IntN(len(starts)) // whole pieces that land
	b = writeBytes(b, op.data[:starts[k]], op.off)
	if r.IntN(2) == 0 {
		end := len(op.data)
		if k+1 < len(starts) {
			end = starts[k+1]
		}
		junk := make([]byte, end-starts[k])
		for i := range junk {
			junk[i] = byte(r.Uint32())
		}
		b = writeBytes(b, junk, op.off+int64(starts[k]))
	}
	return b
}

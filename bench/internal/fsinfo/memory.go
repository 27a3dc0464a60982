package fsinfo

// Statfs magic numbers (statfs(2)) of the file systems a scratch directory
// is likely to be on.
const (
	magicTmpfs   = 0x01021994
	magicRamfs   = 0x858458f6
	magicExt     = 0xef53
	magicXFS     = 0x58465342
	magicBtrfs   = 0x9123683e
	magicOverlay = 0x794c7630
	magicZFS     = 0x2fc12fc1
	magicNFS     = 0x6969
	magicF2FS    = 0xf2f52010
)

// magicName names a statfs magic number ("0x…" when it is not one of the
// known ones).
func magicName(m int64) string {
	switch uint32(m) {
	case magicTmpfs:
		return "tmpfs"
	case magicRamfs:
		return "ramfs"
	case magicExt:
		return "ext2/3/4"
	case magicXFS:
		return "xfs"
	case magicBtrfs:
		return "btrfs"
	case magicOverlay:
		return "overlay"
	case magicZFS:
		return "zfs"
	case magicNFS:
		return "nfs"
	case magicF2FS:
		return "f2fs"
	}
	return "0x" + hex(uint64(uint32(m)))
}

func hex(x uint64) string {
	const digits = "0123456789abcdef"
	if x == 0 {
		return "0"
	}
	var b [16]byte
	i := len(b)
	for x > 0 {
		i--
		b[i] = digits[x&15]
		x >>= 4
	}
	return string(b[i:])
}

// MemoryFSType reports whether a file system type name (as mountinfo spells
// it) keeps its data in memory, so that fsync on it proves nothing.
func MemoryFSType(fstype string) bool {
	switch fstype {
	case "tmpfs", "ramfs", "devtmpfs", "hugetlbfs":
		return true
	}
	return false
}

// FSKind is what statfs says about the file system holding a path.
type FSKind struct {
	Name   string // e.g. "ext2/3/4", "tmpfs"
	Memory bool   // tmpfs or ramfs: durable-write figures are meaningless there
}

// kindOfMagic classifies a statfs magic number.
func kindOfMagic(m int64) FSKind {
	u := uint32(m)
	return FSKind{Name: magicName(m), Memory: u == magicTmpfs || u == magicRamfs}
}

//go:build linux

package fsinfo

import (
	"fmt"
	"syscall"
)

// Statfs asks statfs(2) which kind of file system holds path.
func Statfs(path string) (FSKind, error) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(path, &st); err != nil {
		return FSKind{}, fmt.Errorf("fsinfo: statfs %s: %w", path, err)
	}
	return kindOfMagic(int64(st.Type)), nil
}

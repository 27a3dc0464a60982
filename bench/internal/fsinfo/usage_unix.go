//go:build unix

package fsinfo

import (
	"io/fs"
	"syscall"
)

// allocated returns st_blocks × 512 for fi, or its size when the platform
// data is missing.
func allocated(fi fs.FileInfo) int64 {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return int64(st.Blocks) * 512
	}
	return fi.Size()
}

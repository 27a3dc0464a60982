package fsinfo

import (
	"fmt"
	"io/fs"
	"path/filepath"
)

// Usage is the space a directory tree occupies.
type Usage struct {
	Files     int   // regular files
	Apparent  int64 // sum of file sizes (st_size)
	Allocated int64 // sum of allocated blocks (st_blocks × 512); Apparent where unknown
}

// DirUsage walks dir and adds up its regular files.
func DirUsage(dir string) (Usage, error) {
	var u Usage
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.Type().IsRegular() {
			return nil
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		u.Files++
		u.Apparent += fi.Size()
		u.Allocated += allocated(fi)
		return nil
	})
	if err != nil {
		return Usage{}, fmt.Errorf("fsinfo: usage of %s: %w", dir, err)
	}
	return u, nil
}

// Package scratch makes the benchmark programs' scratch directories: a new
// directory under the one asked for (or under the current directory, never
// silently under a RAM-backed /tmp), checked with statfs so that a
// memory-backed file system, where fsync costs nothing, is warned about.
package scratch

import (
	"fmt"
	"io"
	"os"

	"github.com/grumpydb/grumpydb/bench/internal/fsinfo"
)

// New creates a fresh directory named prefix-* under parent (the current
// directory when parent is ""), creating parent if needed. The returned
// cleanup removes it, unless keep is set (then it reports where it is on
// w).
func New(parent, prefix string, keep bool, w io.Writer) (string, func(), error) {
	if parent == "" {
		parent = "."
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return "", nil, fmt.Errorf("scratch: %w", err)
	}
	dir, err := os.MkdirTemp(parent, prefix+"-")
	if err != nil {
		return "", nil, fmt.Errorf("scratch: %w", err)
	}
	return dir, func() {
		if keep {
			fmt.Fprintln(w, "kept scratch directory", dir)
			return
		}
		os.RemoveAll(dir)
	}, nil
}

// Warn writes a warning to w when dir is on a memory-backed file system
// (or cannot be checked) and reports whether it is memory-backed.
func Warn(dir string, w io.Writer) bool {
	k, err := fsinfo.Statfs(dir)
	if err != nil {
		fmt.Fprintf(w, "WARNING: cannot statfs %s (%v): make sure it is disk-backed\n", dir, err)
		return false
	}
	if k.Memory {
		fmt.Fprintf(w, "WARNING: %s is on %s (memory-backed): fsync costs nothing there and durable-write figures are void; pass -dir on a disk\n", dir, k.Name)
	}
	return k.Memory
}

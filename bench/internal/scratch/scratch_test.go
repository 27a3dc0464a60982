package scratch

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestNewAndCleanup(t *testing.T) {
	parent := filepath.Join(t.TempDir(), "a", "b")
	var log strings.Builder
	dir, cleanup, err := New(parent, "x", false, &log)
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Dir(dir) != parent || !strings.HasPrefix(filepath.Base(dir), "x-") {
		t.Fatalf("dir = %s, want x-* under %s", dir, parent)
	}
	if err := os.WriteFile(filepath.Join(dir, "f"), []byte("1"), 0o644); err != nil {
		t.Fatal(err)
	}
	cleanup()
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Fatalf("cleanup left %s: %v", dir, err)
	}
	kept, cleanup2, err := New(parent, "y", true, &log)
	if err != nil {
		t.Fatal(err)
	}
	cleanup2()
	if _, err := os.Stat(kept); err != nil || !strings.Contains(log.String(), kept) {
		t.Fatalf("keep removed %s or did not say so (%v, %q)", kept, err, log.String())
	}
}

func TestWarnOnDisk(t *testing.T) {
	var log strings.Builder
	mem := Warn(t.TempDir(), &log)
	if mem != strings.Contains(log.String(), "memory-backed") {
		t.Fatalf("Warn returned %v but wrote %q", mem, log.String())
	}
}

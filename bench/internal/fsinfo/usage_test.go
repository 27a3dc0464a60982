package fsinfo

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

func TestDirUsage(t *testing.T) {
	dir := t.TempDir()
	sizes := map[string]int{"a": 0, "b": 100, "sub/c": 8192, "sub/deeper/d": 5000}
	want := int64(0)
	for name, n := range sizes {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, make([]byte, n), 0o644); err != nil {
			t.Fatal(err)
		}
		want += int64(n)
	}
	u, err := DirUsage(dir)
	if err != nil {
		t.Fatal(err)
	}
	if u.Files != len(sizes) || u.Apparent != want {
		t.Fatalf("usage = %+v, want %d files, %d bytes", u, len(sizes), want)
	}
	if u.Allocated < 0 || (runtime.GOOS == "linux" && u.Allocated == 0) {
		t.Fatalf("allocated = %d, want > 0 for %d bytes of zeros written", u.Allocated, want)
	}
	if _, err := DirUsage(filepath.Join(dir, "missing")); err == nil {
		t.Fatal("DirUsage of a missing directory succeeded")
	}
}

func TestStatfsAndKinds(t *testing.T) {
	if runtime.GOOS == "linux" {
		k, err := Statfs(t.TempDir())
		if err != nil || k.Name == "" {
			t.Fatalf("Statfs = %+v, %v", k, err)
		}
	}
	for _, tc := range []struct {
		magic  int64
		name   string
		memory bool
	}{
		{magicTmpfs, "tmpfs", true},
		{magicRamfs, "ramfs", true},
		{magicExt, "ext2/3/4", false},
		{magicXFS, "xfs", false},
		{0x1234, "0x1234", false},
	} {
		k := kindOfMagic(tc.magic)
		if k.Name != tc.name || k.Memory != tc.memory {
			t.Errorf("kindOfMagic(%#x) = %+v, want %s/%v", tc.magic, k, tc.name, tc.memory)
		}
	}
	for fstype, want := range map[string]bool{"tmpfs": true, "ramfs": true, "ext4": false, "xfs": false} {
		if MemoryFSType(fstype) != want {
			t.Errorf("MemoryFSType(%q) != %v", fstype, want)
		}
	}
}

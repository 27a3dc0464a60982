package auth

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestWriteFileAtomic(t *testing.T) {
	old := syscall.Umask(0o077) // modes must not depend on the umask
	defer syscall.Umask(old)
	dir := t.TempDir()
	for _, perm := range []os.FileMode{secretMode, publicMode} {
		name := "f" + perm.String()
		for _, content := range []string{"first", "second, longer content", ""} {
			if err := writeFileAtomic(dir, name, []byte(content), perm); err != nil {
				t.Fatal(err)
			}
			got, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil || string(got) != content {
				t.Fatalf("content %q, %v; want %q", got, err, content)
			}
			if m := mode(t, filepath.Join(dir, name)); m != perm {
				t.Fatalf("mode %v, want %v", m, perm)
			}
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Fatalf("temporary files left behind: %v", entries)
	}
}

func TestWriteFileAtomicFailureKeepsOld(t *testing.T) {
	dir := t.TempDir()
	// The target is a non-empty directory: the rename must fail, and
	// neither the target nor a temporary file may be left changed.
	target := filepath.Join(dir, "t")
	if err := os.MkdirAll(filepath.Join(target, "x"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := writeFileAtomic(dir, "t", []byte("new"), secretMode); err == nil {
		t.Fatal("rename over a directory succeeded")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 || entries[0].Name() != "t" || !entries[0].IsDir() {
		t.Fatalf("directory after failed write: %v", entries)
	}
	if err := writeFileAtomic(filepath.Join(dir, "missing"), "x", nil, secretMode); err == nil {
		t.Fatal("write into a missing directory succeeded")
	}
}

func TestTightenAndStaleTemps(t *testing.T) {
	dir := t.TempDir()
	var logs logBuffer
	p := filepath.Join(dir, "secret")
	if err := os.WriteFile(p, []byte("s3cret"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(p, 0o644); err != nil {
		t.Fatal(err)
	}
	data, err := readSecretFile(p, logs.logger())
	if err != nil || string(data) != "s3cret" {
		t.Fatalf("readSecretFile = %q, %v", data, err)
	}
	if m := mode(t, p); m != 0o600 {
		t.Fatalf("mode after tighten %v", m)
	}
	if !strings.Contains(logs.String(), "level=WARN") || !strings.Contains(logs.String(), p) {
		t.Fatalf("no warning logged: %q", logs.String())
	}
	before := logs.String()
	if err := tightenPath(p, logs.logger()); err != nil || logs.String() != before {
		t.Fatalf("already tight file: err %v, new log %q", err, logs.String()[len(before):])
	}
	if err := tightenPath(filepath.Join(dir, "absent"), logs.logger()); err != nil {
		t.Fatalf("missing file: %v", err)
	}

	for _, name := range []string{"a.json.tmp-123", "k.pem.tmp-9", "keep.json", "user.tmp-x.json", "other"} {
		if err := os.WriteFile(filepath.Join(dir, name), nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := removeStaleTemps(dir, logs.logger()); err != nil {
		t.Fatal(err)
	}
	var left []string
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		left = append(left, e.Name())
	}
	if strings.Join(left, ",") != "keep.json,other,secret,user.tmp-x.json" {
		t.Fatalf("after cleanup: %v", left)
	}
	if err := removeStaleTemps(filepath.Join(dir, "absent"), logs.logger()); err != nil {
		t.Fatal(err)
	}
}

func TestReadSecretFileTooLarge(t *testing.T) {
	p := filepath.Join(t.TempDir(), "big")
	if err := os.WriteFile(p, make([]byte, maxAuthFile+1), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := readSecretFile(p, (&logBuffer{}).logger()); err == nil {
		t.Fatal("oversized file accepted")
	}
}

package atomicfile

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

func listDir(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	return names
}

func TestWriteFileCreatesAndReplaces(t *testing.T) {
	for _, perm := range []fs.FileMode{0o600, 0o644} {
		dir := t.TempDir()
		p := filepath.Join(dir, "f.json")
		if err := WriteFile(p, []byte("one"), perm); err != nil {
			t.Fatal(err)
		}
		if err := WriteFile(p, []byte("two"), perm); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, []byte("two")) {
			t.Fatalf("content %q, want %q", got, "two")
		}
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != perm {
			t.Fatalf("mode %v, want %v", fi.Mode().Perm(), perm)
		}
		if names := listDir(t, dir); len(names) != 1 || names[0] != "f.json" {
			t.Fatalf("directory holds %v, want only f.json", names)
		}
	}
}

func TestCreateFileRefusesExisting(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "node.json")
	if err := CreateFile(p, []byte("first"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := CreateFile(p, []byte("second"), 0o644)
	if !errors.Is(err, fs.ErrExist) || !errors.Is(err, ErrWrite) {
		t.Fatalf("second CreateFile: %v, want ErrExist and ErrWrite", err)
	}
	got, _ := os.ReadFile(p)
	if string(got) != "first" {
		t.Fatalf("content %q after refused create, want %q", got, "first")
	}
	if names := listDir(t, dir); len(names) != 1 {
		t.Fatalf("directory holds %v, want only node.json", names)
	}
}

func TestWriteFileMissingDirectory(t *testing.T) {
	p := filepath.Join(t.TempDir(), "nope", "f")
	err := WriteFile(p, []byte("x"), 0o600)
	if !errors.Is(err, ErrWrite) || !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("err = %v, want ErrWrite wrapping ErrNotExist", err)
	}
}

func TestRestrictMode(t *testing.T) {
	cases := []struct {
		mode    fs.FileMode
		want    fs.FileMode
		changed bool
	}{
		{0o600, 0o600, false},
		{0o644, 0o600, true},
		{0o640, 0o600, true},
		{0o400, 0o400, false},
		{0o777, 0o700, true},
	}
	for _, c := range cases {
		p := filepath.Join(t.TempDir(), "k")
		if err := os.WriteFile(p, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(p, c.mode); err != nil {
			t.Fatal(err)
		}
		old, changed, err := RestrictMode(p)
		if err != nil {
			t.Fatal(err)
		}
		fi, _ := os.Stat(p)
		if old != c.mode || changed != c.changed || fi.Mode().Perm() != c.want {
			t.Errorf("mode %v: old=%v changed=%v now=%v; want old=%v changed=%v now=%v",
				c.mode, old, changed, fi.Mode().Perm(), c.mode, c.changed, c.want)
		}
	}
	if _, _, err := RestrictMode(filepath.Join(t.TempDir(), "missing")); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("missing file: %v", err)
	}
}

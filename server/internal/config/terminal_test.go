package config

import (
	"os"
	"testing"
)

func TestIsTerminalFalseForPipesAndFiles(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	if IsTerminal(w.Fd()) || IsTerminal(r.Fd()) {
		t.Fatal("a pipe is not a terminal")
	}
	f, err := os.CreateTemp(t.TempDir(), "f")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if IsTerminal(f.Fd()) {
		t.Fatal("a regular file is not a terminal")
	}
	null, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer null.Close()
	if IsTerminal(null.Fd()) {
		t.Fatal("/dev/null is not a terminal")
	}
	if IsTerminal(^uintptr(0)) {
		t.Fatal("an invalid descriptor is not a terminal")
	}
}

func TestIsTerminalTrueForPTY(t *testing.T) {
	ptmx, err := os.OpenFile("/dev/ptmx", os.O_RDWR, 0)
	if err != nil {
		t.Skipf("no pseudo-terminal available: %v", err)
	}
	defer ptmx.Close()
	if !IsTerminal(ptmx.Fd()) {
		t.Fatal("a pseudo-terminal master must count as a terminal")
	}
}

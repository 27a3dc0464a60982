package vfs

import (
	"errors"
	"io"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"
)

// testSeed returns the seed for a randomised test: GRUMPY_SEED when set,
// else a fresh one. It is logged so a failure can be replayed.
func testSeed(t testing.TB) uint64 {
	t.Helper()
	seed := rand.Uint64()
	if s := os.Getenv("GRUMPY_SEED"); s != "" {
		v, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatalf("GRUMPY_SEED=%q: %v", s, err)
		}
		seed = v
	}
	t.Logf("seed %d (replay with GRUMPY_SEED=%d)", seed, seed)
	return seed
}

func newRand(seed uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
}

// writeFile creates (or truncates) name with data; if sync, it is synced.
func writeFile(t testing.TB, fsys FS, name string, data []byte, sync bool) {
	t.Helper()
	f, err := fsys.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		t.Fatalf("open %s: %v", name, err)
	}
	if _, err := f.WriteAt(data, 0); err != nil {
		t.Fatalf("write %s: %v", name, err)
	}
	if sync {
		if err := f.Sync(); err != nil {
			t.Fatalf("sync %s: %v", name, err)
		}
	}
	if err := f.Close(); err != nil {
		t.Fatalf("close %s: %v", name, err)
	}
}

// readFile returns name's whole content.
func readFile(t testing.TB, fsys FS, name string) []byte {
	t.Helper()
	b, err := tryReadFile(fsys, name)
	if err != nil {
		t.Fatalf("read %s: %v", name, err)
	}
	return b
}

func tryReadFile(fsys FS, name string) ([]byte, error) {
	f, err := fsys.OpenFile(name, os.O_RDONLY, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	size, err := f.Size()
	if err != nil {
		return nil, err
	}
	b := make([]byte, size)
	n, err := f.ReadAt(b, 0)
	if err != nil && !(errors.Is(err, io.EOF) && n == len(b)) {
		return nil, err
	}
	return b[:n], nil
}

// exists reports whether name exists, failing on errors other than
// not-exist.
func exists(t testing.TB, fsys FS, name string) bool {
	t.Helper()
	_, err := fsys.Stat(name)
	if err == nil {
		return true
	}
	if !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("stat %s: %v", name, err)
	}
	return false
}

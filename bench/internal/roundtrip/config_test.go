package roundtrip

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/uuid"
)

func TestLayouts(t *testing.T) {
	var got []string
	for _, l := range Layouts() {
		got = append(got, l.String())
	}
	want := "C=1 P=1,C=1 P=16,C=16 P=1,C=16 P=16,C=64 P=1,C=64 P=16"
	if strings.Join(got, ",") != want {
		t.Errorf("Layouts = %v, want %s", got, want)
	}
	// §4.5's counts split evenly over every connection count.
	for _, l := range Layouts() {
		if 192_000%l.Conns != 0 || 3200%l.Conns != 0 {
			t.Errorf("%s does not divide the §4.5 counts", l)
		}
	}
	for _, l := range ReducedLayouts() {
		if l.Conns > 16 || l.Depth < 1 {
			t.Errorf("reduced layout %s", l)
		}
	}
}

func TestConfigCheck(t *testing.T) {
	good := func() Config {
		return Config{
			Dir: t.TempDir(), Gets: 192, Inserts: 64,
			Keys: []uuid.UUID{{1}}, Docs: [][]byte{[]byte(`{}`)},
			InsertDoc: func(int) []byte { return []byte(`{}`) },
		}
	}
	c := good()
	if err := c.check(); err != nil {
		t.Fatalf("good config: %v", err)
	}
	if len(c.Layouts) != 6 || c.Timeout <= 0 || c.Log == nil {
		t.Errorf("defaults not filled in: %+v", c)
	}
	for name, mutate := range map[string]func(*Config){
		"no dir":           func(c *Config) { c.Dir = "" },
		"no keys":          func(c *Config) { c.Keys, c.Docs = nil, nil },
		"keys ≠ docs":      func(c *Config) { c.Docs = nil },
		"no InsertDoc":     func(c *Config) { c.InsertDoc = nil },
		"gets uneven":      func(c *Config) { c.Gets = 100 },
		"inserts uneven":   func(c *Config) { c.Inserts = 32 },
		"zero gets":        func(c *Config) { c.Gets = 0 },
		"zero connections": func(c *Config) { c.Layouts = []Layout{{0, 1}} },
		"zero depth":       func(c *Config) { c.Layouts = []Layout{{1, 0}} },
	} {
		c := good()
		mutate(&c)
		if err := c.check(); !errors.Is(err, ErrConfig) {
			t.Errorf("%s: err = %v, want ErrConfig", name, err)
		}
	}
}

func TestRedisBinary(t *testing.T) {
	dir := t.TempDir()
	fake := filepath.Join(dir, "redis-server")
	if err := os.WriteFile(fake, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir)
	for _, tc := range []struct{ in, bin, why string }{
		{"", fake, ""},
		{RedisOff, "", "not run: disabled (-redis off)"},
		{fake, fake, ""},
		{filepath.Join(dir, "missing"), "", "not run: " + filepath.Join(dir, "missing") + " not found"},
	} {
		c := Config{Redis: tc.in}
		bin, why := c.redisBinary()
		if bin != tc.bin || why != tc.why {
			t.Errorf("Redis %q: (%q, %q), want (%q, %q)", tc.in, bin, why, tc.bin, tc.why)
		}
	}
	t.Setenv("PATH", t.TempDir())
	if bin, why := (&Config{}).redisBinary(); bin != "" || why != "not run: redis-server not installed" {
		t.Errorf("no redis-server on PATH: (%q, %q)", bin, why)
	}
}

func TestRandomPassword(t *testing.T) {
	a, err := randomPassword(32)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := randomPassword(32)
	if len(a) != 32 || a == b || strings.ContainsAny(a, " \t\r\n") {
		t.Errorf("passwords %q, %q", a, b)
	}
}

func TestRequestsPacking(t *testing.T) {
	r := newRequests(3)
	for _, s := range []string{"GET a\r\n", "GET bb\r\n", "X\r\n"} {
		r.add(append(r.buf, s...))
	}
	got := r.slices()
	if len(got) != 3 || string(got[0]) != "GET a\r\n" || string(got[1]) != "GET bb\r\n" || string(got[2]) != "X\r\n" {
		t.Fatalf("slices = %q", got)
	}
	// Appending to one request must not overwrite the next.
	_ = append(got[0], 'Z')
	if string(got[1]) != "GET bb\r\n" {
		t.Errorf("requests alias: %q", got[1])
	}
}

func TestSuiteFailsCleanly(t *testing.T) {
	cfg := Config{
		Dir: t.TempDir(), Server: filepath.Join(t.TempDir(), "no-such-server"), Redis: RedisOff,
		Gets: 192, Inserts: 64, Keys: []uuid.UUID{{1}}, Docs: [][]byte{[]byte(`{}`)},
		InsertDoc: func(int) []byte { return []byte(`{}`) },
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.S2(0); !errors.Is(err, ErrConfig) {
		t.Errorf("0 samples: err = %v, want ErrConfig", err)
	}
	if _, err := s.S1(1); !errors.Is(err, ErrStart) {
		t.Errorf("S1 with a missing binary: err = %v, want ErrStart", err)
	}
	if _, err := s.S2(1); !errors.Is(err, ErrStart) {
		t.Errorf("S2 after a failed start: err = %v, want ErrStart again", err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	if _, err := s.S1(1); !errors.Is(err, ErrConfig) {
		t.Errorf("S1 after Close: err = %v, want ErrConfig", err)
	}
}

package auth

import (
	"bytes"
	"crypto/rand"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// fakeClock is an injectable clock for expiry tests.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock { return &fakeClock{t: time.Unix(1_700_000_000, 0)} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func (c *fakeClock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

// cheapArgon keeps argon2id (same code path) but at test cost.
var cheapArgon = argonParams{memoryKiB: 64, time: 1, threads: 1}

// keyPool hands out RSA keys generated once per test binary: generating
// RSA-2048 keys is slow under the race detector.
type keyPool struct {
	once sync.Once
	keys []keyPair
	err  error
	mu   sync.Mutex
	next int
}

var testKeys keyPool

func (p *keyPool) gen() (keyPair, error) {
	p.once.Do(func() {
		p.keys = make([]keyPair, 3)
		var wg sync.WaitGroup
		errs := make([]error, len(p.keys))
		for i := range p.keys {
			wg.Add(1)
			go func() {
				defer wg.Done()
				p.keys[i], errs[i] = generateKeyPair(rand.Reader)
			}()
		}
		wg.Wait()
		for _, e := range errs {
			if e != nil {
				p.err = e
			}
		}
	})
	if p.err != nil {
		return keyPair{}, p.err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	k := p.keys[p.next%len(p.keys)]
	p.next++
	return k, nil
}

// logBuffer captures slog output for assertions.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

func (l *logBuffer) logger() *slog.Logger {
	return slog.New(slog.NewTextHandler(l, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// testOptions are cheap options for a store in dir.
func testOptions(dir, alg string, clock *fakeClock) Options {
	return Options{
		DataDir:           dir,
		Algorithm:         alg,
		BootstrapPassword: "bootstrap-pw",
		Now:               clock.Now,
		argon:             cheapArgon,
		newKey:            testKeys.gen,
	}
}

// openTest opens a fresh store and fails the test on error.
func openTest(t testing.TB, alg string) (*Store, *fakeClock, string) {
	t.Helper()
	dir := t.TempDir()
	clock := newFakeClock()
	s, err := Open(testOptions(dir, alg, clock))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return s, clock, dir
}

func mode(t testing.TB, path string) os.FileMode {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return st.Mode().Perm()
}

func authPath(dir string, elem ...string) string {
	return filepath.Join(append([]string{dir, AuthDirName}, elem...)...)
}

package repl

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/grumpydb/grumpydb/engine"
)

// slowBackend blocks in Find until its context ends, like a long scan.
type slowBackend struct {
	*Embedded
	started chan struct{}
}

func (s *slowBackend) Find(ctx context.Context, _ string, _, _ engine.Value) ([]engine.Document, error) {
	close(s.started)
	<-ctx.Done()
	return nil, ctx.Err()
}

// lockedBuffer is a bytes.Buffer safe for concurrent use.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func newRunner(t *testing.T, b Backend) (*Runner, *lockedBuffer, *lockedBuffer) {
	t.Helper()
	var out, errb lockedBuffer
	r := &Runner{Shell: NewShell(b), Stdout: &out, Stderr: &errb, Exit: func(int) {}}
	return r, &out, &errb
}

func TestRunnerInterrupt(t *testing.T) {
	slow := &slowBackend{Embedded: NewEmbedded(filepath.Join(t.TempDir(), "d"), &engine.Options{NoSync: true}), started: make(chan struct{})}
	r, out, errb := newRunner(t, slow)
	defer r.Shell.Close()
	if failed, _ := r.exec("use t"); failed {
		t.Fatal(errb.String())
	}
	done := make(chan bool)
	go func() {
		failed, _ := r.exec("db.c.find()")
		done <- failed
	}()
	<-slow.started
	r.Interrupt()
	select {
	case failed := <-done:
		if !failed || errb.String() != "Interrupted\n" {
			t.Fatalf("interrupted statement: failed %v, stderr %q", failed, errb.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Interrupt did not stop the statement")
	}
	if out.String() != "Switched to database \"t\"\n" {
		t.Fatalf("stdout %q", out.String())
	}
	r.Interrupt() // with nothing running: no effect
}

func TestRunnerText(t *testing.T) {
	r, out, errb := newRunner(t, NewEmbedded(filepath.Join(t.TempDir(), "d"), &engine.Options{NoSync: true}))
	code := r.RunText("use t; db.c.insert({a: 1}); clear; db.c.count(); db.c.nope(); db.c.count()")
	if code != ExitFailed {
		t.Fatalf("code %d", code)
	}
	lines := strings.Split(out.String(), "\n")
	if len(lines) != 4 || lines[2] != "1" || strings.Contains(out.String(), "\x1b") {
		t.Fatalf("stdout %q", out.String())
	}
	if errb.String() != "Error: unknown method: db.c.nope() (type 'help' for the list)\n" {
		t.Fatalf("stderr %q", errb.String())
	}
}

func TestRunnerReader(t *testing.T) {
	root := filepath.Join(t.TempDir(), "d")
	r, out, _ := newRunner(t, NewEmbedded(root, &engine.Options{NoSync: true}))
	r.StdoutTerminal = true
	code := r.RunReader(strings.NewReader("use t\ndb.c.insert({\n  a: 1\n})\nclear\ndb.c.count()\nexit\ndb.c.bogus()\n"))
	if code != ExitOK {
		t.Fatalf("code %d", code)
	}
	if !strings.HasSuffix(out.String(), clearScreen+"1\n") {
		t.Fatalf("stdout %q", out.String())
	}
	// unfinished input at EOF fails
	r2, _, errb := newRunner(t, NewEmbedded(root, &engine.Options{NoSync: true}))
	if code := r2.RunReader(strings.NewReader("use t\ndb.c.insert({\n")); code != ExitFailed {
		t.Fatalf("unfinished code %d", code)
	}
	if errb.String() != "Error: syntax error at 1:14: unexpected end of input\n" {
		t.Fatalf("stderr %q", errb.String())
	}
}

package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// binary is the grumpy executable built once for the tests.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "grumpy-bin")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "grumpy")
	// a -race binary sleeps a second at exit by default; the tests run it
	// hundreds of times
	if os.Getenv("GORACE") == "" {
		_ = os.Setenv("GORACE", "atexit_sleep_ms=0")
	}
	// the server builds meanwhile, for the connected-mode tests
	serverBuilt := make(chan error, 1)
	go func() {
		bin, err := buildServer(dir)
		servers.binary = bin
		serverBuilt <- err
	}()
	build := exec.Command("go", "build", "-race", "-o", binary, ".")
	if out, err := build.CombinedOutput(); err != nil {
		// -race needs cgo; fall back to a plain build
		build = exec.Command("go", "build", "-o", binary, ".")
		if out2, err2 := build.CombinedOutput(); err2 != nil {
			fmt.Fprintf(os.Stderr, "build: %v\n%s\n%s", err2, out, out2)
			os.Exit(1)
		}
	}
	if err := <-serverBuilt; err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	stopSharedServer()
	_ = os.RemoveAll(dir)
	os.Exit(code)
}

var uuidRE = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)

type result struct {
	stdout, stderr string
	code           int
}

// grumpy runs the binary in dir with stdin (nil: /dev/null).
func grumpy(t *testing.T, dir, stdin string, env []string, args ...string) result {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), "GRUMPYDB_HISTORY="), env...)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return result{out.String(), errb.String(), code}
}

func TestEvalStatements(t *testing.T) {
	dir := t.TempDir()
	r := grumpy(t, dir, "", nil, "--eval", "use test; db.users.insert({ note: 'a; b' }); db.users.count()")
	lines := strings.Split(r.stdout, "\n")
	if r.code != 0 || r.stderr != "" || len(lines) != 4 || lines[0] != `Switched to database "test"` ||
		!strings.HasPrefix(lines[1], "Inserted: ") || lines[2] != "1" || lines[3] != "" {
		t.Fatalf("eval: %+v", r)
	}
	if _, err := os.Stat(filepath.Join(dir, "grumpy-data", "test")); err != nil {
		t.Fatalf("default data directory: %v", err)
	}
	r = grumpy(t, dir, "", nil, "-e", "use t\ndb.x.insert({\n  a: 1\n})\ndb.x.find({}, {projection: {_id: 0}})")
	if r.code != 0 || !strings.HasSuffix(r.stdout, "[{ \"a\": 1 }]\n") {
		t.Fatalf("multi-line eval: %+v", r)
	}
}

func TestEvalFailureStops(t *testing.T) {
	dir := t.TempDir()
	r := grumpy(t, dir, "", nil, "-d", "d", "-e", "use t; db.x.insert({a:1}); db.x.bogus(); db.x.insert({a:2})")
	if r.code != 1 || r.stderr != "Error: unknown method: db.x.bogus() (type 'help' for the list)\n" {
		t.Fatalf("failure: %+v", r)
	}
	r = grumpy(t, dir, "", nil, "-d", "d", "-e", "use t; db.x.count()")
	if r.stdout != "Switched to database \"t\"\n1\n" {
		t.Fatalf("statements after the failure ran: %+v", r)
	}
	r = grumpy(t, dir, "", nil, "-d", "d", "-e", "use t; db.x.insert({a:")
	if r.code != 1 || r.stderr != "Error: syntax error at 1:16: unexpected end of input\n" {
		t.Fatalf("unfinished: %+v", r)
	}
	r = grumpy(t, dir, "", nil, "-d", "d", "-e", "db.x.count()")
	if r.code != 1 || r.stderr != "Error: no database selected. Use: use <database_name>\n" {
		t.Fatalf("no db: %+v", r)
	}
	r = grumpy(t, dir, "", nil, "-d", "d", "-e", "use t; exit; db.x.bogus()")
	if r.code != 0 || r.stderr != "" {
		t.Fatalf("exit stops: %+v", r)
	}
	r = grumpy(t, dir, "", nil, "-d", "d", "-e", "use t;; db.x.get(null);")
	if r.code != 0 || r.stdout != "Switched to database \"t\"\nnull\n" {
		// null is also the bare word "null": an id prefix that is not hex
		if r.stderr != "Error: invalid id 'null': expected a UUID or at least 4 leading hex digits of one\n" {
			t.Fatalf("get(null): %+v", r)
		}
	}
}

func TestPipedStdin(t *testing.T) {
	dir := t.TempDir()
	r := grumpy(t, dir, "use t\ndb.x.insert({\n a: 1, // c\n})\ndb.x.count(); help count\n", nil)
	if r.code != 0 || !strings.Contains(r.stdout, "\n1\ndb.<c>.count(filter?)\n") || strings.Contains(r.stdout, "GrumpyDB shell 5") {
		t.Fatalf("piped: %+v", r)
	}
	r = grumpy(t, dir, "use t\nfoo\ndb.x.count()\n", nil)
	if r.code != 1 || r.stderr != "Error: unknown command: foo\n" || strings.Contains(r.stdout, "1\n") {
		t.Fatalf("piped failure: %+v", r)
	}
}

func TestUsage(t *testing.T) {
	dir := t.TempDir()
	hint := "Run 'grumpy --help' for usage.\n"
	cases := []struct {
		args []string
		err  string
	}{
		{[]string{"--bogus"}, "Error: unknown flag: --bogus\n"},
		{[]string{"extra"}, "Error: unexpected argument: extra\n"},
		{[]string{"--data"}, "Error: flag --data needs a value\n"},
		{[]string{"-e"}, "Error: flag -e needs a value\n"},
		{[]string{"--port", "7000"}, "Error: --port requires --host\n"},
		{[]string{"--tenant=x"}, "Error: --tenant requires --host\n"},
		{[]string{"--tls"}, "Error: --tls requires --host\n"},
		{[]string{"--host", "h", "--data", "d"}, "Error: --data cannot be used in connected mode\n"},
		{[]string{"--host", "h", "--no-tls", "--tls"}, "Error: --no-tls cannot be combined with --tls\n"},
		{[]string{"--host", "h", "--port", "0"}, "Error: --port must be from 1 to 65535, got 0\n"},
	}
	for _, c := range cases {
		r := grumpy(t, dir, "", nil, c.args...)
		if r.code != 2 || r.stderr != c.err+hint || r.stdout != "" {
			t.Errorf("%v: %+v", c.args, r)
		}
	}
	r := grumpy(t, dir, "", nil, "--host", "localhost", "--user", "u", "-e", "db.x.count()")
	if r.code != 2 || r.stderr != "Error: --tenant is required (no terminal to prompt on)\n" {
		t.Errorf("connected without a tenant: %+v", r)
	}
	r = grumpy(t, dir, "", nil, "--embedded", "--host", "h", "--port", "1", "-e", "use t")
	if r.code != 0 || r.stdout != "Switched to database \"t\"\n" {
		t.Errorf("--embedded: %+v", r)
	}
	r = grumpy(t, dir, "", nil, "--version")
	if r.code != 0 || r.stdout != "grumpy 5.0.0\n" {
		t.Errorf("version: %+v", r)
	}
	for _, h := range []string{"--help", "-h"} {
		r = grumpy(t, dir, "", nil, h)
		if r.code != 0 || !strings.HasPrefix(r.stdout, "Usage:\n") || !strings.Contains(r.stdout, "--tls-insecure") {
			t.Errorf("%s: %+v", h, r)
		}
	}
}

// syncBuffer is a bytes.Buffer safe to read while a process writes it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestSignalsNonInteractive: SIGINT, SIGHUP and SIGTERM end a piped run
// waiting for input with 130, 129 and 143, after closing the database (the
// lock is released and the insert is there).
func TestSignalsNonInteractive(t *testing.T) {
	for _, c := range []struct {
		sig  syscall.Signal
		code int
	}{{syscall.SIGINT, 130}, {syscall.SIGHUP, 129}, {syscall.SIGTERM, 143}} {
		dir := t.TempDir()
		cmd := exec.Command(binary, "-d", "d")
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GRUMPYDB_HISTORY=")
		in, err := cmd.StdinPipe()
		if err != nil {
			t.Fatal(err)
		}
		var out syncBuffer
		cmd.Stdout = &out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintln(in, "use t; db.x.insert({a: 1})")
		deadline := time.Now().Add(20 * time.Second)
		for !strings.Contains(out.String(), "Inserted") && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
		}
		if err := cmd.Process.Signal(c.sig); err != nil {
			t.Fatal(err)
		}
		err = cmd.Wait()
		ee, ok := err.(*exec.ExitError)
		if !ok || ee.ExitCode() != c.code {
			t.Fatalf("%v: exit %v, want %d (stdout %q)", c.sig, err, c.code, out.String())
		}
		_ = in.Close()
		r := grumpy(t, dir, "", nil, "-d", "d", "-e", "use t; db.x.count()")
		if r.code != 0 || !strings.HasSuffix(r.stdout, "\n1\n") {
			t.Fatalf("after %v: %+v", c.sig, r)
		}
	}
}

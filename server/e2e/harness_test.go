package e2e

import (
	"bytes"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/grumpydb/grumpydb/server/internal/servertest"
)

// binary is the grumpydb-server built by TestMain.
var binary string

const adminPW = "e2e-admin-password"

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "grumpydb-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "grumpydb-server")
	build := exec.Command("go", "build", "-o", binary, "github.com/grumpydb/grumpydb/server/cmd/grumpydb-server")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building the server:", err)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// proc is a running server process.
type proc struct {
	t        *testing.T
	cmd      *exec.Cmd
	data     string
	addr     string
	httpAddr string
	stderr   *syncWriter
	exited   chan struct{}
	waitErr  error
}

// freePort returns a loopback address with a port that was free.
func freePort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// startServer runs the binary on data with the harness flags of §9.2 plus
// extra, and waits until the client port accepts.
func startServer(t *testing.T, data string, extra ...string) *proc {
	t.Helper()
	return startServerArgs(t, data, true, extra...)
}

// startServerArgs is startServer, with or without the harness's --no-tls.
func startServerArgs(t *testing.T, data string, noTLS bool, extra ...string) *proc {
	t.Helper()
	p := &proc{t: t, data: data, addr: freePort(t), httpAddr: freePort(t), stderr: &syncWriter{buf: &bytes.Buffer{}}, exited: make(chan struct{})}
	cfgFile := filepath.Join(t.TempDir(), "grumpydb.toml")
	if err := os.WriteFile(cfgFile, []byte("# e2e\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{"--data", data, "--bind", p.addr, "--http-bind", p.httpAddr,
		"--bootstrap-password", adminPW, "--log-format", "text", "--config", cfgFile}
	if noTLS {
		args = append([]string{"--no-tls"}, args...)
	}
	args = append(args, extra...)
	return launch(t, p, nil, args...)
}

// launch starts the binary with args (and env added to the test's
// environment, when not nil) as p, kills it when the test ends, and waits
// until p.addr accepts connections.
func launch(t *testing.T, p *proc, env []string, args ...string) *proc {
	t.Helper()
	p.cmd = exec.Command(binary, args...)
	if env != nil {
		p.cmd.Env = env
	}
	p.cmd.Stderr = p.stderr
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		p.waitErr = p.cmd.Wait()
		close(p.exited)
	}()
	t.Cleanup(func() { p.kill() })
	deadline := time.Now().Add(30 * time.Second)
	for {
		select {
		case <-p.exited:
			t.Fatalf("server exited at startup: %v\n%s", p.waitErr, p.logs())
		default:
		}
		if c, err := net.DialTimeout("tcp", p.addr, 200*time.Millisecond); err == nil {
			c.Close()
			return p
		}
		if time.Now().After(deadline) {
			t.Fatalf("server not ready\n%s", p.logs())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (p *proc) logs() string { return p.stderr.String() }

// signal sends sig to the server process (by its pid).
func (p *proc) signal(sig syscall.Signal) {
	if p.cmd.Process != nil {
		_ = p.cmd.Process.Signal(sig)
	}
}

// stop sends SIGTERM and waits for a clean exit (status 0).
func (p *proc) stop() {
	p.t.Helper()
	p.signal(syscall.SIGTERM)
	select {
	case <-p.exited:
	case <-time.After(60 * time.Second):
		p.t.Fatalf("server did not exit after SIGTERM\n%s", p.logs())
	}
	if p.waitErr != nil {
		p.t.Fatalf("server exit: %v\n%s", p.waitErr, p.logs())
	}
}

// kill sends SIGKILL and waits.
func (p *proc) kill() {
	select {
	case <-p.exited:
		return
	default:
	}
	p.signal(syscall.SIGKILL)
	<-p.exited
}

func (p *proc) dial(t *testing.T) *servertest.Client {
	t.Helper()
	c := servertest.DialRaw(t, p.addr)
	if got := c.Line(); got != "+GRUMPYDB 4.0.0\r\n" {
		t.Fatalf("banner %q", got)
	}
	return c
}

func (p *proc) admin(t *testing.T) *servertest.Client {
	t.Helper()
	c := p.dial(t)
	c.MustPrefix("LOGIN _system admin "+adminPW, "+TOKEN ")
	return c
}

// runCLI runs the binary with args and returns stdout, stderr and status.
func runCLI(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errb.String(), code
}

func contains(t *testing.T, what, s, sub string) {
	t.Helper()
	if !strings.Contains(s, sub) {
		t.Fatalf("%s: %q does not contain %q", what, s, sub)
	}
}

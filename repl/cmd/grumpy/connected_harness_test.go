package main

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The connected-mode tests run the real grumpydb-server, built by
// TestMain next to the shell binary and started once, lazily, by the
// first test that needs it.

// serverAdminPW is the bootstrap password of _system/admin.
const serverAdminPW = "grumpy-shell-admin-pw"

// testServer is one running grumpydb-server.
type testServer struct {
	cmd    *exec.Cmd
	dir    string
	port   int
	logs   *syncBuffer
	exited chan struct{}
}

// serverState is the shared server of the package's tests.
type serverState struct {
	binary string // built by TestMain; "" when the build failed
	once   sync.Once
	srv    *testServer
	err    error
}

var servers serverState

// buildServer builds grumpydb-server into dir (called from TestMain).
func buildServer(dir string) (string, error) {
	bin := filepath.Join(dir, "grumpydb-server")
	cmd := exec.Command("go", "build", "-o", bin, "github.com/grumpydb/grumpydb/server/cmd/grumpydb-server")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("building the server: %v\n%s", err, out)
	}
	return bin, nil
}

// sharedServer returns the package's server, starting it on first use.
func sharedServer(t *testing.T) *testServer {
	t.Helper()
	servers.once.Do(func() {
		if servers.binary == "" {
			servers.err = fmt.Errorf("the server binary was not built")
			return
		}
		servers.srv, servers.err = startTestServer(servers.binary, false, "")
	})
	if servers.err != nil {
		t.Fatal(servers.err)
	}
	return servers.srv
}

// startTestServer runs the server on a fresh data directory, with TLS (a
// self-signed certificate in <data>/_auth/server.crt) or without, and
// waits until its client port accepts. toml is added to its configuration
// file.
func startTestServer(bin string, tls bool, toml string) (*testServer, error) {
	dir, err := os.MkdirTemp("", "grumpy-server-")
	if err != nil {
		return nil, err
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	cfg := filepath.Join(dir, "grumpydb.toml")
	if err := os.WriteFile(cfg, []byte("# grumpy shell tests\n"+toml+"\n"), 0o644); err != nil {
		return nil, err
	}
	s := &testServer{dir: dir, port: port, logs: &syncBuffer{}, exited: make(chan struct{})}
	tlsFlag := "--no-tls"
	if tls {
		tlsFlag = "--tls"
	}
	s.cmd = exec.Command(bin, tlsFlag, "--data", filepath.Join(dir, "data"),
		"--bind", "127.0.0.1:"+strconv.Itoa(port), "--no-http",
		"--bootstrap-password", serverAdminPW, "--log-format", "text", "--config", cfg)
	s.cmd.Stderr = s.logs
	if err := s.cmd.Start(); err != nil {
		return nil, err
	}
	go func() { _ = s.cmd.Wait(); close(s.exited) }()
	deadline := time.Now().Add(30 * time.Second)
	for {
		select {
		case <-s.exited:
			return nil, fmt.Errorf("server exited at startup:\n%s", s.logs.String())
		default:
		}
		if c, err := net.DialTimeout("tcp", s.addr(), 200*time.Millisecond); err == nil {
			c.Close()
			return s, nil
		}
		if time.Now().After(deadline) {
			s.stop()
			return nil, fmt.Errorf("server not ready:\n%s", s.logs.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// certFile is the server's self-signed certificate (TLS servers).
func (s *testServer) certFile() string { return filepath.Join(s.dir, "data", "_auth", "server.crt") }

// addr returns the client address.
func (s *testServer) addr() string { return "127.0.0.1:" + strconv.Itoa(s.port) }

// args returns the shell flags that log in as admin, without the password.
func (s *testServer) args(host string) []string {
	return []string{"--host", host, "--port", strconv.Itoa(s.port), "--tenant", "_system", "--user", "admin"}
}

// login returns the shell flags that log in as admin with --password.
func (s *testServer) login() []string {
	return append(s.args("127.0.0.1"), "--password", serverAdminPW)
}

// stop ends the server (SIGTERM, then SIGKILL) and removes its data.
func (s *testServer) stop() {
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.exited:
	case <-time.After(20 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.exited
	}
	_ = os.RemoveAll(s.dir)
}

// stopSharedServer is called by TestMain after the tests.
func stopSharedServer() {
	if servers.srv != nil {
		servers.srv.stop()
	}
}

// databaseNames hands out fresh database names on the shared server.
type databaseNames struct {
	mu sync.Mutex
	n  int
}

var dbNames databaseNames

// freshDatabase returns a database name no other test uses.
func freshDatabase() string {
	dbNames.mu.Lock()
	defer dbNames.mu.Unlock()
	dbNames.n++
	return "shell_" + strconv.Itoa(dbNames.n)
}

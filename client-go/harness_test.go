package client

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// The integration tests run the real grumpydb-server, built once by
// TestMain from ../server into a temporary directory.

const adminPW = "client-go-admin-pw"

// testEnv is the state TestMain sets up for the package's tests.
type testEnv struct {
	binary string

	once   sync.Once
	shared *server
	err    error
}

var env testEnv

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "grumpydb-client-go-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	env.binary = filepath.Join(dir, "grumpydb-server")
	build := exec.Command("go", "build", "-o", env.binary, "./cmd/grumpydb-server")
	build.Dir = filepath.Join("..", "server")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building the server:", err)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	if env.shared != nil {
		env.shared.stop()
		os.RemoveAll(filepath.Dir(env.shared.data))
	}
	os.RemoveAll(dir)
	os.Exit(code)
}

// server is one running server process.
type server struct {
	cmd      *exec.Cmd
	data     string
	host     string
	port     int
	httpAddr string
	logs     *bytes.Buffer
	logMu    *sync.Mutex
	exited   chan struct{}
}

// serverConfig selects how a server starts.
type serverConfig struct {
	toml string // contents of the config file
	tls  bool   // --tls instead of --no-tls
}

// freePort returns a loopback port that was free a moment ago.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// lockedWriter serialises writes to a buffer.
type lockedWriter struct {
	mu  *sync.Mutex
	buf *bytes.Buffer
}

func (w lockedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.Write(p)
}

// launch starts a server on a fresh data directory under dir.
func launch(dir string, cfg serverConfig) (*server, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	hport, err := freePort()
	if err != nil {
		return nil, err
	}
	s := &server{data: filepath.Join(dir, "data"), host: "127.0.0.1", port: port,
		httpAddr: "127.0.0.1:" + strconv.Itoa(hport), logs: &bytes.Buffer{}, logMu: &sync.Mutex{}, exited: make(chan struct{})}
	cfgFile := filepath.Join(dir, "grumpydb.toml")
	if err := os.WriteFile(cfgFile, []byte(cfg.toml+"\n"), 0o644); err != nil {
		return nil, err
	}
	tlsFlag := "--no-tls"
	if cfg.tls {
		tlsFlag = "--tls"
	}
	s.cmd = exec.Command(env.binary, tlsFlag, "--data", s.data, "--bind", s.addr(), "--http-bind", s.httpAddr,
		"--bootstrap-password", adminPW, "--log-format", "text", "--config", cfgFile)
	s.cmd.Stderr = lockedWriter{s.logMu, s.logs}
	if err := s.cmd.Start(); err != nil {
		return nil, err
	}
	go func() { _ = s.cmd.Wait(); close(s.exited) }()
	deadline := time.Now().Add(30 * time.Second)
	for {
		select {
		case <-s.exited:
			return nil, fmt.Errorf("server exited at startup:\n%s", s.logText())
		default:
		}
		if c, err := net.DialTimeout("tcp", s.addr(), 200*time.Millisecond); err == nil {
			c.Close()
			return s, nil
		}
		if time.Now().After(deadline) {
			s.stop()
			return nil, fmt.Errorf("server not ready:\n%s", s.logText())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// startServer starts a server for one test, stopped at its end.
func startServer(tb testing.TB, cfg serverConfig) *server {
	tb.Helper()
	s, err := launch(tb.TempDir(), cfg)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(s.stop)
	return s
}

// sharedServer returns the package's shared default server.
func sharedServer(tb testing.TB) *server {
	tb.Helper()
	s, err := startShared()
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// startShared starts the shared server once.
func startShared() (*server, error) {
	env.once.Do(func() {
		dir, err := os.MkdirTemp("", "grumpydb-client-go-shared-")
		if err != nil {
			env.err = err
			return
		}
		env.shared, env.err = launch(dir, serverConfig{})
	})
	return env.shared, env.err
}

func (s *server) addr() string { return net.JoinHostPort(s.host, strconv.Itoa(s.port)) }

func (s *server) logText() string {
	s.logMu.Lock()
	defer s.logMu.Unlock()
	return s.logs.String()
}

// stop kills the server and waits for it.
func (s *server) stop() {
	select {
	case <-s.exited:
		return
	default:
	}
	_ = s.cmd.Process.Kill()
	<-s.exited
}

// options returns client options for s.
func (s *server) options() Options {
	return Options{Host: s.host, Port: s.port, DialTimeout: 5 * time.Second}
}

// jwksURL is the server's JWKS endpoint.
func (s *server) jwksURL() string { return "http://" + s.httpAddr + "/.well-known/jwks.json" }

// metric returns the value of the first /metrics sample whose line starts
// with prefix, or 0.
func (s *server) metric(tb testing.TB, prefix string) float64 {
	tb.Helper()
	resp, err := http.Get("http://" + s.httpAddr + "/metrics")
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(resp.Body); err != nil {
		tb.Fatal(err)
	}
	for _, l := range strings.Split(buf.String(), "\n") {
		if strings.HasPrefix(l, prefix) {
			f := strings.Fields(l)
			v, err := strconv.ParseFloat(f[len(f)-1], 64)
			if err != nil {
				tb.Fatal(err)
			}
			return v
		}
	}
	return 0
}

// connect opens a client to s with optional changes to the options.
func connect(tb testing.TB, s *server, mod func(*Options)) *Client {
	tb.Helper()
	o := s.options()
	if mod != nil {
		mod(&o)
	}
	c, err := Connect(ctx(tb), o)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { c.Close() })
	return c
}

// adminClient connects and logs in as the bootstrap administrator.
func adminClient(tb testing.TB, s *server, mod func(*Options)) *Client {
	tb.Helper()
	c := connect(tb, s, mod)
	if err := c.Login(ctx(tb), "_system", "admin", adminPW); err != nil {
		tb.Fatal(err)
	}
	return c
}

// ctx returns a context bounded to 60 s, cancelled at the test's end.
func ctx(tb testing.TB) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	tb.Cleanup(cancel)
	return c
}

// dbName derives a valid, unique database name from the test's name.
func dbName(tb testing.TB) string {
	var b strings.Builder
	for _, r := range strings.ToLower(tb.Name()) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	n := "t" + b.String()
	if len(n) > 64 {
		n = n[:64]
	}
	return n
}

// testDB returns an admin client on the shared server and a database
// named after the test.
func testDB(tb testing.TB) (*Client, *Database) {
	tb.Helper()
	c := adminClient(tb, sharedServer(tb), nil)
	return c, c.Database(dbName(tb))
}

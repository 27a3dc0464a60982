package servertest

import (
	"bufio"
	"context"
	"crypto/tls"
	"net"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/grumpydb/grumpydb/engine"
	"github.com/grumpydb/grumpydb/protocol"
	"github.com/grumpydb/grumpydb/server/internal/config"
	"github.com/grumpydb/grumpydb/server/internal/server"
)

// AdminPassword is the bootstrap password of every test server.
const AdminPassword = "test-admin-pw"

// Env is a running test server.
type Env struct {
	T       testing.TB
	Server  *server.Server
	Config  *config.Config
	DataDir string
	Addr    string

	cancel context.CancelFunc
	done   chan error
	once   sync.Once
}

// Start runs a server on 127.0.0.1:0 with a fresh data directory (unless
// mutate sets one), HTTP on 127.0.0.1:0, no TLS and unsynced engine
// writes. mutate, if not nil, edits the configuration first.
func Start(t testing.TB, mutate func(*config.Config)) *Env {
	t.Helper()
	cfg := config.Defaults()
	cfg.Server.DataDir = filepath.Join(t.TempDir(), "data")
	cfg.Server.Bind = "127.0.0.1:0"
	cfg.HTTP.Bind = "127.0.0.1:0"
	cfg.Server.ShutdownTimeoutSecs = 5
	if mutate != nil {
		mutate(cfg)
	}
	return StartConfig(t, cfg)
}

// StartConfig runs a server with exactly cfg.
func StartConfig(t testing.TB, cfg *config.Config) *Env {
	t.Helper()
	if err := cfg.Validate(); err != nil {
		t.Fatalf("config: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	srv, err := server.Open(ctx, server.Options{
		Config:            cfg,
		BootstrapPassword: AdminPassword,
		EngineOptions:     &engine.Options{NoSync: true, CacheBytes: 8 << 20},
	})
	if err != nil {
		cancel()
		t.Fatalf("server.Open: %v", err)
	}
	e := &Env{T: t, Server: srv, Config: cfg, DataDir: cfg.Server.DataDir, Addr: srv.Addr().String(), cancel: cancel, done: make(chan error, 1)}
	go func() { e.done <- srv.Serve(ctx) }()
	t.Cleanup(func() { e.Stop() })
	return e
}

// Stop shuts the server down gracefully and waits for it.
func (e *Env) Stop() {
	e.once.Do(func() {
		e.cancel()
		select {
		case err := <-e.done:
			if err != nil {
				e.T.Errorf("Serve: %v", err)
			}
		case <-time.After(30 * time.Second):
			e.T.Errorf("server did not stop")
		}
	})
}

// HTTPURL is the base URL of the observability server.
func (e *Env) HTTPURL() string { return "http://" + e.Server.HTTPAddr().String() }

// Client is a raw protocol connection.
type Client struct {
	T    testing.TB
	Conn net.Conn
	R    *bufio.Reader
}

// Dial connects and reads the banner.
func (e *Env) Dial(t testing.TB) *Client {
	t.Helper()
	c := DialRaw(t, e.Addr)
	if b := c.Line(); b != protocol.Banner {
		t.Fatalf("banner = %q", b)
	}
	return c
}

// DialTLS connects over TLS with cfg and reads the banner.
func (e *Env) DialTLS(t testing.TB, cfg *tls.Config) *Client {
	t.Helper()
	nc, err := tls.Dial("tcp", e.Addr, cfg)
	if err != nil {
		t.Fatalf("tls dial: %v", err)
	}
	c := &Client{T: t, Conn: nc, R: bufio.NewReader(nc)}
	t.Cleanup(func() { nc.Close() })
	if b := c.Line(); b != protocol.Banner {
		t.Fatalf("banner = %q", b)
	}
	return c
}

// DialRaw connects without reading anything.
func DialRaw(t testing.TB, addr string) *Client {
	t.Helper()
	nc, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	t.Cleanup(func() { nc.Close() })
	return &Client{T: t, Conn: nc, R: bufio.NewReader(nc)}
}

// Admin dials and logs in as the bootstrap administrator.
func (e *Env) Admin(t testing.TB) *Client {
	t.Helper()
	c := e.Dial(t)
	c.MustPrefix("LOGIN _system admin "+AdminPassword, "+TOKEN ")
	return c
}

// Send writes line plus CRLF.
func (c *Client) Send(line string) {
	c.T.Helper()
	if _, err := c.Conn.Write([]byte(line + "\r\n")); err != nil {
		c.T.Fatalf("write %q: %v", line, err)
	}
}

// Read reads one response and returns its wire form.
func (c *Client) Read() string {
	c.T.Helper()
	_ = c.Conn.SetReadDeadline(time.Now().Add(20 * time.Second))
	r, err := protocol.ReadResponse(c.R)
	if err != nil {
		c.T.Fatalf("read response: %v", err)
	}
	return string(r.AppendTo(nil))
}

// ReadErr reads one response, returning the error instead of failing.
func (c *Client) ReadErr() (string, error) {
	_ = c.Conn.SetReadDeadline(time.Now().Add(20 * time.Second))
	r, err := protocol.ReadResponse(c.R)
	if err != nil {
		return "", err
	}
	return string(r.AppendTo(nil)), nil
}

// Line reads one raw line including its terminator.
func (c *Client) Line() string {
	c.T.Helper()
	_ = c.Conn.SetReadDeadline(time.Now().Add(20 * time.Second))
	s, err := c.R.ReadString('\n')
	if err != nil {
		c.T.Fatalf("read line: %v (got %q)", err, s)
	}
	return s
}

// Do sends line and returns the response's wire form.
func (c *Client) Do(line string) string {
	c.T.Helper()
	c.Send(line)
	return c.Read()
}

// Must sends line and fails unless the response is want (wire form;
// a want without CRLF is compared as a simple line, "+OK" meaning "+OK\r\n").
func (c *Client) Must(line, want string) {
	c.T.Helper()
	if !strings.HasSuffix(want, "\r\n") {
		want += "\r\n"
	}
	if got := c.Do(line); got != want {
		c.T.Fatalf("%s\n got %q\nwant %q", clip(line), got, want)
	}
}

// MustPrefix sends line and fails unless the response starts with prefix;
// it returns the response.
func (c *Client) MustPrefix(line, prefix string) string {
	c.T.Helper()
	got := c.Do(line)
	if !strings.HasPrefix(got, prefix) {
		c.T.Fatalf("%s\n got %q\nwant prefix %q", clip(line), got, prefix)
	}
	return got
}

// ExpectClosed fails unless the server closes the connection without
// sending anything more.
func (c *Client) ExpectClosed() {
	c.T.Helper()
	_ = c.Conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	b, err := c.R.ReadByte()
	if err == nil {
		rest, _ := c.R.Peek(c.R.Buffered())
		c.T.Fatalf("expected close, got %q", string(append([]byte{b}, rest...)))
	}
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		c.T.Fatalf("expected close, connection still open")
	}
}

// Tokens returns the access and refresh tokens of a "+TOKEN a r" reply.
func Tokens(reply string) (access, refresh string) {
	f := strings.Fields(strings.TrimSpace(reply))
	if len(f) >= 2 {
		access = f[1]
	}
	if len(f) >= 3 {
		refresh = f[2]
	}
	return access, refresh
}

// Bulk renders the wire form of a bulk.
func Bulk(s string) string { return string(protocol.AppendBulkString(nil, s)) }

// Array renders the wire form of an array of bulks.
func Array(elems ...string) string {
	b := protocol.AppendArrayHeader(nil, len(elems))
	for _, e := range elems {
		b = protocol.AppendBulkString(b, e)
	}
	return string(b)
}

func clip(s string) string {
	if len(s) > 200 {
		return s[:200] + "…"
	}
	return s
}

// ReadErrAfter sends line and reads its response, returning errors
// instead of failing (for goroutines other than the test's).
func (c *Client) ReadErrAfter(line string) (string, error) {
	if _, err := c.Conn.Write([]byte(line + "\r\n")); err != nil {
		return "", err
	}
	return c.ReadErr()
}

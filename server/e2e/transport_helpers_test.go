package e2e

import (
	"bufio"
	"bytes"
	"crypto/tls"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/grumpydb/grumpydb/server/internal/servertest"
)

// Helpers shared by the transport, commands and config conformance tests
// (PROTOCOL.md §12). Names start with "tp" so they do not clash with the
// other helpers' files of this package.

const tpBanner = "+GRUMPYDB 4.0.0\r\n"

// tpDialFrom connects to addr from the loopback address local (such as
// "127.0.0.2"), so per-IP limits see a fresh peer; "" lets the kernel pick.
func tpDialFrom(t *testing.T, local, addr string) net.Conn {
	t.Helper()
	d := net.Dialer{Timeout: 5 * time.Second}
	if local != "" {
		d.LocalAddr = &net.TCPAddr{IP: net.ParseIP(local)}
	}
	nc, err := d.Dial("tcp", addr)
	if err != nil {
		t.Fatalf("dial %s from %q: %v", addr, local, err)
	}
	t.Cleanup(func() { nc.Close() })
	return nc
}

// tpClient wraps nc as a servertest client (without reading anything).
func tpClient(t *testing.T, nc net.Conn) *servertest.Client {
	return &servertest.Client{T: t, Conn: nc, R: bufio.NewReader(nc)}
}

// tpWrite writes raw bytes.
func tpWrite(t *testing.T, c *servertest.Client, b string) {
	t.Helper()
	_ = c.Conn.SetWriteDeadline(time.Now().Add(30 * time.Second))
	if _, err := io.WriteString(c.Conn, b); err != nil {
		t.Fatalf("write: %v", err)
	}
}

// tpCloseWrite half-closes the client's TCP connection (EOF for the server).
func tpCloseWrite(t *testing.T, c *servertest.Client) {
	t.Helper()
	tc, ok := c.Conn.(*net.TCPConn)
	if !ok {
		t.Fatalf("not a TCP connection: %T", c.Conn)
	}
	if err := tc.CloseWrite(); err != nil {
		t.Fatal(err)
	}
}

// tpRest reads everything until the server closes (or d passes) and
// reports whether it closed.
func tpRest(c *servertest.Client, d time.Duration) (string, bool) {
	_ = c.Conn.SetReadDeadline(time.Now().Add(d))
	b, err := io.ReadAll(c.R)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return string(b), false
	}
	return string(b), true
}

// tpExpectRest fails unless the server sends exactly want and then closes.
func tpExpectRest(t *testing.T, c *servertest.Client, want string) {
	t.Helper()
	got, closed := tpRest(c, 15*time.Second)
	if got != want || !closed {
		t.Fatalf("until close: got %q (closed %v), want %q then close", got, closed, want)
	}
}

// tpLines reads n raw lines and checks that each is a single CRLF-ended
// line with no other CR or LF.
func tpLines(t *testing.T, c *servertest.Client, n int) []string {
	t.Helper()
	out := make([]string, 0, n)
	for i := 0; i < n; i++ {
		l := c.Line()
		if !strings.HasSuffix(l, "\r\n") || strings.ContainsAny(l[:len(l)-2], "\r\n") {
			t.Fatalf("line %d is not one CRLF-terminated line: %q", i, l)
		}
		out = append(out, l)
	}
	return out
}

// tpConfig writes a TOML file and returns its path.
func tpConfig(t *testing.T, content string) string {
	t.Helper()
	f := filepath.Join(t.TempDir(), "grumpydb.toml")
	if err := os.WriteFile(f, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return f
}

// tpStart runs the binary with exactly args (no harness flags), expecting
// the client listener on addr and HTTP on httpAddr ("" for none), and
// waits until addr accepts.
func tpStart(t *testing.T, data, addr, httpAddr string, args ...string) *proc {
	t.Helper()
	p := &proc{t: t, data: data, addr: addr, httpAddr: httpAddr, stderr: &syncWriter{buf: &bytes.Buffer{}}, exited: make(chan struct{})}
	return launch(t, p, nil, args...)
}

// tpHTTP performs one request and returns status, Content-Type and body.
func tpHTTP(t *testing.T, method, url string) (int, string, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Content-Type"), string(b)
}

// tpMetrics scrapes /metrics.
func tpMetrics(t *testing.T, p *proc) string {
	t.Helper()
	s, _, b := tpHTTP(t, "GET", "http://"+p.httpAddr+"/metrics")
	if s != 200 {
		t.Fatalf("/metrics status %d", s)
	}
	return b
}

// tpMetric is the value of the series named exactly series (name plus
// labels as printed) in a Prometheus text body.
func tpMetric(body, series string) (float64, bool) {
	for _, l := range strings.Split(body, "\n") {
		if rest, ok := strings.CutPrefix(l, series+" "); ok {
			v, err := strconv.ParseFloat(strings.TrimSpace(rest), 64)
			return v, err == nil
		}
	}
	return 0, false
}

// tpMustMetric is tpMetric failing when the series is absent.
func tpMustMetric(t *testing.T, body, series string) float64 {
	t.Helper()
	v, ok := tpMetric(body, series)
	if !ok {
		t.Fatalf("metric %s absent", series)
	}
	return v
}

// tpWaitMetric polls /metrics until series has value want.
func tpWaitMetric(t *testing.T, p *proc, series string, want float64) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		v, _ := tpMetric(tpMetrics(t, p), series)
		if v == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s = %v, want %v", series, v, want)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// tpTLSDialFrom performs a TLS handshake (certificate not verified) from
// local and reads the banner.
func tpTLSDialFrom(t *testing.T, local, addr string) *servertest.Client {
	t.Helper()
	nc := tpDialFrom(t, local, addr)
	tc := tls.Client(nc, &tls.Config{InsecureSkipVerify: true, MinVersion: tls.VersionTLS12})
	_ = tc.SetDeadline(time.Now().Add(10 * time.Second))
	if err := tc.Handshake(); err != nil {
		t.Fatalf("TLS handshake: %v", err)
	}
	_ = tc.SetDeadline(time.Time{})
	c := tpClient(t, tc)
	if got := c.Line(); got != tpBanner {
		t.Fatalf("banner after TLS %q", got)
	}
	return c
}

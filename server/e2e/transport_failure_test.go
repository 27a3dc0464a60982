package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	. "github.com/grumpydb/grumpydb/server/internal/servertest"
)

// TestTransportEngineFailure damages a data page of a stopped server's
// collection, restarts it, and checks that reading the damaged documents
// answers `internal error: …` while the connection, the process and other
// connections keep working (§2.5). A panicking command cannot be caused
// from outside the process (the executor's recover is covered by the
// dispatch package's own tests), so only the failing half is tested here.
func TestTransportEngineFailure(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	p := startServer(t, data)
	c := p.admin(t)
	c.Must("USE demo", "+OK")
	c.Must("CREATE COLLECTION docs", "+OK")
	c.Must("CREATE COLLECTION good", "+OK")
	for i := 0; i < 200; i++ {
		c.Must("INSERT docs "+key(i)+` {"i":`+strings.Repeat("7", 1+i%9)+`,"pad":"`+strings.Repeat("p", 300)+`"}`, "+OK")
	}
	c.Must("INSERT good "+u1+" {}", "+OK")
	p.stop()

	f := filepath.Join(data, "_system", "demo", "docs", "data.db")
	b, err := os.ReadFile(f)
	if err != nil || len(b) < 3*8192 {
		t.Fatalf("data file: %v, %d bytes", err, len(b))
	}
	for i := 2*8192 + 200; i < 2*8192+260; i++ {
		b[i] ^= 0x5a
	}
	if err := os.WriteFile(f, b, 0o644); err != nil {
		t.Fatal(err)
	}

	q := startServer(t, data)
	other := q.admin(t)
	other.Must("USE demo", "+OK")
	c = q.admin(t)
	c.Must("USE demo", "+OK")
	got := c.Do("SCAN docs")
	if !strings.HasPrefix(got, "-ERR internal error: ") {
		t.Fatalf("SCAN over a damaged page: %q", tpClip(got))
	}
	if strings.Count(got, "\n") != 1 {
		t.Fatalf("error spans lines: %q", got)
	}
	failed := 0
	for i := 0; i < 200; i++ {
		r := c.Do("GET docs " + key(i))
		switch {
		case strings.HasPrefix(r, "-ERR internal error: "):
			failed++
		case strings.HasPrefix(r, "$"):
		default:
			t.Fatalf("GET %d: %q", i, tpClip(r))
		}
	}
	if failed == 0 {
		t.Fatal("no GET reached the damaged page")
	}
	t.Logf("%d of 200 GETs hit the damaged page", failed)
	c.Must("PING", "+PONG")
	c.Must("GET good "+u1, Bulk("{}"))
	other.Must("GET good "+u1, Bulk("{}"))
	other.Must("INSERT good "+u2+" {}", "+OK")
	q.dial(t).Must("PING", "+PONG")
	q.stop()
}

// TestTransportSIGINT: SIGINT shuts down like SIGTERM (§2.5): an idle
// connection is closed without a response, acknowledged writes survive,
// exit status 0.
func TestTransportSIGINT(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	p := startServer(t, data)
	c := p.admin(t)
	c.Must("USE demo", "+OK")
	c.Must("CREATE COLLECTION docs", "+OK")
	c.Must("INSERT docs "+u1+` {"x":1}`, "+OK")
	idle := p.dial(t)
	p.signal(syscall.SIGINT)
	select {
	case <-p.exited:
	case <-time.After(60 * time.Second):
		t.Fatalf("no exit after SIGINT\n%s", p.logs())
	}
	if p.waitErr != nil {
		t.Fatalf("exit after SIGINT: %v\n%s", p.waitErr, p.logs())
	}
	tpExpectRest(t, idle, "")
	q := startServer(t, data)
	r := q.admin(t)
	r.Must("USE demo", "+OK")
	r.Must("GET docs "+u1, Bulk(`{"x":1}`))
	q.stop()
}

// tpClip shortens s for failure messages.
func tpClip(s string) string {
	if len(s) > 300 {
		return s[:300] + "…"
	}
	return s
}

package server_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
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

	"github.com/grumpydb/grumpydb/engine"
	"github.com/grumpydb/grumpydb/server/internal/config"
	"github.com/grumpydb/grumpydb/server/internal/server"
	. "github.com/grumpydb/grumpydb/server/internal/servertest"
)

func TestConnectionCaps(t *testing.T) {
	e := Start(t, func(c *config.Config) {
		c.Limits.BypassLoopback = false
		c.Limits.MaxConnsPerIP = 2
	})
	a, b := e.Dial(t), e.Dial(t)
	over := DialRaw(t, e.Addr)
	if got := over.Line(); got != "-ERR rate limited (too many connections from your IP)\r\n" {
		t.Fatalf("over the per-IP cap: %q", got)
	}
	over.ExpectClosed()
	a.Must("QUIT", "+BYE")
	a.ExpectClosed()
	waitFor(t, func() bool { return e.Server.Sessions() == 1 })
	e.Dial(t).Must("PING", "+PONG")
	b.Must("PING", "+PONG")

	g := Start(t, func(c *config.Config) {
		c.Limits.BypassLoopback = false
		c.Server.MaxConnections = 1
	})
	g.Dial(t)
	over = DialRaw(t, g.Addr)
	if got := over.Line(); got != "-ERR rate limited (too many connections from your IP)\r\n" {
		t.Fatalf("over the global cap: %q", got)
	}
	// Exempt loopback peers never count.
	x := Start(t, func(c *config.Config) { c.Limits.MaxConnsPerIP = 1 })
	x.Dial(t)
	x.Dial(t).Must("PING", "+PONG")
}

func TestTLSGeneratedCertificate(t *testing.T) {
	e := Start(t, func(c *config.Config) {
		c.TLS.Enabled = true
		c.TLS.HandshakeTimeoutSecs = 1
	})
	crt := filepath.Join(e.DataDir, "_auth", "server.crt")
	key := filepath.Join(e.DataDir, "_auth", "server.key")
	for f, mode := range map[string]os.FileMode{crt: 0o644, key: 0o600} {
		st, err := os.Stat(f)
		if err != nil || st.Mode().Perm() != mode {
			t.Fatalf("%s: %v mode %v", f, err, st)
		}
	}
	pem, _ := os.ReadFile(crt)
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(pem)
	for _, name := range []string{"localhost", "127.0.0.1"} {
		c := e.DialTLS(t, &tls.Config{RootCAs: pool, ServerName: name})
		c.Must("PING", "+PONG")
	}
	// Without the CA the client refuses the server.
	if _, err := tls.Dial("tcp", e.Addr, &tls.Config{ServerName: "localhost"}); err == nil {
		t.Fatal("handshake verified without the CA")
	}
	// TLS 1.1 is refused.
	if _, err := tls.Dial("tcp", e.Addr, &tls.Config{RootCAs: pool, ServerName: "localhost", MaxVersion: tls.VersionTLS11}); err == nil {
		t.Fatal("TLS 1.1 accepted")
	}
	// A stalled handshake is dropped after the timeout, without bytes.
	raw := DialRaw(t, e.Addr)
	start := time.Now()
	raw.ExpectClosed()
	if d := time.Since(start); d < 800*time.Millisecond {
		t.Fatalf("dropped after %v", d)
	}
}

func TestMetricsAndHTTP(t *testing.T) {
	e := Start(t, nil)
	c := e.Dial(t)
	c.Must("PING", "+PONG")
	c.MustPrefix("LOGIN _system admin "+AdminPassword, "+TOKEN ")
	c.Must("USE demo", "+OK")
	c.Must("CREATE COLLECTION d", "+OK")
	c.Must("INSERT d 11111111-1111-1111-1111-111111111111 {}", "+OK")
	body := httpGet(t, e.HTTPURL()+"/metrics", 200)
	for _, want := range []string{
		"grumpydb_connections_active 1",
		`grumpydb_commands_total{cmd="LOGIN",result="ok"} 1`,
		`grumpydb_command_duration_seconds_bucket{cmd="INSERT",le=`,
		`grumpydb_buffer_pool_pages{state="clean"}`,
		`grumpydb_buffer_pool_pages{state="dirty"}`,
		`grumpydb_buffer_pool_pages{state="free"}`,
		`grumpydb_node_info{cluster_id="` + e.Server.Identity().ClusterID,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
	if strings.Contains(body, `cmd="PING"`) {
		t.Error("PING is counted")
	}
	w1 := walRecords(t, body)
	c.Must("INSERT d 22222222-1111-1111-1111-111111111111 {}", "+OK")
	if w2 := walRecords(t, httpGet(t, e.HTTPURL()+"/metrics", 200)); w2 <= w1 {
		t.Errorf("wal records %v then %v", w1, w2)
	}
	if got := httpGet(t, e.HTTPURL()+"/healthz", 200); got != "ok" {
		t.Errorf("healthz %q", got)
	}
	httpGet(t, e.HTTPURL()+"/readyz", 200)
	if got := httpGet(t, e.HTTPURL()+"/.well-known/jwks.json", 200); !strings.HasPrefix(got, `{"keys":[{"alg":"RS256","e":"AQAB","kid":"`) {
		t.Errorf("jwks %q", got)
	}
	httpGet(t, e.HTTPURL()+"/nope", 404)
}

func walRecords(t *testing.T, body string) float64 {
	for _, l := range strings.Split(body, "\n") {
		if v, ok := strings.CutPrefix(l, "grumpydb_wal_records_total "); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				t.Fatal(err)
			}
			return f
		}
	}
	t.Fatal("no grumpydb_wal_records_total")
	return 0
}

func httpGet(t *testing.T, url string, status int) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != status {
		t.Fatalf("GET %s: %d %q", url, resp.StatusCode, b)
	}
	return string(b)
}

func TestSecondServerRefusedAndRestartKeepsData(t *testing.T) {
	e := Start(t, nil)
	c := e.Admin(t)
	c.Must("USE demo", "+OK")
	c.Must("CREATE COLLECTION d", "+OK")
	c.Must("INSERT d 11111111-1111-1111-1111-111111111111 {\"a\":7}", "+OK")
	c.Must("CREATE INDEX d by_a a", "+OK")
	h1, _ := strconv.ParseInt(strings.TrimSpace(c.Do("SNAPSHOT_HLC")[1:]), 10, 64)

	cfg := *e.Config
	cfg.Server.Bind = "127.0.0.1:0"
	cfg.HTTP.Bind = ""
	_, err := server.Open(context.Background(), server.Options{Config: &cfg})
	var le *config.LockedError
	if !errors.As(err, &le) || !strings.HasPrefix(err.Error(), "database is locked by another process (pid ") {
		t.Fatalf("second server: %v", err)
	}
	e.Stop()

	e2 := StartConfig(t, &cfg)
	c2 := e2.Admin(t)
	c2.Must("USE demo", "+OK")
	c2.Must("LIST INDEXES d", Array("by_a"))
	c2.Must("QUERY d by_a 7", Array(`11111111-1111-1111-1111-111111111111 {"a":7}`))
	h2, _ := strconv.ParseInt(strings.TrimSpace(c2.Do("SNAPSHOT_HLC")[1:]), 10, 64)
	if h1 <= 0 || h2 < h1 {
		t.Fatalf("HLC %d then %d after restart", h1, h2)
	}
}

func TestGracefulShutdownDropsPipelined(t *testing.T) {
	e := Start(t, nil)
	c := e.Admin(t)
	c.Must("USE demo", "+OK")
	idle := e.Dial(t)
	e.Stop()
	idle.ExpectClosed()
	c.ExpectClosed()
	// After shutdown the data directory is unlocked and consistent.
	st, err := engine.OpenStore(e.DataDir, nil)
	if err != nil {
		t.Fatal(err)
	}
	db, err := st.Database("_system", "demo")
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Check(); err != nil {
		t.Fatal(err)
	}
	st.Close()
}

func TestStartupErrors(t *testing.T) {
	dir := t.TempDir()
	cfg := config.Defaults()
	cfg.Server.DataDir = filepath.Join(dir, "data")
	cfg.Server.Bind = "127.0.0.1:0"
	cfg.HTTP.Bind = ""
	_, err := server.Open(context.Background(), server.Options{Config: cfg})
	if err == nil || !strings.HasPrefix(err.Error(), "server refuses to bootstrap: no users on disk") {
		t.Fatalf("no bootstrap password: %v", err)
	}
	cfg.Cluster.Peers = []config.Peer{{NodeID: "other", Addr: "10.0.0.1:6380"}}
	_, err = server.Open(context.Background(), server.Options{Config: cfg, BootstrapPassword: "pw"})
	if err == nil || err.Error() != "cluster mode is not available yet: remove [[cluster.peers]] entries for other nodes" {
		t.Fatalf("peers: %v", err)
	}
	cfg.Cluster.Peers = nil
	cfg.TLS.Enabled = true
	cfg.TLS.CertFile = filepath.Join(dir, "missing.crt")
	if _, err = server.Open(context.Background(), server.Options{Config: cfg, BootstrapPassword: "pw"}); err == nil {
		t.Fatal("unreadable certificate accepted")
	}
	// The failed start released the lock: a good start works.
	cfg.TLS = config.Defaults().TLS
	s, err := server.Open(context.Background(), server.Options{Config: cfg, BootstrapPassword: "pw"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for i := 0; i < 200; i++ {
		if cond() {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("condition not reached")
}

var _ = net.Dial

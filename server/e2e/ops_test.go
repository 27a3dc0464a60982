package e2e

import (
	"crypto/tls"
	"crypto/x509"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	. "github.com/grumpydb/grumpydb/server/internal/servertest"
)

func TestTLSWithGeneratedCertificate(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	// --no-tls is given by the harness first; --tls after it must not win.
	p := startServer(t, data, "--tls")
	p.dial(t).Must("PING", "+PONG") // plain TCP: --no-tls wins wherever it appears
	p.stop()

	p = startServerNoHarnessTLS(t, data, "--tls")
	pem, err := os.ReadFile(filepath.Join(data, "_auth", "server.crt"))
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		t.Fatal("bad certificate PEM")
	}
	nc, err := tls.Dial("tcp", p.addr, &tls.Config{RootCAs: pool, ServerName: "localhost", MinVersion: tls.VersionTLS12})
	if err != nil {
		t.Fatalf("TLS with the generated CA: %v", err)
	}
	defer nc.Close()
	buf := make([]byte, 64)
	_ = nc.SetReadDeadline(time.Now().Add(10 * time.Second))
	n, _ := io.ReadAtLeast(nc, buf, len("+GRUMPYDB 4.0.0\r\n"))
	if string(buf[:n]) != "+GRUMPYDB 4.0.0\r\n" {
		t.Fatalf("banner after TLS %q", buf[:n])
	}
	if _, err := tls.Dial("tcp", p.addr, &tls.Config{ServerName: "localhost"}); err == nil {
		t.Fatal("handshake succeeded without the CA")
	}
	p.stop()
}

// startServerNoHarnessTLS starts the server with the harness flags but
// without --no-tls.
func startServerNoHarnessTLS(t *testing.T, data string, extra ...string) *proc {
	t.Helper()
	return startServerArgs(t, data, false, extra...)
}

func TestHTTPObservability(t *testing.T) {
	p := startServer(t, filepath.Join(t.TempDir(), "data"))
	base := "http://" + p.httpAddr
	get := func(method, path string) (int, string, string) {
		req, _ := http.NewRequest(method, base+path, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, resp.Header.Get("Content-Type"), string(b)
	}
	if s, _, b := get("GET", "/healthz"); s != 200 || b != "ok" {
		t.Fatalf("healthz %d %q", s, b)
	}
	if s, _, b := get("HEAD", "/healthz"); s != 200 || b != "" {
		t.Fatalf("HEAD healthz %d %q", s, b)
	}
	if s, _, b := get("GET", "/readyz"); s != 200 || b != "ready" {
		t.Fatalf("readyz %d %q", s, b)
	}
	if s, _, b := get("POST", "/healthz"); s != 404 || b != "not found" {
		t.Fatalf("POST healthz %d %q", s, b)
	}
	if s, ct, b := get("GET", "/.well-known/jwks.json"); s != 200 || ct != "application/json" || !strings.Contains(b, `"kty":"RSA"`) {
		t.Fatalf("jwks %d %q %q", s, ct, b)
	}
	c := p.admin(t)
	c.Must("PING", "+PONG")
	s, ct, b := get("GET", "/metrics")
	if s != 200 || !strings.HasPrefix(ct, "text/plain; version=0.0.4") {
		t.Fatalf("metrics %d %q", s, ct)
	}
	for _, want := range []string{"grumpydb_connections_active 1", `grumpydb_commands_total{cmd="LOGIN",result="ok"} 1`, "grumpydb_wal_records_total", `grumpydb_buffer_pool_pages{state="free"}`} {
		contains(t, "metrics", b, want)
	}
	if strings.Contains(b, `cmd="PING"`) {
		t.Fatal("PING counted")
	}
}

func TestCheckSubcommand(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	if _, e, code := runCLI(t, "check"); code != 1 || e != "Error: check: --data <dir> is required\n" {
		t.Fatalf("check without --data: %d %q", code, e)
	}
	p := startServer(t, data)
	c := p.admin(t)
	c.Must("USE demo", "+OK")
	c.Must("CREATE COLLECTION docs", "+OK")
	c.Must("CREATE INDEX docs by_x x", "+OK")
	for i := 0; i < 200; i++ {
		c.Must("INSERT docs "+key(i)+` {"x":`+strings.Repeat("1", 1+i%9)+`,"pad":"`+strings.Repeat("p", 300)+`"}`, "+OK")
	}
	// On a running server's directory: the lock error.
	if _, e, code := runCLI(t, "check", "--data", data); code != 1 || !strings.HasPrefix(e, "Error: database is locked by another process (pid ") {
		t.Fatalf("check on a running directory: %d %q", code, e)
	}
	p.stop()
	if out, e, code := runCLI(t, "--data", data, "check"); code != 0 || out != "" {
		t.Fatalf("check on a healthy directory: %d %q %q", code, out, e)
	}
	// Damage a data page: check prints problems and exits 1.
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
	out, e, code := runCLI(t, "check", "--data", data)
	if code != 1 || !strings.HasPrefix(out, "_system/demo: ") {
		t.Fatalf("check on a damaged directory: %d %q %q", code, out, e)
	}
}

func TestCommandLine(t *testing.T) {
	if out, _, code := runCLI(t, "--version"); code != 0 || out != "grumpydb-server 5.0.0\n" {
		t.Fatalf("--version: %d %q", code, out)
	}
	if out, _, code := runCLI(t, "check", "--help"); code != 0 || !strings.Contains(out, "check --data <dir>") {
		t.Fatalf("check --help: %d %q", code, out)
	}
	if out, _, code := runCLI(t, "-h"); code != 0 || !strings.Contains(out, "USAGE") {
		t.Fatalf("-h: %d %q", code, out)
	}
	for _, args := range [][]string{{"--bogus"}, {"--data"}, {"serve"}, {"check", "extra"}, {"--force"}, {"check", "--cluster-id", "x"}} {
		if _, e, code := runCLI(t, args...); code != 2 || !strings.HasPrefix(e, "Error: ") || !strings.Contains(e, "USAGE") {
			t.Fatalf("%v: %d %q", args, code, e)
		}
	}
	if _, e, code := runCLI(t, "cluster"); code != 1 || e != "Error: cluster: missing subcommand (try `cluster init`)\n" {
		t.Fatalf("cluster: %d %q", code, e)
	}
	if _, e, code := runCLI(t, "cluster", "join"); code != 1 || e != "Error: cluster: unknown subcommand 'join'\n" {
		t.Fatalf("cluster join: %d %q", code, e)
	}
	data := filepath.Join(t.TempDir(), "data")
	cid := "0b8e3f4a-1c2d-4e5f-8a9b-0c1d2e3f4a5b"
	out, e, code := runCLI(t, "cluster", "init", "--data", data, "--cluster-id", strings.ToUpper(cid))
	if code != 0 || !strings.HasPrefix(out, "node_id    = ") || !strings.HasSuffix(out, "cluster_id = "+cid+"\n") {
		t.Fatalf("cluster init: %d %q %q", code, out, e)
	}
	if _, e, code := runCLI(t, "cluster", "init", "--data", data); code != 1 || !strings.HasPrefix(e, "Error: cluster init: identity already exists at ") || !strings.HasSuffix(e, " — refusing to overwrite\n") {
		t.Fatalf("cluster init twice: %d %q", code, e)
	}
	if _, e, code := runCLI(t, "cluster", "init", "--data", data+"2", "--cluster-id=nope"); code != 1 || !strings.HasPrefix(e, "Error: cluster init: invalid --cluster-id 'nope': ") {
		t.Fatalf("bad cluster id: %d %q", code, e)
	}
	// No bootstrap password on a fresh directory.
	_, e, code = runCLI(t, "--data", filepath.Join(t.TempDir(), "fresh"), "--bind", freePort(t), "--no-http", "--no-tls")
	if code != 1 || !strings.HasPrefix(lastLine(e), "Error: server refuses to bootstrap: no users on disk; pass --bootstrap-password <pw>") {
		t.Fatalf("no bootstrap: %d %q", code, e)
	}
	// Malformed TOML names file, line and key.
	cfg := filepath.Join(t.TempDir(), "bad.toml")
	os.WriteFile(cfg, []byte("[server]\n\nbnd = \"x\"\n"), 0o644)
	_, e, code = runCLI(t, "--config", cfg, "--data", filepath.Join(t.TempDir(), "d"), "--bootstrap-password", "x")
	if code != 1 || !strings.HasPrefix(lastLine(e), "Error: config ") || !strings.HasSuffix(lastLine(e), "line 3: unknown key 'server.bnd'") {
		t.Fatalf("bad TOML: %d %q", code, e)
	}
	// A peer other than the local node.
	cfg2 := filepath.Join(t.TempDir(), "peers.toml")
	os.WriteFile(cfg2, []byte("[[cluster.peers]]\nnode_id = \"other\"\naddr = \"10.0.0.1:6380\"\n"), 0o644)
	_, e, code = runCLI(t, "--config", cfg2, "--data", filepath.Join(t.TempDir(), "d"), "--bootstrap-password", "x")
	if code != 1 || lastLine(e) != "Error: cluster mode is not available yet: remove [[cluster.peers]] entries for other nodes" {
		t.Fatalf("peers: %d %q", code, e)
	}
	// snapshot / restore: argument errors, then not implemented.
	if _, e, code := runCLI(t, "snapshot", "--data", data); code != 1 || e != "Error: snapshot: missing destination URL\n" {
		t.Fatalf("snapshot: %d %q", code, e)
	}
	if _, e, code := runCLI(t, "restore", "./x.tar.gz", "--force"); code != 1 || e != "Error: restore: --data <dir> is required\n" {
		t.Fatalf("restore: %d %q", code, e)
	}
}

var _ = Bulk

// lastLine is the last non-empty line of s.
func lastLine(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return lines[len(lines)-1]
}

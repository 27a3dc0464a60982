package e2e

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	. "github.com/grumpydb/grumpydb/server/internal/servertest"
)

// tpConfigTOML sets most §9.1 keys; --no-tls and the flags override the
// TLS paths and addresses, idle_timeout_secs = 1 is in force.
const tpConfigTOML = `# every section of §9.1
[server]
bind = "127.0.0.1:1"
data_dir = "/nonexistent/overridden"
max_connections = 50
idle_timeout_secs = 1
shutdown_timeout_secs = 5

[tls]
enabled = true
handshake_timeout_secs = 3
cert_file = "/nonexistent/cert.pem"
key_file = "/nonexistent/key.pem"

[auth]
access_token_ttl_secs = 600
refresh_token_ttl_secs = 6000
jwt_algorithm = "rs256"

[limits]
commands_per_sec_per_ip = 100
commands_burst_per_ip = 200
failed_logins_per_min_per_ip = 5
max_conns_per_ip = 100
max_conns_global = 10000
bypass_loopback = true

[http]
bind = "127.0.0.1:2"

[cluster]
vnodes_per_node = 64
gc_grace_seconds = 864000
max_lag_seconds = 5

[[cluster.writers]]
collection = "docs"
node_id = "n1"

[[cluster.writers]]
collection = "*"
node_id = "n2"
`

// TestConfigFlagsAndTOML runs the server with a TOML file of most §9.1
// keys and --flag=value / repeated flags: the last occurrence wins,
// --no-tls beats tls.enabled (the configured certificate is never read),
// the idle timeout closes silently, and a second server on the same data
// directory is refused with the lock text.
func TestConfigFlagsAndTOML(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	addr, httpAddr := freePort(t), freePort(t)
	cfg := tpConfig(t, tpConfigTOML)
	p := tpStart(t, data, addr, httpAddr,
		"--config", "/nonexistent.toml", "--config="+cfg,
		"--data", "/nonexistent/d", "--data="+data,
		"--bind", "127.0.0.1:1", "--bind="+addr,
		"--http-bind=127.0.0.1:3", "--http-bind", httpAddr,
		"--bootstrap-password", "first-pw", "--bootstrap-password="+adminPW,
		"--log-format=json", "--log-format", "text", "--no-tls")

	c := p.dial(t)
	c.Must("LOGIN _system admin first-pw", "-ERR invalid credentials")
	c.MustPrefix("LOGIN _system admin "+adminPW, "+TOKEN ")
	raw, err := os.ReadFile(filepath.Join(data, "_cluster", "node.json"))
	var id struct {
		NodeID    string `json:"node_id"`
		ClusterID string `json:"cluster_id"`
	}
	if err != nil || json.Unmarshal(raw, &id) != nil {
		t.Fatalf("node.json: %v", err)
	}
	c.Must("TOPOLOGY", Bulk(`{"cluster_id":"`+id.ClusterID+`","local_node_id":"`+id.NodeID+`","n":1,"peers":[{"addr":"`+addr+`","node_id":"`+id.NodeID+`"}],"vnodes_per_node":64,"writers":[{"collection":"docs","node_id":"n1"},{"collection":"*","node_id":"n2"}]}`))
	if s, _, b := tpHTTP(t, "GET", "http://"+httpAddr+"/healthz"); s != 200 || b != "ok" {
		t.Fatalf("healthz on the last --http-bind: %d %q", s, b)
	}
	if !strings.Contains(p.logs(), "level=INFO") {
		t.Fatalf("--log-format text (last) not in effect:\n%s", p.logs())
	}

	// Idle timeout (1 s): a busy connection stays, an idle one is closed
	// without a byte, counting from the banner or the last response.
	busy := p.dial(t)
	silent := p.dial(t)
	c.Must("PING", "+PONG")
	start := time.Now()
	for time.Since(start) < 1800*time.Millisecond {
		busy.Must("PING", "+PONG")
		time.Sleep(300 * time.Millisecond)
	}
	tpExpectRest(t, silent, "")
	tpExpectRest(t, c, "")
	busy.Must("PING", "+PONG")

	// A second server on the same directory: the lock text with our pid.
	_, e, code := tpRunCLI(t, "--data", data, "--no-tls", "--bind", freePort(t), "--no-http", "--config", cfg)
	want := "Error: database is locked by another process (pid " + strconv.Itoa(p.cmd.Process.Pid) + ")"
	if code != 1 || lastLine(e) != want {
		t.Fatalf("second server: %d %q, want %q", code, e, want)
	}
	busy.Must("PING", "+PONG")
	p.stop()
}

// TestConfigStartupErrors covers configuration and command-line failures
// that stop startup (§9.1, §9.2, §2.6, §9.3).
func TestConfigStartupErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		f := filepath.Join(dir, name)
		if err := os.WriteFile(f, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return f
	}

	t.Run("malformed TOML names file, line and key", func(t *testing.T) {
		for _, tc := range []struct{ content, want string }{
			{"[server]\nbind = \n", ": line 2: "},
			{"[server\n", ": line 1: "},
			{"# c\n[server]\nidle_timeout_secs = \"x\"\n", ": line 3: invalid type for key 'server.idle_timeout_secs'"},
			{"[limits]\nmax_conns_per_ip = 3\n\nbogus_key = 1\n", ": line 4: unknown key 'limits.bogus_key'"},
			{"[tls]\nenabled = 1\n", ": line 2: invalid type for key 'tls.enabled'"},
			{"[nope]\nx = 1\n", ": line 1: unknown key 'nope'"},
		} {
			f := write("bad.toml", tc.content)
			fresh := filepath.Join(dir, "fresh")
			_, e, code := tpRunCLI(t, "--config", f, "--data", fresh, "--bootstrap-password", "x", "--no-http", "--bind", "127.0.0.1:0")
			if code != 1 || !strings.HasPrefix(lastLine(e), "Error: config "+f+tc.want) {
				t.Fatalf("%q: %d %q, want prefix %q", tc.content, code, e, "Error: config "+f+tc.want)
			}
			if _, err := os.Stat(fresh); err == nil {
				t.Fatalf("%q: data directory created before the configuration was valid", tc.content)
			}
		}
	})

	t.Run("usage, help and version", func(t *testing.T) {
		for _, args := range [][]string{{"--nope"}, {"--data"}, {"--bind=x", "--bogus=1"}, {"--data", "d", "extra"}} {
			out, e, code := tpRunCLI(t, args...)
			if code != 2 || out != "" || !strings.HasPrefix(e, "Error: ") || !strings.Contains(e, "USAGE") {
				t.Fatalf("%v: %d stdout %q stderr %q", args, code, out, e)
			}
		}
		for _, args := range [][]string{{"--help"}, {"--data", "x", "--help"}, {"--bind=x", "-h", "--no-tls"}} {
			out, e, code := tpRunCLI(t, args...)
			if code != 0 || !strings.Contains(out, "USAGE") || !strings.Contains(out, "--no-tls") || e != "" {
				t.Fatalf("%v: %d stdout %q stderr %q", args, code, out, e)
			}
		}
		for _, args := range [][]string{{"--version"}, {"--data=x", "--version"}} {
			if out, _, code := tpRunCLI(t, args...); code != 0 || out != "grumpydb-server 5.0.0\n" {
				t.Fatalf("%v: %d %q", args, code, out)
			}
		}
	})

	t.Run("unreadable TLS files", func(t *testing.T) {
		certPEM, keyPEM := tpTLSPair(t)
		cert := write("c.pem", certPEM)
		key := write("k.pem", keyPEM)
		noKey := write("nokey.pem", certPEM)
		for _, tc := range []struct {
			args []string
			want string
		}{
			{[]string{"--tls-cert", "/nonexistent/c.pem", "--tls-key", key}, "/nonexistent/c.pem"},
			{[]string{"--tls-cert", cert, "--tls-key", "/nonexistent/k.pem"}, "/nonexistent/k.pem"},
			{[]string{"--tls-cert", cert}, "server.key"}, // default key path missing while the cert is configured
			{[]string{"--tls-cert", cert, "--tls-key", noKey}, "no private key found in key file"},
			{[]string{"--tls", "--tls-cert", dir, "--tls-key", key}, dir},
		} {
			data := filepath.Join(t.TempDir(), "data")
			args := append([]string{"--data", data, "--bind", "127.0.0.1:0", "--no-http", "--bootstrap-password", adminPW, "--config", filepath.Join(dir, "none.toml")}, tc.args...)
			_, e, code := tpRunCLI(t, args...)
			if code != 1 || !strings.HasPrefix(lastLine(e), "Error: ") || !strings.Contains(lastLine(e), tc.want) {
				t.Fatalf("%v: %d %q, want an error naming %q", tc.args, code, e, tc.want)
			}
		}
		// The same pair, readable, serves TLS with that certificate.
		data := filepath.Join(t.TempDir(), "data")
		p := startServerNoHarnessTLS(t, data, "--tls-key", key, "--tls-cert", cert)
		pool := x509.NewCertPool()
		pool.AppendCertsFromPEM([]byte(certPEM))
		tc, err := tls.Dial("tcp", p.addr, &tls.Config{RootCAs: pool, ServerName: "e2e.test"})
		if err != nil {
			t.Fatalf("TLS with the configured pair: %v", err)
		}
		c := tpClient(t, tc)
		if got := c.Line(); got != tpBanner {
			t.Fatalf("banner %q", got)
		}
		c.Must("PING", "+PONG")
		if _, err := os.Stat(filepath.Join(data, "_auth", "server.crt")); err == nil {
			t.Fatal("a certificate was generated although both paths were configured")
		}
		p.stop()
	})

	t.Run("--no-tls wins in any order, configured paths unread", func(t *testing.T) {
		for _, extra := range [][]string{
			{"--tls-cert", "/nonexistent/c.pem", "--no-tls"},
			{"--no-tls", "--tls-key", "/nonexistent/k.pem", "--tls"},
			{"--tls", "--no-tls", "--tls-cert=/nonexistent/c.pem"},
		} {
			p := startServerNoHarnessTLS(t, filepath.Join(t.TempDir(), "data"), extra...)
			p.dial(t).Must("PING", "+PONG") // plaintext banner and answer
			p.stop()
		}
	})

	t.Run("cluster peers refused, no peer port", func(t *testing.T) {
		peer := freePort(t)
		cfg := write("peers.toml", "[cluster]\nlisten_peer = \""+peer+"\"\n\n[[cluster.peers]]\nnode_id = \"other\"\naddr = \"10.0.0.1:6380\"\n")
		data := filepath.Join(t.TempDir(), "data")
		_, e, code := tpRunCLI(t, "--config", cfg, "--data", data, "--bootstrap-password", "x", "--no-http", "--bind", "127.0.0.1:0")
		if code != 1 || lastLine(e) != "Error: cluster mode is not available yet: remove [[cluster.peers]] entries for other nodes" {
			t.Fatalf("peers: %d %q", code, e)
		}
		if _, err := os.Stat(data); err == nil {
			t.Fatal("data directory touched although startup was refused at the configuration step")
		}
		// A peer entry naming the local node is accepted; still no peer
		// port, and TOPOLOGY's addr stays the --bind value.
		out, _, code := tpRunCLI(t, "cluster", "init", "--data", data)
		if code != 0 {
			t.Fatalf("cluster init: %d", code)
		}
		nodeID := strings.TrimSpace(strings.TrimPrefix(strings.SplitN(out, "\n", 2)[0], "node_id    = "))
		cfg2 := write("local.toml", "[[cluster.peers]]\nnode_id = \""+nodeID+"\"\naddr = \"10.9.9.9:1\"\n")
		p := startServerArgs(t, data, true, "--config", cfg2)
		c := p.admin(t)
		top := c.Do("TOPOLOGY")
		contains(t, "TOPOLOGY", top, `"n":1,"peers":[{"addr":"`+p.addr+`","node_id":"`+nodeID+`"}]`)
		if nc, err := net.DialTimeout("tcp", peer, 300*time.Millisecond); err == nil {
			nc.Close()
			t.Fatalf("something listens on the peer address %s", peer)
		}
		p.stop()
	})

	t.Run("another storage format refused, nothing changed", func(t *testing.T) {
		data := filepath.Join(t.TempDir(), "data")
		p := startServer(t, data)
		c := p.admin(t)
		c.Must("USE old", "+OK")
		c.Must("CREATE COLLECTION docs", "+OK")
		c.Must("INSERT docs "+u1+" {}", "+OK")
		p.stop()
		// Rewrite the database's control file as another format would:
		// a different magic in its first page.
		f := filepath.Join(data, "_system", "old", "catalog.db")
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		i := strings.Index(string(b[:8192]), "GRMPYPG1")
		if i < 0 {
			t.Fatalf("no page-file magic in %s", f)
		}
		copy(b[i:], "GRUMPYV4")
		if err := os.WriteFile(f, b, 0o644); err != nil {
			t.Fatal(err)
		}
		// The auth store (opened before the engine, §9.3) rewrites the
		// peer token at each start (§5.5), so with only a database in
		// another format that one file may change.
		const token = "_auth/jwt/cluster_peer.token"
		before := tpTreeDigest(t, data, token)
		_, e, code := tpRunCLI(t, "--data", data, "--no-tls", "--bind", freePort(t), "--no-http", "--bootstrap-password", adminPW, "--config", filepath.Join(dir, "none.toml"))
		if code != 1 || !strings.HasPrefix(lastLine(e), "Error: unsupported data directory format: ") {
			t.Fatalf("old format: %d %q", code, e)
		}
		if after := tpTreeDigest(t, data, token); after != before {
			t.Fatalf("the data directory changed:\nbefore %s\nafter  %s", before, after)
		}
		// A whole directory of another format: the auth store too (user
		// records without jwt/config.json, §5.3). Nothing at all changes.
		if err := os.Remove(filepath.Join(data, "_auth", "jwt", "config.json")); err != nil {
			t.Fatal(err)
		}
		before = tpTreeDigest(t, data)
		_, e, code = tpRunCLI(t, "--data", data, "--no-tls", "--bind", freePort(t), "--no-http", "--config", filepath.Join(dir, "none.toml"))
		if code != 1 || !strings.HasPrefix(lastLine(e), "Error: unsupported data directory format: ") {
			t.Fatalf("old auth store and database: %d %q", code, e)
		}
		if after := tpTreeDigest(t, data); after != before {
			t.Fatalf("the data directory changed:\nbefore %s\nafter  %s", before, after)
		}
	})
}

// TestConfigTLSFilesAndSecrets: --tls on a fresh directory generates the
// certificate (0644) and key (0600) with the §2.6 SANs, and every secret
// file loosened while the server was stopped is 0600 again after a
// restart (§7.3).
func TestConfigTLSFilesAndSecrets(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	p := startServerNoHarnessTLS(t, data, "--tls")
	crt, key := filepath.Join(data, "_auth", "server.crt"), filepath.Join(data, "_auth", "server.key")
	tpMode(t, crt, 0o644)
	tpMode(t, key, 0o600)
	pemBytes, err := os.ReadFile(crt)
	if err != nil {
		t.Fatal(err)
	}
	blk, _ := pem.Decode(pemBytes)
	if blk == nil {
		t.Fatal("server.crt is not PEM")
	}
	cert, err := x509.ParseCertificate(blk.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	var ips []string
	for _, ip := range cert.IPAddresses {
		ips = append(ips, ip.String())
	}
	sort.Strings(ips)
	if strings.Join(cert.DNSNames, ",") != "localhost" || strings.Join(ips, ",") != "127.0.0.1,::1" {
		t.Fatalf("SANs DNS %v IP %v", cert.DNSNames, ips)
	}
	if pk, ok := cert.PublicKey.(*ecdsa.PublicKey); !ok || pk.Curve != elliptic.P256() || cert.SignatureAlgorithm != x509.ECDSAWithSHA256 {
		t.Fatalf("key %T, signature %v", cert.PublicKey, cert.SignatureAlgorithm)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	for _, name := range []string{"localhost", "127.0.0.1"} {
		tc, err := tls.Dial("tcp", p.addr, &tls.Config{RootCAs: pool, ServerName: name})
		if err != nil {
			t.Fatalf("TLS to %s: %v", name, err)
		}
		tc.Close()
	}
	if _, err := tls.Dial("tcp", p.addr, &tls.Config{RootCAs: pool, ServerName: "localhost", MaxVersion: tls.VersionTLS11}); err == nil {
		t.Fatal("TLS 1.1 accepted")
	}
	p.stop()

	secrets := tpSecretFiles(t, data)
	if len(secrets) < 5 {
		t.Fatalf("secret files %v", secrets)
	}
	for _, f := range secrets {
		tpMode(t, f, 0o600)
		if err := os.Chmod(f, 0o664); err != nil {
			t.Fatal(err)
		}
	}
	q := startServerNoHarnessTLS(t, data, "--tls")
	for _, f := range secrets {
		tpMode(t, f, 0o600)
	}
	tpMode(t, crt, 0o644)
	if !strings.Contains(q.logs(), "level=WARN") {
		t.Fatalf("no warning for loosened secret files:\n%s", q.logs())
	}
	// The same certificate is kept.
	again, _ := os.ReadFile(crt)
	if string(again) != string(pemBytes) {
		t.Fatal("the certificate was regenerated")
	}
	q.stop()
}

// tpSecretFiles lists the §7.3 0600 files under data/_auth: private PEMs,
// cluster_peer.token, user records, secret.key and the TLS key.
func tpSecretFiles(t *testing.T, data string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(filepath.Join(data, "_auth"), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		name := d.Name()
		switch {
		case name == "server.key", name == "secret.key", name == "cluster_peer.token",
			strings.HasSuffix(name, ".pem") && !strings.HasSuffix(name, ".pub.pem"),
			filepath.Base(filepath.Dir(path)) == "users":
			out = append(out, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// tpMode fails unless f's permission bits are want.
func tpMode(t *testing.T, f string, want fs.FileMode) {
	t.Helper()
	st, err := os.Stat(f)
	if err != nil {
		t.Fatal(err)
	}
	if got := st.Mode().Perm(); got != want {
		t.Fatalf("%s: mode %o, want %o", f, got, want)
	}
}

// tpTreeDigest lists every file's path, mode and content hash under dir,
// lock files excepted (their holder writes its pid into them, §7.4).
// Paths in skip (relative, slash-separated) are left out too.
func tpTreeDigest(t *testing.T, dir string, skip ...string) string {
	t.Helper()
	var lines []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Name() == "grumpydb.lock" || d.Name() == "db.lock" {
			return nil
		}
		st, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		for _, sk := range skip {
			if filepath.ToSlash(rel) == sk {
				return nil
			}
		}
		line := rel + " " + st.Mode().String()
		if d.Type().IsRegular() {
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			sum := sha256.Sum256(b)
			line += " " + strconv.Itoa(len(b)) + " " + hex.EncodeToString(sum[:8])
		}
		lines = append(lines, line)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(lines, "\n")
}

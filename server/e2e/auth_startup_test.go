package e2e

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	. "github.com/grumpydb/grumpydb/server/internal/servertest"
)

// TestAuthShortTTL runs a server whose access and refresh tokens live 1 s
// (set through the TOML), then restarts it with other TTLs in the TOML:
// jwt/config.json keeps the first ones.
func TestAuthShortTTL(t *testing.T) {
	t.Parallel()
	data := filepath.Join(t.TempDir(), "data")
	p := startServer(t, data, authConfig(t, "[auth]\naccess_token_ttl_secs = 1\nrefresh_token_ttl_secs = 1\n")...)
	c := p.dial(t)
	a, r := authLogin(t, c, "_system", "admin", adminPW)
	loggedIn := time.Now()
	ja, jr := authDecode(t, a), authDecode(t, r)
	if ja.ttl(t) != 1 || jr.ttl(t) != 1 {
		t.Fatalf("TTLs %d %d", ja.ttl(t), jr.ttl(t))
	}
	c.Must("USE demo", "+OK")
	// At the exp second itself the token is already expired (no leeway).
	authWaitPastSecond(ja.claimInt(t, "iat"))
	e := p.dial(t)
	e.Must("TOKEN "+a, "-ERR token expired")
	time.Sleep(time.Until(loggedIn.Add(2500 * time.Millisecond)))
	n := p.dial(t)
	n.Must("TOKEN "+a, "-ERR token expired")
	n.Must("WHOAMI", "-ERR not authenticated")
	// The open connection keeps working.
	c.Must("CREATE COLLECTION docs", "+OK")
	c.Must("INSERT docs "+u1+" {}", "+OK")
	c.Must("COUNT docs", ":1")
	c.Must("WHOAMI", "+USER admin TENANT _system ROLES server_admin:Server")
	// Expiry is checked before the token type.
	n.Must("REFRESH "+r, "-ERR token expired")
	n.Must("TOKEN "+r, "-ERR token expired")
	n.Must("REFRESH "+a, "-ERR token expired")
	// But after the signature.
	n.MustPrefix("TOKEN "+authFlipSignature(a), "-ERR invalid token: ")
	p.stop()

	// TTLs (and the algorithm) are frozen in jwt/config.json.
	var before authJWTConfig
	cfgPath := filepath.Join(data, "_auth", "jwt", "config.json")
	authReadJSON(t, cfgPath, &before)
	if before.AccessTTLSecs != 1 || before.RefreshTTLSecs != 1 || before.Algorithm != "rs256" {
		t.Fatalf("jwt/config.json %+v", before)
	}
	raw, err := os.ReadFile(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(raw, []byte("\n  ")) {
		t.Fatalf("jwt/config.json is not pretty JSON: %q", raw)
	}
	q := startServer(t, data, authConfig(t, "[auth]\naccess_token_ttl_secs = 7200\nrefresh_token_ttl_secs = 9000\njwt_algorithm = \"hs256\"\n")...)
	d := q.dial(t)
	a2, r2 := authLogin(t, d, "_system", "admin", adminPW)
	j := authDecode(t, a2)
	if j.ttl(t) != 1 || authDecode(t, r2).ttl(t) != 1 || j.header["alg"] != "RS256" {
		t.Fatalf("after restart: ttl %d, header %v", j.ttl(t), j.header)
	}
	raw2, err := os.ReadFile(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(raw, raw2) {
		t.Fatalf("jwt/config.json changed:\n%s\n%s", raw, raw2)
	}
	q.stop()
}

// TestAuthHS256 runs a fresh directory with jwt_algorithm = "HS256": an
// empty JWKS, HS256 tokens signed with secret.key, and tokens that work.
func TestAuthHS256(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	p := startServer(t, data, authConfig(t, "[auth]\njwt_algorithm = \"HS256\"\n")...)
	status, ct, body := authHTTP(t, "http://"+p.httpAddr+"/.well-known/jwks.json")
	if status != 200 || ct != "application/json" || string(body) != `{"keys":[]}` {
		t.Fatalf("jwks %d %q %q", status, ct, body)
	}
	var cfg authJWTConfig
	authReadJSON(t, filepath.Join(data, "_auth", "jwt", "config.json"), &cfg)
	if cfg.Algorithm != "hs256" || cfg.AccessTTLSecs != 3600 || cfg.RefreshTTLSecs != 604800 {
		t.Fatalf("jwt/config.json %+v", cfg)
	}
	secret, err := os.ReadFile(filepath.Join(data, "_auth", "secret.key"))
	if err != nil || len(secret) != 32 {
		t.Fatalf("secret.key: %d bytes, %v", len(secret), err)
	}
	c := p.dial(t)
	a, r := authLogin(t, c, "_system", "admin", adminPW)
	for _, tok := range []string{a, r} {
		j := authDecode(t, tok)
		if len(j.header) != 2 || j.header["typ"] != "JWT" || j.header["alg"] != "HS256" {
			t.Fatalf("header %v", j.header)
		}
		mac := hmac.New(sha256.New, secret)
		mac.Write([]byte(j.signingInput))
		if !hmac.Equal(mac.Sum(nil), j.sig) {
			t.Fatal("HS256 signature does not verify with secret.key")
		}
		authClaimsExact(t, j)
	}
	n := p.dial(t)
	n.Must("TOKEN "+a, "+OK")
	n.Must("WHOAMI", "+USER admin TENANT _system ROLES server_admin:Server")
	n.Must("TOKEN "+r, "-ERR invalid token: expected access token")
	n.MustPrefix("REFRESH "+r, "+TOKEN ")
	n.MustPrefix("TOKEN "+authFlipSignature(a), "-ERR invalid token: ")
	n.Must("USE demo", "+OK")
	n.Must("LIST COLLECTIONS", "*0")
	// The peer token is HS256 too, and works.
	tok, err := os.ReadFile(filepath.Join(data, "_auth", "jwt", "cluster_peer.token"))
	if err != nil {
		t.Fatal(err)
	}
	n.Must("TOKEN "+string(tok), "+OK")
	n.Must("WHOAMI", "+USER _cluster/local-bootstrap TENANT _system ROLES cluster_peer:Server")
	p.stop()

	// Restarted with an RS256 TOML, the directory stays HS256.
	q := startServer(t, data, authConfig(t, "[auth]\njwt_algorithm = \"rs256\"\n")...)
	if _, _, body := authHTTP(t, "http://"+q.httpAddr+"/.well-known/jwks.json"); string(body) != `{"keys":[]}` {
		t.Fatalf("jwks after restart %q", body)
	}
	d := q.dial(t)
	d.Must("TOKEN "+a, "+OK") // same secret: the old token still verifies
	a2, _ := authLogin(t, d, "_system", "admin", adminPW)
	if h := authDecode(t, a2).header; h["alg"] != "HS256" {
		t.Fatalf("header after restart %v", h)
	}
	q.stop()
}

// TestAuthBootstrap covers §5.5: refusal without a password, the flag and
// the environment variable, and restarts needing neither.
func TestAuthBootstrap(t *testing.T) {
	const refusal = "Error: server refuses to bootstrap: no users on disk; pass --bootstrap-password <pw> (or set GRUMPYDB_BOOTSTRAP_PASSWORD) on first start to create the initial _system/admin account"
	fresh := filepath.Join(t.TempDir(), "fresh")
	cmd := authRefuse(t, fresh)
	if cmd.code != 1 || lastLine(cmd.stderr) != refusal {
		t.Fatalf("no bootstrap password: status %d, stderr %q", cmd.code, cmd.stderr)
	}
	// An empty environment variable is no password either.
	cmd = authRefuse(t, fresh, "GRUMPYDB_BOOTSTRAP_PASSWORD=")
	if cmd.code != 1 || lastLine(cmd.stderr) != refusal {
		t.Fatalf("empty env password: status %d, stderr %q", cmd.code, cmd.stderr)
	}

	t.Run("env", func(t *testing.T) {
		data := filepath.Join(t.TempDir(), "data")
		p := authStartRaw(t, data, []string{"GRUMPYDB_BOOTSTRAP_PASSWORD=env-secret-pw"}, "--no-http")
		c := p.dial(t)
		c.Must("LOGIN _system admin "+adminPW, "-ERR invalid credentials")
		authLogin(t, c, "_system", "admin", "env-secret-pw")
		c.Must("WHOAMI", "+USER admin TENANT _system ROLES server_admin:Server")
		c.Must("LIST USERS", Array("_cluster/local-bootstrap@_system:cluster_peer", "admin@_system:server_admin"))
		p.stop()
		// Restart with neither flag nor env; a different env password is ignored.
		q := authStartRaw(t, data, nil, "--no-http")
		authLogin(t, q.dial(t), "_system", "admin", "env-secret-pw")
		q.stop()
		r := authStartRaw(t, data, []string{"GRUMPYDB_BOOTSTRAP_PASSWORD=other-password"}, "--no-http", "--bootstrap-password", "third-password")
		d := r.dial(t)
		d.Must("LOGIN _system admin other-password", "-ERR invalid credentials")
		d.Must("LOGIN _system admin third-password", "-ERR invalid credentials")
		authLogin(t, d, "_system", "admin", "env-secret-pw")
		r.stop()
	})

	t.Run("flag", func(t *testing.T) {
		data := filepath.Join(t.TempDir(), "data")
		// The flag wins over the environment variable.
		p := authStartRaw(t, data, []string{"GRUMPYDB_BOOTSTRAP_PASSWORD=env-loses-pw"}, "--no-http", "--bootstrap-password", "flag-wins-pw")
		c := p.dial(t)
		c.Must("LOGIN _system admin env-loses-pw", "-ERR invalid credentials")
		authLogin(t, c, "_system", "admin", "flag-wins-pw")
		p.stop()
		q := authStartRaw(t, data, nil, "--no-http")
		authLogin(t, q.dial(t), "_system", "admin", "flag-wins-pw")
		q.stop()
	})
}

// authRun is a finished server process.
type authRun struct {
	code   int
	stderr string
}

// authRefuse runs the server on data with no bootstrap password (env
// added) and waits for it to exit by itself (killed after 60 s).
func authRefuse(t *testing.T, data string, env ...string) authRun {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, "--no-tls", "--data", data, "--bind", freePort(t), "--no-http", "--log-format", "text")
	cmd.Env = append(authEnvWithout("GRUMPYDB_BOOTSTRAP_PASSWORD"), env...)
	var errb bytes.Buffer
	cmd.Stderr = &errb
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return authRun{0, errb.String()}
	case errors.As(err, &ee):
		return authRun{ee.ExitCode(), errb.String()}
	default:
		t.Fatal(err)
		return authRun{}
	}
}

package auth

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/grumpydb/grumpydb/server/internal/rbac"
)

func TestOpenFreshRS256Layout(t *testing.T) {
	s, _, dir := openTest(t, "")
	if s.Algorithm() != AlgorithmRS256 {
		t.Fatalf("default algorithm %s", s.Algorithm())
	}
	cfg, err := os.ReadFile(authPath(dir, "jwt", "config.json"))
	if err != nil {
		t.Fatal(err)
	}
	want := "{\n  \"algorithm\": \"rs256\",\n  \"current_kid\": \"" + s.cfg.CurrentKid + "\",\n  \"next_kid\": \"" + s.cfg.NextKid +
		"\",\n  \"access_ttl_secs\": 3600,\n  \"refresh_ttl_secs\": 604800\n}\n"
	if string(cfg) != want {
		t.Fatalf("config.json:\n%s\nwant:\n%s", cfg, want)
	}
	if s.cfg.CurrentKid == s.cfg.NextKid {
		t.Fatal("current and next are one key")
	}
	files := map[string]os.FileMode{
		"jwt/config.json":                               0o644,
		"jwt/keys/" + s.cfg.CurrentKid + ".pem":         0o600,
		"jwt/keys/" + s.cfg.CurrentKid + ".pub.pem":     0o644,
		"jwt/keys/" + s.cfg.NextKid + ".pem":            0o600,
		"jwt/keys/" + s.cfg.NextKid + ".pub.pem":        0o644,
		"jwt/cluster_peer.token":                        0o600,
		"users/_system__admin.json":                     0o600,
		"users/_system___cluster__local-bootstrap.json": 0o600,
	}
	var found []string
	filepath.WalkDir(filepath.Join(dir, AuthDirName), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(filepath.Join(dir, AuthDirName), p)
			found = append(found, rel)
		}
		return nil
	})
	if len(found) != len(files) {
		t.Fatalf("files under _auth: %v", found)
	}
	for name, m := range files {
		if got := mode(t, authPath(dir, name)); got != m {
			t.Errorf("%s mode %v, want %v", name, got, m)
		}
	}
	if _, err := os.Stat(authPath(dir, "secret.key")); !os.IsNotExist(err) {
		t.Fatal("RS256 store wrote secret.key")
	}
}

func TestOpenFreshHS256(t *testing.T) {
	for _, alg := range []string{"hs256", "HS256", "Hs256"} {
		s, _, dir := openTest(t, alg)
		if s.Algorithm() != AlgorithmHS256 {
			t.Fatalf("%s: algorithm %s", alg, s.Algorithm())
		}
		secret, err := os.ReadFile(authPath(dir, "secret.key"))
		if err != nil || len(secret) != 32 || mode(t, authPath(dir, "secret.key")) != 0o600 {
			t.Fatalf("secret.key: %d bytes, %v", len(secret), err)
		}
		cfg, _ := os.ReadFile(authPath(dir, "jwt", "config.json"))
		if want := "{\n  \"algorithm\": \"hs256\",\n  \"access_ttl_secs\": 3600,\n  \"refresh_ttl_secs\": 604800\n}\n"; string(cfg) != want {
			t.Fatalf("config.json %s", cfg)
		}
		if _, err := os.Stat(authPath(dir, "jwt", "keys")); err != nil {
			t.Fatalf("keys dir: %v", err)
		}
	}
	for _, alg := range []string{"", "rs256", "RS256", "es256", "none"} {
		s, _, _ := openTest(t, alg)
		if s.Algorithm() != AlgorithmRS256 {
			t.Fatalf("%q gave %s", alg, s.Algorithm())
		}
	}
}

func TestReopenKeepsKeysUsersAndSettings(t *testing.T) {
	for _, alg := range []string{"rs256", "hs256"} {
		t.Run(alg, func(t *testing.T) {
			dir := t.TempDir()
			clock := newFakeClock()
			opts := testOptions(dir, alg, clock)
			opts.AccessTTLSecs, opts.RefreshTTLSecs = 5, 50
			s1, err := Open(opts)
			if err != nil {
				t.Fatal(err)
			}
			if err := s1.CreateUser(t.Context(), ParseUserSpec("alice@acme", ""), "pw"); err != nil {
				t.Fatal(err)
			}
			s1.Grant(ParseUserSpec("alice@acme", ""), rbac.Assignment{Role: rbac.RoleReadOnly, Scope: rbac.DatabaseScope("demo")})
			login, err := s1.Login(t.Context(), "acme", "alice", "pw")
			if err != nil {
				t.Fatal(err)
			}
			// The second start: another algorithm and TTLs in the options,
			// no bootstrap password; all are ignored or unneeded.
			opts2 := testOptions(dir, "hs256", clock)
			if alg == "hs256" {
				opts2.Algorithm = "rs256"
			}
			opts2.AccessTTLSecs, opts2.RefreshTTLSecs, opts2.BootstrapPassword = 999, 9999, ""
			s2, err := Open(opts2)
			if err != nil {
				t.Fatal(err)
			}
			if s2.Algorithm() != alg || s2.AccessTTL().Seconds() != 5 || s2.RefreshTTL().Seconds() != 50 {
				t.Fatalf("settings after reopen: %s %v %v", s2.Algorithm(), s2.AccessTTL(), s2.RefreshTTL())
			}
			if !reflect.DeepEqual(s2.JWKS(), s1.JWKS()) || !reflect.DeepEqual(s1.cfg, s2.cfg) {
				t.Fatal("keys changed on reopen")
			}
			if _, err := s2.VerifyAccess(login.Access); err != nil {
				t.Fatalf("old access token after reopen: %v", err)
			}
			u1, _ := s1.User("acme", "alice")
			u2, ok := s2.User("acme", "alice")
			if !ok || !reflect.DeepEqual(u1, u2) {
				t.Fatalf("user after reopen %+v vs %+v", u2, u1)
			}
			if _, err := s2.Login(t.Context(), "acme", "alice", "pw"); err != nil {
				t.Fatalf("login after reopen: %v", err)
			}
			if got := s2.ListUsers("_system"); len(got) != 2 {
				t.Fatalf("system users after reopen: %v", got)
			}
		})
	}
}

func TestOpenUnsupportedFormat(t *testing.T) {
	dir := t.TempDir()
	users := authPath(dir, "users")
	os.MkdirAll(users, 0o700)
	old := []byte(`{"username":"admin","tenant":"_system","password_hash":"x","roles":[],"created_at":1}`)
	os.WriteFile(filepath.Join(users, "_system__admin.json"), old, 0o600)
	_, err := Open(testOptions(dir, "", newFakeClock()))
	if !errors.Is(err, ErrUnsupportedFormat) || !strings.HasPrefix(err.Error(), "unsupported data directory format: ") {
		t.Fatalf("Open = %v", err)
	}
	// Nothing was written or converted.
	var found []string
	filepath.WalkDir(filepath.Join(dir, AuthDirName), func(p string, d os.DirEntry, err error) error {
		found = append(found, p)
		return nil
	})
	if len(found) != 3 {
		t.Fatalf("store changed: %v", found)
	}
	if got, _ := os.ReadFile(filepath.Join(users, "_system__admin.json")); string(got) != string(old) {
		t.Fatal("record rewritten")
	}

	// A config.json this format did not write is refused too.
	for _, cfg := range []string{`{"algorithm":"es256","access_ttl_secs":1,"refresh_ttl_secs":1}`, `not json`,
		`{"algorithm":"rs256","current_kid":"../x","next_kid":"0000000000000000","access_ttl_secs":1,"refresh_ttl_secs":1}`,
		`{"algorithm":"hs256","access_ttl_secs":0,"refresh_ttl_secs":1}`} {
		d := t.TempDir()
		os.MkdirAll(authPath(d, "jwt"), 0o700)
		os.WriteFile(authPath(d, "jwt", "config.json"), []byte(cfg), 0o644)
		if _, err := Open(testOptions(d, "", newFakeClock())); !errors.Is(err, ErrUnsupportedFormat) {
			t.Errorf("config %s: %v", cfg, err)
		}
	}
}

func TestInterruptedFirstStartIsRedone(t *testing.T) {
	dir := t.TempDir()
	// Key files but no config.json: a first start that died before the
	// end. They are simply replaced.
	os.MkdirAll(authPath(dir, "jwt", "keys"), 0o700)
	os.WriteFile(authPath(dir, "jwt", "keys", "0123456789abcdef.pem"), []byte("junk"), 0o600)
	os.WriteFile(authPath(dir, "jwt", "keys", "x.pem.tmp-1"), []byte("junk"), 0o600)
	s, err := Open(testOptions(dir, "", newFakeClock()))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(authPath(dir, "jwt", "keys", s.cfg.CurrentKid+".pem")); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(authPath(dir, "jwt", "keys", "x.pem.tmp-1")); !os.IsNotExist(err) {
		t.Fatal("leftover temporary file kept")
	}
}

func TestBootstrapRules(t *testing.T) {
	const refusal = "server refuses to bootstrap: no users on disk; pass --bootstrap-password <pw> (or set GRUMPYDB_BOOTSTRAP_PASSWORD) on first start to create the initial _system/admin account"
	t.Run("fresh without password", func(t *testing.T) {
		dir := t.TempDir()
		opts := testOptions(dir, "", newFakeClock())
		opts.BootstrapPassword = ""
		_, err := Open(opts)
		if err != ErrBootstrapRefused || err.Error() != refusal {
			t.Fatalf("Open = %v", err)
		}
		if _, err := os.Stat(filepath.Join(dir, AuthDirName)); !os.IsNotExist(err) {
			t.Fatal("refused bootstrap wrote files")
		}
	})
	t.Run("creates admin; later starts need no password", func(t *testing.T) {
		var logs logBuffer
		dir := t.TempDir()
		opts := testOptions(dir, "", newFakeClock())
		opts.BootstrapPassword, opts.Logger = "short", logs.logger()
		s, err := Open(opts)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(logs.String(), "shorter than 8 bytes") {
			t.Fatalf("no short-password warning: %s", logs.String())
		}
		u, ok := s.User("_system", "admin")
		if !ok || !reflect.DeepEqual(u.Roles, []rbac.Assignment{{Role: rbac.RoleServerAdmin, Scope: rbac.ServerScope()}}) {
			t.Fatalf("admin %+v", u)
		}
		if _, err := s.Login(t.Context(), "_system", "admin", "short"); err != nil {
			t.Fatal(err)
		}
		opts.BootstrapPassword = ""
		if _, err := Open(opts); err != nil {
			t.Fatalf("restart without password: %v", err)
		}
		opts.BootstrapPassword = "ignored-now"
		s3, err := Open(opts)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s3.Login(t.Context(), "_system", "admin", "ignored-now"); err != ErrInvalidCredentials {
			t.Fatalf("password of a later start was applied: %v", err)
		}
	})
	t.Run("long password does not warn", func(t *testing.T) {
		var logs logBuffer
		opts := testOptions(t.TempDir(), "hs256", newFakeClock())
		opts.Logger = logs.logger()
		if _, err := Open(opts); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(logs.String(), "shorter than 8 bytes") {
			t.Fatal("warned for a long password")
		}
	})
	t.Run("admin without server_admin", func(t *testing.T) {
		dir := t.TempDir()
		clock := newFakeClock()
		s, err := Open(testOptions(dir, "hs256", clock))
		if err != nil {
			t.Fatal(err)
		}
		admin := ParseUserSpec("admin@_system", "")
		s.Revoke(admin, rbac.Assignment{Role: rbac.RoleServerAdmin, Scope: rbac.ServerScope()})
		if _, err := Open(testOptions(dir, "hs256", clock)); !errors.Is(err, ErrUserExists) || err.Error() != "user already exists: _system/admin" {
			t.Fatalf("Open = %v", err)
		}
		opts := testOptions(dir, "hs256", clock)
		opts.BootstrapPassword = ""
		if _, err := Open(opts); err != ErrBootstrapRefused {
			t.Fatalf("without password: %v", err)
		}
		// server_admin on any scope, held by anyone, ends the need.
		s.CreateUser(t.Context(), ParseUserSpec("root@acme", ""), "pw")
		s.Grant(ParseUserSpec("root@acme", ""), rbac.Assignment{Role: rbac.RoleServerAdmin, Scope: rbac.TenantScope()})
		if _, err := Open(opts); err != nil {
			t.Fatalf("with another server_admin: %v", err)
		}
	})
}

func TestClusterPeerBuiltIn(t *testing.T) {
	dir := t.TempDir()
	clock := newFakeClock()
	s, err := Open(testOptions(dir, "", clock))
	if err != nil {
		t.Fatal(err)
	}
	u, ok := s.User("_system", "_cluster/local-bootstrap")
	if !ok || !reflect.DeepEqual(u.Roles, []rbac.Assignment{{Role: rbac.RoleClusterPeer, Scope: rbac.ServerScope()}}) {
		t.Fatalf("peer user %+v", u)
	}
	tok, err := os.ReadFile(authPath(dir, "jwt", "cluster_peer.token"))
	if err != nil || string(tok) != s.ClusterPeerToken() || strings.ContainsAny(string(tok), "\r\n ") {
		t.Fatalf("token file %q: %v", tok, err)
	}
	c, err := s.VerifyAccess(string(tok))
	if err != nil || c.TokenType != TokenAccess || c.ExpiresAt-c.IssuedAt != 365*24*3600 ||
		c.Subject != "_cluster/local-bootstrap" || c.Tenant != "_system" || !c.Principal().PeerOnly() {
		t.Fatalf("peer token claims %+v, %v", c, err)
	}
	// The peer has a random password nobody knows.
	if !regexp.MustCompile(`^\$argon2id\$`).MatchString(u.PasswordHash) {
		t.Fatalf("peer hash %q", u.PasswordHash)
	}
	if got := s.ListUsers("_system"); !reflect.DeepEqual(got, []string{"_cluster/local-bootstrap@_system:cluster_peer", "admin@_system:server_admin"}) {
		t.Fatalf("LIST USERS _system = %v", got)
	}
	// Each start writes a new token; the user is not re-created, and a
	// token file with loose permissions is tightened.
	os.Chmod(authPath(dir, "jwt", "cluster_peer.token"), 0o644)
	clock.Advance(10e9)
	s2, err := Open(testOptions(dir, "", clock))
	if err != nil {
		t.Fatal(err)
	}
	u2, _ := s2.User("_system", "_cluster/local-bootstrap")
	if u2.CreatedAt != u.CreatedAt || u2.PasswordHash != u.PasswordHash {
		t.Fatal("peer user re-created")
	}
	tok2, _ := os.ReadFile(authPath(dir, "jwt", "cluster_peer.token"))
	if string(tok2) == string(tok) || mode(t, authPath(dir, "jwt", "cluster_peer.token")) != 0o600 {
		t.Fatal("token not rewritten at start")
	}
}

func TestOpenTightensSecretFiles(t *testing.T) {
	for _, alg := range []string{"rs256", "hs256"} {
		dir := t.TempDir()
		clock := newFakeClock()
		s, err := Open(testOptions(dir, alg, clock))
		if err != nil {
			t.Fatal(err)
		}
		secrets := []string{authPath(dir, "users", "_system__admin.json"), authPath(dir, "jwt", "cluster_peer.token")}
		if alg == "hs256" {
			secrets = append(secrets, authPath(dir, "secret.key"))
		} else {
			secrets = append(secrets, authPath(dir, "jwt", "keys", s.cfg.CurrentKid+".pem"), authPath(dir, "jwt", "keys", s.cfg.NextKid+".pem"))
		}
		for _, p := range secrets {
			os.Chmod(p, 0o666)
		}
		var logs logBuffer
		opts := testOptions(dir, alg, clock)
		opts.Logger = logs.logger()
		if _, err := Open(opts); err != nil {
			t.Fatal(err)
		}
		for _, p := range secrets {
			if m := mode(t, p); m != 0o600 {
				t.Errorf("%s: %s mode %v after open", alg, p, m)
			}
			if !strings.Contains(logs.String(), p) {
				t.Errorf("%s: no warning for %s", alg, p)
			}
		}
	}
}

func TestSecretKeyChecks(t *testing.T) {
	dir := t.TempDir()
	clock := newFakeClock()
	if _, err := Open(testOptions(dir, "hs256", clock)); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(authPath(dir, "secret.key"), make([]byte, 31), 0o600)
	_, err := Open(testOptions(dir, "hs256", clock))
	if !errors.Is(err, ErrSecretKeyLength) || err.Error() != "secret.key has invalid length: 31 (expected 32)" {
		t.Fatalf("short secret: %v", err)
	}
	os.Remove(authPath(dir, "secret.key"))
	if _, err := Open(testOptions(dir, "hs256", clock)); err == nil {
		t.Fatal("missing secret.key accepted")
	}
}

func TestLoadSkipsBadRecords(t *testing.T) {
	dir := t.TempDir()
	clock := newFakeClock()
	s, err := Open(testOptions(dir, "hs256", clock))
	if err != nil {
		t.Fatal(err)
	}
	s.CreateUser(t.Context(), ParseUserSpec("alice@acme", ""), "pw")
	users := authPath(dir, "users")
	os.WriteFile(filepath.Join(users, "broken__x.json"), []byte("{not json"), 0o600)
	alice, _ := os.ReadFile(filepath.Join(users, "acme__alice.json"))
	os.WriteFile(filepath.Join(users, "zz_copy.json"), alice, 0o600) // duplicate of alice
	os.WriteFile(filepath.Join(users, "notes.txt"), []byte("ignored"), 0o600)
	var logs logBuffer
	opts := testOptions(dir, "hs256", clock)
	opts.Logger = logs.logger()
	s2, err := Open(opts)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logs.String(), "broken__x.json") || !strings.Contains(logs.String(), "zz_copy.json") {
		t.Fatalf("warnings: %s", logs.String())
	}
	if got := s2.ListUsers("acme"); !reflect.DeepEqual(got, []string{"alice@acme:"}) {
		t.Fatalf("acme users %v", got)
	}
}

func TestOpenNeedsDataDir(t *testing.T) {
	if _, err := Open(Options{}); err == nil {
		t.Fatal("Open without a data directory succeeded")
	}
	s, _, dir := openTest(t, "hs256")
	if s.Dir() != filepath.Join(dir, "_auth") {
		t.Fatalf("Dir = %s", s.Dir())
	}
}

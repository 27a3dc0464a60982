package client

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

func TestLoginErrors(t *testing.T) {
	s := sharedServer(t)
	c := connect(t, s, nil)
	if err := c.Login(ctx(t), "_system", "admin", "wrong"); !errors.Is(err, ErrInvalidCredentials) {
		t.Fatalf("bad password: %v", err)
	}
	if _, err := c.Database("x").Count(ctx(t), "c"); !errors.Is(err, ErrNoToken) {
		t.Fatalf("before login: %v", err)
	}
	if err := c.Login(ctx(t), "_system", "ad min", "x"); !errors.Is(err, ErrInvalidArgument) {
		t.Fatalf("username with space: %v", err)
	}
	if err := c.Login(ctx(t), "_system", "admin", "a\nPING"); !errors.Is(err, ErrInvalidArgument) {
		t.Fatalf("password with LF: %v", err)
	}
}

// TestTokenReuseOnNewConnections logs in once and checks that extra pool
// connections authenticate with TOKEN, never with a second LOGIN.
func TestTokenReuseOnNewConnections(t *testing.T) {
	s := startServer(t, serverConfig{})
	c := adminClient(t, s, func(o *Options) { o.PoolSize = 4 })
	db := c.Database("reuse")
	if err := db.CreateCollection(ctx(t), "c"); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	start := make(chan struct{})
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			for j := range 20 {
				if err := db.Insert(ctx(t), "c", keyN(i*100+j), j); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	close(start)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	dials, idle := c.PoolStats()
	if dials < 2 || dials > 4 || idle != dials {
		t.Fatalf("dials %d idle %d", dials, idle)
	}
	logins := s.metric(t, `grumpydb_commands_total{cmd="LOGIN",result="ok"}`)
	tokens := s.metric(t, `grumpydb_commands_total{cmd="TOKEN",result="ok"}`)
	if logins != 1 || tokens < float64(dials) {
		t.Fatalf("LOGIN ok %v, TOKEN ok %v, dials %d", logins, tokens, dials)
	}
	// A second client resumes with the first one's access token.
	access, _ := c.Tokens()
	c2 := connect(t, s, nil)
	if err := c2.Token(ctx(t), access); err != nil {
		t.Fatal(err)
	}
	if n, err := c2.Database("reuse").Count(ctx(t), "c"); err != nil || n != 160 {
		t.Fatalf("count via token: %d %v", n, err)
	}
	// A refresh token is not an access token.
	_, rt := c.Tokens()
	c3 := connect(t, s, nil)
	if err := c3.Token(ctx(t), rt); !errors.Is(err, ErrInvalidToken) {
		t.Fatalf("refresh token as access: %v", err)
	}
	if err := c3.Token(ctx(t), "garbage"); !errors.Is(err, ErrInvalidToken) {
		t.Fatalf("garbage token: %v", err)
	}
}

// TestRefreshAndExpiry runs a server whose access tokens live 2 s.
func TestRefreshAndExpiry(t *testing.T) {
	s := startServer(t, serverConfig{toml: "[auth]\naccess_token_ttl_secs = 2"})
	auto := adminClient(t, s, func(o *Options) { o.PoolSize = 2 })
	manual := adminClient(t, s, func(o *Options) { o.NoAutoRefresh = true; o.PoolSize = 2 })
	if cl := auto.Claims(); cl.ExpiresAt.Sub(cl.IssuedAt) != 2*time.Second {
		t.Fatalf("ttl %v", cl.ExpiresAt.Sub(cl.IssuedAt))
	}
	if err := auto.Refresh(ctx(t)); err != nil {
		t.Fatal(err)
	}
	if nw, _ := auto.Tokens(); nw == "" {
		t.Fatal("no token after refresh")
	}
	oldManual, _ := manual.Tokens()
	time.Sleep(2500 * time.Millisecond)

	// The auto client refreshes before using its token on a new connection.
	before, _ := auto.Tokens()
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = auto.ListDatabases(ctx(t))
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if after, _ := auto.Tokens(); after == before {
		t.Fatal("token not refreshed automatically")
	}
	// The open connection of the manual client keeps working after expiry
	// (PROTOCOL §5.1); a new connection cannot TOKEN with the expired token.
	if _, err := manual.ListDatabases(ctx(t)); err != nil {
		t.Fatalf("open connection after expiry: %v", err)
	}
	c3 := connect(t, s, nil)
	if err := c3.Token(ctx(t), oldManual); !errors.Is(err, ErrTokenExpired) {
		t.Fatalf("expired token on a new client: %v", err)
	}
	// Refresh fixes the manual client.
	if err := manual.Refresh(ctx(t)); err != nil {
		t.Fatal(err)
	}
	if nw, _ := manual.Tokens(); nw == oldManual {
		t.Fatal("manual refresh kept the token")
	}
}

func TestJWKSVerification(t *testing.T) {
	s := sharedServer(t)
	c := adminClient(t, s, func(o *Options) { o.JWKSURL = s.jwksURL() })
	if cl := c.Claims(); cl.Subject != "admin" || len(cl.Roles) != 1 || cl.Roles[0].Role != "server_admin" || cl.Roles[0].Scope["type"] != "server" {
		t.Fatalf("claims %+v", cl)
	}
	if err := c.Refresh(ctx(t)); err != nil {
		t.Fatalf("refresh with JWKS: %v", err)
	}
	// A JWKS holding another key (same kid) rejects the server's tokens.
	access, _ := c.Tokens()
	kid := tokenKid(t, access)
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	fake := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `{"keys":[{"alg":"RS256","e":"AQAB","kid":%q,"kty":"RSA","n":%q,"use":"sig"}]}`,
			kid, base64.RawURLEncoding.EncodeToString(key.N.Bytes()))
	}))
	defer fake.Close()
	bad := connect(t, s, func(o *Options) { o.JWKSURL = fake.URL })
	if err := bad.Login(ctx(t), "_system", "admin", adminPW); !errors.Is(err, ErrInvalidToken) {
		t.Fatalf("login with a foreign JWKS: %v", err)
	}
	if err := bad.Token(ctx(t), access); !errors.Is(err, ErrInvalidToken) {
		t.Fatalf("token with a foreign JWKS: %v", err)
	}
	// An unreachable JWKS is a connection problem, not a token problem.
	down := connect(t, s, func(o *Options) { o.JWKSURL = "http://127.0.0.1:1/jwks" })
	if err := down.Login(ctx(t), "_system", "admin", adminPW); !errors.Is(err, ErrConnection) {
		t.Fatalf("login with an unreachable JWKS: %v", err)
	}
}

// tokenKid returns the kid of a JWT's header.
func tokenKid(t *testing.T, tok string) string {
	t.Helper()
	for i, c := range tok {
		if c == '.' {
			b, err := base64.RawURLEncoding.DecodeString(tok[:i])
			if err != nil {
				t.Fatal(err)
			}
			var h struct{ Kid string }
			if err := json.Unmarshal(b, &h); err != nil || h.Kid == "" {
				t.Fatalf("header %s: %v", b, err)
			}
			return h.Kid
		}
	}
	t.Fatal("not a JWT")
	return ""
}

// TestLoginNearExpiry: with 1-s access tokens (whole-second claims), a
// fresh token is often already inside the refresh margin. Login's
// follow-up TOPOLOGY then refreshes it, which needs the auth lock, so
// Login must not hold that lock meanwhile (it once did, and hung).
func TestLoginNearExpiry(t *testing.T) {
	s := startServer(t, serverConfig{toml: "[auth]\naccess_token_ttl_secs = 1"})
	c := connect(t, s, nil)
	for i := range 12 {
		done := make(chan error, 1)
		go func() { done <- c.Login(ctx(t), "_system", "admin", adminPW) }()
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("login %d: %v", i, err)
			}
		case <-time.After(20 * time.Second):
			t.Fatalf("login %d did not return: deadlocked on the auth lock", i)
		}
		time.Sleep(83 * time.Millisecond) // land at different points of the second
	}
}

package auth

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"reflect"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/grumpydb/grumpydb/server/internal/rbac"
)

var readDemo = rbac.Assignment{Role: rbac.RoleReadOnly, Scope: rbac.DatabaseScope("demo")}

func TestLoginVerifyRefresh(t *testing.T) {
	for _, alg := range []string{"rs256", "hs256"} {
		t.Run(alg, func(t *testing.T) {
			s, clock, _ := openTest(t, alg)
			alice := ParseUserSpec("alice@acme", "")
			if err := s.CreateUser(t.Context(), alice, "pw one"); err != nil {
				t.Fatal(err)
			}
			if err := s.Grant(alice, readDemo); err != nil {
				t.Fatal(err)
			}
			res, err := s.Login(t.Context(), "acme", "alice", "pw one")
			if err != nil {
				t.Fatal(err)
			}
			now := clock.Now().Unix()
			want := Claims{Subject: "alice", Tenant: "acme", Roles: []rbac.Assignment{readDemo},
				IssuedAt: now, ExpiresAt: now + 3600, TokenType: TokenAccess}
			if !reflect.DeepEqual(res.Claims, want) {
				t.Fatalf("login claims %+v", res.Claims)
			}
			c, err := s.VerifyAccess(res.Access)
			if err != nil || !reflect.DeepEqual(c, want) {
				t.Fatalf("VerifyAccess = %+v, %v", c, err)
			}
			p := c.Principal()
			if p.Subject != "alice" || p.Tenant != "acme" || !reflect.DeepEqual(p.Assignments, want.Roles) {
				t.Fatalf("principal %+v", p)
			}
			// Refresh token: 604800 s, refused by TOKEN.
			if _, err := s.VerifyAccess(res.Refresh); err != ErrExpectedAccessToken || err.Error() != "invalid token: expected access token" {
				t.Fatalf("refresh as access: %v", err)
			}
			if _, _, err := s.Refresh(res.Access); err != ErrExpectedRefreshToken || err.Error() != "invalid token: expected refresh token" {
				t.Fatalf("access as refresh: %v", err)
			}
			// GRANT does not change issued tokens; REFRESH sees it.
			s.Grant(alice, rbac.Assignment{Role: rbac.RoleReadWrite, Scope: rbac.TenantScope()})
			if c, _ := s.VerifyAccess(res.Access); len(c.Roles) != 1 {
				t.Fatalf("issued token's roles changed: %v", c.Roles)
			}
			clock.Advance(5 * time.Second)
			tok, rc, err := s.Refresh(res.Refresh)
			if err != nil || len(rc.Roles) != 2 || rc.TokenType != TokenAccess || rc.IssuedAt != now+5 || rc.ExpiresAt != now+5+3600 {
				t.Fatalf("Refresh = %+v, %v", rc, err)
			}
			if c, err := s.VerifyAccess(tok); err != nil || !reflect.DeepEqual(c, rc) {
				t.Fatalf("refreshed token: %+v, %v", c, err)
			}
			// Expiry: exactly at exp the token is expired (no leeway).
			clock.Set(time.Unix(now+3600-1, 999_999_999))
			if _, err := s.VerifyAccess(res.Access); err != nil {
				t.Fatalf("one nanosecond before exp: %v", err)
			}
			clock.Set(time.Unix(now+3600, 0))
			if _, err := s.VerifyAccess(res.Access); err != ErrTokenExpired {
				t.Fatalf("at exp: %v", err)
			}
			// Expiry precedes the type check.
			clock.Set(time.Unix(now+604800, 0))
			if _, err := s.VerifyAccess(res.Refresh); err != ErrTokenExpired {
				t.Fatalf("expired refresh to TOKEN: %v", err)
			}
			if _, _, err := s.Refresh(res.Refresh); err != ErrTokenExpired {
				t.Fatalf("expired refresh: %v", err)
			}
		})
	}
}

func TestLoginFailures(t *testing.T) {
	s, _, _ := openTest(t, "hs256")
	s.CreateUser(t.Context(), ParseUserSpec("alice@acme", ""), "secret")
	for _, c := range []struct{ tenant, user, pw string }{
		{"acme", "alice", "Secret"}, {"acme", "alice", ""}, {"acme", "bob", "secret"},
		{"other", "alice", "secret"}, {"acme", "alice@acme", "secret"},
	} {
		if _, err := s.Login(t.Context(), c.tenant, c.user, c.pw); err != ErrInvalidCredentials || err.Error() != "invalid credentials" {
			t.Errorf("Login(%q, %q, %q) = %v", c.tenant, c.user, c.pw, err)
		}
	}
	// A corrupt stored hash is a failed login, not a crash.
	s.mu.Lock()
	s.users[userKey{"acme", "alice"}].user.PasswordHash = "$argon2id$garbage"
	s.mu.Unlock()
	if _, err := s.Login(t.Context(), "acme", "alice", "secret"); err != ErrInvalidCredentials {
		t.Fatalf("corrupt hash: %v", err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	s.gate.acquire(t.Context()) // fill the gate so the cancelled login must wait
	for range cap(s.gate) - 1 {
		s.gate.acquire(t.Context())
	}
	if _, err := s.Login(ctx, "acme", "alice", "secret"); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled login: %v", err)
	}
}

func TestDroppedAndRecreatedUserDoesNotReviveTokens(t *testing.T) {
	for _, sameSecond := range []bool{false, true} {
		t.Run(fmt.Sprintf("sameSecond=%v", sameSecond), func(t *testing.T) {
			s, clock, _ := openTest(t, "hs256")
			bob := ParseUserSpec("bob@acme", "")
			s.CreateUser(t.Context(), bob, "pw")
			old, err := s.Login(t.Context(), "acme", "bob", "pw")
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.DropUser(bob, nil); err != nil {
				t.Fatal(err)
			}
			if _, err := s.VerifyAccess(old.Access); err != ErrUnknownUser || err.Error() != "invalid token: unknown user" {
				t.Fatalf("dropped user's token: %v", err)
			}
			if _, _, err := s.Refresh(old.Refresh); err != ErrInvalidCredentials {
				t.Fatalf("dropped user's refresh: %v", err)
			}
			if !sameSecond {
				clock.Advance(3 * time.Second)
			}
			if err := s.CreateUser(t.Context(), bob, "pw"); err != nil {
				t.Fatal(err)
			}
			if _, err := s.VerifyAccess(old.Access); err != ErrUnknownUser {
				t.Fatalf("re-created user revived old token: %v", err)
			}
			if _, _, err := s.Refresh(old.Refresh); err != ErrInvalidCredentials {
				t.Fatalf("re-created user revived old refresh: %v", err)
			}
			fresh, err := s.Login(t.Context(), "acme", "bob", "pw")
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.VerifyAccess(fresh.Access); err != nil {
				t.Fatalf("new login's token: %v", err)
			}
			if _, _, err := s.Refresh(fresh.Refresh); err != nil {
				t.Fatalf("new login's refresh: %v", err)
			}
			u, _ := s.User("acme", "bob")
			if fresh.Claims.IssuedAt < u.CreatedAt || fresh.Claims.ExpiresAt != fresh.Claims.IssuedAt+3600 {
				t.Fatalf("iat %d, created_at %d", fresh.Claims.IssuedAt, u.CreatedAt)
			}
		})
	}
}

func TestTokenForUnknownUser(t *testing.T) {
	s, clock, dir := openTest(t, "hs256")
	// A token for a user that never existed, signed with the store's key.
	tok, err := s.codec.sign(Claims{Subject: "ghost", Tenant: "acme", Roles: nil,
		IssuedAt: clock.Now().Unix(), ExpiresAt: clock.Now().Unix() + 60, TokenType: TokenAccess})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.VerifyAccess(tok); err != ErrUnknownUser {
		t.Fatalf("ghost: %v", err)
	}
	// A token issued before the user's created_at is refused.
	s.CreateUser(t.Context(), ParseUserSpec("late@acme", ""), "pw")
	early, _ := s.codec.sign(Claims{Subject: "late", Tenant: "acme", IssuedAt: clock.Now().Unix() - 1,
		ExpiresAt: clock.Now().Unix() + 60, TokenType: TokenAccess})
	if _, err := s.VerifyAccess(early); err != ErrUnknownUser {
		t.Fatalf("token older than user: %v", err)
	}
	// A token of another store (another secret) is a bad signature.
	other, _, _ := openTest(t, "hs256")
	res, _ := other.Login(t.Context(), "_system", "admin", "bootstrap-pw")
	if _, err := s.VerifyAccess(res.Access); !errors.Is(err, ErrInvalidToken) {
		t.Fatalf("foreign token: %v", err)
	}
	_ = dir
}

// TestConcurrentSessions runs logins, verifications, grants, drops and
// creations at once, each worker owning its own users; with -race it
// checks the store's locking, and at the end (after a reopen) the store
// must agree with each worker's model of who exists.
func TestConcurrentSessions(t *testing.T) {
	seed := uint64(time.Now().UnixNano())
	if v := os.Getenv("GRUMPY_SEED"); v != "" {
		seed, _ = strconv.ParseUint(v, 10, 64)
	}
	t.Logf("seed %d (set GRUMPY_SEED to replay)", seed)
	s, _, dir := openTest(t, "hs256")
	const workers, perWorker = 4, 2
	name := func(w, j int) string { return fmt.Sprintf("u%d_%d", w, j) }
	for w := range workers {
		for j := range perWorker {
			s.CreateUser(t.Context(), ParseUserSpec(name(w, j)+"@acme", ""), "pw")
		}
	}
	models := make([][]bool, workers)
	var wg sync.WaitGroup
	for w := range workers {
		models[w] = []bool{true, true}
		wg.Add(1)
		go func() {
			defer wg.Done()
			exists := models[w]
			rng := rand.New(rand.NewPCG(seed, uint64(w)))
			for range 40 {
				j := rng.IntN(perWorker)
				spec := ParseUserSpec(name(w, j)+"@acme", "")
				switch rng.IntN(4) {
				case 0:
					res, err := s.Login(t.Context(), "acme", spec.User, "pw")
					if (err == nil) != exists[j] {
						t.Errorf("login %s: %v (exists %v)", spec.User, err, exists[j])
					}
					if err == nil {
						if _, err := s.VerifyAccess(res.Access); err != nil {
							t.Errorf("verify %s: %v", spec.User, err)
						}
					}
				case 1:
					if err := s.Grant(spec, readDemo); (err == nil) != exists[j] {
						t.Errorf("grant %s: %v", spec.User, err)
					}
				case 2:
					if _, err := s.DropUser(spec, nil); (err == nil) != exists[j] {
						t.Errorf("drop %s: %v", spec.User, err)
					}
					exists[j] = false
				case 3:
					if err := s.CreateUser(t.Context(), spec, "pw"); (err == nil) == exists[j] {
						t.Errorf("create %s: %v (exists %v)", spec.User, err, exists[j])
					}
					exists[j] = true
				}
			}
		}()
	}
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 200 {
				s.ListUsers("acme")
				s.User("acme", name(0, 0))
			}
		}()
	}
	wg.Wait()
	reopened, err := Open(testOptions(dir, "hs256", newFakeClock()))
	if err != nil {
		t.Fatal(err)
	}
	for w := range workers {
		for j := range perWorker {
			_, ok := reopened.User("acme", name(w, j))
			if ok != models[w][j] {
				t.Errorf("after reopen %s exists=%v, model %v", name(w, j), ok, models[w][j])
			}
		}
	}
}

func TestLoginConcurrencyIsBounded(t *testing.T) {
	dir := t.TempDir()
	opts := testOptions(dir, "hs256", newFakeClock())
	opts.MaxConcurrentChecks = 2
	s, err := Open(opts)
	if err != nil {
		t.Fatal(err)
	}
	if cap(s.gate) != 2 {
		t.Fatalf("gate %d", cap(s.gate))
	}
	// Hold both slots: a LOGIN must wait, and proceed once one frees.
	s.gate.acquire(t.Context())
	s.gate.acquire(t.Context())
	done := make(chan error, 1)
	go func() {
		_, err := s.Login(context.Background(), "_system", "admin", "bootstrap-pw")
		done <- err
	}()
	select {
	case err := <-done:
		t.Fatalf("login ran with no free slot: %v", err)
	case <-time.After(50 * time.Millisecond):
	}
	s.gate.release()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	s2, _, _ := openTest(t, "hs256")
	if cap(s2.gate) < 1 {
		t.Fatal("default gate")
	}
}

func BenchmarkVerifyAccess(b *testing.B) {
	for _, alg := range []string{"rs256", "hs256"} {
		b.Run(alg, func(b *testing.B) {
			s, _, _ := openTest(b, alg)
			res, err := s.Login(context.Background(), "_system", "admin", "bootstrap-pw")
			if err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for b.Loop() {
				if _, err := s.VerifyAccess(res.Access); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

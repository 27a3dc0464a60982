package e2e

import (
	"bytes"
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/argon2"

	. "github.com/grumpydb/grumpydb/server/internal/servertest"
)

// TestAuthentication covers the §12 "Authentication" lines that need only
// a default (RS256, default TTL) server; one server and one set of users
// serve every subtest, since each password hash costs argon2 time.
func TestAuthentication(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	p := startServer(t, data)
	adm := p.admin(t)
	adm.Must("USE demo", "+OK")
	adm.Must("CREATE COLLECTION docs", "+OK")
	adm.Must("INSERT docs "+u1+" {}", "+OK")
	for _, u := range []string{"dave", "gina", "rita"} {
		adm.Must("CREATE USER "+u+" pw-"+u, "+OK")
	}

	t.Run("login", func(t *testing.T) {
		c := p.dial(t)
		a, r := authLogin(t, c, "_system", "dave", "pw-dave")
		if a == r {
			t.Fatal("access and refresh tokens are equal")
		}
		c.Must("WHOAMI", "+USER dave TENANT _system ROLES ")
		// Failures, each leaving the caller as it was.
		for _, line := range []string{
			"LOGIN _system dave wrong",
			"LOGIN _system dave pw-dave ",    // trailing space is trimmed: succeeds below instead
			"LOGIN _system ghost pw-dave",    // unknown user
			"LOGIN nosuch dave pw-dave",      // unknown tenant
			"LOGIN _system admin pw-dave",    // someone else's password
			"LOGIN _system dave PW-DAVE",     // passwords are case-sensitive
			"LOGIN _system dave pw-dave x",   // the password is the rest of the line
			"LOGIN _System dave pw-dave",     // tenants are case-sensitive
			"LOGIN _system Dave pw-dave",     // usernames are case-sensitive
			"LOGIN _system dave pw-dave\x00", // not the password
		} {
			got := c.Do(line)
			if strings.HasSuffix(line, "pw-dave ") {
				if !authTokenLine.MatchString(got) {
					t.Fatalf("%q: %q", line, got)
				}
				continue
			}
			if got != "-ERR invalid credentials\r\n" {
				t.Fatalf("%q: %q", line, got)
			}
			c.Must("WHOAMI", "+USER dave TENANT _system ROLES ")
		}
		u := p.dial(t)
		u.Must("LOGIN _system dave wrong", "-ERR invalid credentials")
		u.Must("WHOAMI", "-ERR not authenticated")
	})

	t.Run("token", func(t *testing.T) {
		c := p.dial(t)
		a, r := authLogin(t, c, "_system", "dave", "pw-dave")
		n := p.dial(t)
		n.Must("WHOAMI", "-ERR not authenticated")
		n.Must("TOKEN "+r, "-ERR invalid token: expected access token")
		n.Must("WHOAMI", "-ERR not authenticated")
		for _, bad := range []string{"garbage", "a.b.c", a + "x", a[:len(a)-4], authFlipSignature(a), authSwapPayload(a, r)} {
			got := n.Do("TOKEN " + bad)
			if !strings.HasPrefix(got, "-ERR invalid token: ") {
				t.Fatalf("TOKEN %q: %q", bad, got)
			}
		}
		n.Must("WHOAMI", "-ERR not authenticated")
		n.Must("TOKEN "+a, "+OK")
		n.Must("WHOAMI", "+USER dave TENANT _system ROLES ")
		// A failing TOKEN leaves the caller in place.
		n.MustPrefix("TOKEN garbage", "-ERR invalid token: ")
		n.Must("WHOAMI", "+USER dave TENANT _system ROLES ")
		// The database is kept across TOKEN.
		n.Must("USE demo", "+OK")
		adminAccess, _ := Tokens(p.dial(t).MustPrefix("LOGIN _system admin "+adminPW, "+TOKEN "))
		n.Must("TOKEN "+adminAccess, "+OK")
		n.Must("COUNT docs", ":1")
		// Forged headers: no kid, unknown kid.
		n.Must("TOKEN "+authForge(t, a, map[string]any{"alg": "RS256", "typ": "JWT"}), "-ERR invalid token: missing kid in header")
		n.Must("TOKEN "+authForge(t, a, map[string]any{"alg": "RS256", "typ": "JWT", "kid": "0123456789abcdef"}), "-ERR invalid token: kid not found in keyring: 0123456789abcdef")
	})

	t.Run("refresh", func(t *testing.T) {
		c := p.dial(t)
		a, r := authLogin(t, c, "_system", "rita", "pw-rita")
		c.Must("REFRESH "+a, "-ERR invalid token: expected refresh token")
		c.MustPrefix("REFRESH garbage", "-ERR invalid token: ")
		c.MustPrefix("REFRESH "+authFlipSignature(r), "-ERR invalid token: ")
		adm.Must("GRANT read_only ON demo TO rita", "+OK") // adm has demo selected: Collection(demo, demo)
		got := c.Do("REFRESH " + r)
		if !authRefreshLine.MatchString(got) {
			t.Fatalf("REFRESH: %q", got)
		}
		a2, _ := Tokens(got)
		if a2 == a {
			t.Fatal("REFRESH returned the old access token")
		}
		// Caller unchanged by REFRESH; the new token carries the current roles.
		c.Must("WHOAMI", "+USER rita TENANT _system ROLES ")
		j := authDecode(t, a2)
		if j.claims["token_type"] != "access" {
			t.Fatalf("refreshed token type %v", j.claims["token_type"])
		}
		c.Must("TOKEN "+a2, "+OK")
		c.Must("WHOAMI", "+USER rita TENANT _system ROLES read_only:"+authColl("demo", "demo"))
		// Not rotated: the same refresh token works again, from an unauthenticated connection too.
		u := p.dial(t)
		u.MustPrefix("REFRESH "+r, "+TOKEN ")
		u.Must("WHOAMI", "-ERR not authenticated")
		adm.Must("REVOKE read_only ON demo FROM rita", "+OK")
	})

	t.Run("drop_user", func(t *testing.T) {
		adm.Must("CREATE USER zed pw-zed", "+OK")
		adm.Must("GRANT read_write ON @_system TO zed", "+OK")
		adm.Must("CREATE USER zed@acme pw-zed", "+OK") // same name, other tenant: unaffected
		za := p.dial(t)
		authLogin(t, za, "acme", "zed", "pw-zed")
		x := p.dial(t)
		a, r := authLogin(t, x, "_system", "zed", "pw-zed")
		x.Must("USE demo", "+OK")
		x.Must("COUNT docs", ":1")
		y := p.dial(t) // a second session of the same user, through TOKEN
		y.Must("TOKEN "+a, "+OK")
		other := p.dial(t) // another user's session is untouched
		authLogin(t, other, "_system", "gina", "pw-gina")

		adm.Must("DROP USER zed", "+OK")
		for _, c := range []*Client{x, y} {
			c.Must("COUNT docs", "-ERR not authenticated")
			c.Must("WHOAMI", "-ERR not authenticated")
		}
		other.Must("WHOAMI", "+USER gina TENANT _system ROLES ")
		za.Must("WHOAMI", "+USER zed TENANT acme ROLES ")
		n := p.dial(t)
		n.Must("TOKEN "+a, "-ERR invalid token: unknown user")
		n.Must("REFRESH "+r, "-ERR invalid credentials")
		n.Must("LOGIN _system zed pw-zed", "-ERR invalid credentials")
		adm.Must("DROP USER zed", "-ERR user not found: _system/zed")
		// Unauthenticated commands.
		for _, line := range []string{"WHOAMI", "TOPOLOGY", "SNAPSHOT_HLC", "USE demo", "LIST DATABASES", "COUNT docs", "CREATE DATABASE q", "LIST USERS", "LIST TENANTS", "GRANT read_only ON demo TO gina"} {
			n.Must(line, "-ERR not authenticated")
		}
		// The dropped session's database is kept for its next caller.
		x.MustPrefix("LOGIN _system admin "+adminPW, "+TOKEN ")
		x.Must("COUNT docs", ":1")
	})

	t.Run("drop_and_recreate", func(t *testing.T) {
		adm.Must("CREATE USER ivy pw-old", "+OK")
		c := p.dial(t)
		a, r := authLogin(t, c, "_system", "ivy", "pw-old")
		iat := authDecode(t, a).claimInt(t, "iat")
		adm.Must("DROP USER ivy", "+OK")
		authWaitPastSecond(iat) // the new record's created_at is later than the old tokens' iat
		adm.Must("CREATE USER ivy pw-new", "+OK")
		n := p.dial(t)
		n.Must("TOKEN "+a, "-ERR invalid token: unknown user")
		n.Must("REFRESH "+r, "-ERR invalid credentials")
		n.Must("LOGIN _system ivy pw-old", "-ERR invalid credentials")
		a2, _ := authLogin(t, n, "_system", "ivy", "pw-new")
		n.Must("WHOAMI", "+USER ivy TENANT _system ROLES ")
		m := p.dial(t)
		m.Must("TOKEN "+a2, "+OK")
	})

	t.Run("grant_revoke_open_connections", func(t *testing.T) {
		g := p.dial(t)
		_, r := authLogin(t, g, "_system", "gina", "pw-gina")
		g.Must("USE demo", "+OK")
		denied := authDenied("Read", authColl("demo", "docs"), "gina")
		g.Must("COUNT docs", denied)

		adm.Must("GRANT read_only ON @_system TO gina", "+OK")
		g.Must("COUNT docs", denied) // the open connection keeps its token's roles
		g.Must("WHOAMI", "+USER gina TENANT _system ROLES ")
		a2, _ := Tokens(g.MustPrefix("REFRESH "+r, "+TOKEN "))
		g.Must("COUNT docs", denied) // REFRESH does not change the caller
		g.Must("TOKEN "+a2, "+OK")
		g.Must("COUNT docs", ":1")
		g.Must("WHOAMI", "+USER gina TENANT _system ROLES read_only:Tenant")
		h := p.dial(t)
		authLogin(t, h, "_system", "gina", "pw-gina")
		h.Must("WHOAMI", "+USER gina TENANT _system ROLES read_only:Tenant")

		adm.Must("REVOKE read_only ON @_system FROM gina", "+OK")
		g.Must("COUNT docs", ":1") // still the old roles
		h.Must("WHOAMI", "+USER gina TENANT _system ROLES read_only:Tenant")
		a3, _ := Tokens(g.MustPrefix("REFRESH "+r, "+TOKEN "))
		if roles := authDecode(t, a3).claims["roles"]; !authEmptyList(roles) {
			t.Fatalf("roles after REVOKE %v", roles)
		}
		k := p.dial(t)
		authLogin(t, k, "_system", "gina", "pw-gina")
		k.Must("WHOAMI", "+USER gina TENANT _system ROLES ")
		g.Must("TOKEN "+a3, "+OK")
		g.Must("USE demo", "+OK")
		g.Must("COUNT docs", denied)
	})

	t.Run("rs256_jwks", func(t *testing.T) {
		var cfg authJWTConfig
		authReadJSON(t, filepath.Join(data, "_auth", "jwt", "config.json"), &cfg)
		if cfg.Algorithm != "rs256" || cfg.AccessTTLSecs != 3600 || cfg.RefreshTTLSecs != 604800 || cfg.CurrentKid == cfg.NextKid {
			t.Fatalf("jwt/config.json %+v", cfg)
		}
		status, ct, body := authHTTP(t, "http://"+p.httpAddr+"/.well-known/jwks.json")
		if status != 200 || ct != "application/json" {
			t.Fatalf("jwks %d %q", status, ct)
		}
		keys := authJWKS(t, body, []string{cfg.CurrentKid, cfg.NextKid})
		c := p.dial(t)
		a, r := authLogin(t, c, "_system", "dave", "pw-dave")
		for _, tok := range []string{a, r} {
			j := authDecode(t, tok)
			if len(j.header) != 3 || j.header["typ"] != "JWT" || j.header["alg"] != "RS256" || j.header["kid"] != cfg.CurrentKid {
				t.Fatalf("header %v", j.header)
			}
			h := sha256.Sum256([]byte(j.signingInput))
			if err := rsa.VerifyPKCS1v15(keys[cfg.CurrentKid], crypto.SHA256, h[:], j.sig); err != nil {
				t.Fatalf("signature does not verify with the JWKS key: %v", err)
			}
			if err := rsa.VerifyPKCS1v15(keys[cfg.NextKid], crypto.SHA256, h[:], j.sig); err == nil {
				t.Fatal("signature verifies with the next key too")
			}
			authClaimsExact(t, j)
			if j.claims["sub"] != "dave" || j.claims["tenant"] != "_system" {
				t.Fatalf("claims %v", j.claims)
			}
		}
		ja, jr := authDecode(t, a), authDecode(t, r)
		if ja.claims["token_type"] != "access" || jr.claims["token_type"] != "refresh" || ja.ttl(t) != 3600 || jr.ttl(t) != 604800 {
			t.Fatalf("access %v, refresh %v", ja.claims, jr.claims)
		}
		if now := time.Now().Unix(); ja.claimInt(t, "iat") > now || ja.claimInt(t, "iat") < now-60 {
			t.Fatalf("iat %d, now %d", ja.claimInt(t, "iat"), now)
		}
		// The key files named by the kids hold the keys the JWKS publishes.
		for kid, pub := range keys {
			b, err := os.ReadFile(filepath.Join(data, "_auth", "jwt", "keys", kid+".pub.pem"))
			if err != nil {
				t.Fatal(err)
			}
			blk, _ := pem.Decode(b)
			if blk == nil || blk.Type != "PUBLIC KEY" {
				t.Fatalf("%s.pub.pem %q", kid, b)
			}
			onDisk, err := x509.ParsePKIXPublicKey(blk.Bytes)
			if err != nil {
				t.Fatal(err)
			}
			if k, ok := onDisk.(*rsa.PublicKey); !ok || !k.Equal(pub) {
				t.Fatalf("%s.pub.pem is not the JWKS key", kid)
			}
			if _, err := os.Stat(filepath.Join(data, "_auth", "jwt", "keys", kid+".pem")); err != nil {
				t.Fatal(err)
			}
		}
		// The built-in peer token is a 365-day access token signed the same way.
		tok, err := os.ReadFile(filepath.Join(data, "_auth", "jwt", "cluster_peer.token"))
		if err != nil {
			t.Fatal(err)
		}
		if bytes.HasSuffix(tok, []byte("\n")) {
			t.Fatal("cluster_peer.token ends with a newline")
		}
		jp := authDecode(t, string(tok))
		authClaimsExact(t, jp)
		if jp.claims["sub"] != "_cluster/local-bootstrap" || jp.claims["token_type"] != "access" || jp.ttl(t) != 365*86400 || jp.header["kid"] != cfg.CurrentKid {
			t.Fatalf("peer token %v %v", jp.header, jp.claims)
		}
	})

	t.Run("argon2id_records", func(t *testing.T) {
		dir := filepath.Join(data, "_auth", "users")
		for _, tc := range []struct{ file, user, pw string }{
			{"_system__admin.json", "admin", adminPW},
			{"_system__dave.json", "dave", "pw-dave"},
			{"_system__ivy.json", "ivy", "pw-new"},
			{"_system___cluster__local-bootstrap.json", "_cluster/local-bootstrap", ""},
		} {
			var rec struct {
				Username     string          `json:"username"`
				Tenant       string          `json:"tenant"`
				PasswordHash string          `json:"password_hash"`
				Roles        json.RawMessage `json:"roles"`
				CreatedAt    *int64          `json:"created_at"`
			}
			authReadJSON(t, filepath.Join(dir, tc.file), &rec)
			if rec.Username != tc.user || rec.Tenant != "_system" || rec.Roles == nil || rec.CreatedAt == nil || *rec.CreatedAt <= 0 {
				t.Fatalf("%s: %+v", tc.file, rec)
			}
			const prefix = "$argon2id$v=19$m=19456,t=2,p=1$"
			if !strings.HasPrefix(rec.PasswordHash, prefix) {
				t.Fatalf("%s: hash %q", tc.file, rec.PasswordHash)
			}
			parts := strings.Split(strings.TrimPrefix(rec.PasswordHash, prefix), "$")
			if len(parts) != 2 {
				t.Fatalf("%s: hash %q", tc.file, rec.PasswordHash)
			}
			salt, err1 := base64.RawStdEncoding.DecodeString(parts[0])
			sum, err2 := base64.RawStdEncoding.DecodeString(parts[1])
			if err1 != nil || err2 != nil || len(salt) != 16 || len(sum) != 32 {
				t.Fatalf("%s: salt %d bytes (%v), hash %d bytes (%v)", tc.file, len(salt), err1, len(sum), err2)
			}
			if tc.pw != "" && !bytes.Equal(argon2.IDKey([]byte(tc.pw), salt, 2, 19456, 1, 32), sum) {
				t.Fatalf("%s: the hash is not argon2id of the password", tc.file)
			}
		}
	})

	t.Run("concurrent_logins", func(t *testing.T) {
		const n = 24
		before := authVmHWM(t, p)
		conns := make([]*Client, n)
		for i := range conns {
			conns[i] = p.dial(t)
		}
		type result struct {
			i   int
			got string
			err error
		}
		results := make(chan result, n)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i, c := range conns {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				line := "LOGIN _system dave pw-dave"
				switch i % 3 {
				case 1:
					line = "LOGIN _system dave wrong-" + strconv.Itoa(i)
				case 2:
					line = "LOGIN _system gina pw-gina"
				}
				got, err := c.ReadErrAfter(line)
				results <- result{i, got, err}
			}()
		}
		close(start)
		wg.Wait()
		close(results)
		for r := range results {
			if r.err != nil {
				t.Fatalf("login %d: %v", r.i, r.err)
			}
			if r.i%3 == 1 {
				if r.got != "-ERR invalid credentials\r\n" {
					t.Fatalf("login %d: %q", r.i, r.got)
				}
				continue
			}
			if !authTokenLine.MatchString(r.got) {
				t.Fatalf("login %d: %q", r.i, r.got)
			}
		}
		for i, c := range conns {
			want := "+USER dave TENANT _system ROLES "
			switch i % 3 {
			case 1:
				want = "-ERR not authenticated"
			case 2:
				want = "+USER gina TENANT _system ROLES "
			}
			c.Must("WHOAMI", want)
		}
		// 24 unbounded argon2 checks at 19 MiB each would add ~450 MiB of
		// peak memory; with checks bounded by the CPU count it stays small.
		if before > 0 {
			after := authVmHWM(t, p)
			t.Logf("server peak RSS %d KiB before, %d KiB after", before, after)
			if after-before > 300*1024 {
				t.Fatalf("peak RSS grew by %d KiB during %d concurrent logins", after-before, n)
			}
		}
	})
}

package auth

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/grumpydb/grumpydb/server/internal/rbac"
)

func testCodecs(t testing.TB) map[string]*tokenCodec {
	t.Helper()
	cur, err := testKeys.gen()
	if err != nil {
		t.Fatal(err)
	}
	next, _ := testKeys.gen()
	return map[string]*tokenCodec{
		AlgorithmRS256: newRS256Codec(cur, next),
		AlgorithmHS256: newHS256Codec([]byte("0123456789abcdef0123456789abcdef")),
	}
}

var sampleClaims = Claims{
	Subject: "alice", Tenant: "acme",
	Roles: []rbac.Assignment{
		{Role: rbac.RoleReadOnly, Scope: rbac.DatabaseScope("demo")},
		{Role: rbac.RoleDBAdmin, Scope: rbac.CollectionScope("d", "c")},
	},
	IssuedAt: 1_700_000_000, ExpiresAt: 1_700_003_600, TokenType: TokenAccess,
}

// segments decodes a compact JWS's header and claims as generic JSON.
func segments(t *testing.T, tok string) (map[string]any, map[string]any) {
	t.Helper()
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		t.Fatalf("%d segments", len(parts))
	}
	var out [2]map[string]any
	for i := range 2 {
		if strings.ContainsAny(parts[i], "=+/") {
			t.Fatalf("segment %d is not unpadded base64url: %s", i, parts[i])
		}
		raw, err := base64.RawURLEncoding.DecodeString(parts[i])
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(raw, &out[i]); err != nil {
			t.Fatal(err)
		}
	}
	return out[0], out[1]
}

func keys(m map[string]any) string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return strings.Join(ks, ",")
}

func TestTokenRoundTrip(t *testing.T) {
	for alg, c := range testCodecs(t) {
		t.Run(alg, func(t *testing.T) {
			tok, err := c.sign(sampleClaims)
			if err != nil {
				t.Fatal(err)
			}
			hdr, claims := segments(t, tok)
			wantHdr := "alg,typ"
			if alg == AlgorithmRS256 {
				wantHdr = "alg,kid,typ"
				if hdr["kid"] != c.current.kid {
					t.Fatalf("kid %v, want %s", hdr["kid"], c.current.kid)
				}
			}
			if keys(hdr) != wantHdr || hdr["typ"] != "JWT" || hdr["alg"] != strings.ToUpper(alg) {
				t.Fatalf("header %v", hdr)
			}
			if got := keys(claims); got != "exp,iat,roles,sub,tenant,token_type" {
				t.Fatalf("claims %s, want exactly the six of §5.2", got)
			}
			roles := claims["roles"].([]any)
			if r0 := roles[0].(map[string]any); r0["role"] != "read_only" || !reflect.DeepEqual(r0["scope"], map[string]any{"type": "database", "name": "demo"}) {
				t.Fatalf("roles claim %v", roles)
			}
			got, err := c.parse(tok, time.Unix(sampleClaims.IssuedAt, 0))
			if err != nil || !reflect.DeepEqual(got, sampleClaims) {
				t.Fatalf("parse = %+v, %v", got, err)
			}
			// Empty roles are an empty array, never null.
			noRoles := sampleClaims
			noRoles.Roles = nil
			tok2, _ := c.sign(noRoles)
			if _, cl := segments(t, tok2); cl["roles"] == nil {
				t.Fatal("roles rendered as null")
			}
		})
	}
}

func TestTokenExpiryHasNoLeeway(t *testing.T) {
	for alg, c := range testCodecs(t) {
		tok, _ := c.sign(sampleClaims)
		exp := time.Unix(sampleClaims.ExpiresAt, 0)
		cases := []struct {
			now     time.Time
			expired bool
		}{
			{exp.Add(-time.Second), false},
			{exp.Add(-time.Nanosecond), false}, // still the second before exp
			{exp, true},
			{exp.Add(time.Nanosecond), true},
			{exp.Add(time.Hour), true},
		}
		for _, cs := range cases {
			_, err := c.parse(tok, cs.now)
			if cs.expired != (err == ErrTokenExpired) || (!cs.expired && err != nil) {
				t.Errorf("%s at exp%+v: %v", alg, cs.now.Sub(exp), err)
			}
			if cs.expired && err.Error() != "token expired" {
				t.Errorf("text %q", err)
			}
		}
	}
}

// signRaw signs arbitrary claims and header members with a codec's key.
func signRaw(t *testing.T, c *tokenCodec, claims jwt.MapClaims, header map[string]any) string {
	t.Helper()
	method := jwt.SigningMethod(jwt.SigningMethodRS256)
	var key any = c.current.priv
	if c.algorithm == AlgorithmHS256 {
		method, key = jwt.SigningMethodHS256, c.secret
	}
	tok := jwt.NewWithClaims(method, claims)
	if c.algorithm == AlgorithmRS256 {
		tok.Header["kid"] = c.current.kid
	}
	for k, v := range header {
		if v == nil {
			delete(tok.Header, k)
		} else {
			tok.Header[k] = v
		}
	}
	s, err := tok.SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func validMap() jwt.MapClaims {
	return jwt.MapClaims{"sub": "alice", "tenant": "acme", "roles": []any{}, "iat": 100, "exp": 200, "token_type": "access"}
}

func TestTokenRejections(t *testing.T) {
	codecs := testCodecs(t)
	rs, hs := codecs[AlgorithmRS256], codecs[AlgorithmHS256]
	now := time.Unix(150, 0)
	good, _ := rs.sign(Claims{Subject: "alice", Tenant: "acme", IssuedAt: 100, ExpiresAt: 200, TokenType: TokenAccess})
	parts := strings.Split(good, ".")
	sig := []byte(parts[2])
	// Another base64url character (flipping a bit could leave the
	// alphabet, e.g. '-' to ',', and make the token malformed instead).
	if sig[10] == 'A' {
		sig[10] = 'B'
	} else {
		sig[10] = 'A'
	}
	badSig := parts[0] + "." + parts[1] + "." + string(sig)
	otherCur, _ := testKeys.gen()
	for otherCur.kid == rs.current.kid || otherCur.kid == rs.next.kid {
		otherCur, _ = testKeys.gen()
	}
	foreign := newRS256Codec(otherCur, otherCur)
	foreignTok, _ := foreign.sign(Claims{Subject: "alice", Tenant: "acme", IssuedAt: 100, ExpiresAt: 200})
	hsTok, _ := hs.sign(Claims{Subject: "alice", Tenant: "acme", IssuedAt: 100, ExpiresAt: 200})
	without := func(k string) jwt.MapClaims { m := validMap(); delete(m, k); return m }
	with := func(k string, v any) jwt.MapClaims { m := validMap(); m[k] = v; return m }

	cases := []struct {
		name  string
		c     *tokenCodec
		tok   string
		exact string // exact text, or "" for any `invalid token: …`
	}{
		{"garbage", rs, "garbage", ""},
		{"empty", rs, "", ""},
		{"three dots", rs, "a.b.c", ""},
		{"bad signature", rs, badSig, "invalid token: signature is invalid"},
		{"missing kid", rs, signRaw(t, rs, validMap(), map[string]any{"kid": nil}), "invalid token: missing kid in header"},
		{"numeric kid", rs, signRaw(t, rs, validMap(), map[string]any{"kid": 7}), "invalid token: missing kid in header"},
		{"wrong kid", rs, signRaw(t, rs, validMap(), map[string]any{"kid": "0000000000000000"}), "invalid token: kid not found in keyring: 0000000000000000"},
		{"foreign key", rs, foreignTok, "invalid token: kid not found in keyring: " + otherCur.kid},
		{"next kid, current key", rs, signRaw(t, rs, validMap(), map[string]any{"kid": rs.next.kid}), "invalid token: signature is invalid"},
		{"HS256 to RS256 store", rs, hsTok, ""},
		{"RS256 to HS256 store", hs, good, ""},
		{"alg none", rs, parts[0][:0] + base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"none","typ":"JWT"}`)) + "." + parts[1] + ".", ""},
		{"wrong HS secret", newHS256Codec([]byte("another secret of thirty-two b!!")), hsTok, "invalid token: signature is invalid"},
		{"no exp", hs, signRaw(t, hs, without("exp"), nil), ""},
		{"no iat", hs, signRaw(t, hs, without("iat"), nil), ""},
		{"no sub", hs, signRaw(t, hs, without("sub"), nil), ""},
		{"no tenant", hs, signRaw(t, hs, without("tenant"), nil), ""},
		{"no roles", hs, signRaw(t, hs, without("roles"), nil), ""},
		{"null roles", hs, signRaw(t, hs, with("roles", nil), nil), ""},
		{"string exp", hs, signRaw(t, hs, with("exp", "200"), nil), ""},
		{"fractional iat", hs, signRaw(t, hs, with("iat", 100.5), nil), ""},
		{"numeric sub", hs, signRaw(t, hs, with("sub", 5), nil), ""},
		{"unknown role", hs, signRaw(t, hs, with("roles", []any{map[string]any{"role": "boss", "scope": map[string]any{"type": "server"}}}), nil), ""},
		{"bad scope", hs, signRaw(t, hs, with("roles", []any{map[string]any{"role": "read_only", "scope": map[string]any{"type": "database"}}}), nil), ""},
		{"numeric token_type", hs, signRaw(t, hs, with("token_type", 1), nil), ""},
	}
	for _, c := range cases {
		_, err := c.c.parse(c.tok, now)
		if !errors.Is(err, ErrInvalidToken) {
			t.Errorf("%s: %v, want invalid token", c.name, err)
			continue
		}
		if !strings.HasPrefix(err.Error(), "invalid token: ") || (c.exact != "" && err.Error() != c.exact) {
			t.Errorf("%s: text %q, want %q", c.name, err, c.exact)
		}
	}
	// Expired and badly signed: the signature is checked first.
	_, err := rs.parse(badSig, time.Unix(10_000, 0))
	if !errors.Is(err, ErrInvalidToken) {
		t.Fatalf("expired with bad signature: %v", err)
	}
	// Missing kid and wrong kid are matched by their sentinels.
	if _, err := rs.parse(signRaw(t, rs, validMap(), map[string]any{"kid": nil}), now); !errors.Is(err, ErrMissingKid) {
		t.Fatalf("missing kid sentinel: %v", err)
	}
	if _, err := rs.parse(foreignTok, now); !errors.Is(err, ErrKidNotFound) {
		t.Fatalf("kid not found sentinel: %v", err)
	}
}

func TestTokenAcceptsNextKeyAndIgnoresOtherClaims(t *testing.T) {
	c := testCodecs(t)[AlgorithmRS256]
	// A token signed by the next key verifies (rotation).
	byNext := newRS256Codec(c.next, c.current)
	tok, _ := byNext.sign(sampleClaims)
	if _, err := c.parse(tok, time.Unix(sampleClaims.IssuedAt, 0)); err != nil {
		t.Fatalf("next key: %v", err)
	}
	// aud, iss, nbf (even in the future), jti and unknown claims are
	// ignored; a missing token_type means access.
	m := validMap()
	delete(m, "token_type")
	m["aud"], m["iss"], m["nbf"], m["jti"], m["x"] = "a", "i", 10_000, "j", []any{1}
	got, err := c.parse(signRaw(t, c, m, nil), time.Unix(150, 0))
	if err != nil || got.TokenType != TokenAccess || got.Subject != "alice" || len(got.Roles) != 0 || got.Roles == nil {
		t.Fatalf("extra claims: %+v, %v", got, err)
	}
	m["token_type"] = "weird"
	got, err = c.parse(signRaw(t, c, m, nil), time.Unix(150, 0))
	if err != nil || got.TokenType != "weird" {
		t.Fatalf("unknown token_type is passed on for the type check: %+v %v", got, err)
	}
}

func FuzzParseToken(f *testing.F) {
	codecs := testCodecs(f)
	for _, c := range codecs {
		tok, _ := c.sign(sampleClaims)
		f.Add(tok, sampleClaims.IssuedAt)
		parts := strings.Split(tok, ".")
		f.Add(parts[0]+"."+parts[1]+".", int64(0))
		f.Add(parts[0]+".."+parts[2], int64(0))
	}
	f.Add("eyJhbGciOiJub25lIn0.e30.", int64(0))
	f.Add("....", int64(-1))
	f.Fuzz(func(t *testing.T, tok string, now int64) {
		for alg, c := range codecs {
			got, err := c.parse(tok, time.Unix(now, 0))
			if err != nil {
				if err != ErrTokenExpired && !errors.Is(err, ErrInvalidToken) {
					t.Fatalf("%s: unexpected error kind %v", alg, err)
				}
				if err != ErrTokenExpired && !strings.HasPrefix(err.Error(), "invalid token: ") {
					t.Fatalf("%s: text %q", alg, err)
				}
				continue
			}
			if now >= got.ExpiresAt {
				t.Fatalf("%s: accepted expired token (now %d, exp %d)", alg, now, got.ExpiresAt)
			}
			again, err := c.sign(got)
			if err != nil {
				t.Fatalf("%s: re-sign: %v", alg, err)
			}
			back, err := c.parse(again, time.Unix(now, 0))
			if err != nil || !reflect.DeepEqual(back, got) {
				t.Fatalf("%s: re-signed claims differ: %+v vs %+v (%v)", alg, back, got, err)
			}
		}
	})
}

package e2e

import (
	"bytes"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"math/big"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// authJWKS checks the JWKS document against §5.3 and returns its keys by
// kid, in the order wantKids gives.
func authJWKS(t *testing.T, body []byte, wantKids []string) map[string]*rsa.PublicKey {
	t.Helper()
	var doc struct {
		Keys []map[string]string `json:"keys"`
	}
	if err := json.Unmarshal(body, &doc); err != nil {
		t.Fatalf("jwks %q: %v", body, err)
	}
	if len(doc.Keys) != len(wantKids) {
		t.Fatalf("jwks has %d keys: %s", len(doc.Keys), body)
	}
	out := map[string]*rsa.PublicKey{}
	for i, k := range doc.Keys {
		names := make([]string, 0, len(k))
		for name := range k {
			names = append(names, name)
		}
		sort.Strings(names)
		if strings.Join(names, ",") != "alg,e,kid,kty,n,use" || k["alg"] != "RS256" || k["e"] != "AQAB" || k["kty"] != "RSA" || k["use"] != "sig" || k["kid"] != wantKids[i] {
			t.Fatalf("jwk %d: %v", i, k)
		}
		nb, err := base64.RawURLEncoding.DecodeString(k["n"])
		if err != nil || len(nb) != 256 || nb[0] == 0 {
			t.Fatalf("jwk %d n: %d bytes, %v", i, len(nb), err)
		}
		pub := &rsa.PublicKey{N: new(big.Int).SetBytes(nb), E: 65537}
		der, err := x509.MarshalPKIXPublicKey(pub)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(der)
		if kid := hex.EncodeToString(sum[:8]); kid != k["kid"] {
			t.Fatalf("jwk %d: kid %s, SPKI hash gives %s", i, k["kid"], kid)
		}
		out[k["kid"]] = pub
	}
	if bytes.Contains(body, []byte(" ")) || bytes.Contains(body, []byte("\n")) {
		t.Fatalf("jwks not compact: %q", body)
	}
	return out
}

// authClaimsExact fails unless j holds exactly the §5.2 claims.
func authClaimsExact(t *testing.T, j authJWT) {
	t.Helper()
	names := make([]string, 0, len(j.claims))
	for name := range j.claims {
		names = append(names, name)
	}
	sort.Strings(names)
	if got := strings.Join(names, ","); got != "exp,iat,roles,sub,tenant,token_type" {
		t.Fatalf("claims %s (%v)", got, j.claims)
	}
	for _, absent := range []string{"aud", "iss", "nbf", "jti"} {
		if _, ok := j.claims[absent]; ok {
			t.Fatalf("claim %s present", absent)
		}
	}
}

// authEmptyList reports whether v is an empty JSON array (or null).
func authEmptyList(v any) bool {
	l, ok := v.([]any)
	return v == nil || (ok && len(l) == 0)
}

// authFlipSignature changes one bit in tok's signature.
func authFlipSignature(tok string) string {
	i := strings.LastIndexByte(tok, '.') + 5
	b := []byte(tok)
	if b[i] == 'A' {
		b[i] = 'B'
	} else {
		b[i] = 'A'
	}
	return string(b)
}

// authSwapPayload is a's header and signature around r's payload.
func authSwapPayload(a, r string) string {
	pa, pr := strings.Split(a, "."), strings.Split(r, ".")
	return pa[0] + "." + pr[1] + "." + pa[2]
}

// authForge replaces tok's header (the signature no longer matches, but
// the header checks come first).
func authForge(t *testing.T, tok string, header map[string]any) string {
	t.Helper()
	b, err := json.Marshal(header)
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(tok, ".")
	return base64.RawURLEncoding.EncodeToString(b) + "." + parts[1] + "." + parts[2]
}

// authVmHWM is the server process's peak resident set in KiB, or 0 when
// /proc is not available.
func authVmHWM(t *testing.T, p *proc) int64 {
	t.Helper()
	b, err := os.ReadFile("/proc/" + strconv.Itoa(p.cmd.Process.Pid) + "/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			f := strings.Fields(rest)
			if len(f) > 0 {
				n, _ := strconv.ParseInt(f[0], 10, 64)
				return n
			}
		}
	}
	return 0
}

package auth

import (
	"bytes"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"math/big"
	"regexp"
	"testing"
)

func TestJWKS(t *testing.T) {
	s, _, _ := openTest(t, "rs256")
	body := s.JWKS()
	entry := `\{"alg":"RS256","e":"AQAB","kid":"[0-9a-f]{16}","kty":"RSA","n":"[A-Za-z0-9_-]+","use":"sig"\}`
	if !regexp.MustCompile(`^\{"keys":\[` + entry + `,` + entry + `\]\}$`).Match(body) {
		t.Fatalf("JWKS text %s", body)
	}
	var set struct {
		Keys []map[string]string `json:"keys"`
	}
	if err := json.Unmarshal(body, &set); err != nil || len(set.Keys) != 2 {
		t.Fatalf("decode: %v (%d keys)", err, len(set.Keys))
	}
	want := []keyPair{s.codec.current, s.codec.next}
	if set.Keys[0]["kid"] != s.cfg.CurrentKid || set.Keys[1]["kid"] != s.cfg.NextKid {
		t.Fatalf("order: %v", set.Keys)
	}
	for i, k := range set.Keys {
		n, err := base64.RawURLEncoding.Strict().DecodeString(k["n"])
		if err != nil || n[0] == 0 {
			t.Fatalf("n: %v (leading %d)", err, n[0])
		}
		e, err := base64.RawURLEncoding.Strict().DecodeString(k["e"])
		if err != nil || !bytes.Equal(e, []byte{1, 0, 1}) {
			t.Fatalf("e: %v %x", err, e)
		}
		pub := &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: int(new(big.Int).SetBytes(e).Int64())}
		if !pub.Equal(want[i].public()) {
			t.Fatalf("key %d does not decode to the store's public key", i)
		}
		if kid, _ := kidOf(pub); kid != k["kid"] {
			t.Fatalf("kid %s of decoded key, JWKS says %s", kid, k["kid"])
		}
	}
	// The returned slice is a copy.
	body[0] = 'X'
	if s.JWKS()[0] != '{' {
		t.Fatal("JWKS exposes internal buffer")
	}
}

func TestJWKSHS256(t *testing.T) {
	s, _, _ := openTest(t, "HS256")
	if got := string(s.JWKS()); got != `{"keys":[]}` {
		t.Fatalf("HS256 JWKS %s", got)
	}
}

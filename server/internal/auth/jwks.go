package auth

import (
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"math/big"
)

// jwk is one entry of the JWKS. Field order is the normative member
// order of §5.3: alg, e, kid, kty, n, use.
type jwk struct {
	Alg string `json:"alg"`
	E   string `json:"e"`
	Kid string `json:"kid"`
	Kty string `json:"kty"`
	N   string `json:"n"`
	Use string `json:"use"`
}

type jwks struct {
	Keys []jwk `json:"keys"`
}

// encodeJWKS renders the key set served at /.well-known/jwks.json:
// {"keys":[<current>,<next>]} in compact JSON, each entry
// {"alg":"RS256","e":"AQAB","kid":"<kid>","kty":"RSA","n":"<modulus>","use":"sig"}
// with n and e big-endian without leading zero bytes, base64url without
// padding. No pairs (HS256) give {"keys":[]}.
func encodeJWKS(pairs []keyPair) ([]byte, error) {
	set := jwks{Keys: make([]jwk, 0, len(pairs))}
	for _, k := range pairs {
		set.Keys = append(set.Keys, publicJWK(k.kid, k.public()))
	}
	// Only strings of base64url and hex: nothing encoding/json would
	// escape, so its compact output is the normative text.
	return json.Marshal(set)
}

func publicJWK(kid string, pub *rsa.PublicKey) jwk {
	enc := base64.RawURLEncoding
	return jwk{
		Alg: "RS256",
		E:   enc.EncodeToString(big.NewInt(int64(pub.E)).Bytes()),
		Kid: kid,
		Kty: "RSA",
		N:   enc.EncodeToString(pub.N.Bytes()),
		Use: "sig",
	}
}

package client

import (
	"context"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"sync"
)

// maxJWKSBytes bounds the JWKS document read from the server.
const maxJWKSBytes = 1 << 20

// parseJWKS extracts the RSA signing keys of a JSON Web Key Set (RFC 7517)
// by kid. Keys of other types or uses are skipped; a malformed RSA key is
// an error, as is a set with no usable key.
func parseJWKS(b []byte) (map[string]*rsa.PublicKey, error) {
	var set struct {
		Keys []struct {
			Kty string `json:"kty"`
			Kid string `json:"kid"`
			Use string `json:"use"`
			Alg string `json:"alg"`
			N   string `json:"n"`
			E   string `json:"e"`
		} `json:"keys"`
	}
	if err := json.Unmarshal(b, &set); err != nil {
		return nil, fmt.Errorf("%w: JWKS: %w", ErrInvalidToken, err)
	}
	keys := make(map[string]*rsa.PublicKey)
	for _, k := range set.Keys {
		if k.Kty != "RSA" || (k.Use != "" && k.Use != "sig") || (k.Alg != "" && k.Alg != "RS256") {
			continue
		}
		n, err := base64.RawURLEncoding.DecodeString(k.N)
		if err != nil || len(n) == 0 {
			return nil, fmt.Errorf("%w: JWKS key %q: bad modulus", ErrInvalidToken, k.Kid)
		}
		e, err := base64.RawURLEncoding.DecodeString(k.E)
		if err != nil || len(e) == 0 || len(e) > 4 {
			return nil, fmt.Errorf("%w: JWKS key %q: bad exponent", ErrInvalidToken, k.Kid)
		}
		exp := new(big.Int).SetBytes(e).Int64()
		mod := new(big.Int).SetBytes(n)
		if exp < 3 || exp%2 == 0 || mod.BitLen() < 1024 {
			return nil, fmt.Errorf("%w: JWKS key %q: weak or invalid RSA parameters", ErrInvalidToken, k.Kid)
		}
		keys[k.Kid] = &rsa.PublicKey{N: mod, E: int(exp)}
	}
	if len(keys) == 0 {
		return nil, fmt.Errorf("%w: JWKS holds no RS256 key", ErrInvalidToken)
	}
	return keys, nil
}

// jwksCache fetches a JWKS on demand and keeps it; an unknown kid triggers
// one refetch, so a key rotation on the server is picked up.
type jwksCache struct {
	url    string
	client *http.Client

	mu   sync.Mutex
	keys map[string]*rsa.PublicKey
}

// key returns the public key for kid, fetching the set when it is not
// cached yet or does not hold kid.
func (j *jwksCache) key(ctx context.Context, kid string) (*rsa.PublicKey, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if k, ok := j.keys[kid]; ok {
		return k, nil
	}
	keys, err := fetchJWKS(ctx, j.client, j.url)
	if err != nil {
		return nil, err
	}
	j.keys = keys
	if k, ok := keys[kid]; ok {
		return k, nil
	}
	return nil, fmt.Errorf("%w: kid %q not in the JWKS at %s", ErrInvalidToken, kid, j.url)
}

// fetchJWKS downloads and parses the JWKS at url.
func fetchJWKS(ctx context.Context, hc *http.Client, url string) (map[string]*rsa.PublicKey, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, fmt.Errorf("%w: JWKS URL: %w", ErrConnection, err)
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%w: fetching JWKS: %w", ErrConnection, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%w: fetching JWKS: HTTP %s", ErrConnection, resp.Status)
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxJWKSBytes+1))
	if err != nil {
		return nil, fmt.Errorf("%w: reading JWKS: %w", ErrConnection, err)
	}
	if len(b) > maxJWKSBytes {
		return nil, fmt.Errorf("%w: JWKS larger than %d bytes", ErrInvalidToken, maxJWKSBytes)
	}
	return parseJWKS(b)
}

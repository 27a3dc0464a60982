package auth

import (
	"crypto/rsa"
	"errors"
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// tokenCodec signs and verifies tokens with the store's one configured
// algorithm. It is immutable after construction and safe for concurrent
// use.
type tokenCodec struct {
	algorithm string                    // AlgorithmRS256 or AlgorithmHS256
	current   keyPair                   // RS256: signs
	next      keyPair                   // RS256: verifies only
	verify    map[string]*rsa.PublicKey // RS256: kid → key, current and next
	secret    []byte                    // HS256
	parser    *jwt.Parser
}

func newRS256Codec(current, next keyPair) *tokenCodec {
	return &tokenCodec{
		algorithm: AlgorithmRS256,
		current:   current,
		next:      next,
		verify:    map[string]*rsa.PublicKey{current.kid: current.public(), next.kid: next.public()},
		parser:    jwt.NewParser(jwt.WithoutClaimsValidation()),
	}
}

func newHS256Codec(secret []byte) *tokenCodec {
	return &tokenCodec{
		algorithm: AlgorithmHS256,
		secret:    append([]byte(nil), secret...),
		parser:    jwt.NewParser(jwt.WithoutClaimsValidation()),
	}
}

// sign issues a compact JWS for c. RS256 headers are typ, alg and kid (the
// current key); HS256 headers typ and alg.
func (tc *tokenCodec) sign(c Claims) (string, error) {
	ic := issuedClaims{
		Sub: c.Subject, Tenant: c.Tenant, Roles: cloneRoles(c.Roles),
		Iat: c.IssuedAt, Exp: c.ExpiresAt, TokenType: c.TokenType,
	}
	if tc.algorithm == AlgorithmHS256 {
		return jwt.NewWithClaims(jwt.SigningMethodHS256, ic).SignedString(tc.secret)
	}
	t := jwt.NewWithClaims(jwt.SigningMethodRS256, ic)
	t.Header["kid"] = tc.current.kid
	return t.SignedString(tc.current.priv)
}

// parse checks a presented token in the order of §4.3: format and
// signature (configured algorithm only; for RS256 a kid of the ring), the
// presence and types of the required claims, then expiry (expired once
// now ≥ exp, no leeway). The token type is not checked here.
//
// Errors: ErrTokenExpired, or an error wrapping ErrInvalidToken (with the
// fixed details ErrMissingKid and ErrKidNotFound).
func (tc *tokenCodec) parse(raw string, now time.Time) (Claims, error) {
	var rc receivedClaims
	var keyErr error
	_, err := tc.parser.ParseWithClaims(raw, &rc, func(t *jwt.Token) (any, error) {
		keyErr = tc.keyFor(t)
		if keyErr != nil {
			return nil, keyErr
		}
		if tc.algorithm == AlgorithmHS256 {
			return tc.secret, nil
		}
		kid, _ := t.Header["kid"].(string)
		return tc.verify[kid], nil
	})
	if keyErr != nil {
		return Claims{}, keyErr
	}
	if err != nil {
		return Claims{}, describeJWTError(err)
	}
	if rc.Sub == nil || rc.Tenant == nil || rc.Roles == nil || rc.Iat == nil || rc.Exp == nil {
		return Claims{}, fmt.Errorf("%w: missing claim (sub, tenant, roles, iat and exp are required)", ErrInvalidToken)
	}
	c := Claims{
		Subject: *rc.Sub, Tenant: *rc.Tenant, Roles: cloneRoles(*rc.Roles),
		IssuedAt: *rc.Iat, ExpiresAt: *rc.Exp, TokenType: TokenAccess,
	}
	if rc.TokenType != nil {
		c.TokenType = *rc.TokenType
	}
	if now.Unix() >= c.ExpiresAt {
		return Claims{}, ErrTokenExpired
	}
	return c, nil
}

// keyFor checks the algorithm and, for RS256, the kid of a token whose
// header has been decoded.
func (tc *tokenCodec) keyFor(t *jwt.Token) error {
	alg, _ := t.Header["alg"].(string)
	want := "RS256"
	if tc.algorithm == AlgorithmHS256 {
		want = "HS256"
	}
	if alg != want {
		return fmt.Errorf("%w: algorithm %q is not the configured %s", ErrInvalidToken, alg, want)
	}
	if tc.algorithm == AlgorithmHS256 {
		return nil
	}
	kid, ok := t.Header["kid"].(string)
	if !ok {
		return ErrMissingKid
	}
	if _, ok := tc.verify[kid]; !ok {
		return fmt.Errorf("%w: %s", ErrKidNotFound, kid)
	}
	return nil
}

// describeJWTError turns a golang-jwt failure into `invalid token: …`
// with a short detail of our own.
func describeJWTError(err error) error {
	switch {
	case errors.Is(err, jwt.ErrTokenMalformed):
		return fmt.Errorf("%w: malformed token", ErrInvalidToken)
	case errors.Is(err, jwt.ErrTokenSignatureInvalid):
		return fmt.Errorf("%w: signature is invalid", ErrInvalidToken)
	case errors.Is(err, jwt.ErrTokenUnverifiable):
		return fmt.Errorf("%w: unverifiable token", ErrInvalidToken)
	}
	return fmt.Errorf("%w: %v", ErrInvalidToken, err)
}

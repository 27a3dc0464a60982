package client

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Role is one role assignment of a token: a role name and its scope
// (PROTOCOL.md §5.2), e.g. {"server_admin", {"type":"server"}}.
type Role struct {
	Role  string            `json:"role"`
	Scope map[string]string `json:"scope"`
}

// Claims are the claims of an access token.
type Claims struct {
	Subject   string
	Tenant    string
	Roles     []Role
	TokenType string
	IssuedAt  time.Time
	ExpiresAt time.Time
}

// tokenClaims is the JWT claim set the server issues.
type tokenClaims struct {
	Tenant    string `json:"tenant"`
	Roles     []Role `json:"roles"`
	TokenType string `json:"token_type"`
	jwt.RegisteredClaims
}

// parseClaims reads an access token's claims. With keys (a JWKS cache) the
// RS256 signature and the expiry are verified; without, the token is only
// decoded, since the server is the one that checks it.
func parseClaims(ctx context.Context, token string, keys *jwksCache) (Claims, error) {
	var tc tokenClaims
	var err error
	if keys == nil {
		_, _, err = jwt.NewParser().ParseUnverified(token, &tc)
	} else {
		_, err = jwt.ParseWithClaims(token, &tc, func(t *jwt.Token) (any, error) {
			kid, _ := t.Header["kid"].(string)
			if kid == "" {
				return nil, errors.New("missing kid in header")
			}
			return keys.key(ctx, kid)
		}, jwt.WithValidMethods([]string{"RS256"}), jwt.WithExpirationRequired())
	}
	if err != nil {
		if errors.Is(err, jwt.ErrTokenExpired) {
			return Claims{}, fmt.Errorf("%w: %w", ErrTokenExpired, err)
		}
		if errors.Is(err, ErrConnection) {
			return Claims{}, err
		}
		return Claims{}, fmt.Errorf("%w: %w", ErrInvalidToken, err)
	}
	if tc.ExpiresAt == nil {
		return Claims{}, fmt.Errorf("%w: token has no exp claim", ErrInvalidToken)
	}
	c := Claims{Subject: tc.Subject, Tenant: tc.Tenant, Roles: tc.Roles, TokenType: tc.TokenType, ExpiresAt: tc.ExpiresAt.Time}
	if c.TokenType == "" {
		c.TokenType = "access"
	}
	if tc.IssuedAt != nil {
		c.IssuedAt = tc.IssuedAt.Time
	}
	return c, nil
}

package auth

import (
	"github.com/golang-jwt/jwt/v5"

	"github.com/grumpydb/grumpydb/server/internal/rbac"
)

// Token types of the token_type claim.
const (
	TokenAccess  = "access"
	TokenRefresh = "refresh"
)

// Claims are the verified contents of a token (§5.2).
type Claims struct {
	Subject   string            // sub: the username
	Tenant    string            // tenant
	Roles     []rbac.Assignment // roles
	IssuedAt  int64             // iat, unix seconds
	ExpiresAt int64             // exp, unix seconds (= iat + TTL)
	// TokenType is the token_type claim; a token without one is an
	// access token.
	TokenType string
}

// Principal is the caller these claims make of a connection.
func (c Claims) Principal() *rbac.Principal {
	return &rbac.Principal{Subject: c.Subject, Tenant: c.Tenant, Assignments: cloneRoles(c.Roles)}
}

func cloneRoles(r []rbac.Assignment) []rbac.Assignment {
	return append(make([]rbac.Assignment, 0, len(r)), r...)
}

// issuedClaims is the JSON of an issued token: exactly the six claims of
// §5.2 and no others.
type issuedClaims struct {
	Sub       string            `json:"sub"`
	Tenant    string            `json:"tenant"`
	Roles     []rbac.Assignment `json:"roles"`
	Iat       int64             `json:"iat"`
	Exp       int64             `json:"exp"`
	TokenType string            `json:"token_type"`
}

// receivedClaims decodes a presented token. Pointers tell a missing claim
// from a zero one; the typed fields make encoding/json refuse ill-typed
// claims (a fractional or string iat/exp, a non-array roles, …). Any other
// claim is ignored.
type receivedClaims struct {
	Sub       *string            `json:"sub"`
	Tenant    *string            `json:"tenant"`
	Roles     *[]rbac.Assignment `json:"roles"`
	Iat       *int64             `json:"iat"`
	Exp       *int64             `json:"exp"`
	TokenType *string            `json:"token_type"`
}

// Both claim types satisfy jwt.Claims only so that golang-jwt can carry
// them; its own claim validation is switched off (expiry is checked here,
// after the signature, with no leeway).
var (
	_ jwt.Claims = issuedClaims{}
	_ jwt.Claims = (*receivedClaims)(nil)
)

func (issuedClaims) GetExpirationTime() (*jwt.NumericDate, error) { return nil, nil }
func (issuedClaims) GetIssuedAt() (*jwt.NumericDate, error)       { return nil, nil }
func (issuedClaims) GetNotBefore() (*jwt.NumericDate, error)      { return nil, nil }
func (issuedClaims) GetIssuer() (string, error)                   { return "", nil }
func (issuedClaims) GetSubject() (string, error)                  { return "", nil }
func (issuedClaims) GetAudience() (jwt.ClaimStrings, error)       { return nil, nil }

func (*receivedClaims) GetExpirationTime() (*jwt.NumericDate, error) { return nil, nil }
func (*receivedClaims) GetIssuedAt() (*jwt.NumericDate, error)       { return nil, nil }
func (*receivedClaims) GetNotBefore() (*jwt.NumericDate, error)      { return nil, nil }
func (*receivedClaims) GetIssuer() (string, error)                   { return "", nil }
func (*receivedClaims) GetSubject() (string, error)                  { return "", nil }
func (*receivedClaims) GetAudience() (jwt.ClaimStrings, error)       { return nil, nil }

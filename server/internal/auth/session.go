package auth

import (
	"context"
	"time"
)

// LoginResult is what a successful LOGIN yields: `+TOKEN <access>
// <refresh>`, and the access token's claims as the connection's caller.
type LoginResult struct {
	Access  string
	Refresh string
	Claims  Claims
}

// Login checks the password of username in tenant (§4.3). At most
// MaxConcurrentChecks password checks run at once; Login waits for a slot
// while ctx allows and returns ctx's error if it ends first. Every other
// failure, an unknown user included, is ErrInvalidCredentials; an unknown
// user still costs one hash, so timing does not tell the two apart.
// Creating the tenant directory is the server's part.
func (s *Store) Login(ctx context.Context, tenant, username, password string) (LoginResult, error) {
	k := userKey{tenant, username}
	s.mu.RLock()
	e, found := s.users[k]
	var u User
	if found {
		u = e.user.clone()
	}
	s.mu.RUnlock()

	phc := u.PasswordHash
	if !found {
		var err error
		if phc, err = s.dummy(); err != nil {
			return LoginResult{}, err
		}
	}
	var ok bool
	var verr error
	if err := s.gate.run(ctx, func() { ok, verr = VerifyPassword(password, phc) }); err != nil {
		return LoginResult{}, err
	}
	if !found || verr != nil || !ok {
		if verr != nil && found {
			s.log.Warn("stored password hash cannot be checked", "tenant", tenant, "user", username, "error", verr)
		}
		return LoginResult{}, ErrInvalidCredentials
	}

	s.mu.RLock()
	defer s.mu.RUnlock()
	// The user may have been dropped, re-created or re-granted while the
	// hash ran: issue for the incarnation that is there now, if the
	// password checked is still its password.
	e, found = s.users[k]
	if !found || e.user.PasswordHash != u.PasswordHash || e.user.CreatedAt != u.CreatedAt {
		return LoginResult{}, ErrInvalidCredentials
	}
	now := s.now()
	access, ac, err := s.issue(e.user, TokenAccess, s.cfg.AccessTTLSecs, now)
	if err != nil {
		return LoginResult{}, err
	}
	refresh, _, err := s.issue(e.user, TokenRefresh, s.cfg.RefreshTTLSecs, now)
	if err != nil {
		return LoginResult{}, err
	}
	return LoginResult{Access: access, Refresh: refresh, Claims: ac}, nil
}

// VerifyAccess is TOKEN (§4.3): format and signature, expiry
// (ErrTokenExpired), type (ErrExpectedAccessToken), then the user
// (tenant, sub) must exist with created_at ≤ iat (ErrUnknownUser). The
// claims returned, roles included, are the token's.
func (s *Store) VerifyAccess(token string) (Claims, error) {
	c, err := s.codec.parse(token, s.now())
	if err != nil {
		return Claims{}, err
	}
	if c.TokenType != TokenAccess {
		return Claims{}, ErrExpectedAccessToken
	}
	s.mu.RLock()
	e, ok := s.users[userKey{c.Tenant, c.Subject}]
	valid := ok && e.user.CreatedAt <= c.IssuedAt
	s.mu.RUnlock()
	if !valid {
		return Claims{}, ErrUnknownUser
	}
	return c, nil
}

// Refresh is REFRESH (§4.3): format and signature, expiry
// (ErrTokenExpired), type (ErrExpectedRefreshToken), then the user must
// exist with created_at ≤ iat (else ErrInvalidCredentials). It returns a
// new access token carrying the user's current roles and its claims; the
// refresh token is not rotated.
func (s *Store) Refresh(token string) (string, Claims, error) {
	now := s.now()
	c, err := s.codec.parse(token, now)
	if err != nil {
		return "", Claims{}, err
	}
	if c.TokenType != TokenRefresh {
		return "", Claims{}, ErrExpectedRefreshToken
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	e, ok := s.users[userKey{c.Tenant, c.Subject}]
	if !ok || e.user.CreatedAt > c.IssuedAt {
		return "", Claims{}, ErrInvalidCredentials
	}
	return s.issue(e.user, TokenAccess, s.cfg.AccessTTLSecs, now)
}

// issue signs a token of typ for u. iat is now, but never earlier than
// u.CreatedAt (which can be a second ahead after a quick drop and
// re-create, see createdAtLocked), so a token is always valid for the
// incarnation it was issued to; exp = iat + ttl.
func (s *Store) issue(u User, typ string, ttl int64, now time.Time) (string, Claims, error) {
	iat := max(now.Unix(), u.CreatedAt)
	c := Claims{
		Subject: u.Username, Tenant: u.Tenant, Roles: cloneRoles(u.Roles),
		IssuedAt: iat, ExpiresAt: iat + ttl, TokenType: typ,
	}
	tok, err := s.codec.sign(c)
	if err != nil {
		return "", Claims{}, err
	}
	return tok, c, nil
}

// hash computes a new password hash within the check bound.
func (s *Store) hash(ctx context.Context, password string) (string, error) {
	var h string
	var herr error
	if err := s.gate.run(ctx, func() { h, herr = hashWith(s.argon, password, s.rand) }); err != nil {
		return "", err
	}
	return h, herr
}

// dummy is a hash (random salt) checked for unknown users so that
// a LOGIN costs the same whether or not the user exists.
func (s *Store) dummy() (string, error) {
	s.dummyOnce.Do(func() {
		s.dummyHash, s.dummyError = hashWith(s.argon, "\x00no such user", s.rand)
	})
	return s.dummyHash, s.dummyError
}

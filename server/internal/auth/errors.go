package auth

import (
	"errors"
	"fmt"
)

// Sentinel errors. Where a condition is visible to clients the error's
// text is the exact wire text of PROTOCOL.md §4.11 / §5 (the server writes
// "-ERR " + err.Error()); those texts deliberately do not start with
// "auth:". Match with errors.Is.
var (
	// ErrInvalidCredentials: LOGIN failed, or REFRESH found no matching
	// user.
	ErrInvalidCredentials = errors.New("invalid credentials")

	// ErrTokenExpired: the token's exp has been reached (now ≥ exp).
	ErrTokenExpired = errors.New("token expired")

	// ErrInvalidToken prefixes every other token failure; the text after
	// "invalid token: " is free-form except for the fixed details below.
	ErrInvalidToken = errors.New("invalid token")

	// ErrExpectedAccessToken: TOKEN was given a non-access token.
	ErrExpectedAccessToken = fmt.Errorf("%w: expected access token", ErrInvalidToken)

	// ErrExpectedRefreshToken: REFRESH was given a non-refresh token.
	ErrExpectedRefreshToken = fmt.Errorf("%w: expected refresh token", ErrInvalidToken)

	// ErrUnknownUser: TOKEN's user does not exist, or was created after
	// the token was issued.
	ErrUnknownUser = fmt.Errorf("%w: unknown user", ErrInvalidToken)

	// ErrMissingKid: an RS256 token without a string kid header.
	ErrMissingKid = fmt.Errorf("%w: missing kid in header", ErrInvalidToken)

	// ErrKidNotFound: an RS256 token whose kid is not in the ring; it is
	// wrapped as `invalid token: kid not found in keyring: <kid>`.
	ErrKidNotFound = fmt.Errorf("%w: kid not found in keyring", ErrInvalidToken)

	// ErrUserExists: `user already exists: <tenant>/<user>`.
	ErrUserExists = errors.New("user already exists")

	// ErrUserNotFound: `user not found: <tenant>/<user>` or, for GRANT and
	// REVOKE, `user not found: <spec as typed>`.
	ErrUserNotFound = errors.New("user not found")

	// ErrUnsupportedFormat: the auth store was not written in this
	// format (§5.3 step 2, §9.3); nothing was read or converted.
	ErrUnsupportedFormat = errors.New("unsupported data directory format")

	// ErrBootstrapRefused: no user holds server_admin and no bootstrap
	// password was given (§5.5).
	ErrBootstrapRefused = errors.New("server refuses to bootstrap: no users on disk; pass --bootstrap-password <pw> (or set GRUMPYDB_BOOTSTRAP_PASSWORD) on first start to create the initial _system/admin account")

	// ErrSecretKeyLength: `secret.key has invalid length: N (expected 32)`.
	ErrSecretKeyLength = errors.New("secret.key has invalid length")

	// ErrInvalidHash: a stored password hash is not an argon2id PHC string
	// this package can check.
	ErrInvalidHash = errors.New("auth: invalid password hash")

	// ErrCorruptKey: a key file under jwt/keys cannot be used.
	ErrCorruptKey = errors.New("auth: unusable JWT key")
)

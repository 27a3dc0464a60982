// Package auth is GrumpyDB's authentication store (PROTOCOL.md §5): user
// records with argon2id password hashes, the JWT signing keys, access and
// refresh tokens, the JWKS, and the bootstrap and built-in users, all kept
// under <data_dir>/_auth.
//
// # On disk (§5.3, §7.3)
//
//	_auth/secret.key                   HS256 only: 32 random bytes            0600
//	_auth/users/<tenant>__<user>.json  pretty JSON user record                0600
//	_auth/jwt/config.json              pretty JSON: algorithm, kids, TTLs     0644
//	_auth/jwt/keys/<kid>.pem           RS256 private key, PKCS#8 PEM          0600
//	_auth/jwt/keys/<kid>.pub.pem       RS256 public key, SPKI PEM             0644
//	_auth/jwt/cluster_peer.token       peer access token, no newline          0600
//
// server.crt and server.key in the same directory belong to the TLS code,
// not to this package. Every file is written atomically (temporary file in
// the same directory, fsync, rename, fsync of the directory); leftovers of
// an interrupted write are removed at the next Open. Secret files found
// with group or other permission bits are tightened to owner-only with a
// warning. Directories this package creates are 0700.
//
// # Tokens
//
// One algorithm per store, fixed when jwt/config.json is created: RS256
// (default; RSA-2048 `current` signs, `current` and `next` verify, kid =
// hex of the first 8 bytes of SHA-256 of the SPKI DER) or HS256 (the
// 32-byte secret.key). Claims are exactly sub, tenant, roles, iat, exp and
// token_type; headers typ, alg and, for RS256, kid. Verification checks,
// in order: format and signature, required claims, expiry (expired once
// now ≥ exp, no leeway), token type, then the user: it must exist with
// created_at ≤ iat, so a dropped and re-created user does not revive old
// tokens. To make that hold even within one second, a user re-created in
// the second it was dropped gets created_at one second later, and tokens
// are issued with iat = max(now, created_at).
//
// # Invariants
//
//   - Client-visible failures have the exact wire texts of §4.11 as
//     their Error() and wrap the sentinels of errors.go; LOGIN failures
//     are always ErrInvalidCredentials.
//   - The store is safe for concurrent use: keys, algorithm and TTLs are
//     immutable after Open; the user table is guarded by one RWMutex, and
//     every change is on disk before it is visible in memory.
//   - Password hashes (LOGIN checks, CREATE USER) run at most
//     Options.MaxConcurrentChecks (default runtime.NumCPU()) at a time,
//     bounding memory at about 19 MiB each.
//   - Stored hash parameters are honoured but bounded, so corrupt data
//     cannot make a check panic or take unbounded memory.
//   - Names are not validated: PROTOCOL.md applies the naming rules of §7.1
//     to tenants, databases, collections and indexes, never to usernames or
//     to a user's tenant, so this package takes them as given. File names
//     escape '/' and '\' (§5.4), so no name reaches outside users/.
//   - No clock is read except Options.Now, so tests control expiry.
//   - An auth store in another format (user records without
//     jwt/config.json) is refused with ErrUnsupportedFormat and left
//     untouched; a refused bootstrap writes nothing either.
package auth

// Package server is the root of the grumpydb-server module: the multi-tenant
// GrumpyDB server that speaks the wire protocol of PROTOCOL.md over TCP
// (optionally TLS) in front of the embedded engine.
//
// The binary is cmd/grumpydb-server. Its parts live under internal/:
// config (TOML, flags, node identity, data-directory lock), tlsutil
// (certificates), auth (users, passwords, JWTs, JWKS), rbac (roles, scopes,
// the command → action table), limits (connection caps, rate limits,
// login back-off), session (the per-line pipeline), dispatch (every verb
// against the engine), wireerr (the one table from errors to wire texts),
// server (start-up, accept loop, shutdown) and observe (HTTP health,
// readiness, metrics, JWKS). docs/OPERATIONS.md is the operator's guide.
package server

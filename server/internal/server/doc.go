// Package server is grumpydb-server's single-node runtime: the startup
// sequence of PROTOCOL.md §9.3 (data directory and its lock, node
// identity, auth store, engine, metrics, HTTP, TLS, client listener), the
// accept loop with the connection caps and the TLS handshake of §2.2, and
// the graceful shutdown of §2.5.
//
// Use:
//
//	srv, err := server.Open(ctx, server.Options{Config: cfg, Bootstrap: pw, Logger: log})
//	if err != nil { … }           // "Error: <err>", exit 1
//	err = srv.Serve(ctx)          // until ctx ends (SIGINT/SIGTERM), then drains
//
// Invariants:
//   - Open either returns a fully started server (listeners bound,
//     /readyz 200) or releases everything it acquired, the data-directory
//     lock included.
//   - A connection refused by a cap gets the plaintext cap error before
//     any TLS or banner byte and is never counted as active.
//   - Shutdown never abandons the engine: after the sessions are gone (or
//     cut at the shutdown timeout) every database is flushed and closed
//     and only then is the lock released.
package server

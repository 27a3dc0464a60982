// Package client is the Go driver for grumpydb-server: it speaks the line
// protocol of PROTOCOL.md (with the REPL.md §12.3 extensions) over TCP or
// TLS, using the shared wire library github.com/grumpydb/grumpydb/protocol
// for response decoding and the engine's Value for documents.
//
// A session, in outline:
//
//	c, err := client.Connect(ctx, client.Options{Host: "db.local", Port: 6380})
//	err = c.Login(ctx, "acme", "alice", "s3cr3t")
//	db := c.Database("shop")
//	err = db.Insert(ctx, "users", key, User{Name: "Bob"})
//	v, err := db.Get(ctx, "users", key) // engine.Value; v.Decode(&u)
//	docs, err := db.Find(ctx, "users", map[string]any{"age": map[string]any{"$gte": 18}}, nil)
//
// The pieces:
//
//   - Client (client.go, pool.go, conn.go) owns a pool of at most
//     Options.PoolSize connections and the credentials (access and refresh
//     token, never the password). Login, Token and Refresh manage them;
//     the access token is refreshed automatically before it expires.
//     With Options.JWKSURL the access token's RS256 signature is verified
//     against the server's JWKS (jwks.go, claims.go).
//   - Database (database.go, find.go) is a handle naming one database:
//     collections, documents (PutWithVC too), scans, InsertMany, indexes, Query and
//     QueryRange, Find/FindOne/CountMatching/Explain, Resolve, Stats,
//     Compact, Flush, SnapshotHLC, collection grants.
//   - Administrative calls (admin.go) live on Client: databases, users,
//     grants, tenants; Whoami and Topology are in session.go.
//   - Errors (errors.go): every "-ERR" answer is an *Error classified by
//     one table of the stable prefixes of PROTOCOL.md §4.11, so callers
//     match errors.Is(err, ErrNotFound), ErrAccessDenied, ErrTokenExpired
//     and so on.
//
// Invariants:
//
//   - A Client is safe for concurrent use; a connection is used by one
//     call at a time. Each connection remembers the token it sent and the
//     database it selected, and a call first sends TOKEN and USE on its
//     connection when they differ from what the call needs, so the
//     connections of a pool are interchangeable.
//   - Every call takes a context.Context; its deadline and cancellation
//     interrupt the socket. A connection whose request was interrupted,
//     or that saw any I/O or framing error, is closed, never reused.
//   - Nothing is sent that the server would split differently: word
//     arguments containing whitespace, any argument containing CR or LF,
//     and lines over the 1 MiB request limit are refused locally
//     (ErrInvalidArgument, ErrRequestTooLarge). JSON is written compact,
//     with Unicode whitespace other than the space (and the space too in
//     QUERYRANGE's one-word start bound) escaped as \uXXXX.
//   - Documents are converted with engine.ValueOf and decoded with
//     engine.ParseJSON, so integers stay int64, other numbers float64,
//     and object member order is kept.
//   - A "forward to <node>@<host:port>" answer (PROTOCOL.md §4.8) is
//     followed once: the client connects there, replays TOKEN and USE,
//     and resends the command; that node's answer is the result.
//   - No package-level mutable state; no panics on bad server input.
package client

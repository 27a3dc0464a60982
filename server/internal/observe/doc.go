// Package observe is grumpydb-server's HTTP observability of PROTOCOL.md
// §8: the Prometheus metric catalogue (Metrics) and the HTTP server that
// exposes /healthz, /readyz, /metrics and /.well-known/jwks.json (Server).
//
// Invariants:
//   - Metrics live in a private prometheus.Registry created per Metrics
//     value; nothing is registered with the client library's default
//     registry, and the registry holds exactly the §8 catalogue (no Go
//     runtime or process collectors).
//   - Series that §8 says are present from start (connections_active,
//     node_info, the three buffer_pool_pages states, wal_records_total)
//     exist before the first event; the other labelled series appear at
//     their first event. Label values outside the §8 sets are dropped, so
//     the catalogue cannot grow by mistake.
//   - The engine is read at scrape time only, through the EngineStats
//     callback the server supplies.
//   - Only GET and HEAD on the four exact paths are routed (query
//     ignored); everything else is 404 `not found`, never 405. HEAD gives
//     GET's status and headers without a body.
//   - /readyz is 503 until SetReady(true) and again from the start of
//     Shutdown on.
//
// The package has no package-level mutable state.
package observe

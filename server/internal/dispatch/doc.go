// Package dispatch executes parsed commands (PROTOCOL.md §4, §11a) against
// the engine and the auth store: step 11 of the per-line pipeline. The
// session layer has already framed, parsed, rate-limited and authorised
// the line; Execute performs the command's own checks in the order the
// specification fixes for it (with_db, UUID, JSON, collection, key, …),
// runs it, and appends the encoded response.
//
// Shape:
//   - State is a connection's mutable state (caller and current
//     database), shared with the session registry so DROP USER can clear
//     the callers of other connections.
//   - Executor holds the dependencies (engine store, auth store, topology,
//     session registry) and one method per verb, grouped by concept in
//     files: session verbs, databases and collections, documents,
//     indexes, users and tenants, extensions. Execute finds the method
//     in a verb table built once by New (handlers.go); the shared check
//     preambles (withDB, withDBDoc, keyed, keyedDoc, collectionRead) and
//     reply endings (dbOK, writeOK) keep each verb's order in one place.
//   - A failure is returned as an error; the caller renders it with
//     wireerr.Message. A success is appended to dst, fully encoded.
//
// Invariants:
//   - Execute never writes partial output: a response is appended only
//     once the whole command has succeeded, so an error can always be
//     answered instead.
//   - Every engine call is made with the caller snapshot taken at
//     authorisation time, so a DROP USER committing meanwhile does not
//     disturb a command already running (§5.1).
//   - The current tenant is always the caller's; names that break the rules
//     answer like missing names and never reach storage outside their
//     directory (the engine's Store guarantees it).
package dispatch

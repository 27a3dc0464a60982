// Package wireerr is the one place where grumpydb-server turns a Go error
// into the text of a `-ERR <message>` response (PROTOCOL.md §4.11).
//
// Every package below the server (engine, auth, rbac, protocol, config)
// already gives its client-visible sentinels the exact wire text, so for
// them the table says "pass the text through". Failures that are not the
// client's business — a corrupt page, a closed database, a bug — become
// `internal error: <detail>`; ordinary file errors keep the engine's
// `I/O error: <os text>`.
//
// The package also defines the sentinels of the server's own argument
// checks (no database selected, invalid UUID, vector clock, RESOLVE depth,
// INSERTMANY shape, …), each with its wire text.
//
// Invariants:
//   - Message never returns a text containing a raw CR or LF that the
//     response encoder would not escape (it escapes them anyway).
//   - An error matching none of the table's sentinels is internal: an
//     unexpected error can never leak as if it were a stable wire text.
//   - The table is a function of its input only; there is no state.
package wireerr

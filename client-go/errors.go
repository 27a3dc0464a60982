package client

import (
	"errors"
	"strings"
)

// Sentinel errors. Every error a server sends back is an *Error that
// matches, with errors.Is, the sentinels its message maps to in the table
// of errorTable (one general class such as ErrNotFound and, where there is
// one, a specific one such as ErrCollectionNotFound). Errors raised by the
// client itself wrap one of the client-side sentinels at the end.
var (
	// ErrServer matches every *Error (every "-ERR" answer).
	ErrServer = errors.New("grumpydb: server error")

	// ErrNotFound: a collection, database, tenant, key, index or user is missing.
	ErrNotFound = errors.New("grumpydb: not found")
	// ErrAlreadyExists: a collection, database, tenant, key, index or user exists.
	ErrAlreadyExists = errors.New("grumpydb: already exists")
	// ErrCollectionNotFound: "collection not found: <c>".
	ErrCollectionNotFound = errors.New("grumpydb: collection not found")
	// ErrDatabaseNotFound: "database not found: <d>".
	ErrDatabaseNotFound = errors.New("grumpydb: database not found")
	// ErrTenantNotFound: "tenant not found: <t>".
	ErrTenantNotFound = errors.New("grumpydb: tenant not found")
	// ErrKeyNotFound: "key <uuid> not found", and a GET or RESOLVE miss.
	ErrKeyNotFound = errors.New("grumpydb: key not found")
	// ErrIndexNotFound: "index not found: <i>".
	ErrIndexNotFound = errors.New("grumpydb: index not found")
	// ErrUserNotFound: "user not found: …".
	ErrUserNotFound = errors.New("grumpydb: user not found")
	// ErrKeyExists: "key <uuid> already exists".
	ErrKeyExists = errors.New("grumpydb: key already exists")

	// ErrNotAuthenticated: "not authenticated".
	ErrNotAuthenticated = errors.New("grumpydb: not authenticated")
	// ErrAccessDenied: "access denied: …".
	ErrAccessDenied = errors.New("grumpydb: access denied")
	// ErrInvalidCredentials: "invalid credentials".
	ErrInvalidCredentials = errors.New("grumpydb: invalid credentials")
	// ErrInvalidToken: "invalid token: …", and a token that fails the
	// client's own JWKS verification.
	ErrInvalidToken = errors.New("grumpydb: invalid token")
	// ErrTokenExpired: "token expired".
	ErrTokenExpired = errors.New("grumpydb: token expired")
	// ErrRateLimited: "rate limited…".
	ErrRateLimited = errors.New("grumpydb: rate limited")
	// ErrUnknownRole: "unknown role: <r>".
	ErrUnknownRole = errors.New("grumpydb: unknown role")

	// ErrInvalidName: "invalid name: …".
	ErrInvalidName = errors.New("grumpydb: invalid name")
	// ErrInvalidJSON: "invalid JSON: …" and "invalid vector_clock JSON: …".
	ErrInvalidJSON = errors.New("grumpydb: invalid JSON")
	// ErrInvalidUUID: "invalid UUID '<text>': …".
	ErrInvalidUUID = errors.New("grumpydb: invalid UUID")
	// ErrInvalidValue: "invalid value: …" (NaN, infinities, …).
	ErrInvalidValue = errors.New("grumpydb: invalid value")
	// ErrDocumentTooLarge: "document too large: …" and "resolved document too large: …".
	ErrDocumentTooLarge = errors.New("grumpydb: document too large")
	// ErrNoDatabase: "no database selected (use USE <db>)".
	ErrNoDatabase = errors.New("grumpydb: no database selected")
	// ErrNotIndexable: "value type cannot be indexed".
	ErrNotIndexable = errors.New("grumpydb: value type cannot be indexed")
	// ErrInvalidFilter: "invalid filter: …".
	ErrInvalidFilter = errors.New("grumpydb: invalid filter")
	// ErrInvalidOptions: "invalid find options: …".
	ErrInvalidOptions = errors.New("grumpydb: invalid find options")
	// ErrCyclicReference: "cyclic reference detected: <c>/<uuid>".
	ErrCyclicReference = errors.New("grumpydb: cyclic reference")
	// ErrInvalidArgument: other argument errors ("INSERTMANY needs …",
	// "depth must be …").
	ErrInvalidArgument = errors.New("grumpydb: invalid argument")
	// ErrBadRequest: the server could not parse the line ("unknown
	// command", "missing argument", "empty command", "line too long") —
	// a client bug or a server too old for the verb.
	ErrBadRequest = errors.New("grumpydb: bad request")
	// ErrConcern: a consistency prefix was refused.
	ErrConcern = errors.New("grumpydb: consistency concern refused")
	// ErrForward: "forward to <node>@<addr>; not the owner", when it is the
	// answer even after following one forward.
	ErrForward = errors.New("grumpydb: forwarded")
	// ErrInternal: "internal error: …" and "I/O error: …".
	ErrInternal = errors.New("grumpydb: internal server error")
	// ErrLocked: "database is locked by another process".
	ErrLocked = errors.New("grumpydb: database locked")

	// ErrClosed: the Client was closed.
	ErrClosed = errors.New("grumpydb: client closed")
	// ErrNoToken: a call needs a token and neither Login nor Token has succeeded.
	ErrNoToken = errors.New("grumpydb: not logged in (call Login or Token first)")
	// ErrRequestTooLarge: the request line would exceed the server's
	// 1 MiB limit; nothing was sent.
	ErrRequestTooLarge = errors.New("grumpydb: request too large for the server")
	// ErrProtocol: the server's answer was not what the command expects.
	ErrProtocol = errors.New("grumpydb: unexpected response")
	// ErrConnection: the connection failed (dial, TLS, banner, I/O).
	ErrConnection = errors.New("grumpydb: connection failed")
)

// Error is an error answer of the server. Its Error() is the message
// without "ERR ", as the server wrote it (line-safety escapes included).
// errors.Is matches ErrServer and the sentinels of the message's class.
type Error struct {
	// Message is the text after "-ERR ".
	Message string
	kinds   []error
}

// Error returns the server's message.
func (e *Error) Error() string { return e.Message }

// Is reports whether target is ErrServer or one of e's classes.
func (e *Error) Is(target error) bool {
	if target == ErrServer {
		return true
	}
	for _, k := range e.kinds {
		if k == target {
			return true
		}
	}
	return false
}

// errorRule maps messages starting with prefix (and, when suffix is set,
// ending with it) to kinds.
type errorRule struct {
	prefix, suffix string
	kinds          []error
}

// errorTable is the one mapping from the stable error prefixes of
// PROTOCOL.md §4.11 (and REPL.md §12.3) to sentinels. The first matching
// rule wins, so longer prefixes come before the shorter ones they extend.
var errorTable = [...]errorRule{
	{"not authenticated", "", []error{ErrNotAuthenticated}},
	{"access denied", "", []error{ErrAccessDenied}},
	{"invalid credentials", "", []error{ErrInvalidCredentials}},
	{"token expired", "", []error{ErrTokenExpired}},
	{"invalid token", "", []error{ErrInvalidToken}},
	{"rate limited", "", []error{ErrRateLimited}},
	{"line too long", "", []error{ErrBadRequest, ErrRequestTooLarge}},
	{"empty command", "", []error{ErrBadRequest}},
	{"unknown command", "", []error{ErrBadRequest}},
	{"missing argument", "", []error{ErrBadRequest}},
	{"no database selected", "", []error{ErrNoDatabase}},
	{"invalid UUID", "", []error{ErrInvalidUUID}},
	{"invalid JSON", "", []error{ErrInvalidJSON}},
	{"invalid vector_clock JSON", "", []error{ErrInvalidJSON}},
	{"invalid value", "", []error{ErrInvalidValue}},
	{"document too large", "", []error{ErrDocumentTooLarge}},
	{"resolved document too large", "", []error{ErrDocumentTooLarge}},
	{"invalid name", "", []error{ErrInvalidName}},
	{"invalid filter", "", []error{ErrInvalidFilter}},
	{"invalid find options", "", []error{ErrInvalidOptions}},
	{"cyclic reference detected", "", []error{ErrCyclicReference}},
	{"collection not found", "", []error{ErrNotFound, ErrCollectionNotFound}},
	{"database not found", "", []error{ErrNotFound, ErrDatabaseNotFound}},
	{"tenant not found", "", []error{ErrNotFound, ErrTenantNotFound}},
	{"index not found", "", []error{ErrNotFound, ErrIndexNotFound}},
	{"user not found", "", []error{ErrNotFound, ErrUserNotFound}},
	{"collection already exists", "", []error{ErrAlreadyExists}},
	{"database already exists", "", []error{ErrAlreadyExists}},
	{"tenant already exists", "", []error{ErrAlreadyExists}},
	{"index already exists", "", []error{ErrAlreadyExists}},
	{"user already exists", "", []error{ErrAlreadyExists}},
	{"key ", " already exists", []error{ErrAlreadyExists, ErrKeyExists}},
	{"key ", " not found", []error{ErrNotFound, ErrKeyNotFound}},
	{"value type cannot be indexed", "", []error{ErrNotIndexable}},
	{"unknown role", "", []error{ErrUnknownRole}},
	{"INSERTMANY needs", "", []error{ErrInvalidArgument}},
	{"depth must be", "", []error{ErrInvalidArgument}},
	{"consistency concerns", "", []error{ErrConcern}},
	{"v5 only supports", "", []error{ErrConcern}},
	{"forward to ", "", []error{ErrForward}},
	{"internal error", "", []error{ErrInternal}},
	{"I/O error", "", []error{ErrInternal}},
	{"database is locked", "", []error{ErrLocked}},
}

// newServerError classifies a server message with errorTable. A message
// no rule matches is an *Error matching ErrServer only.
func newServerError(msg string) *Error {
	for i := range errorTable {
		r := &errorTable[i]
		if strings.HasPrefix(msg, r.prefix) && (r.suffix == "" || strings.HasSuffix(msg, r.suffix)) {
			return &Error{Message: msg, kinds: r.kinds}
		}
	}
	return &Error{Message: msg}
}

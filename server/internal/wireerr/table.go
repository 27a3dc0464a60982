package wireerr

import (
	"errors"
	"strings"

	"github.com/grumpydb/grumpydb/engine"
	"github.com/grumpydb/grumpydb/protocol"
	"github.com/grumpydb/grumpydb/server/internal/auth"
	"github.com/grumpydb/grumpydb/server/internal/config"
	"github.com/grumpydb/grumpydb/server/internal/rbac"
)

// Kind says how an error reaches the wire.
type Kind uint8

// The three kinds of the table.
const (
	// KindPass: the error's text is already the wire message.
	KindPass Kind = iota + 1
	// KindIO: an ordinary file error, `I/O error: <os text>`.
	KindIO
	// KindInternal: anything else, `internal error: <detail>`.
	KindInternal
)

// rule is one row of the table.
type rule struct {
	sentinel error
	kind     Kind
}

// table is the mapping, most specific first: failures are checked before
// the argument and object sentinels, so an error that wraps both (a
// corrupt page met while looking up a key) is reported as the failure.
func table() [48]rule {
	return [...]rule{
		// Engine failures and states a client must not see as such.
		{engine.ErrCorrupt, KindInternal},
		{engine.ErrClosed, KindInternal},
		{engine.ErrTxDone, KindInternal},
		{engine.ErrTxReadOnly, KindInternal},
		{engine.ErrNotExist, KindInternal},
		{rbac.ErrUnknownCommand, KindInternal},
		{rbac.ErrEmptyResource, KindInternal},
		{rbac.ErrInvalidScope, KindInternal},
		{engine.ErrIO, KindIO},
		// Engine arguments, values and objects (§4.11).
		{engine.ErrInvalidName, KindPass},
		{engine.ErrInvalidValue, KindPass},
		{engine.ErrInvalidJSON, KindPass},
		{engine.ErrDocumentTooLarge, KindPass},
		{engine.ErrNotIndexable, KindPass},
		{engine.ErrInvalidFilter, KindPass},
		{engine.ErrInvalidOptions, KindPass},
		{engine.ErrCyclicReference, KindPass},
		{engine.ErrCollectionNotFound, KindPass},
		{engine.ErrCollectionExists, KindPass},
		{engine.ErrIndexNotFound, KindPass},
		{engine.ErrIndexExists, KindPass},
		{engine.ErrKeyNotFound, KindPass},
		{engine.ErrKeyExists, KindPass},
		{engine.ErrDatabaseNotFound, KindPass},
		{engine.ErrDatabaseExists, KindPass},
		{engine.ErrTenantNotFound, KindPass},
		{engine.ErrTenantExists, KindPass},
		{engine.ErrLocked, KindPass},
		{config.ErrLocked, KindPass},
		// Authentication (§5) and authorisation (§6).
		{auth.ErrInvalidCredentials, KindPass},
		{auth.ErrTokenExpired, KindPass},
		{auth.ErrInvalidToken, KindPass},
		{auth.ErrUserExists, KindPass},
		{auth.ErrUserNotFound, KindPass},
		{rbac.ErrNotAuthenticated, KindPass},
		{rbac.ErrAccessDenied, KindPass},
		{rbac.ErrUnknownRole, KindPass},
		// Framing, grammar and prefixes (§2.4, §4.9, §4.10).
		{protocol.ErrLineTooLong, KindPass},
		{protocol.ErrEmptyCommand, KindPass},
		{protocol.ErrUnknownCommand, KindPass},
		{protocol.ErrMissingArgument, KindPass},
		{protocol.ErrConcernNotData, KindPass},
		{protocol.ErrConcernUnsupported, KindPass},
		// The server's own checks.
		{ErrNoDatabase, KindPass},
		{ErrInvalidUUID, KindPass},
		{ErrInvalidVectorClock, KindPass},
		{ErrInvalidDepth, KindPass},
		{ErrInsertManyShape, KindPass},
	}
}

// Classify returns how err reaches the wire. A nil error has no kind (0).
func Classify(err error) Kind {
	if err == nil {
		return 0
	}
	if errors.Is(err, ErrResolvedTooLarge) {
		return KindPass
	}
	if errors.Is(err, ErrInternal) {
		return KindPass // already rendered as "internal error: …"
	}
	for _, r := range table() {
		if errors.Is(err, r.sentinel) {
			return r.kind
		}
	}
	return KindInternal
}

// Message returns the text to write after "-ERR " for err (PROTOCOL.md
// §4.11). It is "" for a nil error.
func Message(err error) string {
	switch Classify(err) {
	case 0:
		return ""
	case KindPass:
		return err.Error()
	case KindIO:
		msg := err.Error()
		if !strings.HasPrefix(msg, engine.ErrIO.Error()) {
			msg = engine.ErrIO.Error() + ": " + msg
		}
		return msg
	}
	return ErrInternal.Error() + ": " + err.Error()
}

package wireerr

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/grumpydb/grumpydb/engine"
	"github.com/grumpydb/grumpydb/protocol"
	"github.com/grumpydb/grumpydb/server/internal/auth"
	"github.com/grumpydb/grumpydb/server/internal/config"
	"github.com/grumpydb/grumpydb/server/internal/rbac"
)

func TestMessage(t *testing.T) {
	_, parseErr := protocol.Parse("GET")
	for _, tc := range []struct {
		err  error
		want string
	}{
		{nil, ""},
		{fmt.Errorf("%w: docs", engine.ErrCollectionNotFound), "collection not found: docs"},
		{fmt.Errorf("key %s %w", "k", engine.ErrKeyNotFound), "key k not found"},
		{fmt.Errorf("%w: name cannot be empty", engine.ErrInvalidName), "invalid name: name cannot be empty"},
		{fmt.Errorf("%w: open x: permission denied", engine.ErrIO), "I/O error: open x: permission denied"},
		{fmt.Errorf("%w: bad page", engine.ErrCorrupt), "internal error: engine: data corrupt: bad page"},
		{engine.ErrClosed, "internal error: engine: database is closed"},
		{fmt.Errorf("%w: page 3: %w", engine.ErrCorrupt, fmt.Errorf("%w: x", engine.ErrKeyNotFound)), "internal error: engine: data corrupt: page 3: not found: x"},
		{auth.ErrInvalidCredentials, "invalid credentials"},
		{auth.ErrExpectedAccessToken, "invalid token: expected access token"},
		{rbac.ErrNotAuthenticated, "not authenticated"},
		{fmt.Errorf("%w: Read on Server denied for user 'u'", rbac.ErrAccessDenied), "access denied: Read on Server denied for user 'u'"},
		{rbac.ErrUnknownCommand, "internal error: rbac: verb not in the command table"},
		{parseErr, "missing argument: GET requires <collection> <uuid>"},
		{protocol.ErrLineTooLong, "line too long"},
		{protocol.ErrConcernUnsupported, "v5 only supports R=1, W=1"},
		{&config.LockedError{Path: "x", PID: 42}, "database is locked by another process (pid 42)"},
		{ErrNoDatabase, "no database selected (use USE <db>)"},
		{InvalidUUID("zz", errors.New("bad length")), "invalid UUID 'zz': bad length"},
		{InvalidVectorClock("oops"), "invalid vector_clock JSON: oops"},
		{ResolvedTooLarge(20, 10), "resolved document too large: 20 bytes (max 10)"},
		{Internal("FIND not available yet"), "internal error: FIND not available yet"},
		{context.Canceled, "internal error: context canceled"},
		{errors.New("surprise"), "internal error: surprise"},
	} {
		if got := Message(tc.err); got != tc.want {
			t.Errorf("Message(%v) = %q, want %q", tc.err, got, tc.want)
		}
	}
}

// Every sentinel of the table maps to its own kind when it is the only
// error wrapped.
func TestTableKinds(t *testing.T) {
	for _, r := range table() {
		if r.sentinel == nil {
			t.Fatal("empty row in the table")
		}
		if got := Classify(fmt.Errorf("ctx: %w", r.sentinel)); got != r.kind {
			t.Errorf("%v: kind %d, want %d", r.sentinel, got, r.kind)
		}
	}
}

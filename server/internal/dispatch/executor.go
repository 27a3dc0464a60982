package dispatch

import (
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"

	"github.com/grumpydb/grumpydb/engine"
	"github.com/grumpydb/grumpydb/protocol"
	"github.com/grumpydb/grumpydb/server/internal/auth"
	"github.com/grumpydb/grumpydb/server/internal/rbac"
	"github.com/grumpydb/grumpydb/server/internal/wireerr"
)

// SessionEnder ends the authenticated sessions of a dropped user (§5.1):
// every connection whose caller is user in tenant loses its caller.
type SessionEnder interface {
	EndSessions(tenant, user string) int
}

// Options are the dependencies of an Executor.
type Options struct {
	// Store is the engine's data directory (required).
	Store *engine.Store
	// Auth is the auth store (required).
	Auth *auth.Store
	// Sessions is told about dropped users; nil ignores them.
	Sessions SessionEnder
	// Topology is the TOPOLOGY bulk (see TopologyJSON).
	Topology []byte
	// Logger receives failures and panics; nil discards them.
	Logger *slog.Logger
}

// Executor runs commands. It is safe for concurrent use by every
// connection.
type Executor struct {
	store    *engine.Store
	auth     *auth.Store
	sessions SessionEnder
	topology []byte
	log      *slog.Logger
	dbs      *openDBs
	verbs    *verbTable
}

// New returns an Executor over opts.
func New(opts Options) *Executor {
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Executor{
		store:    opts.Store,
		auth:     opts.Auth,
		sessions: opts.Sessions,
		topology: opts.Topology,
		log:      log,
		dbs:      newOpenDBs(),
		verbs:    newVerbTable(),
	}
}

// Request is one command to execute.
type Request struct {
	// Cmd is the parsed command (prefixes already validated).
	Cmd *protocol.Command
	// State is the connection's state.
	State *State
	// Caller is the caller snapshot taken at authorisation (step 10);
	// nil only for pre-auth commands.
	Caller *rbac.Principal
	// Defer, when set, lets a Deferrable document write return once its
	// commit is applied, adding the commit to Defer; the caller waits on
	// it before the response is sent. Nil: every write is durable when
	// Execute returns.
	Defer *Pending
}

// Execute runs r and appends its encoded response to dst. On failure it
// returns dst unchanged and the error, for wireerr.Message. A panic in the
// command is recovered and returned as an internal error, so a failing
// command never takes the connection or the server down.
func (x *Executor) Execute(ctx context.Context, r Request, dst []byte) (out []byte, err error) {
	defer func() {
		if p := recover(); p != nil {
			x.log.Error("command panicked", "cmd", r.Cmd.Verb.String(), "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			out, err = dst, wireerr.Internal(fmt.Sprintf("panic: %v", p))
		}
	}()
	out, err = x.execute(ctx, r, dst)
	if err != nil {
		return dst, err
	}
	return out, nil
}

// execute runs r through the verb table (handlers.go); a verb without an
// entry is an internal error.
func (x *Executor) execute(ctx context.Context, r Request, dst []byte) ([]byte, error) {
	c := r.Cmd
	if int(c.Verb) < len(x.verbs) {
		if h := x.verbs[c.Verb]; h != nil {
			return h(x, ctx, r, dst)
		}
	}
	return dst, wireerr.Internal(fmt.Sprintf("verb %d not executable", c.Verb))
}

// openDB opens (or returns the open) database and remembers it for the
// metrics.
func (x *Executor) openDB(tenant, name string) (*engine.DB, error) {
	db, err := x.store.Database(tenant, name)
	if err != nil {
		return nil, err
	}
	x.dbs.note(tenant, name, db)
	return db, nil
}

// ok appends +OK.
func ok(dst []byte) ([]byte, error) { return protocol.AppendSimple(dst, "OK"), nil }

// Preopen opens a database ahead of its first use (startup), so its
// buffer pool shows in the metrics and a broken one is found early.
func (x *Executor) Preopen(tenant, name string) error {
	_, err := x.openDB(tenant, name)
	return err
}

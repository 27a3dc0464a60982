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

func (x *Executor) execute(ctx context.Context, r Request, dst []byte) ([]byte, error) {
	c := r.Cmd
	switch c.Verb {
	case protocol.VerbLogin:
		return x.login(ctx, r, dst)
	case protocol.VerbToken:
		return x.token(r, dst)
	case protocol.VerbRefresh:
		return x.refresh(r, dst)
	case protocol.VerbPing:
		return protocol.AppendSimple(dst, "PONG"), nil
	case protocol.VerbQuit:
		return protocol.AppendSimple(dst, "BYE"), nil
	case protocol.VerbWhoami:
		return x.whoami(r, dst)
	case protocol.VerbTopology:
		return protocol.AppendBulk(dst, x.topology), nil
	case protocol.VerbSnapshotHLC:
		return x.snapshotHLC(r, dst)
	case protocol.VerbUse:
		return x.use(r, dst)
	case protocol.VerbElectWriter:
		return x.electWriter(r, dst)

	case protocol.VerbCreateDatabase:
		return x.createDatabase(r, dst)
	case protocol.VerbDropDatabase:
		return x.dropDatabase(r, dst)
	case protocol.VerbListDatabases:
		return x.listDatabases(r, dst)
	case protocol.VerbCreateCollection:
		return x.createCollection(r, dst)
	case protocol.VerbDropCollection:
		return x.dropCollection(r, dst)
	case protocol.VerbListCollections:
		return x.listCollections(r, dst)
	case protocol.VerbFlush:
		return x.flush(r, dst)
	case protocol.VerbCompact:
		return x.compact(r, dst)
	case protocol.VerbCount:
		return x.count(r, dst)

	case protocol.VerbInsert:
		return x.insert(r, dst)
	case protocol.VerbGet:
		return x.get(r, dst)
	case protocol.VerbUpdate:
		return x.update(r, dst)
	case protocol.VerbDelete:
		return x.delete(r, dst)
	case protocol.VerbPutWithVC:
		return x.putWithVC(r, dst)
	case protocol.VerbScan:
		return x.scan(ctx, r, dst)

	case protocol.VerbCreateIndex:
		return x.createIndex(r, dst)
	case protocol.VerbDropIndex:
		return x.dropIndex(r, dst)
	case protocol.VerbListIndexes:
		return x.listIndexes(r, dst)
	case protocol.VerbQuery:
		return x.query(r, dst)
	case protocol.VerbQueryRange:
		return x.queryRange(r, dst)

	case protocol.VerbCreateUser:
		return x.createUser(ctx, r, dst)
	case protocol.VerbDropUser:
		return x.dropUser(r, dst)
	case protocol.VerbListUsers:
		return x.listUsers(r, dst)
	case protocol.VerbGrant:
		return x.grant(r, dst, false)
	case protocol.VerbRevoke:
		return x.grant(r, dst, true)
	case protocol.VerbCreateTenant:
		return x.createTenant(r, dst)
	case protocol.VerbDropTenant:
		return x.dropTenant(r, dst)
	case protocol.VerbListTenants:
		return x.listTenants(dst)

	case protocol.VerbFind:
		return x.find(ctx, r, dst)
	case protocol.VerbResolve:
		return x.resolve(r, dst)
	case protocol.VerbStats:
		return x.stats(r, dst)
	case protocol.VerbInsertMany:
		return x.insertMany(r, dst)
	}
	return dst, wireerr.Internal(fmt.Sprintf("verb %d not executable", c.Verb))
}

// withDB performs the with_db checks of §4.4 (after authorisation) and
// returns the current database, open.
func (x *Executor) withDB(r Request) (*engine.DB, error) {
	if r.Caller == nil {
		return nil, rbac.ErrNotAuthenticated
	}
	name := r.State.Database()
	if name == "" {
		return nil, wireerr.ErrNoDatabase
	}
	return x.openDB(r.Caller.Tenant, name)
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

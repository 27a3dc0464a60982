package dispatch

import (
	"github.com/grumpydb/grumpydb/engine"
	"github.com/grumpydb/grumpydb/server/internal/rbac"
	"github.com/grumpydb/grumpydb/server/internal/wireerr"
)

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

// withDBDoc is withDB followed by the check that text is valid JSON
// (§3.3), for the verbs whose first argument check is their JSON (QUERY,
// QUERYRANGE's start, INSERTMANY).
func (x *Executor) withDBDoc(r Request, text string) (*engine.DB, engine.Value, error) {
	db, err := x.withDB(r)
	if err != nil {
		return nil, engine.Value{}, err
	}
	v, err := parseDoc(text)
	if err != nil {
		return nil, engine.Value{}, err
	}
	return db, v, nil
}

// dbOK runs a database verb with no argument checks of its own and an
// `+OK` reply: withDB, then op on the database; op's error is the reply's.
func (x *Executor) dbOK(r Request, dst []byte, op func(db *engine.DB) error) ([]byte, error) {
	db, err := x.withDB(r)
	if err != nil {
		return dst, err
	}
	if err := op(db); err != nil {
		return dst, err
	}
	return ok(dst)
}

// collectionRead is the preamble of the verbs whose reply encodes one
// engine result for the command's collection (COUNT, COMPACT, LIST
// INDEXES, STATS): withDB, then get on the database and collection.
func collectionRead[T any](x *Executor, r Request, get func(db *engine.DB, collection string) (T, error)) (T, error) {
	db, err := x.withDB(r)
	if err != nil {
		var zero T
		return zero, err
	}
	return get(db, r.Cmd.Collection)
}

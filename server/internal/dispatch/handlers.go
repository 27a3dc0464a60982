package dispatch

import (
	"context"

	"github.com/grumpydb/grumpydb/protocol"
)

// handler runs one verb of an Executor; see Executor.Execute.
type handler func(x *Executor, ctx context.Context, r Request, dst []byte) ([]byte, error)

// verbTable maps each verb to its handler; a nil entry is a verb the
// executor does not run. It is indexed by protocol.Verb, a uint8, and is
// not changed after newVerbTable.
type verbTable [1 << 8]handler

// newVerbTable returns the table of every executable verb.
func newVerbTable() *verbTable {
	return &verbTable{
		protocol.VerbLogin:       (*Executor).login,
		protocol.VerbToken:       noCtx((*Executor).token),
		protocol.VerbRefresh:     noCtx((*Executor).refresh),
		protocol.VerbPing:        simpleReply("PONG"),
		protocol.VerbQuit:        simpleReply("BYE"),
		protocol.VerbWhoami:      noCtx((*Executor).whoami),
		protocol.VerbTopology:    noCtx((*Executor).topologyReply),
		protocol.VerbSnapshotHLC: noCtx((*Executor).snapshotHLC),
		protocol.VerbUse:         noCtx((*Executor).use),
		protocol.VerbElectWriter: noCtx((*Executor).electWriter),

		protocol.VerbCreateDatabase:   noCtx((*Executor).createDatabase),
		protocol.VerbDropDatabase:     noCtx((*Executor).dropDatabase),
		protocol.VerbListDatabases:    noCtx((*Executor).listDatabases),
		protocol.VerbCreateCollection: noCtx((*Executor).createCollection),
		protocol.VerbDropCollection:   noCtx((*Executor).dropCollection),
		protocol.VerbListCollections:  noCtx((*Executor).listCollections),
		protocol.VerbFlush:            noCtx((*Executor).flush),
		protocol.VerbCompact:          noCtx((*Executor).compact),
		protocol.VerbCount:            noCtx((*Executor).count),

		protocol.VerbInsert:    noCtx((*Executor).insert),
		protocol.VerbGet:       noCtx((*Executor).get),
		protocol.VerbUpdate:    noCtx((*Executor).update),
		protocol.VerbDelete:    noCtx((*Executor).delete),
		protocol.VerbPutWithVC: noCtx((*Executor).putWithVC),
		protocol.VerbScan:      (*Executor).scan,

		protocol.VerbCreateIndex: noCtx((*Executor).createIndex),
		protocol.VerbDropIndex:   noCtx((*Executor).dropIndex),
		protocol.VerbListIndexes: noCtx((*Executor).listIndexes),
		protocol.VerbQuery:       noCtx((*Executor).query),
		protocol.VerbQueryRange:  noCtx((*Executor).queryRange),

		protocol.VerbCreateUser:   (*Executor).createUser,
		protocol.VerbDropUser:     noCtx((*Executor).dropUser),
		protocol.VerbListUsers:    noCtx((*Executor).listUsers),
		protocol.VerbGrant:        noCtx((*Executor).grantRole),
		protocol.VerbRevoke:       noCtx((*Executor).revokeRole),
		protocol.VerbCreateTenant: noCtx((*Executor).createTenant),
		protocol.VerbDropTenant:   noCtx((*Executor).dropTenant),
		protocol.VerbListTenants:  noCtx((*Executor).listTenantsReply),

		protocol.VerbFind:       (*Executor).find,
		protocol.VerbResolve:    noCtx((*Executor).resolve),
		protocol.VerbStats:      noCtx((*Executor).stats),
		protocol.VerbInsertMany: noCtx((*Executor).insertMany),
	}
}

// noCtx adapts a verb method that does not use the context.
func noCtx(f func(x *Executor, r Request, dst []byte) ([]byte, error)) handler {
	return func(x *Executor, _ context.Context, r Request, dst []byte) ([]byte, error) {
		return f(x, r, dst)
	}
}

// simpleReply is a verb whose reply is always the simple string text
// (PING, QUIT).
func simpleReply(text string) handler {
	return func(_ *Executor, _ context.Context, _ Request, dst []byte) ([]byte, error) {
		return protocol.AppendSimple(dst, text), nil
	}
}

// topologyReply is TOPOLOGY (§4.8): the configured bulk.
func (x *Executor) topologyReply(_ Request, dst []byte) ([]byte, error) {
	return protocol.AppendBulk(dst, x.topology), nil
}

// grantRole is GRANT (§4.7).
func (x *Executor) grantRole(r Request, dst []byte) ([]byte, error) { return x.grant(r, dst, false) }

// revokeRole is REVOKE (§4.7).
func (x *Executor) revokeRole(r Request, dst []byte) ([]byte, error) { return x.grant(r, dst, true) }

// listTenantsReply is LIST TENANTS (§4.7), which has no arguments.
func (x *Executor) listTenantsReply(_ Request, dst []byte) ([]byte, error) {
	return x.listTenants(dst)
}

package dispatch

import (
	"strconv"

	"github.com/grumpydb/grumpydb/engine"
	"github.com/grumpydb/grumpydb/protocol"
)

// createDatabase is CREATE DATABASE n (§4.4): tenant, name, existence.
func (x *Executor) createDatabase(r Request, dst []byte) ([]byte, error) {
	tenant := r.Caller.Tenant
	db, err := x.store.CreateDatabase(tenant, r.Cmd.Name)
	if err != nil {
		return dst, err
	}
	x.dbs.note(tenant, r.Cmd.Name, db)
	return ok(dst)
}

// dropDatabase is DROP DATABASE n (§4.4).
func (x *Executor) dropDatabase(r Request, dst []byte) ([]byte, error) {
	tenant, name := r.Caller.Tenant, r.Cmd.Name
	if !x.store.DatabaseExists(tenant, name) {
		return dst, databaseNotFound(name)
	}
	x.dbs.forget(tenant, name)
	if err := x.store.DropDatabase(tenant, name); err != nil {
		return dst, err
	}
	return ok(dst)
}

// listDatabases is LIST DATABASES (§4.4).
func (x *Executor) listDatabases(r Request, dst []byte) ([]byte, error) {
	names, err := x.store.Databases(r.Caller.Tenant)
	if err != nil {
		return dst, err
	}
	return appendNames(dst, names), nil
}

// createCollection is CREATE COLLECTION n (§4.4).
func (x *Executor) createCollection(r Request, dst []byte) ([]byte, error) {
	return x.dbOK(r, dst, func(db *engine.DB) error { return db.CreateCollection(r.Cmd.Name) })
}

// dropCollection is DROP COLLECTION n (§4.4).
func (x *Executor) dropCollection(r Request, dst []byte) ([]byte, error) {
	return x.dbOK(r, dst, func(db *engine.DB) error { return db.DropCollection(r.Cmd.Name) })
}

// listCollections is LIST COLLECTIONS (§4.4).
func (x *Executor) listCollections(r Request, dst []byte) ([]byte, error) {
	db, err := x.withDB(r)
	if err != nil {
		return dst, err
	}
	names, err := db.Collections()
	if err != nil {
		return dst, err
	}
	return appendNames(dst, names), nil
}

// flush is FLUSH (§4.4): every collection durable, log checkpointed.
func (x *Executor) flush(r Request, dst []byte) ([]byte, error) {
	return x.dbOK(r, dst, (*engine.DB).Flush)
}

// compact is COMPACT c (§4.4): `+OK <n>`, n live documents rewritten.
func (x *Executor) compact(r Request, dst []byte) ([]byte, error) {
	n, err := collectionRead(x, r, (*engine.DB).Compact)
	if err != nil {
		return dst, err
	}
	return protocol.AppendSimple(dst, "OK "+strconv.Itoa(n)), nil
}

// count is COUNT c (§4.4).
func (x *Executor) count(r Request, dst []byte) ([]byte, error) {
	n, err := collectionRead(x, r, (*engine.DB).Count)
	if err != nil {
		return dst, err
	}
	return protocol.AppendInteger(dst, int64(n)), nil
}

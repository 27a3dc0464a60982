package dispatch

import (
	"context"
	"errors"

	"github.com/grumpydb/grumpydb/engine"
	"github.com/grumpydb/grumpydb/protocol"
	"github.com/grumpydb/grumpydb/server/internal/rbac"
)

// login is LOGIN t u p (§4.3): on success both tokens, caller := the access
// token's claims, and the tenant directory created when missing and the
// name is valid. Every failure is `invalid credentials`, state unchanged.
func (x *Executor) login(ctx context.Context, r Request, dst []byte) ([]byte, error) {
	c := r.Cmd
	res, err := x.auth.Login(ctx, c.Tenant, c.User, c.Password)
	if err != nil {
		return dst, err
	}
	if engine.ValidateName(c.Tenant) == nil && !x.store.TenantExists(c.Tenant) {
		if err := x.store.CreateTenant(c.Tenant); err != nil && !errors.Is(err, engine.ErrTenantExists) {
			x.log.Warn("LOGIN could not create the tenant directory", "tenant", c.Tenant, "err", err)
		}
	}
	r.State.SetCaller(res.Claims)
	dst = append(dst, "+TOKEN "...)
	dst = append(dst, res.Access...)
	dst = append(dst, ' ')
	dst = append(dst, res.Refresh...)
	return append(dst, "\r\n"...), nil
}

// token is TOKEN jwt (§4.3).
func (x *Executor) token(r Request, dst []byte) ([]byte, error) {
	claims, err := x.auth.VerifyAccess(r.Cmd.Token)
	if err != nil {
		return dst, err
	}
	r.State.SetCaller(claims)
	return ok(dst)
}

// refresh is REFRESH rt (§4.3): a new access token, caller unchanged.
func (x *Executor) refresh(r Request, dst []byte) ([]byte, error) {
	access, _, err := x.auth.Refresh(r.Cmd.Token)
	if err != nil {
		return dst, err
	}
	return protocol.AppendSimple(dst, "TOKEN "+access), nil
}

// whoami is WHOAMI (§4.3).
func (x *Executor) whoami(r Request, dst []byte) ([]byte, error) {
	if r.Caller == nil {
		return dst, rbac.ErrNotAuthenticated
	}
	return protocol.AppendSimple(dst, rbac.WhoamiText(*r.Caller)), nil
}

// snapshotHLC is SNAPSHOT_HLC (§4.8): with_db, the database's clock.
func (x *Executor) snapshotHLC(r Request, dst []byte) ([]byte, error) {
	db, err := x.withDB(r)
	if err != nil {
		return dst, err
	}
	h := db.HLC()
	return protocol.AppendInteger(dst, int64(h&(1<<63-1))), nil
}

// use is USE db (§4.3).
func (x *Executor) use(r Request, dst []byte) ([]byte, error) {
	name := r.Cmd.Name
	if err := engine.ValidateName(name); err != nil {
		return dst, err
	}
	tenant := r.Caller.Tenant
	if !x.store.TenantExists(tenant) {
		return dst, tenantNotFound(tenant)
	}
	if x.store.DatabaseExists(tenant, name) {
		if _, err := x.openDB(tenant, name); err != nil {
			return dst, err
		}
		r.State.SetDatabase(name)
		return ok(dst)
	}
	if !r.Caller.Allowed(rbac.ActionManageDatabases, rbac.DatabaseScope(name)) {
		return dst, databaseNotFound(name)
	}
	db, err := x.store.CreateDatabase(tenant, name)
	if errors.Is(err, engine.ErrDatabaseExists) {
		// Created concurrently by another connection: select it.
		db, err = x.store.Database(tenant, name)
	}
	if err != nil {
		return dst, err
	}
	x.dbs.note(tenant, name, db)
	r.State.SetDatabase(name)
	return ok(dst)
}

// electWriter is ELECT-WRITER (§4.8): an acknowledgement only.
func (x *Executor) electWriter(r Request, dst []byte) ([]byte, error) {
	coll := r.Cmd.Collection
	if coll == "" {
		coll = "*"
	}
	return protocol.AppendSimple(dst, "elected "+r.Cmd.Node+" as writer for "+r.Cmd.Database+"/"+coll), nil
}

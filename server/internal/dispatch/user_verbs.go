package dispatch

import (
	"context"
	"fmt"
	"strings"

	"github.com/grumpydb/grumpydb/engine"
	"github.com/grumpydb/grumpydb/protocol"
	"github.com/grumpydb/grumpydb/server/internal/auth"
	"github.com/grumpydb/grumpydb/server/internal/rbac"
)

// UserTenant is the tenant a user-management command acts on, for
// rbac.Request.UserTenant: the user_spec's tenant, or LIST USERS' argument,
// defaulting to the caller's tenant.
func UserTenant(c *protocol.Command, callerTenant string) string {
	switch c.Verb {
	case protocol.VerbCreateUser, protocol.VerbDropUser, protocol.VerbGrant, protocol.VerbRevoke:
		return auth.ParseUserSpec(c.User, callerTenant).Tenant
	case protocol.VerbListUsers:
		return auth.ListUsersTenant(c.Tenant, c.Tenant != "", callerTenant)
	}
	return callerTenant
}

// createUser is CREATE USER spec pw (§4.7).
func (x *Executor) createUser(ctx context.Context, r Request, dst []byte) ([]byte, error) {
	spec := auth.ParseUserSpec(r.Cmd.User, r.Caller.Tenant)
	if err := x.auth.CreateUser(ctx, spec, r.Cmd.Password); err != nil {
		return dst, err
	}
	return ok(dst)
}

// dropUser is DROP USER spec (§4.7): existence, no-escalation, then the
// user's open sessions lose their caller (§5.1).
func (x *Executor) dropUser(r Request, dst []byte) ([]byte, error) {
	spec := auth.ParseUserSpec(r.Cmd.User, r.Caller.Tenant)
	caller := r.Caller
	u, err := x.auth.DropUser(spec, func(u auth.User) error {
		if caller.IsServerAdmin() {
			return nil
		}
		return caller.CanDropUser(u.Tenant, u.Username, u.Roles)
	})
	if err != nil {
		return dst, err
	}
	if x.sessions != nil {
		n := x.sessions.EndSessions(u.Tenant, u.Username)
		x.log.Info("user dropped", "tenant", u.Tenant, "user", u.Username, "sessions_ended", n)
	}
	return ok(dst)
}

// listUsers is LIST USERS [t] (§4.7).
func (x *Executor) listUsers(r Request, dst []byte) ([]byte, error) {
	tenant := UserTenant(r.Cmd, r.Caller.Tenant)
	return appendNames(dst, x.auth.ListUsers(tenant)), nil
}

// grant is GRANT r ON res TO spec, or REVOKE … FROM spec (§4.7): role,
// no-escalation, grantee.
func (x *Executor) grant(r Request, dst []byte, revoke bool) ([]byte, error) {
	role, err := rbac.ParseRole(r.Cmd.Role)
	if err != nil {
		return dst, err
	}
	scope, err := rbac.ParseResource(r.Cmd.Resource, r.State.Database())
	if err != nil {
		return dst, err
	}
	if !r.Caller.IsServerAdmin() {
		if revoke {
			err = r.Caller.CanRevoke(role, scope)
		} else {
			err = r.Caller.CanGrant(role, scope)
		}
		if err != nil {
			return dst, err
		}
	}
	spec := auth.ParseUserSpec(r.Cmd.User, r.Caller.Tenant)
	a := rbac.Assignment{Role: role, Scope: scope}
	if revoke {
		err = x.auth.Revoke(spec, a)
	} else {
		err = x.auth.Grant(spec, a)
	}
	if err != nil {
		return dst, err
	}
	return ok(dst)
}

// createTenant is CREATE TENANT n (§4.7).
func (x *Executor) createTenant(r Request, dst []byte) ([]byte, error) {
	if err := x.store.CreateTenant(r.Cmd.Name); err != nil {
		return dst, err
	}
	return ok(dst)
}

// dropTenant is DROP TENANT n (§4.7): name, reserved '_' names, existence.
// The tenant's user accounts remain.
func (x *Executor) dropTenant(r Request, dst []byte) ([]byte, error) {
	name := r.Cmd.Name
	if err := engine.ValidateName(name); err != nil {
		return dst, err
	}
	if strings.HasPrefix(name, "_") {
		return dst, fmt.Errorf("%w: names starting with '_' are reserved", engine.ErrInvalidName)
	}
	if !x.store.TenantExists(name) {
		return dst, tenantNotFound(name)
	}
	x.dbs.forget(name, "")
	if err := x.store.DropTenant(name); err != nil {
		return dst, err
	}
	return ok(dst)
}

// listTenants is LIST TENANTS (§4.7): directories with valid names.
func (x *Executor) listTenants(dst []byte) ([]byte, error) {
	names, err := x.store.Tenants()
	if err != nil {
		return dst, err
	}
	return appendNames(dst, names), nil
}

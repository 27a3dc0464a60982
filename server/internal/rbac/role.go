package rbac

import "fmt"

// Role is one of the six role names of PROTOCOL.md §5.2. The zero value is
// not a role.
type Role string

// The six roles.
const (
	RoleServerAdmin Role = "server_admin"
	RoleTenantAdmin Role = "tenant_admin"
	RoleDBAdmin     Role = "db_admin"
	RoleReadWrite   Role = "read_write"
	RoleReadOnly    Role = "read_only"
	RoleClusterPeer Role = "cluster_peer"
)

// Roles lists the six roles in the order of the §6.1 table.
func Roles() []Role {
	return []Role{
		RoleServerAdmin, RoleTenantAdmin, RoleDBAdmin,
		RoleReadWrite, RoleReadOnly, RoleClusterPeer,
	}
}

// ParseRole accepts exactly the six lower-case role names (roles are
// case-sensitive, §1). Anything else fails with `unknown role: <text>`.
func ParseRole(text string) (Role, error) {
	r := Role(text)
	if !r.Valid() {
		return "", fmt.Errorf("%w: %s", ErrUnknownRole, text)
	}
	return r, nil
}

// Valid reports whether r is one of the six roles.
func (r Role) Valid() bool { return r.actions() != 0 }

// Permits reports whether the role grants action a (the §6.1 matrix).
func (r Role) Permits(a Action) bool { return r.actions().has(a) }

// Dominates reports whether r permits every action that o permits (§6.4).
// An invalid role dominates nothing and is dominated by nothing.
func (r Role) Dominates(o Role) bool {
	if !r.Valid() || !o.Valid() {
		return false
	}
	return r.actions().contains(o.actions())
}

// actions is the row of the §6.1 matrix for r; 0 for an invalid role.
func (r Role) actions() actionSet {
	switch r {
	case RoleServerAdmin:
		return setOf(ActionRead, ActionWrite, ActionAdmin, ActionManageUsers, ActionManageDatabases, ActionManageServer)
	case RoleTenantAdmin:
		return setOf(ActionRead, ActionWrite, ActionAdmin, ActionManageUsers, ActionManageDatabases)
	case RoleDBAdmin:
		return setOf(ActionRead, ActionWrite, ActionAdmin)
	case RoleReadWrite:
		return setOf(ActionRead, ActionWrite)
	case RoleReadOnly:
		return setOf(ActionRead)
	case RoleClusterPeer:
		return setOf(ActionReplicationPeer)
	}
	return 0
}

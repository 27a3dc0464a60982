package rbac

import "fmt"

// mayHand reports whether p may hand out (grant or revoke) role on scope
// under §6.4: p holds server_admin on Server, or some assignment of p has
// a role dominating role and a scope covering scope.
func (p *Principal) mayHand(role Role, scope Scope) bool {
	if p == nil {
		return false
	}
	if p.IsServerAdmin() {
		return true
	}
	for _, a := range p.Assignments {
		if a.Role.Dominates(role) && a.Scope.Covers(scope) {
			return true
		}
	}
	return false
}

// CanGrant applies the no-escalation rule of §6.4 to GRANT role ON scope:
// nil, or `access denied: cannot grant <role> on <Scope>: exceeds
// privileges of user '<sub>'`. A nil p yields ErrNotAuthenticated.
func (p *Principal) CanGrant(role Role, scope Scope) error {
	return p.canHand("grant", role, scope)
}

// CanRevoke is CanGrant for REVOKE (`cannot revoke`).
func (p *Principal) CanRevoke(role Role, scope Scope) error {
	return p.canHand("revoke", role, scope)
}

func (p *Principal) canHand(verb string, role Role, scope Scope) error {
	if p == nil {
		return ErrNotAuthenticated
	}
	if p.mayHand(role, scope) {
		return nil
	}
	return fmt.Errorf("%w: cannot %s %s on %s: exceeds privileges of user '%s'",
		ErrAccessDenied, verb, role, scope, p.Subject)
}

// CanDropUser applies §6.4 to DROP USER of tenant/user holding
// assignments: every assignment must pass the grant test, else
// `access denied: cannot drop user <t>/<u>: exceeds privileges of user
// '<sub>'`. A user with no assignments may always be dropped (the
// ManageUsers check of Authorize has already run).
func (p *Principal) CanDropUser(tenant, user string, assignments []Assignment) error {
	if p == nil {
		return ErrNotAuthenticated
	}
	for _, a := range assignments {
		if !p.mayHand(a.Role, a.Scope) {
			return fmt.Errorf("%w: cannot drop user %s/%s: exceeds privileges of user '%s'",
				ErrAccessDenied, tenant, user, p.Subject)
		}
	}
	return nil
}

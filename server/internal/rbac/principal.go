package rbac

import "fmt"

// Principal is the caller of a command: the identity a connection holds
// after LOGIN or TOKEN (§5.1). Subject and Tenant are the token's `sub`
// and `tenant`; Assignments its `roles`.
type Principal struct {
	Subject     string
	Tenant      string
	Assignments []Assignment
}

// Allowed reports whether some assignment of p permits action a on a
// scope covering target (§6.1). A nil p is allowed nothing.
func (p *Principal) Allowed(a Action, target Scope) bool {
	if p == nil {
		return false
	}
	for _, as := range p.Assignments {
		if as.Role.Permits(a) && as.Scope.Covers(target) {
			return true
		}
	}
	return false
}

// Check is Allowed as an error: nil, ErrNotAuthenticated for a nil p, or
// `access denied: <Action> on <Scope> denied for user '<sub>'`.
func (p *Principal) Check(a Action, target Scope) error {
	if p == nil {
		return ErrNotAuthenticated
	}
	if p.Allowed(a, target) {
		return nil
	}
	return fmt.Errorf("%w: %s on %s denied for user '%s'", ErrAccessDenied, a, target, p.Subject)
}

// PeerOnly reports whether p holds at least one assignment and every one
// has role cluster_peer (§6.3). A caller without any role is not PeerOnly.
func (p *Principal) PeerOnly() bool {
	if p == nil || len(p.Assignments) == 0 {
		return false
	}
	for _, as := range p.Assignments {
		if as.Role != RoleClusterPeer {
			return false
		}
	}
	return true
}

// IsServerAdmin reports whether p holds server_admin on Server, the
// exemption of §6.4.
func (p *Principal) IsServerAdmin() bool {
	if p == nil {
		return false
	}
	for _, as := range p.Assignments {
		if as.Role == RoleServerAdmin && as.Scope.Kind == ScopeServer {
			return true
		}
	}
	return false
}

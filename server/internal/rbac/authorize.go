package rbac

import "fmt"

// Request describes one command for Authorize. Only the fields the
// command's rule reads matter; the others are ignored.
type Request struct {
	// Verb is the table name of the command (LookupRule); a prefixed
	// command (§4.9) passes its inner verb.
	Verb string
	// CurrentDatabase is the connection's current database, "" if none.
	CurrentDatabase string
	// Collection is the collection the command names.
	Collection string
	// Database is the database named by USE, CREATE DATABASE and
	// DROP DATABASE.
	Database string
	// UserTenant is the tenant of the users a user-management command
	// acts on (the tenant of the user_spec, or LIST USERS' argument,
	// defaulting to the caller's tenant).
	UserTenant string
}

// Authorize is step 10 of the per-line pipeline (§2.4): nil when p may run
// the command, else ErrNotAuthenticated (p is nil and the command needs a
// caller) or an `access denied: <Action> on <Scope> denied for user
// '<sub>'` error. An unknown verb returns ErrUnknownCommand.
//
// It checks only the command's own target: RESOLVE's reads of further
// collections are checked by the caller with Principal.Check, and USE's
// creation of a missing database with Principal.Allowed
// (ManageDatabases on Database(name)).
func Authorize(p *Principal, r Request) error {
	rule, ok := LookupRule(r.Verb)
	if !ok {
		return fmt.Errorf("%w: %q", ErrUnknownCommand, r.Verb)
	}
	if rule.Gate == GatePreAuth {
		return nil
	}
	if p == nil {
		return ErrNotAuthenticated
	}
	switch rule.Gate {
	case GateAnyCaller:
		return nil
	case GateAnyCallerButPeer:
		if !p.PeerOnly() {
			return nil
		}
		return p.Check(rule.PeerAction, r.target(p, rule.PeerTarget))
	}
	return p.Check(rule.Action, r.target(p, rule.Target))
}

// TargetFor returns the scope a command of this rule targets for p and r,
// and false for a rule without an action target.
func (rule Rule) TargetFor(p *Principal, r Request) (Scope, bool) {
	if rule.Gate != GateAction {
		return Scope{}, false
	}
	return r.target(p, rule.Target), true
}

func (r Request) target(p *Principal, k TargetKind) Scope {
	switch k {
	case TargetCurrentCollection:
		return CollectionScope(r.CurrentDatabase, r.Collection)
	case TargetCurrentDatabase:
		return DatabaseScope(r.CurrentDatabase)
	case TargetNamedDatabase:
		return DatabaseScope(r.Database)
	case TargetTenant:
		return TenantScope()
	case TargetUsersTenant:
		if p != nil && r.UserTenant == p.Tenant {
			return TenantScope()
		}
		return ServerScope()
	}
	return ServerScope()
}

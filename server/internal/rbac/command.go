package rbac

// Gate is what a command needs before it may run (§6.3).
type Gate uint8

// The gates of the §6.3 table.
const (
	// GatePreAuth: runs without a caller (LOGIN, TOKEN, REFRESH, PING, QUIT).
	GatePreAuth Gate = iota + 1
	// GateAnyCaller: any authenticated caller, no role needed.
	GateAnyCaller
	// GateAnyCallerButPeer: any authenticated caller, except one whose
	// every assignment is cluster_peer; that caller is checked as if the
	// command needed PeerAction on PeerTarget.
	GateAnyCallerButPeer
	// GateAction: Action on Target.
	GateAction
)

// TargetKind says how a command's target scope is built from a Request.
type TargetKind uint8

// The target forms of the §6.3 table.
const (
	// TargetNone: the command has no target.
	TargetNone TargetKind = iota
	// TargetCurrentCollection: Collection(cur, c), from
	// Request.CurrentDatabase and Request.Collection.
	TargetCurrentCollection
	// TargetCurrentDatabase: Database(cur), from Request.CurrentDatabase.
	TargetCurrentDatabase
	// TargetNamedDatabase: Database(name), from Request.Database.
	TargetNamedDatabase
	// TargetTenant: Tenant.
	TargetTenant
	// TargetUsersTenant: Tenant if Request.UserTenant is the caller's
	// tenant, else Server.
	TargetUsersTenant
	// TargetServer: Server.
	TargetServer
)

// Rule is one row of the command → (action, target) table.
type Rule struct {
	// Verb is the command as PROTOCOL.md names it: "INSERT",
	// "CREATE DATABASE", "LIST USERS", "ELECT-WRITER", …
	Verb   string
	Gate   Gate
	Action Action     // GateAction only
	Target TargetKind // GateAction only
	// PeerAction and PeerTarget are the check applied to a peer-only
	// caller under GateAnyCallerButPeer.
	PeerAction Action
	PeerTarget TargetKind
}

func preAuth(verb string) Rule   { return Rule{Verb: verb, Gate: GatePreAuth} }
func anyCaller(verb string) Rule { return Rule{Verb: verb, Gate: GateAnyCaller} }
func needs(verb string, a Action, t TargetKind) Rule {
	return Rule{Verb: verb, Gate: GateAction, Action: a, Target: t}
}
func notPeer(verb string, a Action, t TargetKind) Rule {
	return Rule{Verb: verb, Gate: GateAnyCallerButPeer, PeerAction: a, PeerTarget: t}
}

// commandRules is the §6.3 table (with the §11a verbs), the single place
// that says what each command needs. It is read-only.
var commandRules = []Rule{
	preAuth("LOGIN"),
	preAuth("TOKEN"),
	preAuth("REFRESH"),
	preAuth("PING"),
	preAuth("QUIT"),

	anyCaller("WHOAMI"),
	anyCaller("TOPOLOGY"),
	anyCaller("SNAPSHOT_HLC"),

	notPeer("USE", ActionRead, TargetNamedDatabase),
	notPeer("LIST DATABASES", ActionRead, TargetTenant),

	needs("GET", ActionRead, TargetCurrentCollection),
	needs("SCAN", ActionRead, TargetCurrentCollection),
	needs("QUERY", ActionRead, TargetCurrentCollection),
	needs("QUERYRANGE", ActionRead, TargetCurrentCollection),
	needs("COUNT", ActionRead, TargetCurrentCollection),
	needs("FIND", ActionRead, TargetCurrentCollection),
	needs("STATS", ActionRead, TargetCurrentCollection),
	needs("RESOLVE", ActionRead, TargetCurrentCollection),

	needs("INSERT", ActionWrite, TargetCurrentCollection),
	needs("UPDATE", ActionWrite, TargetCurrentCollection),
	needs("DELETE", ActionWrite, TargetCurrentCollection),
	needs("PUT_WITH_VC", ActionWrite, TargetCurrentCollection),
	needs("INSERTMANY", ActionWrite, TargetCurrentCollection),

	needs("CREATE INDEX", ActionAdmin, TargetCurrentCollection),
	needs("DROP INDEX", ActionAdmin, TargetCurrentCollection),
	needs("LIST INDEXES", ActionAdmin, TargetCurrentCollection),
	needs("COMPACT", ActionAdmin, TargetCurrentCollection),

	needs("CREATE COLLECTION", ActionAdmin, TargetCurrentDatabase),
	needs("DROP COLLECTION", ActionAdmin, TargetCurrentDatabase),
	needs("LIST COLLECTIONS", ActionAdmin, TargetCurrentDatabase),
	needs("FLUSH", ActionAdmin, TargetCurrentDatabase),

	needs("CREATE DATABASE", ActionManageDatabases, TargetNamedDatabase),
	needs("DROP DATABASE", ActionManageDatabases, TargetNamedDatabase),

	needs("CREATE USER", ActionManageUsers, TargetUsersTenant),
	needs("DROP USER", ActionManageUsers, TargetUsersTenant),
	needs("GRANT", ActionManageUsers, TargetUsersTenant),
	needs("REVOKE", ActionManageUsers, TargetUsersTenant),
	needs("LIST USERS", ActionManageUsers, TargetUsersTenant),

	needs("CREATE TENANT", ActionManageServer, TargetServer),
	needs("DROP TENANT", ActionManageServer, TargetServer),
	needs("LIST TENANTS", ActionManageServer, TargetServer),
	needs("ELECT-WRITER", ActionManageServer, TargetServer),
}

// CanonicalVerb maps the verb aliases of §4.2 to their table names
// (`SNAPSHOT-HLC` → `SNAPSHOT_HLC`, `ELECT_WRITER` → `ELECT-WRITER`) and
// returns every other verb unchanged.
func CanonicalVerb(verb string) string {
	switch verb {
	case "SNAPSHOT-HLC":
		return "SNAPSHOT_HLC"
	case "ELECT_WRITER":
		return "ELECT-WRITER"
	}
	return verb
}

// LookupRule returns the rule for verb (an alias is accepted). Verbs are
// matched exactly: the protocol parser hands over the upper-case form.
func LookupRule(verb string) (Rule, bool) {
	verb = CanonicalVerb(verb)
	for _, r := range commandRules {
		if r.Verb == verb {
			return r, true
		}
	}
	return Rule{}, false
}

// Rules returns a copy of the whole table, in PROTOCOL.md order.
func Rules() []Rule {
	return append([]Rule(nil), commandRules...)
}

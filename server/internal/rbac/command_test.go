package rbac

import (
	"errors"
	"testing"
)

// expectedRules is §6.3 (plus §11a) restated for the test, row by row.
var expectedRules = []Rule{
	{Verb: "LOGIN", Gate: GatePreAuth},
	{Verb: "TOKEN", Gate: GatePreAuth},
	{Verb: "REFRESH", Gate: GatePreAuth},
	{Verb: "PING", Gate: GatePreAuth},
	{Verb: "QUIT", Gate: GatePreAuth},
	{Verb: "WHOAMI", Gate: GateAnyCaller},
	{Verb: "TOPOLOGY", Gate: GateAnyCaller},
	{Verb: "SNAPSHOT_HLC", Gate: GateAnyCaller},
	{Verb: "USE", Gate: GateAnyCallerButPeer, PeerAction: ActionRead, PeerTarget: TargetNamedDatabase},
	{Verb: "LIST DATABASES", Gate: GateAnyCallerButPeer, PeerAction: ActionRead, PeerTarget: TargetTenant},
	{Verb: "GET", Gate: GateAction, Action: ActionRead, Target: TargetCurrentCollection},
	{Verb: "SCAN", Gate: GateAction, Action: ActionRead, Target: TargetCurrentCollection},
	{Verb: "QUERY", Gate: GateAction, Action: ActionRead, Target: TargetCurrentCollection},
	{Verb: "QUERYRANGE", Gate: GateAction, Action: ActionRead, Target: TargetCurrentCollection},
	{Verb: "COUNT", Gate: GateAction, Action: ActionRead, Target: TargetCurrentCollection},
	{Verb: "FIND", Gate: GateAction, Action: ActionRead, Target: TargetCurrentCollection},
	{Verb: "STATS", Gate: GateAction, Action: ActionRead, Target: TargetCurrentCollection},
	{Verb: "RESOLVE", Gate: GateAction, Action: ActionRead, Target: TargetCurrentCollection},
	{Verb: "INSERT", Gate: GateAction, Action: ActionWrite, Target: TargetCurrentCollection},
	{Verb: "UPDATE", Gate: GateAction, Action: ActionWrite, Target: TargetCurrentCollection},
	{Verb: "DELETE", Gate: GateAction, Action: ActionWrite, Target: TargetCurrentCollection},
	{Verb: "PUT_WITH_VC", Gate: GateAction, Action: ActionWrite, Target: TargetCurrentCollection},
	{Verb: "INSERTMANY", Gate: GateAction, Action: ActionWrite, Target: TargetCurrentCollection},
	{Verb: "CREATE INDEX", Gate: GateAction, Action: ActionAdmin, Target: TargetCurrentCollection},
	{Verb: "DROP INDEX", Gate: GateAction, Action: ActionAdmin, Target: TargetCurrentCollection},
	{Verb: "LIST INDEXES", Gate: GateAction, Action: ActionAdmin, Target: TargetCurrentCollection},
	{Verb: "COMPACT", Gate: GateAction, Action: ActionAdmin, Target: TargetCurrentCollection},
	{Verb: "CREATE COLLECTION", Gate: GateAction, Action: ActionAdmin, Target: TargetCurrentDatabase},
	{Verb: "DROP COLLECTION", Gate: GateAction, Action: ActionAdmin, Target: TargetCurrentDatabase},
	{Verb: "LIST COLLECTIONS", Gate: GateAction, Action: ActionAdmin, Target: TargetCurrentDatabase},
	{Verb: "FLUSH", Gate: GateAction, Action: ActionAdmin, Target: TargetCurrentDatabase},
	{Verb: "CREATE DATABASE", Gate: GateAction, Action: ActionManageDatabases, Target: TargetNamedDatabase},
	{Verb: "DROP DATABASE", Gate: GateAction, Action: ActionManageDatabases, Target: TargetNamedDatabase},
	{Verb: "CREATE USER", Gate: GateAction, Action: ActionManageUsers, Target: TargetUsersTenant},
	{Verb: "DROP USER", Gate: GateAction, Action: ActionManageUsers, Target: TargetUsersTenant},
	{Verb: "GRANT", Gate: GateAction, Action: ActionManageUsers, Target: TargetUsersTenant},
	{Verb: "REVOKE", Gate: GateAction, Action: ActionManageUsers, Target: TargetUsersTenant},
	{Verb: "LIST USERS", Gate: GateAction, Action: ActionManageUsers, Target: TargetUsersTenant},
	{Verb: "CREATE TENANT", Gate: GateAction, Action: ActionManageServer, Target: TargetServer},
	{Verb: "DROP TENANT", Gate: GateAction, Action: ActionManageServer, Target: TargetServer},
	{Verb: "LIST TENANTS", Gate: GateAction, Action: ActionManageServer, Target: TargetServer},
	{Verb: "ELECT-WRITER", Gate: GateAction, Action: ActionManageServer, Target: TargetServer},
}

func TestCommandTableMatchesSpec(t *testing.T) {
	got := Rules()
	if len(got) != len(expectedRules) {
		t.Fatalf("table has %d rows, spec %d", len(got), len(expectedRules))
	}
	for i, want := range expectedRules {
		if got[i] != want {
			t.Errorf("row %d = %+v, want %+v", i, got[i], want)
		}
		r, ok := LookupRule(want.Verb)
		if !ok || r != want {
			t.Errorf("LookupRule(%q) = %+v, %v", want.Verb, r, ok)
		}
	}
	for alias, canon := range map[string]string{"SNAPSHOT-HLC": "SNAPSHOT_HLC", "ELECT_WRITER": "ELECT-WRITER"} {
		r, ok := LookupRule(alias)
		if !ok || r.Verb != canon {
			t.Errorf("alias %s = %+v, %v", alias, r, ok)
		}
	}
	for _, bad := range []string{"", "insert", "QUERY_RANGE", "AUTH", "CREATE", "LIST DATABASE"} {
		if _, ok := LookupRule(bad); ok {
			t.Errorf("LookupRule(%q) found a rule", bad)
		}
		if err := Authorize(&Principal{}, Request{Verb: bad}); !errors.Is(err, ErrUnknownCommand) {
			t.Errorf("Authorize(%q) = %v, want ErrUnknownCommand", bad, err)
		}
	}
	// Rules returns a copy.
	Rules()[0].Verb = "X"
	if Rules()[0].Verb != "LOGIN" {
		t.Fatal("Rules exposes the table")
	}
}

// fullRequest fills every field, so each rule picks what it needs.
func fullRequest(verb string) Request {
	return Request{Verb: verb, CurrentDatabase: "cur", Collection: "c", Database: "named", UserTenant: "acme"}
}

// exactTarget is the scope each row must check for fullRequest, with a
// caller in tenant "acme".
func exactTarget(k TargetKind) Scope {
	switch k {
	case TargetCurrentCollection:
		return CollectionScope("cur", "c")
	case TargetCurrentDatabase:
		return DatabaseScope("cur")
	case TargetNamedDatabase:
		return DatabaseScope("named")
	case TargetTenant, TargetUsersTenant:
		return TenantScope()
	}
	return ServerScope()
}

// roleFor is the weakest role permitting a.
func roleFor(a Action) Role {
	switch a {
	case ActionRead:
		return RoleReadOnly
	case ActionWrite:
		return RoleReadWrite
	case ActionAdmin:
		return RoleDBAdmin
	case ActionManageUsers, ActionManageDatabases:
		return RoleTenantAdmin
	case ActionManageServer:
		return RoleServerAdmin
	}
	return RoleClusterPeer
}

func TestAuthorizeEveryRow(t *testing.T) {
	for _, rule := range expectedRules {
		t.Run(rule.Verb, func(t *testing.T) {
			req := fullRequest(rule.Verb)
			roleless := &Principal{Subject: "nobody", Tenant: "acme"}
			peer := &Principal{Subject: "_cluster/local-bootstrap", Tenant: "_system",
				Assignments: []Assignment{{RoleClusterPeer, ServerScope()}}}
			switch rule.Gate {
			case GatePreAuth:
				if err := Authorize(nil, req); err != nil {
					t.Fatalf("pre-auth with no caller: %v", err)
				}
			case GateAnyCaller:
				if err := Authorize(nil, req); err != ErrNotAuthenticated {
					t.Fatalf("no caller: %v, want not authenticated", err)
				}
				for _, p := range []*Principal{roleless, peer} {
					if err := Authorize(p, req); err != nil {
						t.Fatalf("%s: %v, want allowed", p.Subject, err)
					}
				}
			case GateAnyCallerButPeer:
				if err := Authorize(nil, req); err != ErrNotAuthenticated {
					t.Fatalf("no caller: %v, want not authenticated", err)
				}
				if err := Authorize(roleless, req); err != nil {
					t.Fatalf("roleless caller: %v, want allowed", err)
				}
				want := "access denied: Read on " + exactTarget(rule.PeerTarget).String() + " denied for user '_cluster/local-bootstrap'"
				if err := Authorize(peer, req); err == nil || err.Error() != want {
					t.Fatalf("peer-only caller: %v, want %q", err, want)
				}
				mixed := &Principal{Subject: "m", Tenant: "acme", Assignments: []Assignment{
					{RoleClusterPeer, ServerScope()}, {RoleReadOnly, CollectionScope("zz", "zz")}}}
				if err := Authorize(mixed, req); err != nil {
					t.Fatalf("peer plus another role: %v, want allowed", err)
				}
			case GateAction:
				if err := Authorize(nil, req); err != ErrNotAuthenticated {
					t.Fatalf("no caller: %v, want not authenticated", err)
				}
				target := exactTarget(rule.Target)
				role := roleFor(rule.Action)
				ok := &Principal{Subject: "alice", Tenant: "acme", Assignments: []Assignment{{role, target}}}
				if err := Authorize(ok, req); err != nil {
					t.Fatalf("%s on %v: %v, want allowed", role, target, err)
				}
				want := "access denied: " + rule.Action.String() + " on " + target.String() + " denied for user 'alice'"
				for _, p := range []*Principal{
					{Subject: "alice", Tenant: "acme"},
					{Subject: "alice", Tenant: "acme", Assignments: []Assignment{{RoleClusterPeer, ServerScope()}}},
					{Subject: "alice", Tenant: "acme", Assignments: []Assignment{{role, CollectionScope("other", "other")}}},
				} {
					err := Authorize(p, req)
					if !errors.Is(err, ErrAccessDenied) || err.Error() != want {
						t.Fatalf("%v: %v, want %q", p.Assignments, err, want)
					}
				}
				if got, has := rule.TargetFor(ok, req); !has || got != target {
					t.Fatalf("TargetFor = %v, %v; want %v", got, has, target)
				}
				// A role one step weaker is refused (the matrix is strict).
				if weaker := weakerThan(role); weaker != "" {
					p := &Principal{Subject: "alice", Tenant: "acme", Assignments: []Assignment{{weaker, ServerScope()}}}
					if err := Authorize(p, req); !errors.Is(err, ErrAccessDenied) {
						t.Fatalf("%s on Server: %v, want denied", weaker, err)
					}
				}
			}
		})
	}
}

func weakerThan(r Role) Role {
	switch r {
	case RoleServerAdmin:
		return RoleTenantAdmin
	case RoleTenantAdmin:
		return RoleDBAdmin
	case RoleDBAdmin:
		return RoleReadWrite
	case RoleReadWrite:
		return RoleReadOnly
	}
	return ""
}

func TestAuthorizeSpecExamples(t *testing.T) {
	alice := &Principal{Subject: "alice", Tenant: "acme", Assignments: []Assignment{{RoleReadWrite, DatabaseScope("demo")}}}
	err := Authorize(alice, Request{Verb: "INSERT", CurrentDatabase: "", Collection: "docs"})
	if want := `access denied: Write on Collection { database: "", collection: "docs" } denied for user 'alice'`; err == nil || err.Error() != want {
		t.Fatalf("no USE: %v, want %q", err, want)
	}
	if err := Authorize(alice, Request{Verb: "INSERT", CurrentDatabase: "demo", Collection: "docs"}); err != nil {
		t.Fatalf("with USE demo: %v", err)
	}
	ro := &Principal{Subject: "alice", Tenant: "acme", Assignments: []Assignment{{RoleReadOnly, DatabaseScope("demo")}}}
	if err := Authorize(ro, Request{Verb: "COUNT", CurrentDatabase: "demo", Collection: "docs"}); err != nil {
		t.Fatalf("read_only COUNT: %v", err)
	}
	err = Authorize(ro, Request{Verb: "INSERT", CurrentDatabase: "demo", Collection: "docs"})
	if want := `access denied: Write on Collection { database: "demo", collection: "docs" } denied for user 'alice'`; err == nil || err.Error() != want {
		t.Fatalf("read_only INSERT: %v", err)
	}
	// server_admin passes authorisation with no database selected.
	admin := &Principal{Subject: "admin", Tenant: "_system", Assignments: []Assignment{{RoleServerAdmin, ServerScope()}}}
	if err := Authorize(admin, Request{Verb: "INSERT", Collection: "docs"}); err != nil {
		t.Fatalf("server_admin without USE: %v", err)
	}
	// Prefixed commands pass the inner verb; aliases work.
	if err := Authorize(admin, Request{Verb: "ELECT_WRITER"}); err != nil {
		t.Fatalf("ELECT_WRITER alias: %v", err)
	}
	// tenant_admin on Tenant manages its own tenant's users only.
	ta := &Principal{Subject: "boss", Tenant: "acme", Assignments: []Assignment{{RoleTenantAdmin, TenantScope()}}}
	if err := Authorize(ta, Request{Verb: "CREATE USER", UserTenant: "acme"}); err != nil {
		t.Fatalf("own tenant: %v", err)
	}
	err = Authorize(ta, Request{Verb: "LIST USERS", UserTenant: "other"})
	if want := `access denied: ManageUsers on Server denied for user 'boss'`; err == nil || err.Error() != want {
		t.Fatalf("other tenant: %v, want %q", err, want)
	}
	if err := Authorize(ta, Request{Verb: "LIST TENANTS"}); err == nil || err.Error() != `access denied: ManageServer on Server denied for user 'boss'` {
		t.Fatalf("tenant_admin LIST TENANTS: %v", err)
	}
	// USE's creation check is ManageDatabases on Database(name).
	if !ta.Allowed(ActionManageDatabases, DatabaseScope("new")) || ro.Allowed(ActionManageDatabases, DatabaseScope("demo")) {
		t.Fatal("USE creation check wrong")
	}
	var nilP *Principal
	if nilP.Allowed(ActionRead, ServerScope()) || nilP.Check(ActionRead, ServerScope()) != ErrNotAuthenticated {
		t.Fatal("nil principal must be refused")
	}
	if nilP.PeerOnly() || nilP.IsServerAdmin() {
		t.Fatal("nil principal holds nothing")
	}
}

package rbac

import (
	"errors"
	"testing"
)

// matrix is §6.1 written out cell by cell, independent of role.go.
var matrix = map[Role]map[Action]bool{
	RoleServerAdmin: {ActionRead: true, ActionWrite: true, ActionAdmin: true, ActionManageUsers: true, ActionManageDatabases: true, ActionManageServer: true},
	RoleTenantAdmin: {ActionRead: true, ActionWrite: true, ActionAdmin: true, ActionManageUsers: true, ActionManageDatabases: true},
	RoleDBAdmin:     {ActionRead: true, ActionWrite: true, ActionAdmin: true},
	RoleReadWrite:   {ActionRead: true, ActionWrite: true},
	RoleReadOnly:    {ActionRead: true},
	RoleClusterPeer: {ActionReplicationPeer: true},
}

func TestRolePermitsEveryCell(t *testing.T) {
	if len(Roles()) != 6 || len(Actions()) != 7 {
		t.Fatalf("Roles()=%d Actions()=%d, want 6 and 7", len(Roles()), len(Actions()))
	}
	for _, r := range Roles() {
		for _, a := range Actions() {
			t.Run(string(r)+"/"+a.String(), func(t *testing.T) {
				if got, want := r.Permits(a), matrix[r][a]; got != want {
					t.Fatalf("%s.Permits(%s) = %v, want %v", r, a, got, want)
				}
			})
		}
	}
}

// commandFor picks one command per action to exercise each matrix cell
// through Authorize, as the conformance list asks.
var commandFor = map[Action]Request{
	ActionRead:            {Verb: "COUNT", CurrentDatabase: "demo", Collection: "docs"},
	ActionWrite:           {Verb: "INSERT", CurrentDatabase: "demo", Collection: "docs"},
	ActionAdmin:           {Verb: "CREATE INDEX", CurrentDatabase: "demo", Collection: "docs"},
	ActionManageUsers:     {Verb: "CREATE USER", UserTenant: "acme"},
	ActionManageDatabases: {Verb: "CREATE DATABASE", Database: "demo"},
	ActionManageServer:    {Verb: "CREATE TENANT"},
}

func TestRoleMatrixThroughCommands(t *testing.T) {
	for _, r := range Roles() {
		for a, req := range commandFor {
			t.Run(string(r)+"/"+a.String(), func(t *testing.T) {
				p := &Principal{Subject: "u", Tenant: "acme", Assignments: []Assignment{{r, ServerScope()}}}
				err := Authorize(p, req)
				if matrix[r][a] {
					if err != nil {
						t.Fatalf("%s %s: %v, want allowed", r, req.Verb, err)
					}
					return
				}
				if !errors.Is(err, ErrAccessDenied) {
					t.Fatalf("%s %s: %v, want access denied", r, req.Verb, err)
				}
			})
		}
	}
}

func TestParseRole(t *testing.T) {
	for _, r := range Roles() {
		got, err := ParseRole(string(r))
		if err != nil || got != r {
			t.Fatalf("ParseRole(%q) = %q, %v", r, got, err)
		}
	}
	for _, bad := range []string{"", "Server_Admin", "SERVER_ADMIN", "admin", "read-only", " read_only", "read_only "} {
		_, err := ParseRole(bad)
		if !errors.Is(err, ErrUnknownRole) {
			t.Fatalf("ParseRole(%q) err = %v, want ErrUnknownRole", bad, err)
		}
		if want := "unknown role: " + bad; err.Error() != want {
			t.Fatalf("ParseRole(%q) text = %q, want %q", bad, err.Error(), want)
		}
	}
}

func TestDominates(t *testing.T) {
	dominated := map[Role][]Role{
		RoleServerAdmin: {RoleServerAdmin, RoleTenantAdmin, RoleDBAdmin, RoleReadWrite, RoleReadOnly},
		RoleTenantAdmin: {RoleTenantAdmin, RoleDBAdmin, RoleReadWrite, RoleReadOnly},
		RoleDBAdmin:     {RoleDBAdmin, RoleReadWrite, RoleReadOnly},
		RoleReadWrite:   {RoleReadWrite, RoleReadOnly},
		RoleReadOnly:    {RoleReadOnly},
		RoleClusterPeer: {RoleClusterPeer},
	}
	for _, a := range Roles() {
		for _, b := range Roles() {
			want := false
			for _, d := range dominated[a] {
				want = want || d == b
			}
			if got := a.Dominates(b); got != want {
				t.Errorf("%s.Dominates(%s) = %v, want %v", a, b, got, want)
			}
		}
	}
	if Role("").Dominates(RoleReadOnly) || RoleServerAdmin.Dominates(Role("x")) {
		t.Fatal("invalid roles must not take part in domination")
	}
}

func TestActionString(t *testing.T) {
	want := []string{"Read", "Write", "Admin", "ManageUsers", "ManageDatabases", "ManageServer", "ReplicationPeer"}
	for i, a := range Actions() {
		if a.String() != want[i] {
			t.Fatalf("Action %d renders %q, want %q", a, a.String(), want[i])
		}
	}
	if Action(0).String() != "Action(?)" {
		t.Fatalf("zero action renders %q", Action(0).String())
	}
}

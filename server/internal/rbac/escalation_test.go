package rbac

import (
	"errors"
	"testing"
)

func TestCanGrantAndRevoke(t *testing.T) {
	serverAdmin := &Principal{Subject: "admin", Tenant: "_system", Assignments: []Assignment{{RoleServerAdmin, ServerScope()}}}
	tenantAdmin := &Principal{Subject: "boss", Tenant: "acme", Assignments: []Assignment{{RoleTenantAdmin, TenantScope()}}}
	// server_admin on a narrower scope is not exempt.
	narrowAdmin := &Principal{Subject: "na", Tenant: "acme", Assignments: []Assignment{{RoleServerAdmin, TenantScope()}}}
	dbAdmin := &Principal{Subject: "dba", Tenant: "acme", Assignments: []Assignment{
		{RoleDBAdmin, DatabaseScope("demo")}, {RoleReadOnly, TenantScope()}}}
	cases := []struct {
		p     *Principal
		role  Role
		scope Scope
		ok    bool
	}{
		{serverAdmin, RoleServerAdmin, ServerScope(), true},
		{serverAdmin, RoleClusterPeer, ServerScope(), true}, // exempt, although server_admin does not dominate cluster_peer
		{tenantAdmin, RoleTenantAdmin, TenantScope(), true},
		{tenantAdmin, RoleReadOnly, CollectionScope("d", "c"), true},
		{tenantAdmin, RoleServerAdmin, TenantScope(), false},
		{tenantAdmin, RoleClusterPeer, TenantScope(), false},
		{tenantAdmin, RoleReadOnly, ServerScope(), false},
		{narrowAdmin, RoleServerAdmin, TenantScope(), true},
		{narrowAdmin, RoleServerAdmin, ServerScope(), false},
		{narrowAdmin, RoleClusterPeer, TenantScope(), false},
		{dbAdmin, RoleReadWrite, DatabaseScope("demo"), true},
		{dbAdmin, RoleDBAdmin, CollectionScope("demo", "x"), true},
		{dbAdmin, RoleDBAdmin, DatabaseScope("other"), false},
		{dbAdmin, RoleReadOnly, DatabaseScope("other"), true}, // read_only on Tenant covers it
		{dbAdmin, RoleReadWrite, DatabaseScope("other"), false},
		{dbAdmin, RoleTenantAdmin, DatabaseScope("demo"), false},
		{&Principal{Subject: "none", Tenant: "acme"}, RoleReadOnly, CollectionScope("a", "b"), false},
	}
	for _, c := range cases {
		for _, verb := range []string{"grant", "revoke"} {
			check := c.p.CanGrant
			if verb == "revoke" {
				check = c.p.CanRevoke
			}
			err := check(c.role, c.scope)
			if c.ok {
				if err != nil {
					t.Errorf("%s %s %s on %v: %v, want allowed", c.p.Subject, verb, c.role, c.scope, err)
				}
				continue
			}
			want := "access denied: cannot " + verb + " " + string(c.role) + " on " + c.scope.String() +
				": exceeds privileges of user '" + c.p.Subject + "'"
			if !errors.Is(err, ErrAccessDenied) || err.Error() != want {
				t.Errorf("%s %s %s on %v: %v, want %q", c.p.Subject, verb, c.role, c.scope, err, want)
			}
		}
	}
	var nilP *Principal
	if nilP.CanGrant(RoleReadOnly, TenantScope()) != ErrNotAuthenticated || nilP.CanDropUser("t", "u", nil) != ErrNotAuthenticated {
		t.Fatal("nil principal must be not authenticated")
	}
}

func TestCanDropUser(t *testing.T) {
	tenantAdmin := &Principal{Subject: "boss", Tenant: "acme", Assignments: []Assignment{{RoleTenantAdmin, TenantScope()}}}
	serverAdmin := &Principal{Subject: "admin", Tenant: "_system", Assignments: []Assignment{{RoleServerAdmin, ServerScope()}}}
	victims := []struct {
		roles     []Assignment
		taMayDrop bool
	}{
		{nil, true},
		{[]Assignment{{RoleReadOnly, DatabaseScope("d")}, {RoleTenantAdmin, TenantScope()}}, true},
		{[]Assignment{{RoleReadOnly, DatabaseScope("d")}, {RoleServerAdmin, ServerScope()}}, false},
		{[]Assignment{{RoleClusterPeer, ServerScope()}}, false},
		{[]Assignment{{RoleReadOnly, ServerScope()}}, false},
	}
	for i, v := range victims {
		err := tenantAdmin.CanDropUser("acme", "bob", v.roles)
		if v.taMayDrop {
			if err != nil {
				t.Errorf("victim %d: %v, want allowed", i, err)
			}
		} else if want := "access denied: cannot drop user acme/bob: exceeds privileges of user 'boss'"; err == nil || err.Error() != want || !errors.Is(err, ErrAccessDenied) {
			t.Errorf("victim %d: %v, want %q", i, err, want)
		}
		if err := serverAdmin.CanDropUser("acme", "bob", v.roles); err != nil {
			t.Errorf("server_admin dropping victim %d: %v", i, err)
		}
	}
}

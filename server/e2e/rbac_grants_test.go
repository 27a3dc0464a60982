package e2e

import (
	. "github.com/grumpydb/grumpydb/server/internal/servertest"
	"strings"
	"testing"
)

// rbacResourceNotation grants one role on each §6.5 resource form, with
// and without a current database, and reads the scopes back through
// WHOAMI of a new login (and LIST USERS).
func rbacResourceNotation(t *testing.T, f *rbacFixture) {
	adm := f.login(t, "admin") // no database selected
	adm.Must("CREATE USER sc pw-sc", "+OK")
	type grant struct{ resource, scope string }
	noUse := []grant{
		{"@acme", "Tenant"},
		{"@", "Tenant"},
		{"users:mydb", authColl("mydb", "users")},
		{"users:mydb@acme", authColl("mydb", "users")},
		{"mydb", authDB("mydb")},
		{"mydb@acme", authDB("mydb")},
		{"a:b:c", authColl("b:c", "a")},
	}
	withUse := []grant{
		{"mydb", authColl("demo", "mydb")},
		{"mydb@acme", authColl("demo", "mydb")},
		{"users:mydb", authColl("mydb", "users")},
		{"@acme", "Tenant"},
		{"x@y@acme", authColl("demo", "x@y")},
		{`q"x\y`, `Collection { database: "demo", collection: "q\"x\\y" }`},
	}
	var want []string
	for _, g := range noUse {
		adm.Must("GRANT read_only ON "+g.resource+" TO sc", "+OK")
		want = append(want, "read_only:"+g.scope)
	}
	adm.Must("USE demo", "+OK")
	for _, g := range withUse {
		adm.Must("GRANT read_only ON "+g.resource+" TO sc", "+OK")
		want = append(want, "read_only:"+g.scope)
	}
	c := f.login(t, "sc")
	c.Must("WHOAMI", "+USER sc TENANT _system ROLES "+strings.Join(want, ","))
	roleNames := strings.TrimSuffix(strings.Repeat("read_only,", len(want)), ",")
	got := adm.Do("LIST USERS")
	contains(t, "LIST USERS", got, Bulk("sc@_system:"+roleNames))

	// REVOKE removes every equal (role, scope), however the resource is written.
	adm.Must("REVOKE read_only ON @ FROM sc", "+OK")    // both Tenant grants
	adm.Must("REVOKE read_only ON mydb FROM sc", "+OK") // with USE: Collection(demo, mydb), both
	adm.Must("REVOKE read_only ON nothing FROM sc", "+OK")
	var left []string
	for _, w := range want {
		if w != "read_only:Tenant" && w != "read_only:"+authColl("demo", "mydb") {
			left = append(left, w)
		}
	}
	d := f.p.dial(t)
	authLogin(t, d, "_system", "sc", "pw-sc")
	d.Must("WHOAMI", "+USER sc TENANT _system ROLES "+strings.Join(left, ","))
}

// rbacScopeCoverage checks §6.2 for Database, AllDatabases-free Tenant and
// Collection scopes through their effects.
func rbacScopeCoverage(t *testing.T, f *rbacFixture) {
	// db_admin on Database(demo): admin within demo, nothing elsewhere.
	d := f.login(t, "dbad")
	d.Must("USE demo", "+OK")
	d.Must("CREATE COLLECTION tmp", "+OK")
	d.Must("LIST COLLECTIONS", Array("docs", "tmp"))
	d.Must("CREATE INDEX tmp by_v v", "+OK")
	d.Must("DROP COLLECTION tmp", "+OK")
	d.Must("CREATE DATABASE x", authDenied("ManageDatabases", authDB("x"), "dbad"))
	d.Must("DROP DATABASE demo", authDenied("ManageDatabases", authDB("demo"), "dbad"))
	d.Must("USE newdb", "-ERR database not found: newdb")
	d.Must("USE demo2", "+OK")
	d.Must("COUNT docs", authDenied("Read", authColl("demo2", "docs"), "dbad"))
	d.Must("LIST COLLECTIONS", authDenied("Admin", authDB("demo2"), "dbad"))

	// read_only on Collection(demo, users): that collection only.
	u := f.login(t, "colu")
	u.Must("WHOAMI", "+USER colu TENANT _system ROLES read_only:"+authColl("demo", "users"))
	u.Must("USE demo", "+OK")
	u.Must("COUNT users", "-ERR collection not found: users")
	u.Must("COUNT docs", authDenied("Read", authColl("demo", "docs"), "colu"))
	u.Must("INSERT users "+u2+" {}", authDenied("Write", authColl("demo", "users"), "colu"))
	u.Must("LIST COLLECTIONS", authDenied("Admin", authDB("demo"), "colu"))
	u.Must("USE demo2", "+OK")
	u.Must("COUNT users", authDenied("Read", authColl("demo2", "users"), "colu"))

	// tenant_admin on Tenant creates databases through USE.
	a := f.login(t, "ta")
	a.Must("USE tadb", "+OK")
	a.Must("LIST COLLECTIONS", "*0")
	a.Must("DROP DATABASE tadb", "+OK")
}

// rbacGrantErrors: unknown roles and missing grantees, in their check order.
func rbacGrantErrors(t *testing.T, f *rbacFixture) {
	adm := f.login(t, "admin")
	for _, tc := range []struct{ line, want string }{
		{"GRANT superuser ON demo TO alice", "-ERR unknown role: superuser"},
		{"GRANT Read_Only ON demo TO alice", "-ERR unknown role: Read_Only"},
		{"GRANT READ_ONLY ON demo TO alice", "-ERR unknown role: READ_ONLY"},
		{"REVOKE superuser ON demo FROM alice", "-ERR unknown role: superuser"},
		{"GRANT superuser ON demo TO ghost", "-ERR unknown role: superuser"},
		{"GRANT read_only ON demo TO ghost", "-ERR user not found: ghost"},
		{"GRANT read_only ON demo TO ghost@acme", "-ERR user not found: ghost@acme"},
		{"GRANT read_only ON demo TO alice@acme", "-ERR user not found: alice@acme"},
		{"REVOKE read_only ON demo FROM ghost", "-ERR user not found: ghost"},
		{"REVOKE read_only ON demo FROM ghost@x@y", "-ERR user not found: ghost@x@y"},
		{"DROP USER ghost", "-ERR user not found: _system/ghost"},
		{"DROP USER ghost@acme", "-ERR user not found: acme/ghost"},
		{"grant read_only on demo to ghost", "-ERR user not found: ghost"},
	} {
		adm.Must(tc.line, tc.want)
	}
	// None of these changed alice.
	contains(t, "LIST USERS", adm.Do("LIST USERS"), Bulk("alice@_system:read_only"))
}

// rbacReadOnlyOnDemo: GRANT read_only ON demo TO alice (no database
// selected ⇒ Database(demo)): alice reads demo, writes nothing.
func rbacReadOnlyOnDemo(t *testing.T, f *rbacFixture) {
	adm := f.p.admin(t)
	adm.Must("CREATE USER alice2 pw-alice2", "+OK")
	adm.Must("GRANT read_only ON demo TO alice2", "+OK")
	a := f.p.dial(t)
	authLogin(t, a, "_system", "alice2", "pw-alice2")
	a.Must("WHOAMI", "+USER alice2 TENANT _system ROLES read_only:"+authDB("demo"))
	a.Must("USE demo", "+OK")
	a.Must("COUNT docs", ":1")
	a.Must("GET docs "+u1, Bulk(`{"v":1}`))
	a.Must("SCAN docs", Array(u1+` {"v":1}`))
	a.Must("INSERT docs "+u2+" {}", authDenied("Write", authColl("demo", "docs"), "alice2"))
	a.Must("DELETE docs "+u1, authDenied("Write", authColl("demo", "docs"), "alice2"))
	a.Must("CREATE COLLECTION c", authDenied("Admin", authDB("demo"), "alice2"))
	a.Must("USE demo2", "+OK")
	a.Must("COUNT docs", authDenied("Read", authColl("demo2", "docs"), "alice2"))
}

// rbacTenantAdmin: tenant_admin on @acme manages acme only and cannot
// escalate (§6.4).
func rbacTenantAdmin(t *testing.T, f *rbacFixture) {
	adm := f.login(t, "admin")
	adm.Must("CREATE TENANT acme", "+OK")
	adm.Must("CREATE USER root@acme pw-root", "+OK")
	adm.Must("GRANT tenant_admin ON @acme TO root@acme", "+OK")
	adm.Must("CREATE USER boss@acme pw-boss", "+OK")
	adm.Must("GRANT server_admin ON @acme TO boss@acme", "+OK")

	r := f.p.dial(t)
	authLogin(t, r, "acme", "root", "pw-root")
	r.Must("WHOAMI", "+USER root TENANT acme ROLES tenant_admin:Tenant")
	exceeds := func(verb, role, scope string) string {
		return "-ERR access denied: cannot " + verb + " " + role + " on " + scope + ": exceeds privileges of user 'root'"
	}
	for _, tc := range []struct{ line, want string }{
		{"CREATE USER bob pw-bob", "+OK"},
		{"CREATE USER bob other", "-ERR user already exists: acme/bob"},
		{"GRANT read_write ON @acme TO bob", "+OK"},
		{"GRANT db_admin ON shop TO bob", "+OK"},
		{"GRANT tenant_admin ON @ TO bob@acme", "+OK"},
		{"GRANT read_only ON @_system TO bob", "+OK"}, // the resource's tenant is ignored: Tenant of acme
		{"LIST USERS", Array("bob@acme:read_write,db_admin,tenant_admin,read_only", "boss@acme:server_admin", "root@acme:tenant_admin")},
		{"LIST USERS @acme", Array("bob@acme:read_write,db_admin,tenant_admin,read_only", "boss@acme:server_admin", "root@acme:tenant_admin")},
		// Other tenants are Server targets.
		{"LIST USERS _system", authDenied("ManageUsers", "Server", "root")},
		{"CREATE USER eve@_system pw", authDenied("ManageUsers", "Server", "root")},
		{"DROP USER admin@_system", authDenied("ManageUsers", "Server", "root")},
		{"GRANT read_only ON demo TO alice@_system", authDenied("ManageUsers", "Server", "root")},
		{"REVOKE read_only ON demo FROM alice@_system", authDenied("ManageUsers", "Server", "root")},
		{"LIST TENANTS", authDenied("ManageServer", "Server", "root")},
		{"CREATE TENANT other", authDenied("ManageServer", "Server", "root")},
		{"DROP TENANT acme", authDenied("ManageServer", "Server", "root")},
		// No escalation.
		{"GRANT server_admin ON @acme TO bob", exceeds("grant", "server_admin", "Tenant")},
		{"GRANT cluster_peer ON @acme TO bob", exceeds("grant", "cluster_peer", "Tenant")},
		{"GRANT server_admin ON shop TO bob", exceeds("grant", "server_admin", authDB("shop"))},
		{"REVOKE server_admin ON @acme FROM boss", exceeds("revoke", "server_admin", "Tenant")},
		{"GRANT server_admin ON @acme TO ghost", exceeds("grant", "server_admin", "Tenant")},
		{"GRANT nosuch ON @acme TO ghost", "-ERR unknown role: nosuch"},
		{"GRANT read_only ON @acme TO ghost", "-ERR user not found: ghost"},
		{"DROP USER boss", "-ERR access denied: cannot drop user acme/boss: exceeds privileges of user 'root'"},
		{"DROP USER ghost", "-ERR user not found: acme/ghost"},
		// Its own tenant's data and databases.
		{"USE shop", "+OK"},
		{"CREATE COLLECTION items", "+OK"},
		{"INSERT items " + u1 + " {}", "+OK"},
		{"COUNT items", ":1"},
		{"LIST DATABASES", Array("shop")},
		{"USE demo", "+OK"}, // acme's own demo, created here
		{"LIST COLLECTIONS", "*0"},
		{"REVOKE tenant_admin ON @acme FROM bob", "+OK"},
		{"DROP USER bob", "+OK"},
		{"LIST USERS", Array("boss@acme:server_admin", "root@acme:tenant_admin")},
	} {
		r.Must(tc.line, tc.want)
	}
	// The admin's view: boss kept its role, _system untouched.
	adm.Must("LIST USERS acme", Array("boss@acme:server_admin", "root@acme:tenant_admin"))
	adm.Must("LIST DATABASES", Array("demo", "demo2"))
	// server_admin on a Tenant scope is not exempt from §6.4 and reaches
	// no Server target.
	b := f.p.dial(t)
	authLogin(t, b, "acme", "boss", "pw-boss")
	b.Must("WHOAMI", "+USER boss TENANT acme ROLES server_admin:Tenant")
	b.Must("LIST TENANTS", authDenied("ManageServer", "Server", "boss"))
	b.Must("LIST USERS _system", authDenied("ManageUsers", "Server", "boss"))
	b.Must("GRANT cluster_peer ON @acme TO root", "-ERR access denied: cannot grant cluster_peer on Tenant: exceeds privileges of user 'boss'")
	b.Must("GRANT server_admin ON @acme TO root", "+OK")
	b.Must("REVOKE server_admin ON @acme FROM root", "+OK")
	b.Must("CREATE USER tmp pw-tmp", "+OK")
	b.Must("GRANT server_admin ON shop TO tmp", "+OK")
	b.Must("DROP USER tmp", "+OK")
	b.Must("LIST USERS", Array("boss@acme:server_admin", "root@acme:tenant_admin"))
	// tenant_admin in _system cannot drop the server admin either.
	ta := f.login(t, "ta")
	ta.Must("DROP USER admin", "-ERR access denied: cannot drop user _system/admin: exceeds privileges of user 'ta'")
	ta.Must("GRANT server_admin ON @_system TO ro", "-ERR access denied: cannot grant server_admin on Tenant: exceeds privileges of user 'ta'")
	ta.Must("GRANT read_only ON @_system TO nobody", "+OK")
	ta.Must("REVOKE read_only ON @_system FROM nobody", "+OK")
}

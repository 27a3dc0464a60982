package e2e

import (
	. "github.com/grumpydb/grumpydb/server/internal/servertest"
	"testing"
)

// rbacCommandTargets runs every command of the §6.3 table as a caller
// with no roles (database demo selected) and checks the action and target
// each denial names.
func rbacCommandTargets(t *testing.T, f *rbacFixture) {
	c := f.login(t, "nobody")
	c.Must("USE demo", "+OK")
	docs, demo := authColl("demo", "docs"), authDB("demo")
	for _, tc := range []struct{ line, action, scope string }{
		{"GET docs " + u1, "Read", docs},
		{"SCAN docs", "Read", docs},
		{"QUERY docs by_v 1", "Read", docs},
		{"QUERYRANGE docs by_v 0 9", "Read", docs},
		{"COUNT docs", "Read", docs},
		{"FIND docs {}", "Read", docs},
		{"STATS docs", "Read", docs},
		{"RESOLVE docs " + u1, "Read", docs},
		{"READ_CONCERN R=1 COUNT docs", "Read", docs},
		{"INSERT docs " + u2 + " {}", "Write", docs},
		{"UPDATE docs " + u1 + " {}", "Write", docs},
		{"DELETE docs " + u1, "Write", docs},
		{"PUT_WITH_VC docs " + u1 + " {} {}", "Write", docs},
		{"INSERTMANY docs [[\"" + u2 + "\",{}]]", "Write", docs},
		{"WRITE_CONCERN W=1 INSERT docs " + u2 + " {}", "Write", docs},
		{"CREATE INDEX docs by_v v", "Admin", docs},
		{"DROP INDEX docs by_v", "Admin", docs},
		{"LIST INDEXES docs", "Admin", docs},
		{"COMPACT docs", "Admin", docs},
		{"CREATE COLLECTION other", "Admin", demo},
		{"DROP COLLECTION docs", "Admin", demo},
		{"LIST COLLECTIONS", "Admin", demo},
		{"FLUSH", "Admin", demo},
		{"CREATE DATABASE newdb", "ManageDatabases", authDB("newdb")},
		{"DROP DATABASE demo", "ManageDatabases", demo},
		{"CREATE USER x pw", "ManageUsers", "Tenant"},
		{"CREATE USER x@_system pw", "ManageUsers", "Tenant"},
		{"CREATE USER x@acme pw", "ManageUsers", "Server"},
		{"DROP USER ro", "ManageUsers", "Tenant"},
		{"DROP USER ro@acme", "ManageUsers", "Server"},
		{"GRANT read_only ON demo TO nobody", "ManageUsers", "Tenant"},
		{"GRANT read_only ON demo TO x@acme", "ManageUsers", "Server"},
		{"REVOKE read_only ON demo FROM ro", "ManageUsers", "Tenant"},
		{"LIST USERS", "ManageUsers", "Tenant"},
		{"LIST USERS _system", "ManageUsers", "Tenant"},
		{"LIST USERS @acme", "ManageUsers", "Server"},
		{"CREATE TENANT t2", "ManageServer", "Server"},
		{"DROP TENANT _system", "ManageServer", "Server"},
		{"LIST TENANTS", "ManageServer", "Server"},
		{"ELECT-WRITER n1 demo docs", "ManageServer", "Server"},
	} {
		c.Must(tc.line, authDenied(tc.action, tc.scope, "nobody"))
	}
	// §6.6 quoting of the names in a denied target.
	for _, tc := range []struct{ name, rendered string }{
		{`q"x\y`, `q\"x\\y`},
		{"nul\x00x", `nul\0x`},
		{"a\x01b", `a\u{1}b`},
		{"del\x7f", `del\u{7f}`},
		{"c1\u009f", `c1\u{9f}`},
		{"é€😀", "é€😀"},
	} {
		c.Must("COUNT "+tc.name, authDenied("Read", `Collection { database: "demo", collection: "`+tc.rendered+`" }`, "nobody"))
	}
	// Nothing changed.
	f.adm.Must("LIST DATABASES", Array("demo", "demo2"))
	f.adm.Must("LIST USERS acme", "*0")
}

// rbacNoUse: without USE a database-scoped user is denied on the empty
// database, while server_admin (and any caller whose scope covers every
// database) reaches the with_db check.
func rbacNoUse(t *testing.T, f *rbacFixture) {
	a := f.login(t, "alice") // read_only on Database(demo)
	a.Must("COUNT docs", authDenied("Read", authColl("", "docs"), "alice"))
	a.Must("GET docs "+u1, authDenied("Read", authColl("", "docs"), "alice"))
	a.Must("INSERT docs "+u2+" {}", authDenied("Write", authColl("", "docs"), "alice"))
	a.Must("LIST COLLECTIONS", authDenied("Admin", authDB(""), "alice"))
	a.Must("SNAPSHOT_HLC", "-ERR no database selected (use USE <db>)")
	const noDB = "-ERR no database selected (use USE <db>)"
	adm := f.login(t, "admin")
	for _, line := range []string{"COUNT docs", "GET docs " + u1, "INSERT docs " + u2 + " {}", "LIST COLLECTIONS", "CREATE COLLECTION x", "FLUSH", "SNAPSHOT_HLC", "FIND docs {}"} {
		adm.Must(line, noDB)
	}
	ro := f.login(t, "ro") // read_only on Tenant covers Collection("", docs)
	ro.Must("COUNT docs", noDB)
	ro.Must("INSERT docs "+u2+" {}", authDenied("Write", authColl("", "docs"), "ro"))
}

// rbacNoRoleNeeded: WHOAMI, TOPOLOGY, SNAPSHOT_HLC, USE and LIST DATABASES
// need only authentication.
func rbacNoRoleNeeded(t *testing.T, f *rbacFixture) {
	c := f.login(t, "nobody")
	c.Must("WHOAMI", "+USER nobody TENANT _system ROLES ")
	top := c.MustPrefix("TOPOLOGY", "$")
	contains(t, "TOPOLOGY", top, `"n":1,"peers":[{"addr":"`+f.p.addr+`"`)
	c.Must("SNAPSHOT_HLC", "-ERR no database selected (use USE <db>)")
	c.Must("LIST DATABASES", Array("demo", "demo2"))
	c.Must("USE demo", "+OK")
	hlc(t, c)
	c.Must("USE demo2", "+OK")
	hlc(t, c)
	// USE of a missing database creates it only with ManageDatabases.
	c.Must("USE fresh", "-ERR database not found: fresh")
	c.Must("USE Bad", "-ERR invalid name: invalid character 'B': only [a-z0-9_] allowed")
	c.Must("LIST DATABASES", Array("demo", "demo2"))
	// The failed USE kept demo2 selected.
	c.Must("COUNT docs", authDenied("Read", authColl("demo2", "docs"), "nobody"))
}

// rbacClusterPeer: the jwt/cluster_peer.token caller (and a user granted
// only cluster_peer) passes the session commands and nothing else.
func rbacClusterPeer(t *testing.T, f *rbacFixture) {
	for _, who := range []struct{ user, sub, roles string }{
		{"peer", "_cluster/local-bootstrap", "cluster_peer:Server"},
		{"cp", "cp", "cluster_peer:Tenant"},
	} {
		c := f.login(t, who.user)
		c.Must("WHOAMI", "+USER "+who.sub+" TENANT _system ROLES "+who.roles)
		top := c.MustPrefix("TOPOLOGY", "$")
		contains(t, "TOPOLOGY", top, `"vnodes_per_node":256,"writers":[]}`)
		c.Must("SNAPSHOT_HLC", "-ERR no database selected (use USE <db>)")
		c.Must("USE demo", authDenied("Read", authDB("demo"), who.sub))
		c.Must("USE missing", authDenied("Read", authDB("missing"), who.sub))
		c.Must("LIST DATABASES", authDenied("Read", "Tenant", who.sub))
		for _, tc := range []struct{ line, action, scope string }{
			{"COUNT docs", "Read", authColl("", "docs")},
			{"INSERT docs " + u2 + " {}", "Write", authColl("", "docs")},
			{"CREATE INDEX docs i v", "Admin", authColl("", "docs")},
			{"LIST COLLECTIONS", "Admin", authDB("")},
			{"CREATE DATABASE x", "ManageDatabases", authDB("x")},
			{"LIST USERS", "ManageUsers", "Tenant"},
			{"CREATE USER y pw", "ManageUsers", "Tenant"},
			{"LIST TENANTS", "ManageServer", "Server"},
			{"ELECT-WRITER n demo", "ManageServer", "Server"},
		} {
			c.Must(tc.line, authDenied(tc.action, tc.scope, who.sub))
		}
	}
	// Holding another role besides cluster_peer, USE is allowed again.
	m := f.login(t, "cpro")
	m.Must("LIST DATABASES", Array("demo", "demo2"))
	m.Must("USE demo", "+OK")
	m.Must("COUNT docs", ":1")
	m.Must("USE demo2", "+OK")
	m.Must("COUNT docs", authDenied("Read", authColl("demo2", "docs"), "cpro"))
}

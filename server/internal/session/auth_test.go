package session_test

import (
	"time"

	"github.com/grumpydb/grumpydb/server/internal/config"
	"os"
	"path/filepath"
	"strings"
	"testing"

	. "github.com/grumpydb/grumpydb/server/internal/servertest"
)

func TestRBACAndGrants(t *testing.T) {
	e := Start(t, nil)
	admin := e.Admin(t)
	admin.Must("CREATE USER alice pw1", "+OK")
	admin.Must("CREATE USER alice pw1", "-ERR user already exists: _system/alice")
	admin.Must("CREATE DATABASE demo", "+OK")
	admin.Must("GRANT read_only ON demo TO alice", "+OK")
	admin.Must("GRANT Read_only ON demo TO alice", "-ERR unknown role: Read_only")
	admin.Must("GRANT read_only ON demo TO bob", "-ERR user not found: bob")
	admin.Must("GRANT read_only ON demo FROM alice", "-ERR missing argument: GRANT syntax: GRANT <role> ON <resource> TO <username>")
	admin.Must("LIST USERS", Array("_cluster/local-bootstrap@_system:cluster_peer", "admin@_system:server_admin", "alice@_system:read_only"))
	admin.Must("USE demo", "+OK")
	admin.Must("CREATE COLLECTION docs", "+OK")

	alice := e.Dial(t)
	alice.MustPrefix("LOGIN _system alice pw1", "+TOKEN ")
	alice.Must("WHOAMI", `+USER alice TENANT _system ROLES read_only:Database { name: "demo" }`)
	// Without USE: denied on Collection { database: "" }.
	alice.Must("COUNT docs", `-ERR access denied: Read on Collection { database: "", collection: "docs" } denied for user 'alice'`)
	alice.Must("USE nope", "-ERR database not found: nope")
	alice.Must("USE demo", "+OK")
	alice.Must("COUNT docs", ":0")
	alice.Must("INSERT docs 11111111-1111-1111-1111-111111111111 {}",
		`-ERR access denied: Write on Collection { database: "demo", collection: "docs" } denied for user 'alice'`)
	alice.Must("CREATE COLLECTION x", `-ERR access denied: Admin on Database { name: "demo" } denied for user 'alice'`)
	alice.Must("LIST TENANTS", `-ERR access denied: ManageServer on Server denied for user 'alice'`)
	alice.Must("LIST USERS", `-ERR access denied: ManageUsers on Tenant denied for user 'alice'`)
	alice.Must("LIST DATABASES", Array("demo"))

	// A grant leaves the open connection's roles unchanged.
	admin.Must("GRANT read_write ON docs TO alice", "+OK") // admin has demo selected: Collection(demo, docs)
	alice.Must("INSERT docs 11111111-1111-1111-1111-111111111111 {}",
		`-ERR access denied: Write on Collection { database: "demo", collection: "docs" } denied for user 'alice'`)
	alice2 := e.Dial(t)
	alice2.MustPrefix("LOGIN _system alice pw1", "+TOKEN ")
	alice2.Must("WHOAMI", `+USER alice TENANT _system ROLES read_only:Database { name: "demo" },read_write:Collection { database: "demo", collection: "docs" }`)
	alice2.Must("USE demo", "+OK")
	alice2.Must("INSERT docs 11111111-1111-1111-1111-111111111111 {}", "+OK")
	admin.Must("REVOKE read_write ON docs FROM alice", "+OK")
	admin.Must("REVOKE read_write ON docs FROM alice", "+OK")

	// No USE: server_admin gets the with_db error instead of a denial.
	fresh := e.Admin(t)
	fresh.Must("COUNT docs", "-ERR no database selected (use USE <db>)")

	// DROP USER ends alice's sessions; her database stays selected.
	admin.Must("DROP USER alice", "+OK")
	admin.Must("DROP USER alice", "-ERR user not found: _system/alice")
	alice.Must("COUNT docs", "-ERR not authenticated")
	alice2.Must("WHOAMI", "-ERR not authenticated")
}

func TestTenantAdminNoEscalation(t *testing.T) {
	e := Start(t, nil)
	admin := e.Admin(t)
	admin.Must("CREATE TENANT acme", "+OK")
	admin.Must("CREATE USER boss@acme pw", "+OK")
	admin.Must("GRANT tenant_admin ON @acme TO boss@acme", "+OK")
	admin.Must("CREATE USER root2 pw", "+OK")
	admin.Must("GRANT server_admin ON @x TO root2", "+OK")
	boss := e.Dial(t)
	boss.MustPrefix("LOGIN acme boss pw", "+TOKEN ")
	boss.Must("WHOAMI", "+USER boss TENANT acme ROLES tenant_admin:Tenant")
	boss.Must("CREATE USER worker pw", "+OK")
	boss.Must("LIST USERS @acme", Array("boss@acme:tenant_admin", "worker@acme:"))
	boss.Must("GRANT db_admin ON mydb TO worker", "+OK")
	boss.Must("GRANT server_admin ON @acme TO worker",
		"-ERR access denied: cannot grant server_admin on Tenant: exceeds privileges of user 'boss'")
	boss.Must("REVOKE cluster_peer ON @acme FROM worker",
		"-ERR access denied: cannot revoke cluster_peer on Tenant: exceeds privileges of user 'boss'")
	boss.Must("CREATE USER intruder@_system pw", "-ERR access denied: ManageUsers on Server denied for user 'boss'")
	boss.Must("LIST USERS _system", "-ERR access denied: ManageUsers on Server denied for user 'boss'")
	boss.Must("CREATE USER peer2 pw", "+OK")
	admin.Must("GRANT server_admin ON @acme TO peer2@acme", "+OK")
	boss.Must("DROP USER peer2", "-ERR access denied: cannot drop user acme/peer2: exceeds privileges of user 'boss'")
	boss.Must("DROP USER worker", "+OK")
	boss.Must("USE shop", "+OK") // tenant_admin may create databases in its tenant
	boss.Must("LIST DATABASES", Array("shop"))
}

func TestTokensAndPeer(t *testing.T) {
	e := Start(t, nil)
	admin := e.Admin(t)
	admin.Must("CREATE USER carol pw", "+OK")
	c := e.Dial(t)
	access, refresh := Tokens(c.MustPrefix("LOGIN _system carol pw", "+TOKEN "))
	admin.Must("DROP USER carol", "+OK")
	n := e.Dial(t)
	n.Must("TOKEN "+access, "-ERR invalid token: unknown user")
	n.Must("REFRESH "+refresh, "-ERR invalid credentials")
	admin.Must("CREATE USER carol pw", "+OK")
	n.Must("TOKEN "+access, "-ERR invalid token: unknown user")
	n.MustPrefix("LOGIN _system carol pw", "+TOKEN ")
	n.Must("WHOAMI", "+USER carol TENANT _system ROLES ")

	// The built-in peer token: session commands only.
	tok, err := os.ReadFile(filepath.Join(e.DataDir, "_auth", "jwt", "cluster_peer.token"))
	if err != nil {
		t.Fatal(err)
	}
	p := e.Dial(t)
	p.Must("TOKEN "+string(tok), "+OK")
	p.Must("WHOAMI", "+USER _cluster/local-bootstrap TENANT _system ROLES cluster_peer:Server")
	p.MustPrefix("TOPOLOGY", "$")
	p.Must("SNAPSHOT_HLC", "-ERR no database selected (use USE <db>)")
	p.Must("USE demo", `-ERR access denied: Read on Database { name: "demo" } denied for user '_cluster/local-bootstrap'`)
	p.Must("LIST DATABASES", "-ERR access denied: Read on Tenant denied for user '_cluster/local-bootstrap'")
	if got := p.Do("LIST TENANTS"); !strings.HasPrefix(got, "-ERR access denied: ManageServer on Server") {
		t.Fatalf("LIST TENANTS = %q", got)
	}
}

func TestTokenExpiryKeepsOpenConnections(t *testing.T) {
	e := Start(t, func(c *config.Config) { c.Auth.AccessTokenTTLSecs = 1 })
	c := e.Dial(t)
	access, _ := Tokens(c.MustPrefix("LOGIN _system admin "+AdminPassword, "+TOKEN "))
	time.Sleep(2500 * time.Millisecond)
	n := e.Dial(t)
	n.Must("TOKEN "+access, "-ERR token expired")
	c.Must("USE demo", "+OK") // the open connection keeps working
	c.Must("WHOAMI", "+USER admin TENANT _system ROLES server_admin:Server")
}

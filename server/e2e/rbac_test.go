package e2e

import (
	. "github.com/grumpydb/grumpydb/server/internal/servertest"
	"strings"
	"testing"
)

// TestAuthorisation covers the §12 "Authorisation" lines through the real
// binary; one server and its users serve every subtest.
func TestAuthorisation(t *testing.T) {
	f := rbacStart(t)
	t.Run("matrix", func(t *testing.T) { rbacMatrix(t, f) })
	t.Run("command_targets", func(t *testing.T) { rbacCommandTargets(t, f) })
	t.Run("no_use", func(t *testing.T) { rbacNoUse(t, f) })
	t.Run("no_role_needed", func(t *testing.T) { rbacNoRoleNeeded(t, f) })
	t.Run("cluster_peer", func(t *testing.T) { rbacClusterPeer(t, f) })
	t.Run("resource_notation", func(t *testing.T) { rbacResourceNotation(t, f) })
	t.Run("scope_coverage", func(t *testing.T) { rbacScopeCoverage(t, f) })
	t.Run("grant_errors", func(t *testing.T) { rbacGrantErrors(t, f) })
	t.Run("read_only_on_demo", func(t *testing.T) { rbacReadOnlyOnDemo(t, f) })
	t.Run("tenant_admin", func(t *testing.T) { rbacTenantAdmin(t, f) })
}

// rbacAction is one §6.1 column: representative commands run in demo
// (or with no database for a caller that cannot USE), each with the
// answer an allowed caller gets, and the denial's §6.6 scope.
type rbacAction struct {
	name  string
	cases []rbacCase
}

type rbacCase struct {
	line    string
	allowed string                  // exact answer, or a prefix when it ends with "…"
	scope   func(cur string) string // the denied target, given the current database
}

func rbacCollScope(c string) func(string) string {
	return func(cur string) string { return authColl(cur, c) }
}

func rbacFixed(s string) func(string) string { return func(string) string { return s } }

var rbacActions = []rbacAction{
	{"Read", []rbacCase{
		{"COUNT docs", ":1", rbacCollScope("docs")},
		{"GET docs " + u1, Bulk(`{"v":1}`), rbacCollScope("docs")},
	}},
	{"Write", []rbacCase{
		{"PUT_WITH_VC docs " + u1 + ` {"v":1} {}`, "+OK", rbacCollScope("docs")},
		{"DELETE docs " + u2, "-ERR key " + u2 + " not found", rbacCollScope("docs")},
	}},
	{"Admin", []rbacCase{
		{"LIST INDEXES docs", "*0", rbacCollScope("docs")},
		{"LIST COLLECTIONS", Array("docs"), func(cur string) string { return authDB(cur) }},
	}},
	{"ManageUsers", []rbacCase{
		{"LIST USERS", "*…", rbacFixed("Tenant")},
		{"DROP USER ghost", "-ERR user not found: _system/ghost", rbacFixed("Tenant")},
	}},
	{"ManageDatabases", []rbacCase{
		{"DROP DATABASE nodb", "-ERR database not found: nodb", rbacFixed(authDB("nodb"))},
	}},
	{"ManageServer", []rbacCase{
		{"LIST TENANTS", Array("_system"), rbacFixed("Server")},
		{"DROP TENANT nosuch", "-ERR tenant not found: nosuch", rbacFixed("Server")},
	}},
}

// rbacMatrix runs every §6.1 cell: one row per role (each user holds its
// role on a scope covering every tenant target, so the role alone
// decides; server_admin is the bootstrap admin on Server), one column per
// action. ReplicationPeer has no client command (§6.3), so its column is
// observed through the cluster_peer rows being denied everything else.
func rbacMatrix(t *testing.T, f *rbacFixture) {
	rows := []struct {
		role, user string
		canUse     bool
		allowed    string // initials of the allowed actions, in rbacActions order
	}{
		{"server_admin", "admin", true, "RWAUDS"},
		{"tenant_admin", "ta", true, "RWAUD"},
		{"db_admin", "dba", true, "RWA"},
		{"read_write", "rw", true, "RW"},
		{"read_only", "ro", true, "R"},
		{"cluster_peer (granted on Tenant)", "cp", false, ""},
		{"cluster_peer (jwt/cluster_peer.token)", "peer", false, ""},
	}
	initials := map[string]byte{"Read": 'R', "Write": 'W', "Admin": 'A', "ManageUsers": 'U', "ManageDatabases": 'D', "ManageServer": 'S'}
	for _, row := range rows {
		t.Run(row.role, func(t *testing.T) {
			c := f.login(t, row.user)
			sub, cur := row.user, ""
			if row.user == "peer" {
				sub = "_cluster/local-bootstrap"
			}
			if row.canUse {
				c.Must("USE demo", "+OK")
				cur = "demo"
			} else {
				c.Must("USE demo", authDenied("Read", authDB("demo"), sub))
			}
			for _, act := range rbacActions {
				allowed := strings.IndexByte(row.allowed, initials[act.name]) >= 0
				for _, tc := range act.cases {
					got := c.Do(tc.line)
					switch want := tc.allowed; {
					case !allowed:
						if w := authDenied(act.name, tc.scope(cur), sub) + "\r\n"; got != w {
							t.Errorf("%s %s: %s\n got %q\nwant %q", row.user, act.name, tc.line, got, w)
						}
					case strings.HasSuffix(want, "…"):
						if !strings.HasPrefix(got, strings.TrimSuffix(want, "…")) || strings.Contains(got, "access denied") {
							t.Errorf("%s %s: %s\n got %q\nwant prefix %q", row.user, act.name, tc.line, got, want)
						}
					default:
						if !strings.HasSuffix(want, "\r\n") {
							want += "\r\n"
						}
						if got != want {
							t.Errorf("%s %s: %s\n got %q\nwant %q", row.user, act.name, tc.line, got, want)
						}
					}
				}
			}
			// Whatever the role, the session commands pass.
			c.MustPrefix("WHOAMI", "+USER "+sub+" TENANT _system ROLES ")
			c.MustPrefix("TOPOLOGY", "$")
		})
	}
}

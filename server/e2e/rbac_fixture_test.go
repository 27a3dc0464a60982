package e2e

import (
	"os"
	"path/filepath"
	"testing"

	. "github.com/grumpydb/grumpydb/server/internal/servertest"
)

// rbacFixture is one server shared by the authorisation subtests, with a
// user per role created once (argon2 makes each user cost real time).
//
// Database demo of _system holds collection docs with one document (u1)
// and no index; database demo2 holds an empty docs.
type rbacFixture struct {
	p         *proc
	adm       *Client // admin, no database selected
	peerToken string  // jwt/cluster_peer.token
	tokens    map[string]string
}

// rbacUser is a user the fixture creates, with its grants (admin runs
// them with no database selected, so a bare name is Database(name)).
type rbacUser struct {
	name   string
	grants []string // "<role> ON <resource>"
}

// rbacUsers are the fixture's _system users; every password is "pw-<name>".
var rbacUsers = []rbacUser{
	{"ta", []string{"tenant_admin ON @_system"}},
	{"dba", []string{"db_admin ON @_system"}},
	{"rw", []string{"read_write ON @_system"}},
	{"ro", []string{"read_only ON @_system"}},
	{"cp", []string{"cluster_peer ON @_system"}},
	{"cpro", []string{"cluster_peer ON @_system", "read_only ON demo"}},
	{"nobody", nil},
	{"alice", []string{"read_only ON demo"}},
	{"dbad", []string{"db_admin ON demo"}},
	{"colu", []string{"read_only ON users:demo"}},
}

// rbacStart starts the server and creates the fixture's data and users.
func rbacStart(t *testing.T) *rbacFixture {
	t.Helper()
	data := filepath.Join(t.TempDir(), "data")
	p := startServer(t, data)
	adm := p.admin(t)
	adm.Must("CREATE DATABASE demo", "+OK")
	adm.Must("CREATE DATABASE demo2", "+OK")
	adm.Must("USE demo2", "+OK")
	adm.Must("CREATE COLLECTION docs", "+OK")
	adm.Must("USE demo", "+OK")
	adm.Must("CREATE COLLECTION docs", "+OK")
	adm.Must("INSERT docs "+u1+` {"v":1}`, "+OK")
	// Leave adm with no database selected: a fresh login on a new connection.
	adm = p.admin(t)
	for _, u := range rbacUsers {
		adm.Must("CREATE USER "+u.name+" pw-"+u.name, "+OK")
		for _, g := range u.grants {
			adm.Must("GRANT "+g+" TO "+u.name, "+OK")
		}
	}
	tok, err := os.ReadFile(filepath.Join(data, "_auth", "jwt", "cluster_peer.token"))
	if err != nil {
		t.Fatal(err)
	}
	return &rbacFixture{p: p, adm: adm, peerToken: string(tok), tokens: map[string]string{}}
}

// login opens a connection authenticated as the fixture user name
// ("admin" and "peer" included; "peer" is the cluster_peer.token caller).
// The first connection of a user runs LOGIN; later ones reuse its access
// token through TOKEN, which costs no password hashing.
func (f *rbacFixture) login(t *testing.T, name string) *Client {
	t.Helper()
	c := f.p.dial(t)
	if name == "peer" {
		c.Must("TOKEN "+f.peerToken, "+OK")
		return c
	}
	if tok, ok := f.tokens[name]; ok {
		c.Must("TOKEN "+tok, "+OK")
		return c
	}
	pw := "pw-" + name
	if name == "admin" {
		pw = adminPW
	}
	f.tokens[name], _ = authLogin(t, c, "_system", name, pw)
	return c
}

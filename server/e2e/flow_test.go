package e2e

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	. "github.com/grumpydb/grumpydb/server/internal/servertest"
)

const (
	u1 = "11111111-1111-1111-1111-111111111111"
	u2 = "22222222-2222-2222-2222-222222222222"
	u3 = "33333333-3333-3333-3333-333333333333"
)

func TestEndToEndFlow(t *testing.T) {
	p := startServer(t, filepath.Join(t.TempDir(), "data"))
	c := p.dial(t)
	c.Must("PING", "+PONG")
	c.Must("COUNT docs", "-ERR not authenticated")
	access, _ := Tokens(c.MustPrefix("LOGIN _system admin "+adminPW, "+TOKEN "))

	d := p.dial(t)
	d.Must("TOKEN "+access, "+OK")
	top := d.Do("TOPOLOGY")
	contains(t, "TOPOLOGY", top, `"n":1,"peers":[{"addr":"`+p.addr+`","node_id":"`)
	contains(t, "TOPOLOGY", top, `"vnodes_per_node":256,"writers":[]}`)
	d.Must("USE demo", "+OK")
	d.Must("LIST COLLECTIONS", "*0")
	d.Must("CREATE COLLECTION docs", "+OK")
	d.Must("INSERT docs "+u1+` {"name":"ann","age":35.0}`, "+OK")
	d.Must("INSERT docs "+u2+` {"name":"bob","age":20}`, "+OK")
	d.Must("INSERT docs "+u2+` {}`, "-ERR key "+u2+" already exists")
	d.Must("GET docs "+u1, Bulk(`{"name":"ann","age":35.0}`))
	d.Must("UPDATE docs "+u1+` {"name":"ann","age":36}`, "+OK")
	d.Must("GET docs "+u1, Bulk(`{"name":"ann","age":36}`))
	d.Must("CREATE INDEX docs by_age age", "+OK")
	d.Must("LIST INDEXES docs", Array("by_age"))
	d.Must("QUERY docs by_age 36.0", Array(u1+` {"name":"ann","age":36}`))
	d.Must("QUERYRANGE docs by_age 0 100", Array(u2+` {"name":"bob","age":20}`, u1+` {"name":"ann","age":36}`))
	d.Must("SCAN docs", Array(u1+` {"name":"ann","age":36}`, u2+` {"name":"bob","age":20}`))
	d.Must("COUNT docs", ":2")
	d.Must("DELETE docs "+u2, "+OK")
	d.Must("GET docs "+u2, "$-1")
	d.Must("COUNT docs", ":1")

	// Users, grants and denials.
	d.Must("CREATE USER alice secret", "+OK")
	d.Must("GRANT read_only ON demo@_system TO alice", "+OK") // demo selected: Collection(demo, demo)
	d.Must("GRANT read_only ON users:demo TO alice", "+OK")
	d.Must("LIST USERS", Array("_cluster/local-bootstrap@_system:cluster_peer", "admin@_system:server_admin", "alice@_system:read_only,read_only"))
	a := p.dial(t)
	a.MustPrefix("LOGIN _system alice secret", "+TOKEN ")
	a.Must("WHOAMI", `+USER alice TENANT _system ROLES read_only:Collection { database: "demo", collection: "demo" },read_only:Collection { database: "demo", collection: "users" }`)
	a.Must("USE demo", "+OK")
	a.Must("COUNT docs", `-ERR access denied: Read on Collection { database: "demo", collection: "docs" } denied for user 'alice'`)
	a.Must("COUNT users", "-ERR collection not found: users")
	a.Must("INSERT users "+u3+" {}", `-ERR access denied: Write on Collection { database: "demo", collection: "users" } denied for user 'alice'`)

	// Tenants.
	d.Must("CREATE TENANT acme", "+OK")
	d.Must("LIST TENANTS", Array("_system", "acme"))
	d.Must("CREATE USER root@acme pw", "+OK")
	d.Must("GRANT tenant_admin ON @acme TO root@acme", "+OK")
	r := p.dial(t)
	r.MustPrefix("LOGIN acme root pw", "+TOKEN ")
	r.Must("USE shop", "+OK")
	r.Must("LIST DATABASES", Array("shop"))
	d.Must("LIST DATABASES", Array("demo"))
	d.Must("DROP TENANT acme", "+OK")
	r.Must("LIST COLLECTIONS", "-ERR tenant not found: acme")

	// SNAPSHOT_HLC is positive and non-decreasing.
	h1 := hlc(t, d)
	d.Must("INSERT docs "+u3+" {}", "+OK")
	if h2 := hlc(t, d); h2 <= h1 {
		t.Fatalf("HLC %d then %d", h1, h2)
	}
	d.Must("QUIT", "+BYE")
	d.ExpectClosed()
}

func hlc(t *testing.T, c *Client) int64 {
	t.Helper()
	got := c.MustPrefix("SNAPSHOT_HLC", ":")
	n, err := strconv.ParseInt(strings.TrimSpace(got[1:]), 10, 64)
	if err != nil || n <= 0 {
		t.Fatalf("SNAPSHOT_HLC %q", got)
	}
	return n
}

func TestRestartKeepsDataIndexesAndClock(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	p := startServer(t, data)
	c := p.admin(t)
	c.Must("USE demo", "+OK")
	c.Must("CREATE COLLECTION docs", "+OK")
	c.Must("CREATE INDEX docs by_n n", "+OK")
	for i := 0; i < 25; i++ {
		c.Must("INSERT docs "+key(i)+` {"n":`+strconv.Itoa(i%5)+`}`, "+OK")
	}
	h1 := hlc(t, c)
	p.stop()

	// A second server on a running directory is refused.
	q := startServer(t, data)
	_, errOut, code := runCLI(t, "--data", data, "--no-tls", "--bind", freePort(t), "--no-http", "--bootstrap-password", adminPW)
	if code != 1 || !strings.Contains(errOut, "Error: database is locked by another process (pid ") {
		t.Fatalf("second server: status %d, stderr %q", code, errOut)
	}
	c = q.admin(t)
	c.Must("USE demo", "+OK")
	c.Must("COUNT docs", ":25")
	c.Must("LIST INDEXES docs", Array("by_n"))
	got := c.Do("QUERY docs by_n 3")
	if !strings.HasPrefix(got, "*5\r\n") {
		t.Fatalf("QUERY after restart: %q", got)
	}
	if h2 := hlc(t, c); h2 < h1 {
		t.Fatalf("HLC went back across a restart: %d then %d", h1, h2)
	}
	q.stop()
}

// key returns a distinct canonical UUID for i.
func key(i int) string {
	s := strconv.FormatInt(int64(i), 16)
	s = strings.Repeat("0", 12-len(s)) + s
	return "00000000-0000-4000-8000-" + s
}

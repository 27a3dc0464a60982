package dispatch_test

import (
	"strings"
	"testing"

	. "github.com/grumpydb/grumpydb/server/internal/servertest"
)

const (
	k1 = "11111111-1111-1111-1111-111111111111"
	k2 = "22222222-2222-2222-2222-222222222222"
	k3 = "33333333-3333-3333-3333-333333333333"
)

// step is one request and its exact expected response.
type step struct{ line, want string }

func run(t *testing.T, c *Client, steps []step) {
	t.Helper()
	for _, s := range steps {
		c.Must(s.line, s.want)
	}
}

func TestDocumentVerbs(t *testing.T) {
	e := Start(t, nil)
	c := e.Admin(t)
	run(t, c, []step{
		{"INSERT docs " + k1 + " {}", "-ERR no database selected (use USE <db>)"},
		{"USE demo", "+OK"},
		{"LIST COLLECTIONS", "*0"},
		{"INSERT docs " + k1 + " {}", "-ERR collection not found: docs"},
		{"CREATE COLLECTION docs", "+OK"},
		{"CREATE COLLECTION docs", "-ERR collection already exists: docs"},
		{"CREATE COLLECTION Docs", "-ERR invalid name: invalid character 'D': only [a-z0-9_] allowed"},
		// §4.5 check order: UUID, then JSON, then collection, then key.
		{"INSERT nope xyz {", "-ERR invalid UUID 'xyz': invalid UUID length: 3"},
		{"INSERT nope " + k1 + " {", "-ERR invalid JSON: expected a string key, found end of input at offset 1"},
		{"INSERT nope " + k1 + " {}", "-ERR collection not found: nope"},
		{"INSERT docs " + k1 + ` {"b":1,"a":2,"b":3}`, "+OK"},
		{"INSERT docs " + strings.ToUpper(strings.ReplaceAll(k1, "-", "")) + " {}", "-ERR key " + k1 + " already exists"},
		{"GET docs {" + k1 + "}", Bulk(`{"b":3,"a":2}`)},
		{"GET docs urn:uuid:" + k1 + " ignored words", Bulk(`{"b":3,"a":2}`)},
		{"GET docs " + k2, "$-1"},
		{"GET nope " + k2, "-ERR collection not found: nope"},
		{"UPDATE docs " + k2 + " 1", "-ERR key " + k2 + " not found"},
		{"UPDATE docs " + k1 + ` [1.0, -0, 1e2, 12.34, 1e-6, "<&>"]`, "+OK"},
		{"GET docs " + k1, Bulk(`[1.0,-0.0,100.0,12.34,1e-6,"<&>"]`)},
		{"PUT_WITH_VC docs " + k2 + ` {"v": 1} {bad`, "-ERR invalid vector_clock JSON: expected a string key, found character 'b' at offset 1"},
		{"PUT_WITH_VC docs " + k2 + ` {"v": 1} {}`, "+OK"},
		{"PUT_WITH_VC docs " + k2 + ` {"v": 2} {"n1":3}`, "+OK"},
		{"GET docs " + k2, Bulk(`{"v":2}`)},
		{"SCAN docs", Array(k1+` [1.0,-0.0,100.0,12.34,1e-6,"<&>"]`, k2+` {"v":2}`)},
		{"SCAN docs " + k2 + " " + k3, Array(k2 + ` {"v":2}`)},
		{"SCAN docs " + k3 + " " + k1, "*0"},
		{"SCAN docs " + k1, "-ERR missing argument: SCAN range requires both <start_uuid> <end_uuid>"},
		{"SCAN docs x " + k1, "-ERR invalid UUID 'x': invalid UUID length: 1"},
		{"COUNT docs", ":2"},
		{"COUNT nope", "-ERR collection not found: nope"},
		{"DELETE docs " + k2, "+OK"},
		{"DELETE docs " + k2, "-ERR key " + k2 + " not found"},
		{"GET docs " + k2, "$-1"},
		{"COMPACT docs", "+OK 1"},
		{"FLUSH", "+OK"},
		{"INSERT docs " + k3 + ` {"r":{"$ref":{"collection":"docs","uuid":"` + k1 + `"}}}`, "+OK"},
		{"GET docs " + k3, Bulk(`{"r":{"$ref":{"collection":"docs","uuid":"` + k1 + `"}}}`)},
		{"DROP COLLECTION docs", "+OK"},
		{"DROP COLLECTION docs", "-ERR collection not found: docs"},
	})
}

func TestIndexVerbs(t *testing.T) {
	e := Start(t, nil)
	c := e.Admin(t)
	run(t, c, []step{
		{"USE demo", "+OK"},
		{"CREATE COLLECTION p", "+OK"},
		{"INSERT p " + k1 + ` {"age":35.0,"tags":["a","b"]}`, "+OK"},
		{"INSERT p " + k2 + ` {"age":20,"tags":["b"]}`, "+OK"},
		{"INSERT p " + k3 + ` {"name":"x"}`, "+OK"},
		{"CREATE INDEX p Bad age", "-ERR invalid name: invalid character 'B': only [a-z0-9_] allowed"},
		{"CREATE INDEX nope by_age age", "-ERR collection not found: nope"},
		{"CREATE INDEX p by_age age", "+OK"},
		{"CREATE INDEX p by_age age", "-ERR index already exists: by_age"},
		{"CREATE INDEX p by_tag tags", "+OK"},
		{"LIST INDEXES p", Array("by_age", "by_tag")},
		{"LIST INDEXES nope", "-ERR collection not found: nope"},
		{"QUERY p by_age 35", Array(k1 + ` {"age":35.0,"tags":["a","b"]}`)},
		{"QUERY p by_tag \"b\"", Array(k1+` {"age":35.0,"tags":["a","b"]}`, k2+` {"age":20,"tags":["b"]}`)},
		{"QUERY p by_age null", Array(k3 + ` {"name":"x"}`)},
		// §4.6 order: JSON, collection, index, then the value type.
		{"QUERY p by_age {", "-ERR invalid JSON: expected a string key, found end of input at offset 1"},
		{"QUERY nope by_age [1]", "-ERR collection not found: nope"},
		{"QUERY p nope [1]", "-ERR index not found: nope"},
		{"QUERY p by_age [1]", "-ERR value type cannot be indexed"},
		{"QUERYRANGE p by_age 20 35", Array(k2 + ` {"age":20,"tags":["b"]}`)},
		{"QUERYRANGE p by_age 1 2.5e1", Array(k2 + ` {"age":20,"tags":["b"]}`)},
		{"QUERYRANGE p by_age 20 {}", "-ERR value type cannot be indexed"},
		{"QUERYRANGE p by_age { 1", "-ERR invalid JSON: expected a string key, found end of input at offset 1"},
		{"DROP INDEX p by_tag", "+OK"},
		{"DROP INDEX p by_tag", "-ERR index not found: by_tag"},
		{"DROP INDEX nope by_tag", "-ERR collection not found: nope"},
		{"LIST INDEXES p", Array("by_age")},
	})
}

func TestDatabaseAndTenantVerbs(t *testing.T) {
	e := Start(t, nil)
	c := e.Admin(t)
	run(t, c, []step{
		{"LIST DATABASES", "*0"},
		{"CREATE DATABASE a", "+OK"},
		{"CREATE DATABASE a", "-ERR database already exists: a"},
		{"CREATE DATABASE A", "-ERR invalid name: invalid character 'A': only [a-z0-9_] allowed"},
		{"CREATE DATABASE a\rb", `-ERR invalid name: invalid character '\r': only [a-z0-9_] allowed`},
		{"USE b", "+OK"},
		{"LIST DATABASES", Array("a", "b")},
		{"DROP DATABASE ../x", "-ERR database not found: ../x"},
		{"DROP DATABASE b", "+OK"},
		{"LIST COLLECTIONS", "-ERR database not found: b"},
		{"SNAPSHOT_HLC", "-ERR database not found: b"},
		{"USE " + strings.Repeat("x", 65), "-ERR invalid name: name too long: 65 chars (max 64)"},
		{"USE _x", "-ERR invalid name: names starting with '_' are reserved"},
		{"CREATE TENANT acme", "+OK"},
		{"CREATE TENANT acme", "-ERR tenant already exists: acme"},
		{"CREATE TENANT", "-ERR missing argument: CREATE TENANT requires <name>"},
		{"LIST TENANTS", Array("_system", "acme")},
		{"DROP TENANT _system", "-ERR invalid name: names starting with '_' are reserved"},
		{"DROP TENANT _auth", "-ERR invalid name: names starting with '_' are reserved"},
		{"DROP TENANT nope", "-ERR tenant not found: nope"},
		{"DROP TENANT acme", "+OK"},
		{"LIST TENANTS", Array("_system")},
		{"ELECT-WRITER n1 demo", "+elected n1 as writer for demo/*"},
		{"ELECT_WRITER n1 demo users extra", "+elected n1 as writer for demo/users"},
	})
}

func TestSessionVerbs(t *testing.T) {
	e := Start(t, nil)
	c := e.Dial(t)
	run(t, c, []step{
		{"WHOAMI", "-ERR not authenticated"},
		{"LOGIN _system admin wrong", "-ERR invalid credentials"},
		{"TOKEN garbage", "-ERR invalid token: malformed token"},
	})
	access, refresh := Tokens(c.MustPrefix("LOGIN _system admin "+AdminPassword, "+TOKEN "))
	run(t, c, []step{
		{"WHOAMI", "+USER admin TENANT _system ROLES server_admin:Server"},
		{"TOKEN " + refresh, "-ERR invalid token: expected access token"},
		{"REFRESH " + access, "-ERR invalid token: expected refresh token"},
		{"SNAPSHOT_HLC", "-ERR no database selected (use USE <db>)"},
		{"USE demo", "+OK"},
	})
	c.MustPrefix("REFRESH "+refresh, "+TOKEN ey")
	h1 := c.MustPrefix("SNAPSHOT_HLC", ":")
	h2 := c.MustPrefix("SNAPSHOT-HLC", ":")
	if h2 < h1 || len(h1) < 5 {
		t.Fatalf("HLC %q then %q", h1, h2)
	}
	c2 := e.Dial(t)
	c2.Must("TOKEN "+access, "+OK")
	c2.Must("WHOAMI", "+USER admin TENANT _system ROLES server_admin:Server")
	top := c2.Do("TOPOLOGY")
	id := e.Server.Identity()
	want := Bulk(`{"cluster_id":"` + id.ClusterID + `","local_node_id":"` + id.NodeID + `","n":1,"peers":[{"addr":"127.0.0.1:0","node_id":"` + id.NodeID + `"}],"vnodes_per_node":256,"writers":[]}`)
	if top != want {
		t.Fatalf("TOPOLOGY = %q, want %q", top, want)
	}
}

func TestExtensionVerbs(t *testing.T) {
	e := Start(t, nil)
	c := e.Admin(t)
	ref := func(k string) string { return `{"$ref":{"collection":"p","uuid":"` + k + `"}}` }
	run(t, c, []step{
		{"USE demo", "+OK"},
		{"CREATE COLLECTION p", "+OK"},
		{"INSERTMANY p [[\"" + k1 + `",{"n":1}]]`, "+OK 1"},
		{"INSERTMANY p [[\"" + k2 + `",{"next":` + ref(k1) + `}],["` + k1 + `",{}]]`, "-ERR key " + k1 + " already exists"},
		{"COUNT p", ":1"},
		{"INSERTMANY p []", `-ERR INSERTMANY needs a non-empty array of ["<uuid>", <document>] pairs`},
		{"INSERTMANY p [[1,2]]", `-ERR INSERTMANY needs a non-empty array of ["<uuid>", <document>] pairs`},
		{"INSERTMANY p [[\"zz\",2]]", "-ERR invalid UUID 'zz': invalid UUID length: 2"},
		{"INSERTMANY p [", "-ERR invalid JSON: unexpected end of input at offset 1"},
		{"INSERTMANY q [[\"" + k1 + `",1]]`, "-ERR collection not found: q"},
		{"INSERTMANY p [[\"" + k2 + `",{"next":` + ref(k1) + `}],["` + k3 + `",{"next":` + ref(k2) + `}]]`, "+OK 2"},
		{"RESOLVE p " + k3, Bulk(`{"next":{"next":` + ref(k1) + `}}`)},
		{"RESOLVE p " + k3 + " 2", Bulk(`{"next":{"next":{"n":1}}}`)},
		{"RESOLVE p " + k3 + " 0", Bulk(`{"next":` + ref(k2) + `}`)},
		{"RESOLVE p " + k3 + " 257", "-ERR depth must be an integer from 0 to 256"},
		{"RESOLVE p " + k3 + " -1", "-ERR depth must be an integer from 0 to 256"},
		{"RESOLVE p nope", "-ERR invalid UUID 'nope': invalid UUID length: 4"},
		{"RESOLVE q " + k3, "-ERR collection not found: q"},
		{"RESOLVE p 44444444-4444-4444-4444-444444444444", "$-1"},
		{"UPDATE p " + k1 + ` {"back":` + ref(k3) + `}`, "+OK"},
		{"RESOLVE p " + k3 + " 16", "-ERR cyclic reference detected: p/" + k3},
		{"STATS q", "-ERR collection not found: q"},
		{"READ_CONCERN R=1 COUNT p", ":3"},
		{"WRITE_CONCERN W=1 READ_CONCERN R=1 STATS q", "-ERR collection not found: q"},
		{"FIND p {\"n\": 1}", "*0"},
		{"FIND p {} {\"count\": true}", ":3"},
		{"READ_CONCERN R=1 FIND p {} {\"limit\":1, \"skip\": 1}", Array(k2 + ` {"next":` + ref(k1) + `}`)},
		{"FIND p {} {\"sort\": {\"next\": -1}, \"projection\": {\"next\": 0}}", Array(k3+` {}`, k2+` {}`, k1+` {"back":`+ref(k3)+`}`)},
		{"FIND p {\"next\": " + ref(k1) + "}", Array(k2 + ` {"next":` + ref(k1) + `}`)},
		{"FIND p {} {} x", "-ERR invalid JSON: trailing characters after options"},
		{"FIND q {}", "-ERR collection not found: q"},
		{"FIND p {\"$bogus\": 1}", "-ERR invalid filter: unknown operator $bogus"},
		{"FIND p {} {\"nope\": 1}", "-ERR invalid find options: unknown option \"nope\""},
		{"FIND p {", "-ERR invalid JSON: expected a string key, found end of input at offset 1"},
	})
	explain := c.Do("FIND p {} {\"explain\": true}")
	if !strings.HasPrefix(explain, "$") || !strings.Contains(explain, `"plan":`) {
		t.Fatalf("explain = %q", explain)
	}
	st := c.Do("STATS p")
	if !strings.Contains(st, `{"documents":3,"pool":{"cached":`) || !strings.Contains(st, `,"writes":`) {
		t.Fatalf("STATS = %q", st)
	}
}

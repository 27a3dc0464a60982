package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	. "github.com/grumpydb/grumpydb/server/internal/servertest"
)

// TestCommands covers the "Commands" lines of PROTOCOL.md §12 on one
// server, restarted at the end for the durability lines.
func TestCommands(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	p := startServer(t, data)
	a := p.admin(t)

	t.Run("USE", func(t *testing.T) {
		c := p.admin(t)
		c.Must("LIST DATABASES", "*0")
		c.Must("USE shop", "+OK") // missing: created for an admin
		c.Must("LIST COLLECTIONS", "*0")
		c.Must("LIST DATABASES", Array("shop"))
		c.Must("USE Shop", "-ERR invalid name: invalid character 'S': only [a-z0-9_] allowed")
		c.Must("USE _hidden", "-ERR invalid name: names starting with '_' are reserved")
		c.Must("USE "+strings.Repeat("d", 65), "-ERR invalid name: name too long: 65 chars (max 64)")
		c.Must("USE my db", "-ERR invalid name: invalid character ' ': only [a-z0-9_] allowed")
		c.Must("CREATE USER reader pw", "+OK")
		c.Must("GRANT read_only ON @_system TO reader", "+OK")
		r := p.dial(t)
		r.MustPrefix("LOGIN _system reader pw", "+TOKEN ")
		r.Must("USE shop", "+OK") // existing: selected
		r.Must("USE nowhere", "-ERR database not found: nowhere")
		r.Must("LIST DATABASES", Array("shop"))
		r.Must("LIST COLLECTIONS", `-ERR access denied: Admin on Database { name: "shop" } denied for user 'reader'`)
	})

	t.Run("already exists and tenant errors", func(t *testing.T) {
		c := p.admin(t)
		c.Must("CREATE DATABASE dup", "+OK")
		c.Must("CREATE DATABASE dup", "-ERR database already exists: dup")
		c.Must("USE dup", "+OK")
		c.Must("LIST COLLECTIONS", "*0") // a new database has no collections
		c.Must("CREATE COLLECTION c1", "+OK")
		c.Must("CREATE COLLECTION c1", "-ERR collection already exists: c1")
		c.Must("CREATE TENANT tdup", "+OK")
		c.Must("CREATE TENANT tdup", "-ERR tenant already exists: tdup")
		c.Must("DROP TENANT nosuch", "-ERR tenant not found: nosuch")
		for _, n := range []string{"_system", "_auth", "_cluster", "_default"} {
			c.Must("DROP TENANT "+n, "-ERR invalid name: names starting with '_' are reserved")
		}
		c.Must("DROP DATABASE ../x", "-ERR database not found: ../x")
		c.Must("DROP COLLECTION nope", "-ERR collection not found: nope")
		c.Must("DROP DATABASE dup", "+OK")
		c.Must("DROP TENANT tdup", "+OK")
	})

	t.Run("LIST TENANTS hides reserved and invalid entries; sorted lists", func(t *testing.T) {
		for _, d := range []string{"Bad-Dir", "_stray", "with space"} {
			if err := os.MkdirAll(filepath.Join(data, d), 0o755); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.WriteFile(filepath.Join(data, "afile"), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
		c := p.admin(t)
		c.Must("CREATE TENANT zeta", "+OK")
		c.Must("CREATE TENANT alpha", "+OK")
		c.Must("LIST TENANTS", Array("_system", "alpha", "zeta"))
		c.Must("CREATE DATABASE zdb", "+OK")
		c.Must("CREATE DATABASE adb", "+OK")
		c.Must("LIST DATABASES", Array("adb", "shop", "zdb"))
		c.Must("USE adb", "+OK")
		for _, n := range []string{"zc", "ac", "mc"} {
			c.Must("CREATE COLLECTION "+n, "+OK")
		}
		c.Must("LIST COLLECTIONS", Array("ac", "mc", "zc"))
		for _, n := range []string{"zz_idx", "aa_idx", "mm_idx"} {
			c.Must("CREATE INDEX ac "+n+" f", "+OK")
		}
		c.Must("LIST INDEXES ac", Array("zz_idx", "aa_idx", "mm_idx")) // creation order
		c.Must("CREATE USER zed pw", "+OK")
		c.Must("CREATE USER abe pw", "+OK")
		c.Must("LIST USERS", Array("_cluster/local-bootstrap@_system:cluster_peer", "abe@_system:", "admin@_system:server_admin", "reader@_system:read_only", "zed@_system:"))
	})

	t.Run("document round trip, UUID forms, check order", func(t *testing.T) {
		c := p.admin(t)
		c.Must("INSERT nope zz {", "-ERR no database selected (use USE <db>)")
		c.Must("USE shop", "+OK")
		c.Must("CREATE COLLECTION docs", "+OK")
		const k = "aabbccdd-eeff-4011-8233-445566778899"
		braced := "{" + strings.ToUpper(k) + "}"
		hex32 := strings.ReplaceAll(k, "-", "")
		urn := "urn:uuid:" + strings.ToUpper(k[:9]) + k[9:]
		c.Must("INSERT docs "+braced+` {"v": 1, "s": "x"}`, "+OK")
		c.Must("GET docs "+hex32, Bulk(`{"v":1,"s":"x"}`))
		c.Must("UPDATE docs "+urn+` {"v":2}`, "+OK")
		c.Must("GET docs "+strings.ToUpper(k), Bulk(`{"v":2}`))
		c.Must("SCAN docs", Array(k+` {"v":2}`))
		c.Must("INSERT docs "+hex32+" {}", "-ERR key "+k+" already exists")
		c.Must("DELETE docs "+braced, "+OK")
		c.Must("GET docs "+k, "$-1")
		c.Must("DELETE docs "+urn, "-ERR key "+k+" not found")
		c.Must("UPDATE docs "+hex32+" {}", "-ERR key "+k+" not found")
		c.Must("GET docs 00000000-0000-0000-0000-000000000000", "$-1") // nil UUID is a key

		// §4.5 check order: UUID, JSON, collection, key.
		c.MustPrefix("INSERT nope zz {", "-ERR invalid UUID 'zz': ")
		c.MustPrefix("INSERT nope "+k+" {", "-ERR invalid JSON: ")
		c.Must("INSERT nope "+k+" {}", "-ERR collection not found: nope")
		c.MustPrefix("GET nope zz", "-ERR invalid UUID 'zz': ")
		c.Must("GET nope "+k, "-ERR collection not found: nope")
		c.MustPrefix("UPDATE nope zz {", "-ERR invalid UUID 'zz': ")
		c.MustPrefix("UPDATE nope "+k+" {", "-ERR invalid JSON: ")
		c.Must("UPDATE nope "+k+" {}", "-ERR collection not found: nope")
		c.MustPrefix("DELETE nope zz", "-ERR invalid UUID 'zz': ")
		c.Must("DELETE nope "+k, "-ERR collection not found: nope")
		c.MustPrefix("PUT_WITH_VC nope zz { {bad", "-ERR invalid vector_clock JSON: ")
		c.MustPrefix("PUT_WITH_VC nope zz { {}", "-ERR invalid UUID 'zz': ")
		c.MustPrefix("PUT_WITH_VC nope "+k+" { {}", "-ERR invalid JSON: ")
		c.Must("PUT_WITH_VC nope "+k+" {} {}", "-ERR collection not found: nope")
		c.MustPrefix("SCAN nope zz "+k, "-ERR invalid UUID 'zz': ")
		c.MustPrefix("SCAN nope "+k+" zz", "-ERR invalid UUID 'zz': ")
		c.Must("SCAN nope "+k+" "+k, "-ERR collection not found: nope")
		c.Must("GET docs "+k+" ignored words", "$-1") // ‡
	})

	t.Run("SCAN range and PUT_WITH_VC", func(t *testing.T) {
		c := p.admin(t)
		c.Must("USE shop", "+OK")
		c.Must("CREATE COLLECTION sc", "+OK")
		for _, i := range []int{5, 1, 4, 2, 3} {
			c.Must("INSERT sc "+key(i)+` {"i":`+string(rune('0'+i))+"}", "+OK")
		}
		c.Must("SCAN sc", Array(key(1)+` {"i":1}`, key(2)+` {"i":2}`, key(3)+` {"i":3}`, key(4)+` {"i":4}`, key(5)+` {"i":5}`))
		c.Must("SCAN sc "+key(2)+" "+strings.ToUpper(key(4)), Array(key(2)+` {"i":2}`, key(3)+` {"i":3}`, key(4)+` {"i":4}`))
		c.Must("SCAN sc "+key(3)+" "+key(3), Array(key(3)+` {"i":3}`))
		c.Must("SCAN sc "+key(4)+" "+key(2), "*0")
		c.Must("SCAN sc "+key(2), "-ERR missing argument: SCAN range requires both <start_uuid> <end_uuid>")
		c.Must("PUT_WITH_VC sc "+key(9)+` {"a": [1, 2], "b": "x y"} {"node":3}`, "+OK") // insert
		c.Must("GET sc "+key(9), Bulk(`{"a":[1,2],"b":"x y"}`))
		c.Must("PUT_WITH_VC sc "+key(9)+` {"a":0} []`, "+OK") // replace; clock content ignored
		c.Must("GET sc "+key(9), Bulk(`{"a":0}`))
		c.MustPrefix("PUT_WITH_VC sc "+key(9)+` {"a":1} {"node":`, "-ERR invalid vector_clock JSON: ")
		c.Must("GET sc "+key(9), Bulk(`{"a":0}`))
	})

	t.Run("COUNT, COMPACT, FLUSH", func(t *testing.T) {
		c := p.admin(t)
		c.Must("USE shop", "+OK")
		c.Must("CREATE COLLECTION cnt", "+OK")
		c.Must("COUNT cnt", ":0")
		for i := 0; i < 25; i++ {
			c.Must("INSERT cnt "+key(100+i)+` {"n":1}`, "+OK")
		}
		c.Must("COUNT cnt", ":25")
		for i := 0; i < 5; i++ {
			c.Must("DELETE cnt "+key(100+i), "+OK")
		}
		c.Must("COMPACT cnt", "+OK 20")
		c.Must("COUNT cnt", ":20")
		c.Must("COMPACT nope", "-ERR collection not found: nope")
		c.Must("COUNT nope", "-ERR collection not found: nope")
		c.Must("FLUSH", "+OK")
		d := p.admin(t)
		d.Must("FLUSH", "-ERR no database selected (use USE <db>)")
	})

	t.Run("QUERY and QUERYRANGE", func(t *testing.T) {
		c := p.admin(t)
		c.Must("USE shop", "+OK")
		c.Must("CREATE COLLECTION q", "+OK")
		long := strings.Repeat("L", 200)
		docs := []string{
			`{"name":"bob","age":35.0,"tags":["a","b","b"]}`,
			`{"name":"bobby","age":35,"tags":["b"]}`,
			`{"name":"` + long + `x","age":1}`,
			`{"name":"` + long + `y","age":2.5}`,
			`{"name":"carl","age":2}`,
			`{"name":"dan","age":3,"tags":"a"}`,
		}
		for i, d := range docs {
			c.Must("INSERT q "+key(200+i)+" "+d, "+OK")
		}
		row := func(i int) string { return key(200+i) + " " + docs[i] }
		c.Must("CREATE INDEX q by_name name", "+OK")
		c.Must("CREATE INDEX q by_age age", "+OK")
		c.Must("CREATE INDEX q by_tag tags", "+OK")
		c.Must("CREATE INDEX q by_name x", "-ERR index already exists: by_name")
		c.Must("CREATE INDEX q Bad x", "-ERR invalid name: invalid character 'B': only [a-z0-9_] allowed")
		c.Must("CREATE INDEX nope i x", "-ERR collection not found: nope")
		c.Must(`QUERY q by_name "bob"`, Array(row(0)))
		c.Must(`QUERY q by_name "bo"`, "*0")
		c.Must(`QUERY q by_name "`+long+`x"`, Array(row(2)))
		c.Must(`QUERY q by_name "`+long+`y"`, Array(row(3)))
		c.Must(`QUERY q by_name "`+long+`"`, "*0")
		c.Must("QUERY q by_age 35", Array(row(0), row(1)))
		c.Must("QUERY q by_age 35.0", Array(row(0), row(1)))
		c.Must(`QUERY q by_tag "b"`, Array(row(0), row(1))) // multikey, each document once
		c.Must(`QUERY q by_tag "a"`, Array(row(0), row(5)))
		c.Must("QUERYRANGE q by_age 1 2.5", Array(row(2), row(4)))       // half-open: 2.5 excluded
		c.Must("QUERYRANGE q by_age 1 3", Array(row(2), row(4), row(3))) // by value: 1, 2, 2.5
		c.Must("QUERYRANGE q by_age 2.5 2.5", "*0")                      // empty
		c.Must("QUERYRANGE q by_age 0 100", Array(row(2), row(4), row(3), row(5), row(0), row(1)))
		c.Must(`QUERYRANGE q by_name "bob" "bobz"`, Array(row(0), row(1)))
		c.MustPrefix("QUERY q by_age {", "-ERR invalid JSON: ")
		c.MustPrefix("QUERYRANGE q by_age { 3", "-ERR invalid JSON: ")
		c.MustPrefix("QUERYRANGE q by_age 1 {", "-ERR invalid JSON: ")
		c.Must("QUERY nope by_age 1", "-ERR collection not found: nope")
		c.Must("QUERY q nope 1", "-ERR index not found: nope")
		c.Must(`QUERY q by_age {"a":1}`, "-ERR value type cannot be indexed")
		c.Must("QUERY q by_age [1]", "-ERR value type cannot be indexed")
		c.Must("DROP INDEX q nope", "-ERR index not found: nope")
		c.Must("DROP INDEX nope by_age", "-ERR collection not found: nope")
		c.Must("LIST INDEXES nope", "-ERR collection not found: nope")
		c.Must("LIST INDEXES q", Array("by_name", "by_age", "by_tag"))
	})

	t.Run("WHOAMI, TOPOLOGY, SNAPSHOT_HLC, ELECT-WRITER", func(t *testing.T) {
		a.Must("WHOAMI", "+USER admin TENANT _system ROLES server_admin:Server")
		a.Must("CREATE USER bare pw", "+OK")
		b := p.dial(t)
		b.MustPrefix("LOGIN _system bare pw", "+TOKEN ")
		tpWrite(t, b, "WHOAMI\r\n")
		if got := b.Line(); got != "+USER bare TENANT _system ROLES \r\n" {
			t.Fatalf("WHOAMI without roles %q", got)
		}
		b.Must("SNAPSHOT_HLC", "-ERR no database selected (use USE <db>)")

		var id struct {
			NodeID    string `json:"node_id"`
			ClusterID string `json:"cluster_id"`
		}
		raw, err := os.ReadFile(filepath.Join(data, "_cluster", "node.json"))
		if err != nil || json.Unmarshal(raw, &id) != nil || id.NodeID == "" {
			t.Fatalf("node.json: %v %q", err, raw)
		}
		want := `{"cluster_id":"` + id.ClusterID + `","local_node_id":"` + id.NodeID + `","n":1,"peers":[{"addr":"` + p.addr + `","node_id":"` + id.NodeID + `"}],"vnodes_per_node":256,"writers":[]}`
		b.Must("TOPOLOGY", Bulk(want))
		b.Must("topology extra", Bulk(want))

		c := p.admin(t)
		c.Must("USE shop", "+OK")
		prev := hlc(t, c)
		for i := 0; i < 20; i++ {
			c.Must("PUT_WITH_VC cnt "+key(300)+` {"i":1} {}`, "+OK")
			h := hlc(t, c)
			if h <= prev {
				t.Fatalf("SNAPSHOT_HLC %d after a write, was %d", h, prev)
			}
			if i%5 == 0 {
				if h2 := hlc(t, c); h2 < h {
					t.Fatalf("SNAPSHOT_HLC went back: %d then %d", h, h2)
				}
			}
			prev = h
		}
		c.MustPrefix("SNAPSHOT-HLC", ":")

		c.Must("ELECT-WRITER node1 shop docs", "+elected node1 as writer for shop/docs")
		c.Must("ELECT_WRITER node1 shop", "+elected node1 as writer for shop/*")
		c.Must("elect-writer n2 db coll extra words", "+elected n2 as writer for db/coll")
		b.Must("ELECT-WRITER n db", `-ERR access denied: ManageServer on Server denied for user 'bare'`)
		c.Must("TOPOLOGY", Bulk(want)) // no state change
	})

	t.Run("consistency prefixes", func(t *testing.T) {
		c := p.admin(t)
		c.Must("USE shop", "+OK")
		same := func(bare string) {
			t.Helper()
			want := c.Do(bare)
			if strings.HasPrefix(want, "-") {
				t.Fatalf("%s: %q", bare, want)
			}
			for _, pre := range []string{"READ_CONCERN R=1 ", "read_concern r=+1 ", "WRITE_CONCERN W=1 READ_CONCERN R=1 "} {
				if got := c.Do(pre + bare); got != want {
					t.Fatalf("%s%s\n got %q\nwant %q", pre, bare, got, want)
				}
			}
		}
		same("GET sc " + key(1))
		same("SCAN sc")
		same("COUNT sc")
		same(`QUERY q by_age 35`)
		same(`QUERYRANGE q by_age 0 10`)
		same(`FIND q {"age":35}`)
		same("RESOLVE sc " + key(1))
		c.MustPrefix("STATS sc", "$")
		c.MustPrefix("READ_CONCERN R=1 STATS sc", `$`)
		c.Must("READ_CONCERN R=1 INSERT sc "+key(50)+" {}", "+OK")
		c.Must("WRITE_CONCERN W=1 UPDATE sc "+key(50)+` {"u":1}`, "+OK")
		c.Must("READ_CONCERN R=1 PUT_WITH_VC sc "+key(50)+` {"u":2} {}`, "+OK")
		c.Must("WRITE_CONCERN W=1 DELETE sc "+key(50), "+OK")
		c.Must(`READ_CONCERN R=1 INSERTMANY sc [["`+key(51)+`",{}],["`+key(52)+`",{"z":1}]]`, "+OK 2")
		c.Must("COUNT sc", ":8")
		c.Must("WRITE_CONCERN W=2 INSERT sc "+key(53)+" {}", "-ERR v5 only supports R=1, W=1")
		c.Must("READ_CONCERN R=0 GET sc "+key(1), "-ERR v5 only supports R=1, W=1")
		c.Must("READ_CONCERN R=3 WRITE_CONCERN W=1 GET sc "+key(1), "-ERR v5 only supports R=1, W=1")
		c.Must("GET sc "+key(53), "$-1")
		c.Must("READ_CONCERN R=1 PING", "-ERR consistency concerns are only supported for data commands")
		c.Must("WRITE_CONCERN W=1 LIST COLLECTIONS", "-ERR consistency concerns are only supported for data commands")
		c.Must("READ_CONCERN R=1 QUIT", "-ERR consistency concerns are only supported for data commands")
		c.Must("READ_CONCERN R=1 READ_CONCERN R=1 GET sc "+key(1), "-ERR missing argument: READ_CONCERN specified more than once")
		c.Must("PING", "+PONG") // still open after QUIT was refused
	})

	// Durability: indexes, data and the clock survive a restart.
	c := p.admin(t)
	c.Must("USE shop", "+OK")
	before := []string{
		c.Do("LIST INDEXES q"), c.Do(`QUERY q by_name "bob"`), c.Do("QUERY q by_age 35"),
		c.Do(`QUERY q by_tag "b"`), c.Do("QUERYRANGE q by_age 1 3"), c.Do("COUNT cnt"),
	}
	h1 := hlc(t, c)
	p.stop()
	q := startServer(t, data)
	c = q.admin(t)
	c.Must("USE shop", "+OK")
	after := []string{
		c.Do("LIST INDEXES q"), c.Do(`QUERY q by_name "bob"`), c.Do("QUERY q by_age 35"),
		c.Do(`QUERY q by_tag "b"`), c.Do("QUERYRANGE q by_age 1 3"), c.Do("COUNT cnt"),
	}
	for i := range before {
		if before[i] != after[i] {
			t.Fatalf("after restart, query %d\n got %q\nwant %q", i, after[i], before[i])
		}
	}
	if h2 := hlc(t, c); h2 < h1 {
		t.Fatalf("SNAPSHOT_HLC %d after restart, %d before", h2, h1)
	}
	c.Must("INSERT q "+key(299)+` {"age":2.2}`, "+OK") // the index keeps working
	c.Must("QUERYRANGE q by_age 2.1 2.3", Array(key(299)+` {"age":2.2}`))
	if h3 := hlc(t, c); h3 <= h1 {
		t.Fatalf("SNAPSHOT_HLC %d after a write past the restart, %d before", h3, h1)
	}
	q.stop()
}

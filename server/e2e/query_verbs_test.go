package e2e

import (
	"errors"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	. "github.com/grumpydb/grumpydb/server/internal/servertest"
)

// queryRef is the wire form of a reference to collection c, key k.
func queryRef(c, k string) string {
	return `{"$ref":{"collection":"` + c + `","uuid":"` + k + `"}}`
}

var queryStatsAllRe = regexp.MustCompile(`^\{"documents":(\d+),"pool":\{"cached":(\d+),"capacity":(\d+),"reads":(\d+),"writes":(\d+)\}\}$`)

var queryStatsRe = regexp.MustCompile(`^\{"documents":(\d+),"pool":\{"cached":\d+,"capacity":[1-9]\d*,"reads":\d+,"writes":\d+\}\}$`)

// TestQueryExtensionVerbs covers RESOLVE, STATS and INSERTMANY end to
// end, the §11a RBAC and consistency-prefix rules for all four verbs, and
// their /metrics labels.
func TestQueryExtensionVerbs(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	p := startServer(t, data)
	c := p.admin(t)
	for _, line := range []string{`RESOLVE users ` + queryKey(1), `STATS users`, `INSERTMANY users [["` + queryKey(1) + `",{}]]`} {
		c.Must(line, "-ERR no database selected (use USE <db>)")
	}
	c.Must("USE shop", "+OK")
	for _, coll := range []string{"users", "orders", "products"} {
		c.Must("CREATE COLLECTION "+coll, "+OK")
	}
	u1, u2, u3, u4, u5 := queryKey(1), queryKey(2), queryKey(3), queryKey(4), queryKey(5)
	o1, o2, o3, p1 := queryKey(11), queryKey(12), queryKey(13), queryKey(21)
	ghost := queryKey(99)
	docs := map[string]string{
		"users " + u1:    `{"name":"ann","boss":` + queryRef("users", u2) + `}`,
		"users " + u2:    `{"name":"bob"}`,
		"users " + u3:    `{"name":"self","me":` + queryRef("users", u3) + `}`,
		"users " + u4:    `{"name":"u4","next":` + queryRef("users", u5) + `}`,
		"users " + u5:    `{"name":"u5","next":` + queryRef("users", u4) + `}`,
		"products " + p1: `{"sku":"x","maker":` + queryRef("users", u2) + `}`,
		"orders " + o1: `{"buyer":` + queryRef("users", u1) + `,"seller":` + queryRef("users", u2) +
			`,"items":[` + queryRef("products", p1) + `,{"n":[` + queryRef("users", ghost) + `]}],"gone":` + queryRef("ghosts", ghost) + `}`,
		"orders " + o2: `{"a":` + queryRef("users", u2) + `,"b":` + queryRef("users", u2) + `}`,
	}
	// INSERTMANY carries the references in (the inbound mapping).
	for _, coll := range []string{"users", "products", "orders"} {
		var pairs []string
		for k, v := range docs {
			if cl, key, _ := strings.Cut(k, " "); cl == coll {
				pairs = append(pairs, `["`+key+`",`+v+`]`)
			}
		}
		c.Must("INSERTMANY "+coll+" ["+strings.Join(pairs, ",")+"]", "+OK "+strconv.Itoa(len(pairs)))
	}
	for k, v := range docs {
		c.Must("GET "+k, Bulk(v))
	}

	t.Run("resolve", func(t *testing.T) {
		c := queryAs(c, t)
		bob := docs["users "+u2]
		annBoss := `{"name":"ann","boss":` + bob + `}`
		product1 := `{"sku":"x","maker":` + queryRef("users", u2) + `}`
		dangling := `{"n":[` + queryRef("users", ghost) + `]}],"gone":` + queryRef("ghosts", ghost) + `}`
		for _, tc := range []struct{ line, want string }{
			{"RESOLVE orders " + o1 + " 0", Bulk(docs["orders "+o1])},
			{"RESOLVE orders " + o1, Bulk(`{"buyer":` + docs["users "+u1] + `,"seller":` + bob + `,"items":[` + product1 + `,` + dangling)},
			{"RESOLVE orders " + o1 + " 1", Bulk(`{"buyer":` + docs["users "+u1] + `,"seller":` + bob + `,"items":[` + product1 + `,` + dangling)},
			{"RESOLVE orders " + o1 + " 2", Bulk(`{"buyer":` + annBoss + `,"seller":` + bob + `,"items":[{"sku":"x","maker":` + bob + `},` + dangling)},
			{"RESOLVE orders " + o1 + " 256", Bulk(`{"buyer":` + annBoss + `,"seller":` + bob + `,"items":[{"sku":"x","maker":` + bob + `},` + dangling)},
			{"RESOLVE orders " + strings.ToUpper(o2), Bulk(`{"a":` + bob + `,"b":` + bob + `}`)}, // a diamond is no cycle
			{"RESOLVE users " + u2 + " 16", Bulk(bob)},
			{"RESOLVE users " + ghost, "$-1"},
			{"RESOLVE users " + u3 + " 0", Bulk(docs["users "+u3])},
			{"RESOLVE users " + u3, "-ERR cyclic reference detected: users/" + u3},
			{"RESOLVE users " + u4, Bulk(`{"name":"u4","next":` + docs["users "+u5] + `}`)},
			{"RESOLVE users " + u4 + " 2", "-ERR cyclic reference detected: users/" + u4},
			{"RESOLVE users " + u1 + " 257", "-ERR depth must be an integer from 0 to 256"},
			{"RESOLVE users " + u1 + " -1", "-ERR depth must be an integer from 0 to 256"},
			{"RESOLVE users " + u1 + " x", "-ERR depth must be an integer from 0 to 256"},
			{"RESOLVE users nope", "-ERR invalid UUID 'nope': "},
			{"RESOLVE nope " + u1, "-ERR collection not found: nope"},
			{"RESOLVE users", "-ERR missing argument: RESOLVE requires <collection> <uuid>"},
			{"RESOLVE", "-ERR missing argument: RESOLVE requires <collection> <uuid>"},
		} {
			if strings.HasSuffix(tc.want, ": ") {
				c.MustPrefix(tc.line, tc.want)
				continue
			}
			c.Must(tc.line, tc.want)
		}
		// FIND takes a reference literal (inbound mapping in the filter).
		c.Must(`FIND orders {"seller":`+queryRef("users", u2)+`} {"projection":{"seller":1}}`, Array(o1+` {"seller":`+queryRef("users", u2)+`}`))
		c.Must(`FIND orders {"items":{"$in":[`+queryRef("products", p1)+`]}} {"count":true}`, ":1")
		c.Must(`FIND orders {"seller":{"$gt":`+queryRef("users", u1)+`}} {"count":true}`, ":1")
	})

	t.Run("resolved document too large", func(t *testing.T) {
		c := queryAs(c, t)
		big := `{"s":"` + strings.Repeat("r", 900_000) + `"}`
		c.Must("INSERT products "+queryKey(22)+" "+big, "+OK")
		refs := make([]string, 20)
		for i := range refs {
			refs[i] = queryRef("products", queryKey(22))
		}
		c.Must("INSERT orders "+o3+" ["+strings.Join(refs, ",")+"]", "+OK")
		n := 2 + 20*len(big) + 19
		c.Must("RESOLVE orders "+o3, "-ERR resolved document too large: "+strconv.Itoa(n)+" bytes (max 16777216)")
		c.Must("RESOLVE orders "+o3+" 0", Bulk("["+strings.Join(refs, ",")+"]"))
		c.Must("DELETE orders "+o3, "+OK")
	})

	// A fan of references (each document refers twice to the next) doubles
	// the resolved size per hop: refused with the exact size, and without
	// the server first building the whole value (memory stays bounded).
	t.Run("resolved fan out", func(t *testing.T) {
		c := queryAs(c, t)
		c.Must("CREATE COLLECTION fan", "+OK")
		const hops = 20
		for i := 0; i < hops; i++ {
			r := queryRef("fan", queryKey(i+1))
			c.Must("INSERT fan "+queryKey(i)+" ["+r+","+r+"]", "+OK")
		}
		c.Must("INSERT fan "+queryKey(hops)+" 1", "+OK")
		size := 2*len(queryRef("fan", queryKey(1))) + 3 // depth 0: [ref,ref]
		for d := 0; d <= 17; d++ {
			if d > 0 {
				size = 2*size + 3
			}
			switch d {
			case 0, 3, 10:
				if got := queryBulk(t, c.Do("RESOLVE fan "+queryKey(0)+" "+strconv.Itoa(d))); len(got) != size {
					t.Errorf("depth %d: %d bytes, want %d", d, len(got), size)
				}
			case 17:
				c.Must("RESOLVE fan "+queryKey(0)+" 17", "-ERR resolved document too large: "+strconv.Itoa(size)+" bytes (max 16777216)")
			}
		}
		c.Must("PING", "+PONG")
	})

	t.Run("stats", func(t *testing.T) {
		c := queryAs(c, t)
		for coll, n := range map[string]string{"users": "5", "orders": "2", "products": "2"} {
			got := queryBulk(t, c.Do("STATS "+coll))
			m := queryStatsRe.FindStringSubmatch(got)
			if m == nil || m[1] != n {
				t.Errorf("STATS %s = %s, want documents %s", coll, got, n)
			}
			c.Must("COUNT "+coll, ":"+m[1])
		}
		c.Must("STATS nope", "-ERR collection not found: nope")
		c.Must("STATS", "-ERR missing argument: STATS requires <collection>")
	})

	t.Run("insertmany", func(t *testing.T) {
		c := queryAs(c, t)
		c.Must("CREATE COLLECTION batch", "+OK")
		a, b, d := queryKey(31), queryKey(32), queryKey(33)
		// Any UUID spelling in, canonical keys out; any document type.
		c.Must(`INSERTMANY batch [["`+strings.ToUpper(a)+`",{"i":1}], ["{`+b+`}",[1,"x"]],["urn:uuid:`+d+`","s"],["`+strings.ReplaceAll(queryKey(30), "-", "")+`",null]]`, "+OK 4")
		c.Must("SCAN batch", Array(queryKey(30)+" null", a+` {"i":1}`, b+` [1,"x"]`, d+` "s"`))
		e, f := queryKey(34), queryKey(35)
		c.Must("CREATE INDEX batch by_i i", "+OK")
		// A bad element anywhere ⇒ an error and nothing inserted.
		for _, tc := range []struct{ json, want string }{
			{`[["` + e + `",{"i":99}],["` + a + `",{}]]`, "-ERR key " + a + " already exists"},
			{`[["` + e + `",{"i":99}],["` + f + `",{}],["` + strings.ToUpper(e) + `",{}]]`, "-ERR key " + e + " already exists"},
			{`[["` + e + `",{"i":99}],["nope",{}]]`, "-ERR invalid UUID 'nope': "},
			{`[["` + e + `",{"i":99}],["` + f + `"]]`, `-ERR INSERTMANY needs a non-empty array of ["<uuid>", <document>] pairs`},
			{`[["` + e + `",{"i":99}],["` + f + `",{},1]]`, `-ERR INSERTMANY needs a non-empty array of ["<uuid>", <document>] pairs`},
			{`[["` + e + `",{"i":99}],[7,{}]]`, `-ERR INSERTMANY needs a non-empty array of ["<uuid>", <document>] pairs`},
			{`[["` + e + `",{"i":99}],"` + f + `"]`, `-ERR INSERTMANY needs a non-empty array of ["<uuid>", <document>] pairs`},
			{`[]`, `-ERR INSERTMANY needs a non-empty array of ["<uuid>", <document>] pairs`},
			{`{"` + e + `":{}}`, `-ERR INSERTMANY needs a non-empty array of ["<uuid>", <document>] pairs`},
			{`[["` + e + `",{"i":99}],["` + f + `",{"x":NaN}]]`, "-ERR invalid JSON: "},
			{`[["` + e + `",{"i":99}],["` + f + `",{"x":"\udc00"}]]`, "-ERR invalid JSON: "},
			{`[["` + e + `",{"i":99}],["` + f + `",{}]] x`, "-ERR invalid JSON: "},
			{`[["` + e + `",{"i":99}],["` + f + `",` + queryRef("_bad", e) + `]]`, "+OK 2"}, // a near miss is a plain object
		} {
			if strings.HasSuffix(tc.want, ": ") {
				c.MustPrefix("INSERTMANY batch "+tc.json, tc.want)
			} else {
				c.Must("INSERTMANY batch "+tc.json, tc.want)
			}
			if strings.HasPrefix(tc.want, "-ERR") {
				c.Must("COUNT batch", ":4")
				c.Must("GET batch "+e, "$-1")
				c.Must(`FIND batch {"i":99} {"count":true}`, ":0") // no index entry left behind either
			}
		}
		c.Must("GET batch "+f, Bulk(queryRef("_bad", e)))
		// No collection is created: that is the shell's job (REPL.md §12.1).
		c.Must(`INSERTMANY fresh [["`+e+`",{}]]`, "-ERR collection not found: fresh")
		c.Must("LIST COLLECTIONS", Array("batch", "fan", "orders", "products", "users"))
		c.Must("INSERTMANY batch", "-ERR missing argument: INSERTMANY requires <collection> <json>")
		c.Must("INSERTMANY", "-ERR missing argument: INSERTMANY requires <collection> <json>")
		// 126-deep documents fit in the 128-deep batch.
		deep := strings.Repeat("[", 126) + strings.Repeat("]", 126)
		c.Must(`INSERTMANY batch [["`+queryKey(36)+`",`+deep+`]]`, "+OK 1")
		c.Must("GET batch "+queryKey(36), Bulk(deep))
	})

	t.Run("access control", func(t *testing.T) {
		admin := p.admin(t) // no USE: `shop` names Database(shop)
		admin.Must("CREATE USER reader rpw", "+OK")
		admin.Must("GRANT read_only ON shop TO reader", "+OK")
		admin.Must("CREATE USER writer wpw", "+OK")
		admin.Must("GRANT read_write ON shop TO writer", "+OK")
		admin.Must("CREATE USER narrow npw", "+OK")
		admin.Must("GRANT read_only ON orders:shop TO narrow", "+OK")
		admin.Must("CREATE USER nobody xpw", "+OK")

		denied := func(action, coll, user string) string {
			return `-ERR access denied: ` + action + ` on Collection { database: "shop", collection: "` + coll + `" } denied for user '` + user + `'`
		}
		r := queryLogin(t, p, "reader", "rpw")
		r.Must("USE shop", "+OK")
		r.Must(`FIND users {"name":"bob"}`, Array(u2+` {"name":"bob"}`))
		r.Must(`READ_CONCERN R=1 FIND users {"name":"bob"} {"count":true}`, ":1")
		r.Must("RESOLVE users "+u1, Bulk(`{"name":"ann","boss":{"name":"bob"}}`))
		r.MustPrefix("STATS users", `$`)
		r.Must(`INSERTMANY users [["`+queryKey(40)+`",{}]]`, denied("Write", "users", "reader"))
		r.Must(`WRITE_CONCERN W=1 INSERTMANY users [["`+queryKey(40)+`",{}]]`, denied("Write", "users", "reader"))

		w := queryLogin(t, p, "writer", "wpw")
		w.Must("USE shop", "+OK")
		w.Must(`INSERTMANY users [["`+queryKey(40)+`",{"w":1}]]`, "+OK 1")
		w.Must(`FIND users {"w":1} {"count":true}`, ":1")

		// RESOLVE needs Read on every collection it reads.
		n := queryLogin(t, p, "narrow", "npw")
		n.Must("USE shop", "+OK")
		n.Must("RESOLVE orders "+o2, denied("Read", "users", "narrow"))
		n.Must("RESOLVE orders "+o2+" 0", Bulk(docs["orders "+o2]))
		n.Must(`FIND orders {} {"count":true}`, ":2")
		n.Must("STATS users", denied("Read", "users", "narrow"))
		n.Must(`FIND users {}`, denied("Read", "users", "narrow"))

		x := queryLogin(t, p, "nobody", "xpw")
		x.Must("USE shop", "+OK")
		x.Must(`FIND users {}`, denied("Read", "users", "nobody"))
		x.Must("RESOLVE users "+u2, denied("Read", "users", "nobody"))
		x.Must("STATS users", denied("Read", "users", "nobody"))
		x.Must(`INSERTMANY users [["`+queryKey(41)+`",{}]]`, denied("Write", "users", "nobody"))

		// Without USE a scoped user is denied on database "" (authorisation first).
		y := queryLogin(t, p, "reader", "rpw")
		y.Must(`FIND users {}`, `-ERR access denied: Read on Collection { database: "", collection: "users" } denied for user 'reader'`)

		u := p.dial(t)
		for _, line := range []string{`FIND users {}`, "RESOLVE users " + u1, "STATS users", `INSERTMANY users [["` + u1 + `",{}]]`} {
			u.Must(line, "-ERR not authenticated")
		}
	})

	t.Run("consistency prefixes", func(t *testing.T) {
		c := queryAs(c, t)
		for _, tc := range []struct{ inner, want string }{
			{`FIND users {"name":"bob"}`, Array(u2 + ` {"name":"bob"}`)},
			{"RESOLVE users " + u2, Bulk(`{"name":"bob"}`)},
			{"STATS users", "$"},
			{`INSERTMANY users [["` + queryKey(50) + `",{"p":1}]]`, "+OK 1"},
		} {
			for i, prefix := range []string{"READ_CONCERN R=1 ", "WRITE_CONCERN W=1 ", "read_concern r=+1 WRITE_CONCERN W=1 ", "WRITE_CONCERN W=1 READ_CONCERN R=01 "} {
				line := tc.inner
				if strings.HasPrefix(line, "INSERTMANY") {
					line = strings.Replace(line, queryKey(50), queryKey(50+i), 1)
				}
				if tc.want == "$" {
					if got := queryBulk(t, c.Do(prefix+line)); !queryStatsRe.MatchString(got) {
						t.Errorf("%s%s: %s", prefix, line, got)
					}
					continue
				}
				c.Must(prefix+line, tc.want)
			}
			for _, prefix := range []string{"WRITE_CONCERN W=2 ", "READ_CONCERN R=2 ", "READ_CONCERN R=0 ", "READ_CONCERN R=1 WRITE_CONCERN W=3 "} {
				c.Must(prefix+tc.inner, "-ERR v5 only supports R=1, W=1")
			}
			c.Must("READ_CONCERN R=1 READ_CONCERN R=1 "+tc.inner, "-ERR missing argument: READ_CONCERN specified more than once")
		}
		c.Must(`FIND users {"p":1} {"count":true}`, ":4") // only the accepted INSERTMANYs ran
		c.Must("READ_CONCERN R=1 PING", "-ERR consistency concerns are only supported for data commands")
	})

	t.Run("metrics labels", func(t *testing.T) {
		c := queryAs(c, t)
		before := queryMetrics(t, p)
		c.Must(`FIND users {"name":"bob"} {"count":true}`, ":1")
		c.Must(`READ_CONCERN R=1 FIND users {} {"limit":1,"count":true}`, ":1")
		c.Must(`FIND users {"$bad":1}`, "-ERR invalid filter: unknown operator $bad")
		c.Must(`WRITE_CONCERN W=2 FIND users {}`, "-ERR v5 only supports R=1, W=1") // not counted
		c.Must("RESOLVE users "+u2, Bulk(`{"name":"bob"}`))
		c.Must("RESOLVE nope "+u2, "-ERR collection not found: nope")
		c.MustPrefix("STATS users", "$")
		c.Must("STATS nope", "-ERR collection not found: nope")
		c.Must("STATS nope2", "-ERR collection not found: nope2")
		c.Must(`INSERTMANY users [["`+queryKey(60)+`",{}]]`, "+OK 1")
		c.Must(`INSERTMANY users [["`+queryKey(60)+`",{}]]`, "-ERR key "+queryKey(60)+" already exists")
		c.Must(`INSERTMANY users []`, `-ERR INSERTMANY needs a non-empty array of ["<uuid>", <document>] pairs`)
		after := queryMetrics(t, p)
		for _, tc := range []struct {
			series string
			delta  float64
		}{
			{`grumpydb_commands_total{cmd="FIND",result="ok"}`, 2},
			{`grumpydb_commands_total{cmd="FIND",result="error"}`, 1},
			{`grumpydb_commands_total{cmd="RESOLVE",result="ok"}`, 1},
			{`grumpydb_commands_total{cmd="RESOLVE",result="error"}`, 1},
			{`grumpydb_commands_total{cmd="STATS",result="ok"}`, 1},
			{`grumpydb_commands_total{cmd="STATS",result="error"}`, 2},
			{`grumpydb_commands_total{cmd="INSERT_MANY",result="ok"}`, 1},
			{`grumpydb_commands_total{cmd="INSERT_MANY",result="error"}`, 2},
			{`grumpydb_command_duration_seconds_count{cmd="FIND"}`, 3},
			{`grumpydb_command_duration_seconds_count{cmd="RESOLVE"}`, 2},
			{`grumpydb_command_duration_seconds_count{cmd="STATS"}`, 3},
			{`grumpydb_command_duration_seconds_count{cmd="INSERT_MANY"}`, 3},
		} {
			if d := queryMetric(t, after, tc.series) - queryMetric(t, before, tc.series); d != tc.delta {
				t.Errorf("%s grew by %v, want %v", tc.series, d, tc.delta)
			}
		}
		contains(t, "metrics", after, `grumpydb_command_duration_seconds_bucket{cmd="INSERT_MANY",le="`)
		if strings.Contains(after, `cmd="INSERTMANY"`) {
			t.Error(`metrics use cmd="INSERTMANY" instead of INSERT_MANY`)
		}
	})

	// Readers see a batch whole or not at all, through a scan and through
	// an index alike.
	t.Run("insertmany is atomic to readers", func(t *testing.T) {
		c := queryAs(c, t)
		c.Must("CREATE COLLECTION atom", "+OK")
		c.Must("CREATE INDEX atom by_g g", "+OK")
		const batches, size = 40, 50
		w := p.admin(t)
		w.Must("USE shop", "+OK")
		done := make(chan error, 1)
		go func() {
			for b := 0; b < batches; b++ {
				pairs := make([]string, size)
				for i := range pairs {
					pairs[i] = `["` + queryKey(5000+b*size+i) + `",{"g":` + strconv.Itoa(b) + `}]`
				}
				got, err := w.ReadErrAfter("INSERTMANY atom [" + strings.Join(pairs, ",") + "]")
				if err == nil && got != "+OK 50\r\n" {
					err = errors.New("INSERTMANY: " + got)
				}
				if err != nil {
					done <- err
					return
				}
			}
			done <- nil
		}()
		last, seen := 0, map[int]bool{}
		for finished := false; !finished; {
			select {
			case err := <-done:
				if err != nil {
					t.Fatal(err)
				}
				finished = true
			default:
			}
			for _, f := range []string{`{}`, `{"g":{"$gte":0}}`} {
				got := strings.TrimSpace(c.Do("FIND atom " + f + ` {"count":true}`))
				n, err := strconv.Atoi(strings.TrimPrefix(got, ":"))
				if err != nil || n%size != 0 || n < last {
					t.Fatalf("FIND atom %s counts %q during the batches (after %d)", f, got, last)
				}
				last, seen[n] = n, true
			}
		}
		t.Logf("readers saw %d distinct counts while %d batches committed", len(seen), batches)
		c.Must(`FIND atom {} {"count":true}`, ":"+strconv.Itoa(batches*size))
	})

	// INSERTMANY is durable before its reply: SIGKILL, restart, all there.
	t.Run("insertmany survives kill -9", func(t *testing.T) {
		c := queryAs(c, t)
		c.Must("CREATE INDEX batch by_j j", "+OK")
		// As many documents as one request line carries.
		var b strings.Builder
		b.WriteString("INSERTMANY batch [")
		n := 0
		for ; b.Len() < 1048576-100; n++ {
			if n > 0 {
				b.WriteByte(',')
			}
			b.WriteString(`["` + queryKey(1000+n) + `",{"j":` + strconv.Itoa(n) + `}]`)
		}
		b.WriteByte(']')
		c.Must(b.String(), "+OK "+strconv.Itoa(n))
		p.kill()
		q := startServer(t, data)
		d := q.admin(t)
		d.Must("USE shop", "+OK")
		d.Must(`FIND batch {"j":{"$gte":0}} {"count":true}`, ":"+strconv.Itoa(n))
		d.Must(`FIND batch {"j":`+strconv.Itoa(n-1)+`}`, Array(queryKey(1000+n-1)+` {"j":`+strconv.Itoa(n-1)+`}`))
		d.Must("GET batch "+queryKey(35), Bulk(queryRef("_bad", queryKey(34))))
		// STATS after the restart: the count, then writes grow with a flush.
		stats := func() []int {
			got := queryBulk(t, d.Do("STATS batch"))
			m := queryStatsAllRe.FindStringSubmatch(got)
			if m == nil {
				t.Fatalf("STATS batch = %s", got)
			}
			out := make([]int, 5)
			for i := range out {
				out[i], _ = strconv.Atoi(m[i+1])
			}
			return out
		}
		s0 := stats()
		if want := n + 7; s0[0] != want || s0[1] > s0[2] {
			t.Fatalf("STATS after restart %v, want %d documents and cached <= capacity", s0, want)
		}
		d.Must("INSERT batch "+queryKey(999)+` {"j":-1}`, "+OK")
		d.Must("FLUSH", "+OK")
		if s1 := stats(); s1[0] != s0[0]+1 || s1[4] <= s0[4] || s1[3] < s0[3] {
			t.Fatalf("STATS after INSERT and FLUSH %v, before %v", s1, s0)
		}
		q.stop()
	})
}

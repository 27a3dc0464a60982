package e2e

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestConfigHTTP covers the HTTP lines of PROTOCOL.md §12 (§8).
func TestConfigHTTP(t *testing.T) {
	p := startServer(t, filepath.Join(t.TempDir(), "data"))
	base := "http://" + p.httpAddr
	const plain = "text/plain; charset=utf-8"

	t.Run("routes, HEAD, 404 never 405, JWKS before any login", func(t *testing.T) {
		for _, tc := range []struct {
			method, path string
			status       int
			ctype, body  string
		}{
			{"GET", "/healthz", 200, plain, "ok"},
			{"GET", "/healthz?verbose=1", 200, plain, "ok"},
			{"HEAD", "/healthz", 200, plain, ""},
			{"GET", "/readyz", 200, plain, "ready"},
			{"HEAD", "/readyz", 200, plain, ""},
			{"POST", "/healthz", 404, plain, "not found"},
			{"PUT", "/readyz", 404, plain, "not found"},
			{"DELETE", "/metrics", 404, plain, "not found"},
			{"POST", "/.well-known/jwks.json", 404, plain, "not found"},
			{"GET", "/", 404, plain, "not found"},
			{"GET", "/nope", 404, plain, "not found"},
			{"GET", "/healthz/", 404, plain, "not found"},
			{"GET", "/metrics/x", 404, plain, "not found"},
			{"HEAD", "/nope", 404, plain, ""},
			{"OPTIONS", "/nope", 404, plain, "not found"},
		} {
			s, ct, b := tpHTTP(t, tc.method, base+tc.path)
			if s != tc.status || ct != tc.ctype || b != tc.body {
				t.Fatalf("%s %s: %d %q %q, want %d %q %q", tc.method, tc.path, s, ct, b, tc.status, tc.ctype, tc.body)
			}
		}
		s, ct, b := tpHTTP(t, "GET", base+"/.well-known/jwks.json")
		if s != 200 || ct != "application/json" || !strings.HasPrefix(b, `{"keys":[{`) || !strings.Contains(b, `"kid":"`) {
			t.Fatalf("jwks %d %q %q", s, ct, b)
		}
		if s, ct, b2 := tpHTTP(t, "HEAD", base+"/.well-known/jwks.json"); s != 200 || ct != "application/json" || b2 != "" {
			t.Fatalf("HEAD jwks %d %q %q", s, ct, b2)
		}
		if s, ct, _ := tpHTTP(t, "HEAD", base+"/metrics"); s != 200 || !strings.HasPrefix(ct, "text/plain; version=0.0.4") {
			t.Fatalf("HEAD metrics %d %q", s, ct)
		}
	})

	t.Run("metrics present from start", func(t *testing.T) {
		m := tpMetrics(t, p)
		for _, s := range []string{
			`grumpydb_buffer_pool_pages{state="clean"}`,
			`grumpydb_buffer_pool_pages{state="dirty"}`,
			`grumpydb_buffer_pool_pages{state="free"}`,
			`grumpydb_wal_records_total`,
			`grumpydb_connections_active`,
		} {
			tpMustMetric(t, m, s)
		}
		contains(t, "metrics", m, `grumpydb_node_info{`)
		contains(t, "metrics", m, `version="5.0.0"`)
		contains(t, "metrics", m, "# TYPE grumpydb_connections_active gauge")
	})

	t.Run("connections, commands, histogram", func(t *testing.T) {
		tpWaitMetric(t, p, "grumpydb_connections_active", 0)
		c := p.dial(t)
		d := p.dial(t)
		e := p.dial(t)
		tpWaitMetric(t, p, "grumpydb_connections_active", 3)
		for i := 0; i < 5; i++ {
			c.Must("PING", "+PONG")
		}
		c.Must("NOPE", "-ERR unknown command: NOPE")
		c.Must("COUNT x", "-ERR not authenticated")
		c.MustPrefix("LOGIN _system admin "+adminPW, "+TOKEN ")
		c.Must("LOGIN _system admin wrong", "-ERR invalid credentials")
		c.Must("READ_CONCERN R=1 LIST DATABASES", "-ERR consistency concerns are only supported for data commands")
		c.Must("COUNT x", "-ERR no database selected (use USE <db>)")
		c.MustPrefix("SNAPSHOT-HLC", "-ERR no database selected")
		e.Send("QUIT")
		tpExpectRest(t, e, "+BYE\r\n")
		tpWaitMetric(t, p, "grumpydb_connections_active", 2)
		d.Conn.Close()
		tpWaitMetric(t, p, "grumpydb_connections_active", 1)
		m := tpMetrics(t, p)
		for series, want := range map[string]float64{
			`grumpydb_commands_total{cmd="LOGIN",result="ok"}`:            1,
			`grumpydb_commands_total{cmd="LOGIN",result="error"}`:         1,
			`grumpydb_commands_total{cmd="COUNT",result="error"}`:         1,
			`grumpydb_commands_total{cmd="SNAPSHOT_HLC",result="error"}`:  1,
			`grumpydb_command_duration_seconds_count{cmd="LOGIN"}`:        2,
			`grumpydb_login_failures_total{reason="invalid_credentials"}`: 1,
		} {
			if v := tpMustMetric(t, m, series); v != want {
				t.Fatalf("%s = %v, want %v", series, v, want)
			}
		}
		for _, absent := range []string{`cmd="PING"`, `cmd="QUIT"`, `cmd="NOPE"`, `cmd="LIST_DATABASES"`, `cmd="SNAPSHOT-HLC"`} {
			if strings.Contains(m, absent) {
				t.Fatalf("metrics contain %s", absent)
			}
		}
		contains(t, "metrics", m, "# TYPE grumpydb_command_duration_seconds histogram")
		contains(t, "metrics", m, `grumpydb_command_duration_seconds_bucket{cmd="LOGIN",le="+Inf"} 2`)
		contains(t, "metrics", m, `grumpydb_command_duration_seconds_sum{cmd="LOGIN"} `)
		if n := strings.Count(m, `grumpydb_command_duration_seconds_bucket{cmd="LOGIN",le=`); n < 2 {
			t.Fatalf("%d LOGIN buckets", n)
		}
	})

	t.Run("buffer pool and WAL move with writes", func(t *testing.T) {
		pool := func(m string) (clean, dirty, free float64) {
			return tpMustMetric(t, m, `grumpydb_buffer_pool_pages{state="clean"}`),
				tpMustMetric(t, m, `grumpydb_buffer_pool_pages{state="dirty"}`),
				tpMustMetric(t, m, `grumpydb_buffer_pool_pages{state="free"}`)
		}
		c := p.admin(t)
		c.Must("USE metrics", "+OK") // opens the database's buffer pool
		c.Must("CREATE COLLECTION docs", "+OK")
		m0 := tpMetrics(t, p)
		c0, d0, f0 := pool(m0)
		w0 := tpMustMetric(t, m0, "grumpydb_wal_records_total")
		if c0+d0+f0 == 0 {
			t.Fatal("no buffer pool pages with a database open")
		}
		for i := 0; i < 300; i++ {
			c.Must("INSERT docs "+key(i)+` {"pad":"`+strings.Repeat("m", 500)+`","i":`+strconv.Itoa(i)+`}`, "+OK")
		}
		m1 := tpMetrics(t, p)
		c1, d1, f1 := pool(m1)
		w1 := tpMustMetric(t, m1, "grumpydb_wal_records_total")
		if w1 < w0+300 {
			t.Fatalf("wal records %v then %v after 300 inserts", w0, w1)
		}
		if c1+d1 <= c0+d0 || f1 >= f0 {
			t.Fatalf("buffer pool did not move: clean %v→%v dirty %v→%v free %v→%v", c0, c1, d0, d1, f0, f1)
		}
		c.Must("FLUSH", "+OK")
		m2 := tpMetrics(t, p)
		c2, d2, _ := pool(m2)
		if d1 > 0 && (d2 >= d1 || c2 <= c1) {
			t.Logf("after FLUSH: clean %v→%v dirty %v→%v", c1, c2, d1, d2)
			t.Fatal("FLUSH did not turn dirty pages clean")
		}
		c.Must("COUNT docs", ":300")
		if w2 := tpMustMetric(t, tpMetrics(t, p), "grumpydb_wal_records_total"); w2 < w1 {
			t.Fatalf("wal records went back: %v then %v", w1, w2)
		}
	})
}

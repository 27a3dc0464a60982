package e2e

import (
	"crypto/tls"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// tpLimitsTOML makes loopback peers subject to the limits: global cap
// min(100, 3) = 3, per-IP cap 2, command rate 0 (counts as 1/s) with a
// burst of 20, and a 1 s TLS handshake timeout.
const tpLimitsTOML = `# transport limits
[server]
max_connections = 3

[tls]
handshake_timeout_secs = 1

[limits]
bypass_loopback = false
commands_per_sec_per_ip = 0
commands_burst_per_ip = 20
max_conns_per_ip = 2
max_conns_global = 100
`

// TestTransportLimits covers the connection caps, the command rate limit
// and the TLS handshake rules of §2.2, §2.4, §2.6 and §5.6 on a TLS server
// whose loopback peers are not exempt. Each subtest dials from its own
// 127.0.0.x address, so per-IP state starts fresh.
func TestTransportLimits(t *testing.T) {
	p := startServerNoHarnessTLS(t, filepath.Join(t.TempDir(), "data"), "--tls", "--config", tpConfig(t, tpLimitsTOML))
	active := `grumpydb_connections_active`
	const capErr = "-ERR rate limited (too many connections from your IP)\r\n"

	t.Run("per-IP and global caps answer in plaintext before TLS", func(t *testing.T) {
		tpWaitMetric(t, p, active, 0) // the harness's readiness probe is gone
		a1 := tpTLSDialFrom(t, "127.0.0.1", p.addr)
		a2 := tpTLSDialFrom(t, "127.0.0.1", p.addr)
		over := tpClient(t, tpDialFrom(t, "127.0.0.1", p.addr))
		tpExpectRest(t, over, capErr) // per-IP cap (2)
		b1 := tpTLSDialFrom(t, "127.0.0.2", p.addr)
		global := tpClient(t, tpDialFrom(t, "127.0.0.3", p.addr))
		tpExpectRest(t, global, capErr) // global cap min(100, 3)
		m := tpMetrics(t, p)
		if v := tpMustMetric(t, m, active); v != 3 {
			t.Fatalf("%s = %v with three admitted connections", active, v)
		}
		if v := tpMustMetric(t, m, `grumpydb_rate_limit_hits_total{kind="conn_per_ip"}`); v != 1 {
			t.Fatalf("conn_per_ip hits %v", v)
		}
		if v := tpMustMetric(t, m, `grumpydb_rate_limit_hits_total{kind="conn_global"}`); v != 1 {
			t.Fatalf("conn_global hits %v", v)
		}
		a1.Must("PING", "+PONG")
		a1.Conn.Close()
		tpWaitMetric(t, p, active, 2)
		// A slot freed: the same IP is admitted again.
		a3 := tpTLSDialFrom(t, "127.0.0.1", p.addr)
		a3.Must("PING", "+PONG")
		for _, c := range []interface{ Close() error }{a2.Conn, a3.Conn, b1.Conn} {
			c.Close()
		}
		tpWaitMetric(t, p, active, 0)
	})

	t.Run("stalled TLS handshake dropped after its timeout", func(t *testing.T) {
		c := tpClient(t, tpDialFrom(t, "127.0.0.4", p.addr))
		start := time.Now()
		got, closed := tpRest(c, 10*time.Second)
		el := time.Since(start)
		if !closed || got != "" {
			t.Fatalf("stalled handshake: got %q, closed %v", got, closed)
		}
		if el < 800*time.Millisecond || el > 6*time.Second {
			t.Fatalf("closed after %v, want about 1 s", el)
		}
		tpWaitMetric(t, p, active, 0)
	})

	t.Run("TLS 1.1 refused, 1.2 and 1.3 accepted", func(t *testing.T) {
		nc := tpDialFrom(t, "127.0.0.5", p.addr)
		tc := tls.Client(nc, &tls.Config{InsecureSkipVerify: true, MinVersion: tls.VersionTLS10, MaxVersion: tls.VersionTLS11})
		_ = tc.SetDeadline(time.Now().Add(10 * time.Second))
		if err := tc.Handshake(); err == nil {
			t.Fatal("TLS 1.1 handshake succeeded")
		}
		for _, v := range []uint16{tls.VersionTLS12, tls.VersionTLS13} {
			nc := tpDialFrom(t, "127.0.0.5", p.addr)
			tc := tls.Client(nc, &tls.Config{InsecureSkipVerify: true, MinVersion: v, MaxVersion: v})
			_ = tc.SetDeadline(time.Now().Add(10 * time.Second))
			if err := tc.Handshake(); err != nil {
				t.Fatalf("TLS %x: %v", v, err)
			}
			c := tpClient(t, tc)
			if got := c.Line(); got != tpBanner {
				t.Fatalf("banner %q", got)
			}
			tc.Close()
		}
		tpWaitMetric(t, p, active, 0)
	})

	t.Run("command rate limit and 11 denials", func(t *testing.T) {
		c := tpTLSDialFrom(t, "127.0.0.6", p.addr)
		// Blank lines cost a token too: 10 blanks + 10 PINGs use the burst.
		in := strings.Repeat("\r\n", 10) + strings.Repeat("PING\r\n", 10) + strings.Repeat("PING\r\n", 12)
		want := strings.Repeat("-ERR empty command\r\n", 10) + strings.Repeat("+PONG\r\n", 10) + strings.Repeat("-ERR rate limited\r\n", 11)
		tpWrite(t, c, in)
		tpExpectRest(t, c, want)
		m := tpMetrics(t, p)
		if v := tpMustMetric(t, m, `grumpydb_rate_limit_hits_total{kind="command"}`); v != 11 {
			t.Fatalf("command rate-limit hits %v, want 11", v)
		}
	})

	t.Run("a line that passes resets the rate streak", func(t *testing.T) {
		c := tpTLSDialFrom(t, "127.0.0.7", p.addr)
		tpWrite(t, c, strings.Repeat("PING\r\n", 25))
		got := tpLines(t, c, 25)
		if strings.Join(got, "") != strings.Repeat("+PONG\r\n", 20)+strings.Repeat("-ERR rate limited\r\n", 5) {
			t.Fatalf("got %q", got)
		}
		time.Sleep(1100 * time.Millisecond) // one token refills (rate 0 counts as 1/s)
		c.Must("PING", "+PONG")
		tpWrite(t, c, strings.Repeat("PING\r\n", 10))
		if got := tpLines(t, c, 10); strings.Join(got, "") != strings.Repeat("-ERR rate limited\r\n", 10) {
			t.Fatalf("got %q", got)
		}
		time.Sleep(1100 * time.Millisecond)
		c.Must("PING", "+PONG") // 15 denials in all, but never 11 in a row
	})
}

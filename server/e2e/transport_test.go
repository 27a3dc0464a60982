package e2e

import (
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	. "github.com/grumpydb/grumpydb/server/internal/servertest"
)

// TestTransport covers the "Transport" lines of PROTOCOL.md §12 that need
// only a default server (loopback exempt from the limits).
func TestTransport(t *testing.T) {
	p := startServer(t, filepath.Join(t.TempDir(), "data"))
	idleStart := time.Now()
	idle := p.dial(t) // idle timeout off by default: checked at the end
	setup := p.admin(t)
	setup.Must("USE tp", "+OK")
	setup.Must("CREATE COLLECTION docs", "+OK")

	t.Run("banner and terminators", func(t *testing.T) {
		c := tpClient(t, tpDialFrom(t, "", p.addr))
		if got := c.Line(); got != tpBanner {
			t.Fatalf("banner %q", got)
		}
		tpWrite(t, c, "PING\nPING\r\nping\n")
		if got := tpLines(t, c, 3); strings.Join(got, "") != "+PONG\r\n+PONG\r\n+PONG\r\n" {
			t.Fatalf("got %q", got)
		}
	})

	t.Run("pipelined lines answered in order", func(t *testing.T) {
		c := p.dial(t)
		var in strings.Builder
		var want strings.Builder
		in.WriteString("LOGIN _system admin " + adminPW + "\r\nUSE tp\nCREATE COLLECTION pipe\r\n")
		for i := 0; i < 40; i++ {
			k := key(1000 + i)
			in.WriteString("INSERT pipe " + k + ` {"i":` + strconv.Itoa(i) + "}\r\n")
			in.WriteString("GET pipe " + k + "\n")
			in.WriteString("COUNT pipe\r\n")
			want.WriteString("+OK\r\n" + Bulk(`{"i":`+strconv.Itoa(i)+`}`) + ":" + strconv.Itoa(i+1) + "\r\n")
		}
		in.WriteString("NOPE\r\nPING\r\n")
		want.WriteString("-ERR unknown command: NOPE\r\n+PONG\r\n")
		tpWrite(t, c, in.String())
		if got := c.Line(); !strings.HasPrefix(got, "+TOKEN ") {
			t.Fatalf("LOGIN: %q", got)
		}
		rest := "+OK\r\n+OK\r\n" + want.String()
		buf := make([]byte, len(rest))
		_ = c.Conn.SetReadDeadline(time.Now().Add(15 * time.Second))
		if _, err := io.ReadFull(c.R, buf); err != nil || string(buf) != rest {
			t.Fatalf("pipelined answers: %v\n got %q\nwant %q", err, buf, rest)
		}
	})

	t.Run("unterminated last line executed, bare EOF silent", func(t *testing.T) {
		c := p.dial(t)
		tpWrite(t, c, "LOGIN _system admin "+adminPW+"\r\nUSE tp\r\nCREATE COLLECTION tail")
		tpCloseWrite(t, c)
		got, closed := tpRest(c, 15*time.Second)
		if !closed || !strings.HasPrefix(got, "+TOKEN ") || !strings.HasSuffix(got, "\r\n+OK\r\n+OK\r\n") {
			t.Fatalf("got %q (closed %v)", got, closed)
		}
		setup.Must("COUNT tail", ":0")

		e := p.dial(t)
		tpCloseWrite(t, e)
		tpExpectRest(t, e, "")
	})

	t.Run("invalid UTF-8 closes without response", func(t *testing.T) {
		c := p.dial(t)
		tpWrite(t, c, "PING\r\nPING \xff\xfe\r\nPING\r\n")
		tpExpectRest(t, c, "+PONG\r\n")
		// Over-long and invalid: the length check comes first, and the
		// connection stays usable.
		d := p.dial(t)
		tpWrite(t, d, "PING "+strings.Repeat("\xff", 1<<20)+"\r\nPING\r\n")
		if got := tpLines(t, d, 2); got[0] != "-ERR line too long\r\n" || got[1] != "+PONG\r\n" {
			t.Fatalf("got %q", got)
		}
	})

	t.Run("blank line, unknown verbs, LIST DATABASE", func(t *testing.T) {
		c := p.dial(t)
		for _, tc := range [][2]string{
			{"", "-ERR empty command"},
			{" \t \u00a0 ", "-ERR empty command"},
			{"fRoB x y", "-ERR unknown command: fRoB"},
			{"AUTH x", "-ERR unknown command: AUTH"},
			{"QUERY_RANGE c i 1 2", "-ERR unknown command: QUERY_RANGE"},
			{"PING", "+PONG"}, // resets the error streak
			{"LIST DATABASE", "-ERR unknown command: LIST DATABASE"},
			{"list database", "-ERR unknown command: LIST database"},
			{"create Thing x", "-ERR unknown command: CREATE Thing"},
			{"Drop stuff", "-ERR unknown command: DROP stuff"},
			{"LIST INDEX docs", "-ERR unknown command: LIST INDEX"},
			{"WRITE_CONCERN W=1 READ_CONCERN R=1 WRITE_CONCERN W=1 GET docs " + u1, "-ERR unknown command: WRITE_CONCERN"},
			{"READ_CONCERN R=1 WRITE_CONCERN W=1", "-ERR unknown command: "},
			{"PING", "+PONG"},
		} {
			c.Must(tc[0], tc[1])
		}
	})

	t.Run("missing argument texts", func(t *testing.T) {
		c := p.admin(t)
		c.Must("USE tp", "+OK")
		for _, tc := range tpMissingArgs {
			c.Must(tc[0], "-ERR missing argument: "+tc[1])
			c.Must("PING", "+PONG") // resets the error streak (§2.4)
		}
	})

	t.Run("maximum line length", func(t *testing.T) {
		c := p.admin(t)
		c.Must("USE tp", "+OK")
		k := key(7)
		// Exactly 1 048 576 bytes with the CRLF: accepted and stored whole.
		head := "INSERT docs " + k + ` {"s":"`
		pad := 1<<20 - len(head) - len(`"}`) - 2
		c.Must(head+strings.Repeat("a", pad)+`"}`, "+OK")
		got := c.Do("GET docs " + k)
		if want := Bulk(`{"s":"` + strings.Repeat("a", pad) + `"}`); got != want {
			t.Fatalf("GET of the maximal document: %d bytes, want %d", len(got), len(want))
		}
		c.Must("DELETE docs "+k, "+OK")
		// One byte more with CRLF: too long, nothing stored, next line works.
		c.Must(head+strings.Repeat("a", pad+1)+`"}`, "-ERR line too long")
		c.Must("GET docs "+k, "$-1")
		// With a bare LF the same content is exactly the limit again.
		tpWrite(t, c, head+strings.Repeat("a", pad+1)+`"}`+"\n")
		if got := c.Read(); got != "+OK\r\n" {
			t.Fatalf("LF-terminated maximal line: %q", got)
		}
		c.Must("COUNT docs", ":1")
	})

	t.Run("over-long line memory bounded", func(t *testing.T) {
		before := tpPeakRSS(t, p)
		c := p.dial(t)
		chunk := strings.Repeat("x", 1<<20)
		tpWrite(t, c, "PING ")
		for i := 0; i < 96; i++ {
			tpWrite(t, c, chunk)
		}
		tpWrite(t, c, "\r\nPING\r\n")
		if got := tpLines(t, c, 2); got[0] != "-ERR line too long\r\n" || got[1] != "+PONG\r\n" {
			t.Fatalf("got %q", got)
		}
		if after := tpPeakRSS(t, p); after-before > 48<<20 {
			t.Fatalf("peak RSS grew by %d bytes for a 96 MiB line", after-before)
		}
	})

	t.Run("eleven strikes", func(t *testing.T) {
		c := p.dial(t)
		var b strings.Builder
		for i := 0; i < 10; i++ {
			b.WriteString("BOGUS\r\n")
		}
		b.WriteString("PING\r\n") // a valid line resets the streak
		for i := 0; i < 9; i++ {
			b.WriteString("\r\n")
		}
		b.WriteString("PING " + strings.Repeat("y", 1<<20) + "\r\n") // 10th: too long
		b.WriteString("LIST\r\n")                                    // 11th: answered, then close
		b.WriteString("PING\r\n")                                    // never answered
		tpWrite(t, c, b.String())
		want := strings.Repeat("-ERR unknown command: BOGUS\r\n", 10) + "+PONG\r\n" +
			strings.Repeat("-ERR empty command\r\n", 9) + "-ERR line too long\r\n" +
			"-ERR missing argument: LIST requires DATABASES|COLLECTIONS|INDEXES|USERS|TENANTS\r\n"
		tpExpectRest(t, c, want)
		// Ten errors then a valid line: still open.
		d := p.dial(t)
		tpWrite(t, d, strings.Repeat("\r\n", 10)+"PING\r\n")
		if got := tpLines(t, d, 11); got[10] != "+PONG\r\n" {
			t.Fatalf("got %q", got)
		}
		d.Must("PING", "+PONG")
	})

	t.Run("loopback exempt from the command limit by default", func(t *testing.T) {
		c := p.dial(t)
		tpWrite(t, c, strings.Repeat("PING\r\n", 500)) // burst is 200
		for i, l := range tpLines(t, c, 500) {
			if l != "+PONG\r\n" {
				t.Fatalf("line %d: %q", i, l)
			}
		}
	})

	t.Run("keywords case-insensitive, arguments case-sensitive, Unicode whitespace", func(t *testing.T) {
		c := p.dial(t)
		c.Must("pInG", "+PONG")
		c.Must("login _SYSTEM admin "+adminPW, "-ERR invalid credentials")
		c.Must("login _system ADMIN "+adminPW, "-ERR invalid credentials")
		c.Must("login _system admin "+strings.ToUpper(adminPW), "-ERR invalid credentials")
		c.MustPrefix("LoGiN _system admin "+adminPW, "+TOKEN ")
		c.Must("use tp", "+OK")
		c.Must("Use TP", "-ERR invalid name: invalid character 'T': only [a-z0-9_] allowed")
		c.Must("create collection Docs", "-ERR invalid name: invalid character 'D': only [a-z0-9_] allowed")
		c.Must("\tCREATE\u00a0COLLECTION\u3000ws\u2003\t", "+OK")
		c.Must("list\tcollections", Array("docs", "pipe", "tail", "ws"))
		c.Must("\u00a0INSERT\tws\u00a0"+u1+"\u2000\u00a0{\"a\": 1}\u00a0\t", "+OK")
		c.Must("get\u00a0ws\t"+strings.ToUpper(u1)+"\u00a0", Bulk(`{"a":1}`))
		c.Must("count\u00a0ws\u00a0", ":1")
		c.Must("GET WS "+u1, "-ERR collection not found: WS")
		c.Must("Read_Concern r=1 Count ws", ":1")
	})

	t.Run("PING and QUIT unauthenticated", func(t *testing.T) {
		c := p.dial(t)
		c.Must("PING foo bar", "+PONG")
		c.Must("COUNT docs", "-ERR not authenticated")
		c.Send("quit now")
		tpExpectRest(t, c, "+BYE\r\n")
	})

	t.Run("no raw CR or LF in responses", func(t *testing.T) {
		c := p.admin(t)
		tpWrite(t, c, "CREATE DATABASE a\rb\r\nUSE x\ry\r\nGET docs\v"+u1+"\rz\r\nUSE tp\r\nGET docs 12\r34\r\nUSE a\x00\r\n")
		got := tpLines(t, c, 6)
		want := []string{
			`-ERR invalid name: invalid character '\r': only [a-z0-9_] allowed` + "\r\n",
			`-ERR invalid name: invalid character '\r': only [a-z0-9_] allowed` + "\r\n",
			"-ERR no database selected (use USE <db>)\r\n",
			"+OK\r\n",
			"", // invalid UUID: prefix checked below
			"",
		}
		for i := 0; i < 4; i++ {
			if got[i] != want[i] {
				t.Fatalf("response %d: got %q, want %q", i, got[i], want[i])
			}
		}
		if !strings.HasPrefix(got[4], "-ERR invalid UUID '12': ") {
			t.Fatalf("response 4: %q", got[4])
		}
		if !strings.HasPrefix(got[5], "-ERR invalid name: invalid character ") {
			t.Fatalf("response 5: %q", got[5])
		}
	})

	// Idle timeout off by default: the connection opened first is still
	// served after a while without traffic.
	if d := 1500*time.Millisecond - time.Since(idleStart); d > 0 {
		time.Sleep(d)
	}
	idle.Must("PING", "+PONG")
}

// tpMissingArgs is every §4.10 "missing argument:" text with a line that
// triggers it (the prefix texts of §4.9 included).
var tpMissingArgs = [][2]string{
	{"LOGIN", "LOGIN requires <tenant> <username> <password>"},
	{"LOGIN _system", "LOGIN requires <username>"},
	{"LOGIN _system admin", "LOGIN requires <password>"},
	{"TOKEN", "TOKEN requires <jwt>"},
	{"REFRESH", "REFRESH requires <refresh_token>"},
	{"USE", "USE requires <database>"},
	{"CREATE", "CREATE requires DATABASE|COLLECTION|INDEX|USER|TENANT"},
	{"CREATE DATABASE", "CREATE DATABASE requires <name>"},
	{"CREATE COLLECTION", "CREATE COLLECTION requires <name>"},
	{"CREATE TENANT", "CREATE TENANT requires <name>"},
	{"CREATE INDEX", "CREATE INDEX requires <collection> <index_name> <field_path>"},
	{"CREATE INDEX docs", "CREATE INDEX requires <index_name>"},
	{"CREATE INDEX docs by_x", "CREATE INDEX requires <field_path>"},
	{"CREATE USER", "CREATE USER requires <username> <password>"},
	{"CREATE USER bob", "CREATE USER requires <password>"},
	{"DROP", "DROP requires DATABASE|COLLECTION|INDEX|USER|TENANT"},
	{"DROP DATABASE", "DROP DATABASE requires <name>"},
	{"DROP COLLECTION", "DROP COLLECTION requires <name>"},
	{"DROP INDEX", "DROP INDEX requires <collection> <index_name>"},
	{"DROP INDEX docs", "DROP INDEX requires <index_name>"},
	{"DROP USER", "DROP USER requires <username>"},
	{"DROP TENANT", "DROP TENANT requires <name>"},
	{"LIST", "LIST requires DATABASES|COLLECTIONS|INDEXES|USERS|TENANTS"},
	{"LIST INDEXES", "LIST INDEXES requires <collection>"},
	{"INSERT", "INSERT requires <collection> <uuid> <json>"},
	{"INSERT docs", "INSERT requires <uuid>"},
	{"INSERT docs " + u1, "INSERT requires <json>"},
	{"UPDATE", "UPDATE requires <collection> <uuid> <json>"},
	{"UPDATE docs", "UPDATE requires <uuid>"},
	{"UPDATE docs " + u1, "UPDATE requires <json>"},
	{"GET", "GET requires <collection> <uuid>"},
	{"GET docs", "GET requires <uuid>"},
	{"DELETE", "DELETE requires <collection> <uuid>"},
	{"DELETE docs", "DELETE requires <uuid>"},
	{"PUT_WITH_VC", "PUT_WITH_VC requires <collection> <uuid> <json> <vector_clock>"},
	{"PUT_WITH_VC docs", "PUT_WITH_VC requires <uuid>"},
	{"PUT_WITH_VC docs " + u1, "PUT_WITH_VC requires <json> <vector_clock>"},
	{"PUT_WITH_VC docs " + u1 + " {}", "PUT_WITH_VC requires <json> <vector_clock>"},
	{"SCAN", "SCAN requires <collection>"},
	{"SCAN docs " + u1, "SCAN range requires both <start_uuid> <end_uuid>"},
	{"QUERY", "QUERY requires <collection> <index_name> <json_value>"},
	{"QUERY docs", "QUERY requires <index_name>"},
	{"QUERY docs by_x", "QUERY requires <json_value>"},
	{"QUERYRANGE", "QUERYRANGE requires <collection> <index_name> <start> <end>"},
	{"QUERYRANGE docs", "QUERYRANGE requires <index_name>"},
	{"QUERYRANGE docs by_x", "QUERYRANGE requires <start>"},
	{"QUERYRANGE docs by_x 1", "QUERYRANGE requires <end>"},
	{"GRANT", "GRANT requires <role> ON <resource> TO <username>"},
	{"GRANT read_only", "GRANT syntax: GRANT <role> ON <resource> TO <username>"},
	{"GRANT read_only AT demo TO bob", "GRANT syntax: GRANT <role> ON <resource> TO <username>"},
	{"GRANT read_only ON", "GRANT requires <resource>"},
	{"GRANT read_only ON demo", "GRANT syntax: GRANT <role> ON <resource> TO <username>"},
	{"GRANT read_only ON demo FROM bob", "GRANT syntax: GRANT <role> ON <resource> TO <username>"},
	{"GRANT read_only ON demo TO", "GRANT requires <username>"},
	{"REVOKE", "REVOKE requires <role> ON <resource> FROM <username>"},
	{"REVOKE read_only", "REVOKE syntax: REVOKE <role> ON <resource> FROM <username>"},
	{"REVOKE read_only ON", "REVOKE requires <resource>"},
	{"REVOKE read_only ON demo TO bob", "REVOKE syntax: REVOKE <role> ON <resource> FROM <username>"},
	{"REVOKE read_only ON demo FROM", "REVOKE requires <username>"},
	{"COMPACT", "COMPACT requires <collection>"},
	{"COUNT", "COUNT requires <collection>"},
	{"ELECT-WRITER", "ELECT-WRITER requires <node_id> <database> [collection]"},
	{"ELECT-WRITER n1", "ELECT-WRITER requires <database>"},
	{"READ_CONCERN", "READ_CONCERN requires R=<n>"},
	{"READ_CONCERN X=1 GET docs " + u1, "READ_CONCERN requires R=<n>"},
	{"READ_CONCERN R=65536 GET docs " + u1, "READ_CONCERN requires R=<n>"},
	{"WRITE_CONCERN W=x INSERT docs " + u1 + " {}", "WRITE_CONCERN requires W=<n>"},
	{"READ_CONCERN R=1 READ_CONCERN R=1 GET docs " + u1, "READ_CONCERN specified more than once"},
	{"write_concern w=1 WRITE_CONCERN W=2 GET docs " + u1, "WRITE_CONCERN specified more than once"},
}

// tpPeakRSS is the server process's peak resident set (VmHWM) in bytes.
func tpPeakRSS(t *testing.T, p *proc) int64 {
	t.Helper()
	b, err := os.ReadFile("/proc/" + strconv.Itoa(p.cmd.Process.Pid) + "/status")
	if err != nil {
		t.Skipf("no /proc: %v", err)
	}
	for _, l := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			f := strings.Fields(rest)
			n, err := strconv.ParseInt(f[0], 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			return n << 10
		}
	}
	t.Skip("no VmHWM")
	return 0
}

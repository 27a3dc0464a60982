package session_test

import (
	"strings"
	"testing"
	"time"

	"github.com/grumpydb/grumpydb/protocol"
	"github.com/grumpydb/grumpydb/server/internal/config"
	. "github.com/grumpydb/grumpydb/server/internal/servertest"
)

func TestFramingAndPipelining(t *testing.T) {
	e := Start(t, nil)
	c := e.Dial(t)
	// LF and CRLF, pipelined in one write, answered in order.
	if _, err := c.Conn.Write([]byte("PING\nPING foo\r\n\t PING \u00a0\r\nping\n")); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 4; i++ {
		if got := c.Read(); got != "+PONG\r\n" {
			t.Fatalf("response %d = %q", i, got)
		}
	}
	c.Must("", "-ERR empty command")
	c.Must("   \t", "-ERR empty command")
	c.Must("FooBar x", "-ERR unknown command: FooBar")
	c.Must("LIST DATABASE", "-ERR unknown command: LIST DATABASE")
	c.Must("list databases x", "-ERR not authenticated")
	c.Must("CREATE DATABASE a\rb", `-ERR not authenticated`)
	c.Must("QUIT now", "+BYE")
	c.ExpectClosed()
}

func TestUnterminatedLastLineRunsThenCloses(t *testing.T) {
	e := Start(t, nil)
	c := e.Dial(t)
	if _, err := c.Conn.Write([]byte("PING\r\nPING")); err != nil {
		t.Fatal(err)
	}
	c.Conn.(interface{ CloseWrite() error }).CloseWrite()
	if got := c.Read() + c.Read(); got != "+PONG\r\n+PONG\r\n" {
		t.Fatalf("got %q", got)
	}
	c.ExpectClosed()
}

func TestInvalidUTF8ClosesWithoutResponse(t *testing.T) {
	e := Start(t, nil)
	c := e.Dial(t)
	if _, err := c.Conn.Write([]byte("PING\r\nPING \xff\r\nPING\r\n")); err != nil {
		t.Fatal(err)
	}
	c.Must("PING", "+PONG") // first PING (Must sends one more, never answered)
	c.ExpectClosed()
}

func TestLineLength(t *testing.T) {
	e := Start(t, nil)
	c := e.Dial(t)
	// Exactly MaxLine bytes, terminator included: accepted (it parses).
	exact := "PING " + strings.Repeat("x", protocol.MaxLine-len("PING ")-2)
	c.Must(exact, "+PONG")
	// One byte more: too long, then the connection still works.
	c.Must(exact+"y", "-ERR line too long")
	// An over-long line that is also invalid UTF-8 gets the length error
	// (step 2 precedes step 3) and the connection stays open.
	c.Must(strings.Repeat("\xff", protocol.MaxLine+10), "-ERR line too long")
	c.Must("PING", "+PONG")
}

func TestElevenStrikes(t *testing.T) {
	e := Start(t, nil)
	c := e.Dial(t)
	for i := 0; i < 10; i++ {
		c.Must("NOPE", "-ERR unknown command: NOPE")
	}
	c.Must("PING", "+PONG") // resets the streak
	for i := 0; i < 10; i++ {
		if i%2 == 0 {
			c.Must("", "-ERR empty command")
		} else {
			c.Must(strings.Repeat("x", protocol.MaxLine), "-ERR line too long")
		}
	}
	c.Must("GET", "-ERR missing argument: GET requires <collection> <uuid>") // the 11th is answered
	c.ExpectClosed()
}

func TestPrefixesAndOrder(t *testing.T) {
	e := Start(t, nil)
	c := e.Dial(t)
	// Step 6 precedes QUIT, PING and authorisation.
	c.Must("READ_CONCERN R=1 PING", "-ERR consistency concerns are only supported for data commands")
	c.Must("WRITE_CONCERN W=1 QUIT", "-ERR consistency concerns are only supported for data commands")
	c.Must("READ_CONCERN R=2 GET c k", "-ERR v5 only supports R=1, W=1")
	c.Must("READ_CONCERN R=0 GET c k", "-ERR v5 only supports R=1, W=1")
	c.Must("READ_CONCERN R=1 READ_CONCERN R=1 GET c k", "-ERR missing argument: READ_CONCERN specified more than once")
	c.Must("READ_CONCERN X GET c k", "-ERR missing argument: READ_CONCERN requires R=<n>")
	c.Must("READ_CONCERN R=1", "-ERR unknown command: ")
	// Authorisation (step 10) precedes with_db and argument checks.
	c.Must("READ_CONCERN R=1 GET c notauuid", "-ERR not authenticated")
	c.Must("FIND c {}", "-ERR not authenticated")
	c.Must("SNAPSHOT_HLC", "-ERR not authenticated")
	c.Must("USE demo", "-ERR not authenticated")
}

func TestCommandRateLimit(t *testing.T) {
	e := Start(t, func(c *config.Config) {
		c.Limits.BypassLoopback = false
		c.Limits.CommandsPerSecPerIP = 1
		c.Limits.CommandsBurstPerIP = 5
	})
	c := e.Dial(t)
	for i := 0; i < 5; i++ {
		c.Must("PING", "+PONG")
	}
	// Step 1 precedes everything: even a too-long line is just rate limited.
	c.Must(strings.Repeat("x", protocol.MaxLine+1), "-ERR rate limited")
	for i := 0; i < 9; i++ {
		c.Must("PING", "-ERR rate limited")
	}
	c.Must("PING", "-ERR rate limited") // the 11th consecutive denial
	c.ExpectClosed()
	// Loopback is exempt by default.
	e2 := Start(t, func(c *config.Config) {
		c.Limits.CommandsPerSecPerIP = 1
		c.Limits.CommandsBurstPerIP = 1
	})
	c2 := e2.Dial(t)
	for i := 0; i < 50; i++ {
		c2.Must("PING", "+PONG")
	}
}

func TestLoginBackoff(t *testing.T) {
	e := Start(t, func(c *config.Config) {
		c.Limits.BypassLoopback = false
		c.Limits.FailedLoginsPerMinPerIP = 3
	})
	c := e.Dial(t)
	invalid, limited := 0, 0
	for i := 0; i < 10; i++ {
		switch got := c.Do("LOGIN _system admin wrong"); {
		case got == "-ERR invalid credentials\r\n":
			invalid++
		case strings.HasPrefix(got, "-ERR rate limited (login: retry after ") && strings.HasSuffix(got, "s)\r\n"):
			limited++
		default:
			t.Fatalf("LOGIN answered %q", got)
		}
	}
	if invalid < 3 || limited == 0 {
		t.Fatalf("%d invalid credentials, %d rate limited", invalid, limited)
	}
	// TOKEN is never limited.
	c.MustPrefix("TOKEN x.y.z", "-ERR invalid token: ")
	// After the block a correct LOGIN succeeds and clears the count.
	deadline := time.Now().Add(10 * time.Second)
	for {
		got := c.Do("LOGIN _system admin " + AdminPassword)
		if strings.HasPrefix(got, "+TOKEN ") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("still %q", got)
		}
		time.Sleep(200 * time.Millisecond)
	}
	c.Must("LOGIN _system admin wrong", "-ERR invalid credentials")
}

func TestIdleTimeout(t *testing.T) {
	e := Start(t, func(c *config.Config) { c.Server.IdleTimeoutSecs = 1 })
	c := e.Dial(t)
	c.Must("PING", "+PONG")
	start := time.Now()
	c.ExpectClosed()
	if d := time.Since(start); d < 800*time.Millisecond {
		t.Fatalf("closed after %v", d)
	}
	// Off by default.
	e2 := Start(t, nil)
	c2 := e2.Dial(t)
	time.Sleep(1500 * time.Millisecond)
	c2.Must("PING", "+PONG")
}

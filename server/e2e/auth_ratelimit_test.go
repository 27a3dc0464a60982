package e2e

import (
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/grumpydb/grumpydb/server/internal/servertest"
)

// authRetryLine matches the §5.6 blocked-LOGIN answer.
var authRetryLine = regexp.MustCompile(`^-ERR rate limited \(login: retry after ([1-9][0-9]*)s\)\r\n$`)

// TestAuthLoginRateLimit covers the failed-login back-off of §5.6 with
// threshold 3 and loopback not exempt.
func TestAuthLoginRateLimit(t *testing.T) {
	t.Parallel()
	p := startServer(t, t.TempDir()+"/data", authConfig(t, "[limits]\nfailed_logins_per_min_per_ip = 3\nbypass_loopback = false\n")...)
	c := p.dial(t)
	a, r := authLogin(t, c, "_system", "admin", adminPW)
	other := p.dial(t) // the count is per IP, shared by connections

	// 10 wrong LOGINs: the first 3 fail, the 3rd starts a 1 s block.
	invalid, limited := 0, 0
	for i := 0; i < 10; i++ {
		got := c.Do("LOGIN _system admin wrong-" + strconv.Itoa(i))
		switch m := authRetryLine.FindStringSubmatch(got); {
		case got == "-ERR invalid credentials\r\n":
			invalid++ // the first 3, or a later one after a block ran out
		case m != nil:
			if invalid < 3 {
				t.Fatalf("login %d: blocked after %d failures", i, invalid)
			}
			if limited == 0 && m[1] != "1" { // c = 3 = F: blocked for 2^0 s
				t.Fatalf("login %d: first block %q", i, got)
			}
			limited++
		default:
			t.Fatalf("login %d: %q", i, got)
		}
		if i < 3 && invalid != i+1 {
			t.Fatalf("login %d: %q, want invalid credentials", i, got)
		}
	}
	if invalid < 3 || limited == 0 {
		t.Fatalf("%d invalid credentials, %d rate limited", invalid, limited)
	}
	t.Logf("%d invalid credentials, %d rate limited", invalid, limited)

	// While blocked: the right password is refused too, on every connection
	// of the IP; TOKEN and REFRESH are never limited.
	got := other.Do("LOGIN _system admin " + adminPW)
	m := authRetryLine.FindStringSubmatch(got)
	if m == nil {
		t.Fatalf("correct LOGIN while blocked: %q", got)
	}
	lastRetry, _ := strconv.Atoi(m[1])
	if lastRetry < 1 || lastRetry > 60 {
		t.Fatalf("retry after %d", lastRetry)
	}
	other.Must("WHOAMI", "-ERR not authenticated")
	for i := 0; i < 5; i++ {
		other.Must("TOKEN "+a, "+OK")
		other.MustPrefix("REFRESH "+r, "+TOKEN ")
	}
	other.Must("WHOAMI", "+USER admin TENANT _system ROLES server_admin:Server")

	// Wait the block out, then a success clears the count.
	authLoginWhenUnblocked(t, c, lastRetry)
	for i := 0; i < 3; i++ {
		c.Must("LOGIN _system admin wrong", "-ERR invalid credentials")
	}
	c.Must("LOGIN _system admin wrong", "-ERR rate limited (login: retry after 1s)")
	// The count outlives the block: the next failure (c = 4) blocks 2 s.
	time.Sleep(1100 * time.Millisecond)
	c.Must("LOGIN _system admin wrong", "-ERR invalid credentials")
	c.Must("LOGIN _system admin wrong", "-ERR rate limited (login: retry after 2s)")
	c.Must("TOKEN "+a, "+OK")
}

// authLoginWhenUnblocked sleeps retry seconds, then logs in as admin,
// sleeping again while the answer is still a block (at most a few times).
func authLoginWhenUnblocked(t *testing.T, c *servertest.Client, retry int) {
	t.Helper()
	for try := 0; try < 5; try++ {
		time.Sleep(time.Duration(retry)*time.Second + 50*time.Millisecond)
		got := c.Do("LOGIN _system admin " + adminPW)
		if authTokenLine.MatchString(got) {
			return
		}
		m := authRetryLine.FindStringSubmatch(got)
		if m == nil {
			t.Fatalf("LOGIN after the block: %q", got)
		}
		retry, _ = strconv.Atoi(m[1])
	}
	t.Fatal("still blocked")
}

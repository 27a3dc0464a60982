package e2e

import (
	"bufio"
	"net"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	. "github.com/grumpydb/grumpydb/server/internal/servertest"
)

// TestKill9KeepsAcknowledgedWrites inserts in a loop, SIGKILLs the server
// mid-stream, restarts it and finds every acknowledged insert.
func TestKill9KeepsAcknowledgedWrites(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	p := startServer(t, data)
	c := p.admin(t)
	c.Must("USE demo", "+OK")
	c.Must("CREATE COLLECTION docs", "+OK")
	w := p.admin(t)
	w.Must("USE demo", "+OK")

	acked := make(chan int, 1)
	go func() {
		n := 0
		for i := 0; ; i++ {
			if _, err := w.Conn.Write([]byte("INSERT docs " + key(i) + ` {"i":` + strconv.Itoa(i) + "}\r\n")); err != nil {
				break
			}
			got, err := w.ReadErr()
			if err != nil {
				break
			}
			if got != "+OK\r\n" {
				t.Errorf("insert %d: %q", i, got)
				break
			}
			n = i + 1
		}
		acked <- n
	}()
	n, q, r := killAndCheck(t, p, data, acked)
	count := r.MustPrefix("COUNT docs", ":")
	if got, _ := strconv.Atoi(strings.TrimSpace(count[1:])); got < n {
		t.Fatalf("COUNT %d after restart, %d acknowledged", got, n)
	}
	q.stop()
}

// killAndCheck lets a writer run for 1.5 s, SIGKILLs the server, takes
// the writer's count n of acknowledged inserts (documents key(0) …
// key(n-1) holding {"i":<i>} in demo.docs), restarts the server on data
// and checks that every one of them is there. It returns n, the new
// server and an admin connection using demo.
func killAndCheck(t *testing.T, p *proc, data string, acked <-chan int) (int, *proc, *Client) {
	t.Helper()
	time.Sleep(1500 * time.Millisecond)
	p.signal(syscall.SIGKILL)
	<-p.exited
	n := <-acked
	if n == 0 {
		t.Fatal("no insert acknowledged before the kill")
	}
	t.Logf("%d inserts acknowledged before SIGKILL", n)
	q := startServer(t, data)
	r := q.admin(t)
	r.Must("USE demo", "+OK")
	for i := 0; i < n; i++ {
		if got := r.Do("GET docs " + key(i)); got != Bulk(`{"i":`+strconv.Itoa(i)+`}`) {
			t.Fatalf("acknowledged insert %d: %q", i, got)
		}
	}
	return n, q, r
}

// TestSIGTERMDrains pipelines inserts, sends SIGTERM, and checks that
// every answered insert survives, none unanswered was executed, and the
// process exits 0.
func TestSIGTERMDrains(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	p := startServer(t, data)
	c := p.admin(t)
	c.Must("USE demo", "+OK")
	c.Must("CREATE COLLECTION docs", "+OK")
	idle := p.dial(t)

	const batch = 3000
	var b strings.Builder
	for i := 0; i < batch; i++ {
		b.WriteString("INSERT docs " + key(i) + " {}\r\n")
	}
	go func() { _, _ = c.Conn.Write([]byte(b.String())) }()
	time.Sleep(100 * time.Millisecond)
	p.stop() // SIGTERM, exit status 0 checked

	answered := 0
	rd := bufio.NewReader(c.Conn)
	_ = c.Conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	for {
		line, err := rd.ReadString('\n')
		if err != nil {
			break
		}
		if line != "+OK\r\n" {
			t.Fatalf("response %d: %q", answered, line)
		}
		answered++
	}
	if answered == batch {
		t.Skip("the whole batch ran before SIGTERM; nothing was left to drop")
	}
	if _, err := idle.ReadErr(); err == nil {
		t.Fatal("idle connection got a response")
	}
	q := startServer(t, data)
	r := q.admin(t)
	r.Must("USE demo", "+OK")
	r.Must("COUNT docs", ":"+strconv.Itoa(answered))
	t.Logf("%d of %d pipelined inserts answered before shutdown", answered, batch)
	q.stop()
}

var _ = net.Dial

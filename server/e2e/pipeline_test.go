package e2e

import (
	"bufio"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	. "github.com/grumpydb/grumpydb/server/internal/servertest"
)

// TestPipelinedWritesShareFsyncs: document writes pipelined on one
// connection are applied one after another and made durable together
// before any of them is answered; a read in the same pipeline sees them,
// replies keep their order, and the WAL is fsynced far fewer times than
// there are writes (grumpydb_wal_fsyncs_total).
func TestPipelinedWritesShareFsyncs(t *testing.T) {
	p := startServer(t, filepath.Join(t.TempDir(), "data"))
	c := p.admin(t)
	c.Must("USE demo", "+OK")
	c.Must("CREATE COLLECTION docs", "+OK")
	const n = 64
	before := tpMetrics(t, p)
	f0 := tpMustMetric(t, before, "grumpydb_wal_fsyncs_total")
	r0 := tpMustMetric(t, before, "grumpydb_wal_records_total")

	var b strings.Builder
	var want []string
	for i := range n {
		b.WriteString("INSERT docs " + key(i) + ` {"i":` + strconv.Itoa(i) + "}\r\n")
		want = append(want, "+OK\r\n")
	}
	for _, l := range []struct{ line, reply string }{
		{"GET docs " + key(0), Bulk(`{"i":0}`)},
		{"INSERT docs " + key(5) + " {}", "-ERR key " + key(5) + " already exists\r\n"},
		{"PING", "+PONG\r\n"},
		{"UPDATE docs " + key(1) + ` {"i":"one"}`, "+OK\r\n"},
		{"DELETE docs " + key(2), "+OK\r\n"},
		{"INSERTMANY docs " + `[["` + key(n) + `",1],["` + key(n+1) + `",2]]`, "+OK 2\r\n"},
		{"COUNT docs", ":" + strconv.Itoa(n+1) + "\r\n"},
		{"GET docs " + key(1), Bulk(`{"i":"one"}`)},
		{"GET docs " + key(2), "$-1\r\n"},
	} {
		b.WriteString(l.line + "\r\n")
		want = append(want, l.reply)
	}
	if _, err := c.Conn.Write([]byte(b.String())); err != nil {
		t.Fatal(err)
	}
	for i, w := range want {
		if got := c.Read(); got != w {
			t.Fatalf("reply %d = %q, want %q", i, got, w)
		}
	}
	after := tpMetrics(t, p)
	writes := tpMustMetric(t, after, "grumpydb_wal_records_total") - r0
	fsyncs := tpMustMetric(t, after, "grumpydb_wal_fsyncs_total") - f0
	t.Logf("%v WAL records, %v fsyncs", writes, fsyncs)
	if writes < n+3 {
		t.Fatalf("%v WAL records for %d writes", writes, n+3)
	}
	if fsyncs < 1 || fsyncs > 16 {
		t.Fatalf("%v fsyncs for %v pipelined writes: they are not sharing fsyncs", fsyncs, writes)
	}
}

// TestKill9KeepsAcknowledgedPipelinedWrites: a writer keeps 32 inserts in
// flight on one connection while the server is SIGKILLed; every insert it
// saw acknowledged is there after a restart.
func TestKill9KeepsAcknowledgedPipelinedWrites(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	p := startServer(t, data)
	c := p.admin(t)
	c.Must("USE demo", "+OK")
	c.Must("CREATE COLLECTION docs", "+OK")
	w := p.admin(t)
	w.Must("USE demo", "+OK")

	const window = 32
	acked := make(chan int, 1)
	go func() {
		n := 0
		defer func() { acked <- n }()
		bw := bufio.NewWriter(w.Conn)
		sent := 0
		for {
			for sent < n+window {
				bw.WriteString("INSERT docs " + key(sent) + ` {"i":` + strconv.Itoa(sent) + "}\r\n")
				sent++
			}
			if bw.Flush() != nil {
				return
			}
			got, err := w.ReadErr()
			if err != nil {
				return
			}
			if got != "+OK\r\n" {
				t.Errorf("insert %d: %q", n, got)
				return
			}
			n++
		}
	}()
	n, q, r := killAndCheck(t, p, data, acked)
	// Nothing past the last insert sent can exist, and what exists is a
	// prefix: commits are applied in order.
	count := r.MustPrefix("COUNT docs", ":")
	got, _ := strconv.Atoi(strings.TrimSpace(count[1:]))
	if got < n || got > n+window {
		t.Fatalf("COUNT %d after restart, %d acknowledged, at most %d sent", got, n, n+window)
	}
	for i := 0; i < got; i++ {
		if r.Do("GET docs "+key(i)) == "$-1\r\n" {
			t.Fatalf("insert %d missing while %d survived", i, got)
		}
	}
	q.stop()
}

package main

import (
	"bufio"
	"io"
	"net"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// recordingProxy sits between the shell and the server: it forwards both
// directions unchanged and records every request line the shell sends,
// so tests can check the requests of REPL.md §12.2 one by one.
type recordingProxy struct {
	t      *testing.T
	l      net.Listener
	target string

	mu      sync.Mutex
	stalled bool // requests are recorded but not forwarded
	lines   []string
	conns   []net.Conn
	readers sync.WaitGroup
}

// newRecordingProxy listens on a loopback port and forwards to target.
func newRecordingProxy(t *testing.T, target string) *recordingProxy {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &recordingProxy{t: t, l: l, target: target}
	go p.serve()
	t.Cleanup(func() {
		l.Close()
		p.drop()
	})
	return p
}

// port returns the proxy's port.
func (p *recordingProxy) port() string { return strconv.Itoa(p.l.Addr().(*net.TCPAddr).Port) }

func (p *recordingProxy) serve() {
	for {
		c, err := p.l.Accept()
		if err != nil {
			return
		}
		s, err := net.Dial("tcp", p.target)
		if err != nil {
			c.Close()
			continue
		}
		p.mu.Lock()
		p.conns = append(p.conns, c, s)
		p.mu.Unlock()
		go func() {
			_, _ = io.Copy(c, s)
			c.Close()
		}()
		p.readers.Add(1)
		go func() {
			defer p.readers.Done()
			defer s.Close()
			r := bufio.NewReaderSize(c, 64<<10)
			for {
				line, err := r.ReadString('\n')
				if line != "" {
					p.mu.Lock()
					p.lines = append(p.lines, strings.TrimSuffix(line, "\n"))
					stalled := p.stalled
					p.mu.Unlock()
					if stalled {
						continue // the shell waits for an answer that never comes
					}
					if _, werr := io.WriteString(s, line); werr != nil {
						return
					}
				}
				if err != nil {
					return
				}
			}
		}()
	}
}

// stall stops (true) or resumes (false) forwarding requests.
func (p *recordingProxy) stall(on bool) {
	p.mu.Lock()
	p.stalled = on
	p.mu.Unlock()
}

// drop closes every proxied connection (a lost connection, §12.5).
func (p *recordingProxy) drop() {
	p.mu.Lock()
	conns := p.conns
	p.conns = nil
	p.mu.Unlock()
	for _, c := range conns {
		c.Close()
	}
}

// requests waits until every shell connection has ended, then returns
// the lines recorded since the last call, without the log-in preamble
// (LOGIN, TOKEN, TOPOLOGY).
func (p *recordingProxy) requests() []string {
	p.t.Helper()
	done := make(chan struct{})
	go func() { p.readers.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		p.t.Fatal("the shell's connection did not end")
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	lines := p.lines
	p.lines = nil
	for i, l := range lines {
		if l == "TOPOLOGY" {
			return lines[i+1:]
		}
	}
	return lines
}

// args returns the shell flags that log in through the proxy.
func (p *recordingProxy) args() []string {
	return []string{"--host", "127.0.0.1", "--port", p.port(), "--tenant", "_system", "--user", "admin", "--password", serverAdminPW}
}

// TestConnectedRequests checks the request lines of REPL.md §12.2: one
// request per statement (plus the FIND of an id prefix, and the CREATE
// COLLECTION and retry of a first insert), and QUIT at the end.
func TestConnectedRequests(t *testing.T) {
	srv := sharedServer(t)
	p := newRecordingProxy(t, srv.addr())
	db := freshDatabase()
	r := grumpy(t, t.TempDir(), "", nil, append(srv.login(), "-e", "use "+db+"; db.c.insert({ _id: \""+idA+"\", a: 1 })")...)
	if r.code != 0 {
		t.Fatalf("setup: %+v", r)
	}
	lo, hi := `"3df90000-0000-0000-0000-000000000000"`, `"3df9ffff-ffff-ffff-ffff-ffffffffffff"`
	cases := []struct {
		stmt string
		want []string
	}{
		{"db.createCollection(tmp)", []string{"CREATE COLLECTION tmp"}},
		{"db.dropCollection(tmp)", []string{"DROP COLLECTION tmp"}},
		{"db.collections()", []string{"LIST COLLECTIONS"}},
		{"db.flush()", []string{"FLUSH"}},
		{"db.c.insert({ _id: \"" + idD + "\", s: \"a b\\u00a0c\", r: $ref(\"c\", \"" + idA + "\"), f: 2.0 })",
			[]string{"INSERT c " + idD + ` {"s":"a b\u00a0c","r":{"$ref":{"collection":"c","uuid":"` + idA + `"}},"f":2.0}`}},
		{"db.c.insertMany([{ _id: \"" + idB + "\", n: 1 }, 7])", nil}, // the second key is random: checked below
		{"db.c.get(\"" + idA + "\")", []string{"GET c " + idA}},
		{"db.c.get(3df9dde6-1)", []string{`FIND c {"_id":{"$gte":"3df9dde6-1000-0000-0000-000000000000","$lte":"3df9dde6-1fff-ffff-ffff-ffffffffffff"}} {"projection":{"_id":1}}`, "GET c " + idA}},
		{"db.c.find()", []string{"FIND c {}"}},
		{"db.c.find({ a: 1 }, { sort: { b: -1, a: 1 }, projection: { a: 1 } })", []string{`FIND c {"a":1} {"sort":{"b":-1,"a":1},"projection":{"a":1}}`}},
		{"db.c.findOne({ a: 1 }, { limit: 5, skip: 1 })", []string{`FIND c {"a":1} {"skip":1,"limit":1}`}},
		{"db.c.findOne()", []string{`FIND c {} {"limit":1}`}},
		{"db.c.count()", []string{"COUNT c"}},
		{"db.c.count({ a: 1 })", []string{`FIND c {"a":1} {"count":true}`}},
		{"db.c.update(\"" + idA + "\", { a: 2 })", []string{"UPDATE c " + idA + ` {"a":2}`}},
		{"db.c.createIndex(i, \"a.b\")", []string{"CREATE INDEX c i a.b"}},
		{"db.c.indexes()", []string{"LIST INDEXES c"}},
		{"db.c.query(i, \"a b\")", []string{`QUERY c i "a b"`}},
		{"db.c.queryRange(i, \"a b\", \"c d\")", []string{`QUERYRANGE c i "a\u0020b" "c d"`}},
		{"db.c.dropIndex(i)", []string{"DROP INDEX c i"}},
		{"db.c.resolve(\"" + idD + "\")", []string{"RESOLVE c " + idD}},
		{"db.c.resolveDeep(\"" + idD + "\")", []string{"RESOLVE c " + idD + " 16"}},
		{"db.c.resolveDeep(\"" + idD + "\", 3)", []string{"RESOLVE c " + idD + " 3"}},
		{"db.c.compact()", []string{"COMPACT c"}},
		{"db.c.stats()", []string{"STATS c"}},
		{"db.c.delete(\"" + idD + "\")", []string{"DELETE c " + idD}},
		{"db.fresh.insert({ _id: \"" + idA + "\" })", []string{"INSERT fresh " + idA + " {}", "CREATE COLLECTION fresh", "INSERT fresh " + idA + " {}"}},
		{"db.c.get(ffff)", []string{`FIND c {"_id":{"$gte":"ffff0000-0000-0000-0000-000000000000","$lte":"ffffffff-ffff-ffff-ffff-ffffffffffff"}} {"projection":{"_id":1}}`}},
		{"db.c.get(3df9)", []string{`FIND c {"_id":{"$gte":` + lo + `,"$lte":` + hi + `}} {"projection":{"_id":1}}`}},
		{"help", nil},
		{"exit", nil},
	}
	for _, c := range cases {
		r := grumpy(t, t.TempDir(), "", nil, append(p.args(), "-e", "use "+db+"; "+c.stmt)...)
		got := p.requests()
		want := append(append([]string{"USE " + db}, c.want...), "QUIT")
		if c.stmt == "db.c.insertMany([{ _id: \""+idB+"\", n: 1 }, 7])" {
			ids := uuidRE.FindAllString(r.stdout, -1)
			if len(ids) != 2 {
				t.Fatalf("%s: %+v", c.stmt, r)
			}
			want = []string{"USE " + db, `INSERTMANY c [["` + idB + `",{"n":1}],["` + ids[1] + `",7]]`, "QUIT"}
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("%s (%+v):\nrequests:\n%s\nwant:\n%s", c.stmt, r, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
}

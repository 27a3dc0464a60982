package roundtrip

import (
	"fmt"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/grumpydb/grumpydb/protocol"
)

// space says which workload's data a connection addresses: for GrumpyDB
// both live in database bench (collections bench and ins); Redis keeps S2's
// keys in its database 1 so that S1's stay untouched.
type space int

const (
	spaceS1 space = iota // GrumpyDB collection bench; Redis database 0
	spaceS2              // GrumpyDB collection ins; Redis database 1
)

// target is one server under test: how to reach it and how its requests
// and replies look. Methods on a conn are called by one goroutine at a
// time.
type target interface {
	// label names the target in the table ("grumpydb", "redis").
	label() string
	// dial opens a connection and makes it ready: banner, LOGIN, USE for
	// GrumpyDB; PING for Redis.
	dial() (*conn, error)
	// probe is an untimed check on the first connection (GrumpyDB: the
	// loopback bypass; Redis: PING).
	probe(c *conn) error
	// enter makes c address sp.
	enter(c *conn, sp space) error
	// getRequest appends the S1 request for key.
	getRequest(dst []byte, key uuid.UUID) []byte
	// insertRequest appends the S2 request storing doc under key.
	insertRequest(dst []byte, key uuid.UUID, doc []byte) []byte
	// load stores the S1 data set (untimed) and checks its count.
	load(c *conn, keys []uuid.UUID, docs [][]byte) error
	// freshIns empties S2's space (untimed, before each sample).
	freshIns(c *conn) error
	// countIns returns the number of documents in S2's space.
	countIns(c *conn) (int64, error)
	// remark describes the target for the record.
	remark() string
	// stop stops the server process.
	stop() error
}

// pool holds a target's ready connections; a configuration with C
// connections uses the first C. Logins are paid once per run, not per
// configuration or sample.
type pool struct {
	t     target
	conns []*conn
}

// grow opens connections (concurrently, untimed) until the pool holds n.
func (p *pool) grow(n int) error {
	if n <= len(p.conns) {
		return nil
	}
	fresh := make([]*conn, n-len(p.conns))
	errs := make([]error, len(fresh))
	var wg sync.WaitGroup
	for i := range fresh {
		wg.Go(func() { fresh[i], errs[i] = p.t.dial() })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			for _, c := range fresh {
				if c != nil {
					c.close()
				}
			}
			return fmt.Errorf("%s: connection %d: %w", p.t.label(), len(p.conns)+i, err)
		}
	}
	p.conns = append(p.conns, fresh...)
	return nil
}

// take returns the first n connections, all made to address sp.
func (p *pool) take(n int, sp space) ([]*conn, error) {
	if err := p.grow(n); err != nil {
		return nil, err
	}
	for _, c := range p.conns[:n] {
		if err := p.t.enter(c, sp); err != nil {
			return nil, fmt.Errorf("%s: %w", p.t.label(), err)
		}
	}
	return p.conns[:n], nil
}

// close closes every connection.
func (p *pool) close() {
	for _, c := range p.conns {
		c.close()
	}
	p.conns = nil
}

// readyTimeout bounds one untimed exchange (login, load, count).
const readyTimeout = 2 * time.Minute

// okReply reports whether r is +OK.
func okReply(r protocol.Response) bool { return r.Kind == protocol.KindSimple && r.Text == "OK" }

package client

import (
	"context"
	"sync"
)

// pool hands out at most size connections at once, reusing idle ones and
// dialing new ones on demand. Broken connections are closed on return.
type pool struct {
	dial func(context.Context) (*conn, error)
	sem  chan struct{} // one token per connection in use

	mu     sync.Mutex
	idle   []*conn
	closed bool
	dials  int
}

// newPool returns a pool of at most size connections made by dial.
func newPool(size int, dial func(context.Context) (*conn, error)) *pool {
	return &pool{dial: dial, sem: make(chan struct{}, size)}
}

// get returns a connection for the caller's exclusive use; put must
// return it.
func (p *pool) get(ctx context.Context) (*conn, error) {
	select {
	case p.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		<-p.sem
		return nil, ErrClosed
	}
	if n := len(p.idle); n > 0 {
		c := p.idle[n-1]
		p.idle = p.idle[:n-1]
		p.mu.Unlock()
		return c, nil
	}
	p.dials++
	p.mu.Unlock()
	c, err := p.dial(ctx)
	if err != nil {
		<-p.sem
		return nil, err
	}
	return c, nil
}

// put returns c to the pool.
func (p *pool) put(c *conn) {
	p.mu.Lock()
	if c.broken || p.closed {
		p.mu.Unlock()
		c.close()
	} else {
		p.idle = append(p.idle, c)
		p.mu.Unlock()
	}
	<-p.sem
}

// close closes the idle connections and makes later gets fail; busy
// connections are closed when they are returned.
func (p *pool) close() {
	p.mu.Lock()
	idle := p.idle
	p.idle, p.closed = nil, true
	p.mu.Unlock()
	for _, c := range idle {
		c.close()
	}
}

// stats reports the connections dialed so far and those idle now.
func (p *pool) stats() (dials, idle int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.dials, len(p.idle)
}

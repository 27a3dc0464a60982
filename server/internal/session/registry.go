package session

import "sync"

// Registry is the set of open sessions. It is safe for concurrent use.
type Registry struct {
	mu    sync.Mutex
	conns map[*Conn]struct{}
	done  chan struct{} // closed when the set becomes empty after Drain
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry { return &Registry{conns: map[*Conn]struct{}{}} }

// Add registers c.
func (r *Registry) Add(c *Conn) {
	r.mu.Lock()
	r.conns[c] = struct{}{}
	draining := r.done != nil
	r.mu.Unlock()
	if draining {
		c.Shutdown()
	}
}

// Remove unregisters c.
func (r *Registry) Remove(c *Conn) {
	r.mu.Lock()
	delete(r.conns, c)
	if len(r.conns) == 0 && r.done != nil {
		select {
		case <-r.done:
		default:
			close(r.done)
		}
	}
	r.mu.Unlock()
}

// Len is the number of open sessions.
func (r *Registry) Len() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.conns)
}

func (r *Registry) snapshot() []*Conn {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]*Conn, 0, len(r.conns))
	for c := range r.conns {
		out = append(out, c)
	}
	return out
}

// EndSessions clears the caller of every session authenticated as user in
// tenant (§5.1) and returns how many it cleared. It implements
// dispatch.SessionEnder.
func (r *Registry) EndSessions(tenant, user string) int {
	n := 0
	for _, c := range r.snapshot() {
		if c.state.ClearCallerIf(tenant, user) {
			n++
		}
	}
	return n
}

// Drain starts shutdown on every session (see Conn.Shutdown) and returns a
// channel closed once none is left.
func (r *Registry) Drain() <-chan struct{} {
	r.mu.Lock()
	if r.done == nil {
		r.done = make(chan struct{})
	}
	done := r.done
	if len(r.conns) == 0 {
		select {
		case <-done:
		default:
			close(done)
		}
	}
	r.mu.Unlock()
	for _, c := range r.snapshot() {
		c.Shutdown()
	}
	return done
}

// CloseAll closes every session's socket at once (the shutdown timeout's
// cut).
func (r *Registry) CloseAll() {
	for _, c := range r.snapshot() {
		c.Close()
	}
}

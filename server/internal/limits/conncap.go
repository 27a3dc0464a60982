package limits

import (
	"net/netip"
	"sync"
)

// CapResult is the outcome of ConnCaps.Acquire.
type CapResult uint8

// Acquire outcomes. The global cap is checked first (§2.2).
const (
	CapOK CapResult = iota
	CapGlobal
	CapPerIP
)

// ConnCaps counts open non-exempt connections, globally and per IP.
type ConnCaps struct {
	global, perIP int

	mu    sync.Mutex
	total int
	byIP  map[netip.Addr]int
}

// NewConnCaps returns caps of global and perIP connections; a cap ≤ 0
// admits nothing.
func NewConnCaps(global, perIP int) *ConnCaps {
	return &ConnCaps{global: global, perIP: perIP, byIP: map[netip.Addr]int{}}
}

// Acquire counts a new connection from a unless a cap is reached. On CapOK
// the caller must call Release(a) when the connection closes.
func (c *ConnCaps) Acquire(a netip.Addr) CapResult {
	k := Key(a)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.total >= c.global {
		return CapGlobal
	}
	if c.byIP[k] >= c.perIP {
		return CapPerIP
	}
	c.total++
	c.byIP[k]++
	return CapOK
}

// Release uncounts a connection Acquire admitted.
func (c *ConnCaps) Release(a netip.Addr) {
	k := Key(a)
	c.mu.Lock()
	defer c.mu.Unlock()
	if n := c.byIP[k]; n > 1 {
		c.byIP[k] = n - 1
	} else {
		delete(c.byIP, k)
	}
	if c.total > 0 {
		c.total--
	}
}

// Open returns the number of connections currently counted.
func (c *ConnCaps) Open() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.total
}

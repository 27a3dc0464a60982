package limits

import (
	"net/netip"
	"sync"
	"time"
)

// LoginBackoff is the failed-login back-off of §5.6. Each failed LOGIN
// raises the IP's count c; once c ≥ threshold, LOGIN is blocked for
// min(60, 2^min(c−threshold, 6)) seconds from that failure. Blocked
// attempts do not raise c; c survives the block; a success clears it.
type LoginBackoff struct {
	threshold int
	now       func() time.Time
	max       int

	mu    sync.Mutex
	state map[netip.Addr]*loginState
}

type loginState struct {
	failures int
	until    time.Time
	last     time.Time
}

// maxLoginEntries bounds the table; the least recently failed address is
// forgotten first.
const maxLoginEntries = 65536

// NewLoginBackoff returns a back-off with the given threshold
// (limits.failed_logins_per_min_per_ip). A nil now means time.Now.
func NewLoginBackoff(threshold int, now func() time.Time) *LoginBackoff {
	if now == nil {
		now = time.Now
	}
	return &LoginBackoff{threshold: threshold, now: now, max: maxLoginEntries, state: map[netip.Addr]*loginState{}}
}

// Blocked reports whether LOGIN from a is blocked now and, if so, the
// whole seconds left (at least 1).
func (b *LoginBackoff) Blocked(a netip.Addr) (retryAfter int, blocked bool) {
	now := b.now()
	b.mu.Lock()
	defer b.mu.Unlock()
	s := b.state[Key(a)]
	if s == nil || !now.Before(s.until) {
		return 0, false
	}
	left := s.until.Sub(now)
	secs := int((left + time.Second - 1) / time.Second)
	if secs < 1 {
		secs = 1
	}
	return secs, true
}

// Failure records a failed LOGIN from a.
func (b *LoginBackoff) Failure(a netip.Addr) {
	k := Key(a)
	now := b.now()
	b.mu.Lock()
	defer b.mu.Unlock()
	s := b.state[k]
	if s == nil {
		if len(b.state) >= b.max {
			b.evictOldest()
		}
		s = &loginState{}
		b.state[k] = s
	}
	s.failures++
	s.last = now
	if s.failures >= b.threshold {
		exp := s.failures - b.threshold
		if exp > 6 {
			exp = 6
		}
		secs := 1 << exp
		if secs > 60 {
			secs = 60
		}
		s.until = now.Add(time.Duration(secs) * time.Second)
	}
}

// Success clears a's count.
func (b *LoginBackoff) Success(a netip.Addr) {
	b.mu.Lock()
	defer b.mu.Unlock()
	delete(b.state, Key(a))
}

// Failures returns a's current count (for tests and logs).
func (b *LoginBackoff) Failures(a netip.Addr) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	if s := b.state[Key(a)]; s != nil {
		return s.failures
	}
	return 0
}

func (b *LoginBackoff) evictOldest() {
	var oldest netip.Addr
	var at time.Time
	first := true
	for k, s := range b.state {
		if first || s.last.Before(at) {
			oldest, at, first = k, s.last, false
		}
	}
	delete(b.state, oldest)
}

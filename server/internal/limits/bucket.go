package limits

import (
	"net/netip"
	"sync"
	"time"
)

// CommandLimiter is the per-IP command token bucket of §5.6: continuous
// refill at rate tokens per second up to burst, shared by all connections
// from one IP; every line costs one token.
type CommandLimiter struct {
	rate  float64
	burst float64
	now   func() time.Time

	mu        sync.Mutex
	buckets   map[netip.Addr]*bucket
	lastPrune time.Time
}

type bucket struct {
	tokens float64
	at     time.Time
}

// pruneSize is the table size above which idle buckets are dropped.
const pruneSize = 1024

// NewCommandLimiter returns a limiter; rate and burst below 1 count as 1.
// A nil now means time.Now.
func NewCommandLimiter(rate float64, burst int, now func() time.Time) *CommandLimiter {
	if rate < 1 {
		rate = 1
	}
	if burst < 1 {
		burst = 1
	}
	if now == nil {
		now = time.Now
	}
	return &CommandLimiter{rate: rate, burst: float64(burst), now: now, buckets: map[netip.Addr]*bucket{}}
}

// Allow takes one token for a, reporting false (and taking nothing) when
// the bucket is empty.
func (l *CommandLimiter) Allow(a netip.Addr) bool {
	k := Key(a)
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.buckets[k]
	if b == nil {
		if len(l.buckets) >= pruneSize {
			l.prune(now)
		}
		b = &bucket{tokens: l.burst, at: now}
		l.buckets[k] = b
	} else {
		l.refill(b, now)
	}
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

func (l *CommandLimiter) refill(b *bucket, now time.Time) {
	if d := now.Sub(b.at); d > 0 {
		b.tokens += d.Seconds() * l.rate
		if b.tokens > l.burst {
			b.tokens = l.burst
		}
		b.at = now
	}
}

// prune drops buckets that have refilled completely: forgetting them
// changes nothing, since a new bucket starts full.
func (l *CommandLimiter) prune(now time.Time) {
	if now.Sub(l.lastPrune) < time.Second {
		return
	}
	l.lastPrune = now
	for k, b := range l.buckets {
		l.refill(b, now)
		if b.tokens >= l.burst {
			delete(l.buckets, k)
		}
	}
}

// Len is the number of buckets held (for tests).
func (l *CommandLimiter) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.buckets)
}

package limits

import (
	"net/netip"
	"testing"
	"time"
)

type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }
func newClock() *clock                   { return &clock{t: time.Unix(1_700_000_000, 0)} }
func addr(s string) netip.Addr           { return netip.MustParseAddr(s) }

func TestExempt(t *testing.T) {
	for _, tc := range []struct {
		a      string
		bypass bool
		want   bool
	}{
		{"127.0.0.1", true, true}, {"127.9.8.7", true, true}, {"::1", true, true},
		{"::ffff:127.0.0.1", true, true}, {"10.0.0.1", true, false}, {"::2", true, false},
		{"127.0.0.1", false, false},
	} {
		if got := Exempt(addr(tc.a), tc.bypass); got != tc.want {
			t.Errorf("Exempt(%s, %v) = %v", tc.a, tc.bypass, got)
		}
	}
}

func TestConnCaps(t *testing.T) {
	c := NewConnCaps(3, 2)
	a, b := addr("10.0.0.1"), addr("::ffff:10.0.0.1")
	if c.Acquire(a) != CapOK || c.Acquire(b) != CapOK {
		t.Fatal("first two refused")
	}
	if got := c.Acquire(a); got != CapPerIP {
		t.Fatalf("third from one IP (mapped counts as IPv4): %v", got)
	}
	if c.Acquire(addr("10.0.0.2")) != CapOK {
		t.Fatal("other IP refused")
	}
	if got := c.Acquire(addr("10.0.0.3")); got != CapGlobal {
		t.Fatalf("over the global cap: %v", got)
	}
	c.Release(a)
	if c.Acquire(a) != CapOK || c.Open() != 3 {
		t.Fatal("release did not free a slot")
	}
	c.Release(a)
	c.Release(a)
	c.Release(addr("10.0.0.2"))
	if c.Open() != 0 || len(c.byIP) != 0 {
		t.Fatalf("open %d, table %v", c.Open(), c.byIP)
	}
}

func TestCommandLimiter(t *testing.T) {
	ck := newClock()
	l := NewCommandLimiter(2, 3, ck.now)
	a := addr("10.0.0.1")
	for i := 0; i < 3; i++ {
		if !l.Allow(a) {
			t.Fatalf("burst token %d refused", i)
		}
	}
	if l.Allow(a) {
		t.Fatal("over the burst allowed")
	}
	if !l.Allow(addr("10.0.0.2")) {
		t.Fatal("another IP shares the bucket")
	}
	ck.advance(500 * time.Millisecond) // one token at 2/s
	if !l.Allow(a) || l.Allow(a) {
		t.Fatal("refill is not continuous at the rate")
	}
	ck.advance(time.Hour)
	for i := 0; i < 3; i++ {
		if !l.Allow(a) {
			t.Fatal("refill exceeded the burst or stopped")
		}
	}
	if l.Allow(a) {
		t.Fatal("refill went past the burst")
	}
	// Zero rate and burst count as 1.
	z := NewCommandLimiter(0, 0, ck.now)
	if !z.Allow(a) || z.Allow(a) {
		t.Fatal("0 does not count as 1")
	}
}

func TestCommandLimiterPrunes(t *testing.T) {
	ck := newClock()
	l := NewCommandLimiter(100, 10, ck.now)
	for i := 0; i < pruneSize; i++ {
		l.Allow(netip.AddrFrom4([4]byte{10, 1, byte(i >> 8), byte(i)}))
	}
	ck.advance(10 * time.Second)
	l.Allow(addr("10.9.9.9"))
	if n := l.Len(); n != 1 {
		t.Fatalf("%d buckets after pruning", n)
	}
}

func TestLoginBackoff(t *testing.T) {
	ck := newClock()
	b := NewLoginBackoff(3, ck.now)
	a := addr("10.0.0.1")
	for i := 0; i < 2; i++ {
		b.Failure(a)
		if _, blocked := b.Blocked(a); blocked {
			t.Fatalf("blocked after %d failures", i+1)
		}
	}
	// c = F: 2^0 = 1 s; then 2, 4, … 32, 60, 60.
	want := []int{1, 2, 4, 8, 16, 32, 60, 60}
	for i, w := range want {
		b.Failure(a)
		secs, blocked := b.Blocked(a)
		if !blocked || secs != w {
			t.Fatalf("failure %d: blocked %v for %d s, want %d", 3+i, blocked, secs, w)
		}
		ck.advance(time.Duration(w)*time.Second - 300*time.Millisecond)
		if secs, blocked := b.Blocked(a); !blocked || secs != 1 {
			t.Fatalf("near the end: %v %d", blocked, secs)
		}
		ck.advance(300 * time.Millisecond)
		if _, blocked := b.Blocked(a); blocked {
			t.Fatalf("still blocked after %d s", w)
		}
	}
	if b.Failures(a) != 10 {
		t.Fatalf("count %d", b.Failures(a))
	}
	b.Success(a)
	b.Failure(a)
	if _, blocked := b.Blocked(a); blocked || b.Failures(a) != 1 {
		t.Fatal("success did not clear the count")
	}
}

func TestLoginBackoffBounded(t *testing.T) {
	ck := newClock()
	b := NewLoginBackoff(5, ck.now)
	b.max = 4
	for i := 0; i < 10; i++ {
		ck.advance(time.Second)
		b.Failure(netip.AddrFrom4([4]byte{10, 0, 0, byte(i)}))
	}
	if len(b.state) != 4 || b.Failures(addr("10.0.0.9")) != 1 || b.Failures(addr("10.0.0.0")) != 0 {
		t.Fatalf("table %d entries", len(b.state))
	}
}

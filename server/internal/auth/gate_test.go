package auth

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestCheckGateBoundsConcurrency(t *testing.T) {
	for _, limit := range []int{1, 2, 3} {
		g := newCheckGate(limit)
		var inFlight, peak atomic.Int32
		var wg sync.WaitGroup
		for range 20 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				err := g.run(context.Background(), func() {
					n := inFlight.Add(1)
					for {
						p := peak.Load()
						if n <= p || peak.CompareAndSwap(p, n) {
							break
						}
					}
					time.Sleep(2 * time.Millisecond)
					inFlight.Add(-1)
				})
				if err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		if p := peak.Load(); p > int32(limit) || p < 1 {
			t.Fatalf("limit %d: peak concurrency %d", limit, p)
		}
	}
	if cap(newCheckGate(0)) != 1 {
		t.Fatal("a non-positive bound must mean 1")
	}
}

func TestCheckGateHonoursContext(t *testing.T) {
	g := newCheckGate(1)
	if err := g.acquire(context.Background()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	ran := false
	if err := g.run(ctx, func() { ran = true }); !errors.Is(err, context.DeadlineExceeded) || ran {
		t.Fatalf("full gate: err %v ran %v", err, ran)
	}
	g.release()
	if err := g.run(context.Background(), func() { ran = true }); err != nil || !ran {
		t.Fatalf("after release: err %v ran %v", err, ran)
	}
}

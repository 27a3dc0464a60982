package client

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestForward follows one forward error to the named node, replaying
// TOKEN and USE there, and does not follow a second one.
func TestForward(t *testing.T) {
	owner := startFake(t, okSession(func(line string) string {
		if strings.HasPrefix(line, "COUNT ") {
			return ":7\r\n"
		}
		if strings.HasPrefix(line, "FLUSH") {
			return "-ERR forward to n3@127.0.0.1:1; not the owner\r\n"
		}
		return "-ERR unexpected\r\n"
	}))
	entry := startFake(t, okSession(func(line string) string {
		return fmt.Sprintf("-ERR forward to n2@127.0.0.1:%d; not the owner\r\n", owner.port())
	}))
	c, err := Connect(ctx(t), Options{Host: "127.0.0.1", Port: entry.port()})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	tok := fakeToken(t)
	if err := c.Token(ctx(t), tok); err != nil {
		t.Fatal(err)
	}
	db := c.Database("shop")
	n, err := db.Count(ctx(t), "items")
	if err != nil || n != 7 {
		t.Fatalf("count through forward: %d %v", n, err)
	}
	want := []string{"TOKEN " + tok, "USE shop", "COUNT items"}
	if got := owner.received(); !slices.Equal(got, want) {
		t.Fatalf("owner received %q, want %q", got, want)
	}
	// The owner forwards again: that answer is the result.
	err = db.Flush(ctx(t))
	if !errors.Is(err, ErrForward) || !strings.Contains(err.Error(), "n3@") {
		t.Fatalf("second forward: %v", err)
	}
	if got := entry.received(); !slices.Equal(got, []string{"TOKEN " + tok, "USE shop", "COUNT items", "FLUSH"}) {
		t.Fatalf("entry received %q", got)
	}
}

// TestContextCancel checks that a stalled request ends with its context
// and that the client recovers on a new connection.
func TestContextCancel(t *testing.T) {
	f := startFake(t, okSession(func(line string) string {
		if line == "PING" {
			return "+PONG\r\n"
		}
		return "" // never answer
	}))
	c, err := Connect(ctx(t), Options{Host: "127.0.0.1", Port: f.port(), PoolSize: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Token(ctx(t), fakeToken(t)); err != nil {
		t.Fatal(err)
	}
	cctx, cancel := context.WithTimeout(ctx(t), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err = c.Database("d").Count(cctx, "c")
	if !errors.Is(err, context.DeadlineExceeded) || !errors.Is(err, ErrConnection) {
		t.Fatalf("stalled count: %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("took %v", d)
	}
	if err := c.Ping(ctx(t)); err != nil {
		t.Fatalf("ping after cancel: %v", err)
	}
	if dials, _ := c.PoolStats(); dials != 2 {
		t.Fatalf("dials %d, want 2 (the stalled connection discarded)", dials)
	}
	// A cancelled context stops a call waiting for a pool slot too.
	cctx2, cancel2 := context.WithCancel(ctx(t))
	cancel2()
	if err := c.Ping(cctx2); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled ping: %v", err)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	if err := c.Ping(ctx(t)); !errors.Is(err, ErrClosed) {
		t.Fatalf("after close: %v", err)
	}
}

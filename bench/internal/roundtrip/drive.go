package roundtrip

import (
	"fmt"
	"sync"
	"time"

	"github.com/grumpydb/grumpydb/protocol"
)

// job is one connection's share of a sample: its requests, in order, and
// the check of the reply to request j.
type job struct {
	reqs  [][]byte
	check func(j int, r protocol.Response) error
}

// outcome is the result of one timed sample.
type outcome struct {
	elapsed time.Duration
	lats    []time.Duration // per-request latencies, only with depth 1
}

// drive runs one sample: connection i runs jobs[i] with up to depth
// requests in flight. Every goroutine is released by one barrier once all
// are ready; the clock runs from the release until the last reply has been
// read. With depth 1 it also measures each request, from writing it to
// reading its reply. Every connection has timeout to finish.
func drive(conns []*conn, jobs []job, depth int, timeout time.Duration) (outcome, error) {
	if len(conns) != len(jobs) || depth < 1 {
		return outcome{}, fmt.Errorf("%w: %d connections, %d jobs, depth %d", ErrConfig, len(conns), len(jobs), depth)
	}
	lats := make([][]time.Duration, len(conns))
	errs := make([]error, len(conns))
	var ready, done sync.WaitGroup
	release := make(chan struct{})
	for i, c := range conns {
		if depth == 1 {
			lats[i] = make([]time.Duration, 0, len(jobs[i].reqs))
		}
		c.deadline(time.Now().Add(timeout))
		ready.Add(1)
		done.Add(1)
		go func() {
			defer done.Done()
			ready.Done()
			<-release
			if depth == 1 {
				lats[i], errs[i] = runSerial(c, jobs[i], lats[i])
			} else {
				errs[i] = runPipelined(c, jobs[i], depth)
			}
		}()
	}
	ready.Wait()
	start := time.Now()
	close(release)
	done.Wait()
	elapsed := time.Since(start)
	for _, c := range conns {
		c.deadline(time.Time{})
	}
	for i, err := range errs {
		if err != nil {
			return outcome{}, fmt.Errorf("connection %d: %w", i, err)
		}
	}
	var all []time.Duration
	if depth == 1 {
		for _, l := range lats {
			all = append(all, l...)
		}
	}
	return outcome{elapsed: elapsed, lats: all}, nil
}

// runSerial sends one request, reads its reply, and so on, timing each.
func runSerial(c *conn, jb job, lats []time.Duration) ([]time.Duration, error) {
	for j, req := range jb.reqs {
		t0 := time.Now()
		r, err := c.do(req)
		lats = append(lats, time.Since(t0))
		if err != nil {
			return lats, fmt.Errorf("request %d: %w", j, err)
		}
		if err := jb.check(j, r); err != nil {
			return lats, fmt.Errorf("request %d: %w", j, err)
		}
	}
	return lats, nil
}

// runPipelined keeps up to depth requests unanswered: it writes requests
// until depth are in flight, and one more for every reply it reads.
// Requests that become due together go out in one write; replies are
// matched to requests in order.
func runPipelined(c *conn, jb job, depth int) error {
	n := len(jb.reqs)
	var out []byte
	sent, recv := 0, 0
	for recv < n {
		out = out[:0]
		for sent < n && sent-recv < depth {
			out = append(out, jb.reqs[sent]...)
			sent++
		}
		if len(out) > 0 {
			if err := c.send(out); err != nil {
				return fmt.Errorf("writing requests up to %d: %w", sent-1, err)
			}
		}
		// Read one reply, then any others already received, before
		// topping the pipeline up again.
		for {
			r, err := c.read()
			if err != nil {
				return fmt.Errorf("request %d: %w", recv, err)
			}
			if err := jb.check(recv, r); err != nil {
				return fmt.Errorf("request %d: %w", recv, err)
			}
			recv++
			if recv == sent || c.rd.Buffered() == 0 {
				break
			}
		}
	}
	return nil
}

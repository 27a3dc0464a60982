package roundtrip

import (
	"bufio"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/grumpydb/grumpydb/protocol"
)

// lazyServer answers request lines with the bulk of the line itself, but
// only once the client has min(depth, remaining) requests in flight, after
// a short wait for any extra line. Any line read beyond depth in flight is
// a violation of the pipelining rule, counted in violations. A client that
// does not fill its pipeline makes it wait until the deadline.
type lazyServer struct {
	ln         net.Listener
	depth, n   int
	mu         sync.Mutex
	violations int
	lines      []string
	err        error
}

func startLazyServer(t *testing.T, depth, n int) *lazyServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &lazyServer{ln: ln, depth: depth, n: n}
	done := make(chan struct{})
	go func() {
		defer close(done)
		c, err := ln.Accept()
		if err != nil {
			s.setErr(err)
			return
		}
		defer c.Close()
		s.setErr(s.serve(c))
	}()
	t.Cleanup(func() { ln.Close(); <-done })
	return s
}

func (s *lazyServer) setErr(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err == nil {
		s.err = err
	}
}

func (s *lazyServer) serve(c net.Conn) error {
	rd := bufio.NewReader(c)
	var pending []string
	replied := 0
	readLine := func(deadline time.Time) (bool, error) {
		_ = c.SetReadDeadline(deadline)
		line, err := rd.ReadString('\n')
		if err != nil {
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() && line == "" {
				return false, nil
			}
			return false, err
		}
		pending = append(pending, strings.TrimRight(line, "\r\n"))
		s.mu.Lock()
		s.lines = append(s.lines, pending[len(pending)-1])
		if len(pending) > s.depth {
			s.violations++
		}
		s.mu.Unlock()
		return true, nil
	}
	for replied < s.n {
		for len(pending) < min(s.depth, s.n-replied) {
			if _, err := readLine(time.Now().Add(10 * time.Second)); err != nil {
				return err
			}
		}
		// A correct client sends nothing more until it has a reply.
		if got, err := readLine(time.Now().Add(2 * time.Millisecond)); err != nil {
			return err
		} else if got {
			continue
		}
		_ = c.SetWriteDeadline(time.Now().Add(10 * time.Second))
		if _, err := c.Write(protocol.AppendBulkString(nil, pending[0])); err != nil {
			return err
		}
		pending = pending[1:]
		replied++
	}
	return nil
}

func TestDriveKeepsDepthAndOrder(t *testing.T) {
	for _, tc := range []struct{ depth, n int }{
		{1, 1}, {1, 7}, {4, 3}, {4, 4}, {4, 23}, {16, 16}, {16, 40},
	} {
		t.Run(fmt.Sprintf("P=%d,n=%d", tc.depth, tc.n), func(t *testing.T) {
			s := startLazyServer(t, tc.depth, tc.n)
			c, err := dialConn(s.ln.Addr().String(), 5*time.Second)
			if err != nil {
				t.Fatal(err)
			}
			defer c.close()
			reqs := make([][]byte, tc.n)
			for j := range reqs {
				reqs[j] = []byte("REQ " + strconv.Itoa(j) + "\r\n")
			}
			checked := 0
			jb := job{reqs: reqs, check: func(j int, r protocol.Response) error {
				if j != checked {
					return fmt.Errorf("checked reply %d, want %d", j, checked)
				}
				checked++
				if want := "REQ " + strconv.Itoa(j); r.Kind != protocol.KindBulk || string(r.Bulk) != want {
					return fmt.Errorf("reply %d = %s, want the bulk %q", j, describe(r), want)
				}
				return nil
			}}
			o, err := drive([]*conn{c}, []job{jb}, tc.depth, 20*time.Second)
			if err != nil {
				t.Fatal(err)
			}
			if checked != tc.n {
				t.Errorf("checked %d replies, want %d", checked, tc.n)
			}
			if o.elapsed <= 0 {
				t.Errorf("elapsed = %v", o.elapsed)
			}
			if wantLats := map[bool]int{true: tc.n, false: 0}[tc.depth == 1]; len(o.lats) != wantLats {
				t.Errorf("%d latencies, want %d", len(o.lats), wantLats)
			}
			s.mu.Lock()
			defer s.mu.Unlock()
			if s.err != nil {
				t.Fatalf("server: %v", s.err)
			}
			if s.violations > 0 {
				t.Errorf("%d lines arrived with more than %d requests in flight", s.violations, tc.depth)
			}
			if len(s.lines) != tc.n {
				t.Fatalf("server read %d lines, want %d", len(s.lines), tc.n)
			}
			for j, l := range s.lines {
				if l != "REQ "+strconv.Itoa(j) {
					t.Fatalf("line %d = %q: requests out of order", j, l)
				}
			}
		})
	}
}

func TestDriveReportsCheckFailure(t *testing.T) {
	s := startLazyServer(t, 4, 8)
	c, err := dialConn(s.ln.Addr().String(), 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.close()
	reqs := make([][]byte, 8)
	for j := range reqs {
		reqs[j] = []byte("X\r\n")
	}
	jb := job{reqs: reqs, check: func(j int, r protocol.Response) error {
		if j == 5 {
			return verifyErr("reply %d rejected", j)
		}
		return nil
	}}
	_, err = drive([]*conn{c}, []job{jb}, 4, 10*time.Second)
	if !errors.Is(err, ErrVerify) || !strings.Contains(err.Error(), "request 5") {
		t.Fatalf("err = %v, want ErrVerify at request 5", err)
	}
}

func TestDriveRejectsBadShape(t *testing.T) {
	if _, err := drive(nil, []job{{}}, 1, time.Second); !errors.Is(err, ErrConfig) {
		t.Errorf("mismatched jobs: err = %v", err)
	}
	if _, err := drive(nil, nil, 0, time.Second); !errors.Is(err, ErrConfig) {
		t.Errorf("depth 0: err = %v", err)
	}
}

package client

import (
	"bufio"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// fakeServer is a tiny line server for cases the real single-node server
// cannot produce (forwarding, stalls). answer returns the raw response for
// a request line ("" to answer nothing).
type fakeServer struct {
	l      net.Listener
	answer func(line string) string

	mu    sync.Mutex
	lines []string
}

// startFake listens on a free loopback port.
func startFake(t *testing.T, answer func(string) string) *fakeServer {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f := &fakeServer{l: l, answer: answer}
	var wg sync.WaitGroup
	t.Cleanup(func() { l.Close(); wg.Wait() })
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			nc, err := l.Accept()
			if err != nil {
				return
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				f.serve(nc)
			}()
		}
	}()
	return f
}

// serve answers one connection until it closes.
func (f *fakeServer) serve(nc net.Conn) {
	defer nc.Close()
	go func() { <-time.After(30 * time.Second); nc.Close() }()
	if _, err := nc.Write([]byte("+GRUMPYDB 4.0.0\r\n")); err != nil {
		return
	}
	sc := bufio.NewScanner(nc)
	sc.Buffer(nil, 2<<20)
	for sc.Scan() {
		line := sc.Text()
		f.mu.Lock()
		f.lines = append(f.lines, line)
		f.mu.Unlock()
		if out := f.answer(line); out != "" {
			if _, err := nc.Write([]byte(out)); err != nil {
				return
			}
		}
	}
}

// received returns the lines received so far.
func (f *fakeServer) received() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.lines...)
}

func (f *fakeServer) port() int { return f.l.Addr().(*net.TCPAddr).Port }

// fakeToken is a well-formed (not server-signed) access token that expires
// in an hour.
func fakeToken(t *testing.T) string {
	t.Helper()
	now := time.Now()
	tok, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{
		"sub": "admin", "tenant": "_system", "roles": []any{}, "token_type": "access",
		"iat": now.Unix(), "exp": now.Add(time.Hour).Unix(),
	}).SignedString([]byte("fake-secret"))
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// okSession answers TOKEN and USE with +OK; other lines go to next.
func okSession(next func(string) string) func(string) string {
	return func(line string) string {
		if strings.HasPrefix(line, "TOKEN ") || strings.HasPrefix(line, "USE ") {
			return "+OK\r\n"
		}
		return next(line)
	}
}

package repl

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"strings"
	"syscall"
	"testing"

	"github.com/google/uuid"
	client "github.com/grumpydb/grumpydb/client-go"
	"github.com/grumpydb/grumpydb/engine"
)

func TestPrefixFind(t *testing.T) {
	spec, err := ParseID("3df9dde6-1")
	if err != nil {
		t.Fatal(err)
	}
	f, o := prefixFind(spec.Lo, spec.Hi)
	got := string(engine.AppendJSON(nil, f)) + " " + string(engine.AppendJSON(nil, o))
	want := `{"_id":{"$gte":"3df9dde6-1000-0000-0000-000000000000","$lte":"3df9dde6-1fff-ffff-ffff-ffffffffffff"}} {"projection":{"_id":1}}`
	if got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
}

func TestConnectOptionsAddr(t *testing.T) {
	for _, c := range []struct {
		host string
		port int
		want string
	}{
		{"localhost", 6380, "localhost:6380"},
		{"10.0.0.1", 1, "10.0.0.1:1"},
		{"::1", 7000, "[::1]:7000"},
	} {
		if got := (ConnectOptions{Host: c.host, Port: c.port}).Addr(); got != c.want {
			t.Errorf("%s %d: %s, want %s", c.host, c.port, got, c.want)
		}
	}
}

// dialError builds the error the client returns for a refused dial.
func dialError(addr string) error {
	op := &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}
	return fmt.Errorf("%w: dial %s: %w", client.ErrConnection, addr, op)
}

func TestStartupError(t *testing.T) {
	const addr = "localhost:6380"
	cases := []struct {
		err      error
		want     string
		sentinel error
	}{
		{dialError(addr), "cannot connect to localhost:6380: connection refused", ErrConnect},
		{fmt.Errorf("%w: TLS handshake with %s: %w", client.ErrConnection, addr, errors.New("tls: bad certificate")),
			"TLS handshake with localhost:6380 failed: tls: bad certificate", ErrTLSHandshake},
		{fmt.Errorf("%w: banner from %s: %w", client.ErrConnection, addr, errors.New("EOF")),
			"cannot connect to localhost:6380: banner from localhost:6380: EOF", ErrConnect},
		{fmt.Errorf("%w: dial %s: %w", client.ErrConnection, addr, &net.DNSError{Err: "no such host", Name: "nohost"}),
			"cannot connect to localhost:6380: lookup nohost: no such host", ErrConnect},
	}
	for _, c := range cases {
		err := startupError(addr, c.err)
		if err.Error() != c.want || !errors.Is(err, c.sentinel) {
			t.Errorf("%v:\n got %q\nwant %q", c.err, err, c.want)
		}
	}
}

func TestRequestError(t *testing.T) {
	const addr = "h:1"
	cases := []struct {
		name     string
		err      error
		want     string
		sentinel error
	}{
		{"nil", nil, "", nil},
		{"too large", fmt.Errorf("%w (%d bytes, limit %d)", client.ErrRequestTooLarge, 1048577, 1048576),
			"request too large for the server (1048577 bytes, limit 1048576)", ErrRequestTooLarge},
		{"lost", fmt.Errorf("%w: %w", client.ErrConnection, errors.New("EOF")), "connection lost: EOF", ErrConnectionLost},
		{"reconnect refused", dialError(addr), "cannot connect to h:1: connection refused", ErrConnect},
		{"closed", client.ErrClosed, "connection lost: the connection is closed", ErrConnectionLost},
		{"cancelled", fmt.Errorf("%w: x (%w)", client.ErrConnection, context.Canceled), "", context.Canceled},
		{"protocol", fmt.Errorf("%w: want an array", client.ErrProtocol), "unexpected response: want an array", ErrStatement},
	}
	for _, c := range cases {
		err := requestError(addr, c.err)
		switch {
		case c.err == nil:
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
			}
		case c.want == "":
			if !errors.Is(err, c.sentinel) {
				t.Errorf("%s: %v does not match %v", c.name, err, c.sentinel)
			}
		default:
			if err == nil || err.Error() != c.want || !errors.Is(err, c.sentinel) {
				t.Errorf("%s: got %v, want %q", c.name, err, c.want)
			}
		}
	}
}

// TestRequestErrorServerMessage: a server answer keeps its text and its
// client classes.
func TestRequestErrorServerMessage(t *testing.T) {
	in := &client.Error{Message: "collection not found: users"}
	err := requestError("h:1", in)
	var se *client.Error
	if !errors.As(err, &se) || err.Error() != "collection not found: users" {
		t.Fatalf("got %v", err)
	}
}

func TestCheckWord(t *testing.T) {
	for _, c := range []struct {
		name string
		want string
	}{
		{"users", ""},
		{"Users", ""}, // one word: the server judges it
		{"", "invalid name: name cannot be empty"},
		{"a b", "invalid name: invalid character ' ': only [a-z0-9_] allowed"},
		{"a\tb", "invalid name: invalid character '\t': only [a-z0-9_] allowed"},
	} {
		err := checkWord(c.name)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != c.want {
			t.Errorf("%q: %q, want %q", c.name, got, c.want)
		}
	}
}

func TestEngineDocs(t *testing.T) {
	if engineDocs(nil) != nil {
		t.Fatal("nil rows must stay nil")
	}
	id := uuid.New()
	got := engineDocs([]client.Document{{Key: id, Value: engine.Int(3)}})
	if len(got) != 1 || got[0].ID != id || got[0].Value.Int() != 3 {
		t.Fatalf("got %+v", got)
	}
}

// TestConnectRefused: Connect to a closed port fails with the start-up
// text of §1.3.
func TestConnectRefused(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	_, err = Connect(context.Background(), ConnectOptions{Host: "127.0.0.1", Port: port, Tenant: "t", User: "u"})
	want := fmt.Sprintf("cannot connect to 127.0.0.1:%d: connection refused", port)
	if err == nil || err.Error() != want || !errors.Is(err, ErrConnect) {
		t.Fatalf("got %v, want %q", err, want)
	}
}

// FuzzStartupError: any reason text gives one of the two start-up forms
// of §1.3, on one line when the reason is.
func FuzzStartupError(f *testing.F) {
	f.Add("dial h:1: ", "connection refused")
	f.Add("TLS handshake with h:1: ", "tls: bad certificate")
	f.Add("banner from h:1: ", "EOF")
	f.Add("", "")
	f.Fuzz(func(t *testing.T, lead, reason string) {
		err := startupError("h:1", fmt.Errorf("%w: %s%s", client.ErrConnection, lead, reason))
		msg := err.Error()
		switch {
		case errors.Is(err, ErrTLSHandshake):
			if !strings.HasPrefix(msg, "TLS handshake with h:1 failed: ") {
				t.Fatalf("%q", msg)
			}
		case errors.Is(err, ErrConnect):
			if !strings.HasPrefix(msg, "cannot connect to h:1: ") {
				t.Fatalf("%q", msg)
			}
		default:
			t.Fatalf("unclassified: %q", msg)
		}
		if !strings.ContainsAny(lead+reason, "\n") && strings.Contains(msg, "\n") {
			t.Fatalf("line break added: %q", msg)
		}
	})
}

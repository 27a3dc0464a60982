package dispatch

import (
	"context"
	"testing"

	"github.com/grumpydb/grumpydb/protocol"
	"github.com/grumpydb/grumpydb/server/internal/wireerr"
)

// Every verb the parser produces has a handler; VerbNone and verbs past
// the last have none.
func TestVerbTableCoversEveryVerb(t *testing.T) {
	tab := newVerbTable()
	if tab[protocol.VerbNone] != nil {
		t.Error("VerbNone has a handler")
	}
	for v := protocol.VerbLogin; v <= protocol.VerbInsertMany; v++ {
		if tab[v] == nil {
			t.Errorf("verb %s has no handler", v)
		}
	}
	for v := int(protocol.VerbInsertMany) + 1; v < len(tab); v++ {
		if tab[v] != nil {
			t.Errorf("verb %d past the last has a handler", v)
		}
	}
}

// A verb without a handler is an internal error naming its number, and
// the output is left as it was.
func TestExecuteUnknownVerb(t *testing.T) {
	x := New(Options{})
	for _, v := range []protocol.Verb{protocol.VerbNone, 200} {
		cmd := protocol.Command{Verb: v}
		out, err := x.Execute(context.Background(), Request{Cmd: &cmd, State: &State{}}, []byte("prev"))
		if string(out) != "prev" {
			t.Errorf("verb %d: output changed: %q", v, out)
		}
		want := "internal error: verb " + map[protocol.Verb]string{protocol.VerbNone: "0", 200: "200"}[v] + " not executable"
		if got := wireerr.Message(err); got != want {
			t.Errorf("verb %d: message %q, want %q", v, got, want)
		}
	}
}

// The replies that need no store: PING, QUIT and TOPOLOGY.
func TestExecuteFixedReplies(t *testing.T) {
	x := New(Options{Topology: []byte(`{"nodes":[]}`)})
	for _, tc := range []struct{ line, want string }{
		{"PING", "+PONG\r\n"},
		{"QUIT", "+BYE\r\n"},
		{"TOPOLOGY", "$12\r\n{\"nodes\":[]}\r\n"},
	} {
		cmd, err := protocol.Parse(tc.line)
		if err != nil {
			t.Fatal(err)
		}
		out, err := x.Execute(context.Background(), Request{Cmd: &cmd, State: &State{}}, nil)
		if err != nil || string(out) != tc.want {
			t.Errorf("%s = %q, %v; want %q", tc.line, out, err, tc.want)
		}
	}
}

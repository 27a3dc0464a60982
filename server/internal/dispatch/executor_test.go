package dispatch

import (
	"context"
	"strings"
	"testing"

	"github.com/grumpydb/grumpydb/protocol"
	"github.com/grumpydb/grumpydb/server/internal/rbac"
	"github.com/grumpydb/grumpydb/server/internal/wireerr"
)

// A command that panics (here: an executor without a store) answers an
// internal error instead of taking the process down.
func TestExecuteRecoversPanics(t *testing.T) {
	x := New(Options{})
	var st State
	st.SetDatabase("demo")
	cmd, err := protocol.Parse("COUNT docs")
	if err != nil {
		t.Fatal(err)
	}
	caller := &rbac.Principal{Subject: "admin", Tenant: "_system"}
	out, err := x.Execute(context.Background(), Request{Cmd: &cmd, State: &st, Caller: caller}, []byte("prev"))
	if string(out) != "prev" {
		t.Fatalf("output changed: %q", out)
	}
	msg := wireerr.Message(err)
	if !strings.HasPrefix(msg, "internal error: panic: ") {
		t.Fatalf("message = %q", msg)
	}
}

func TestParseDepth(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
		ok   bool
	}{
		{"", 1, true}, {"0", 0, true}, {"7", 7, true}, {"256", 256, true}, {"007", 7, true},
		{"257", 0, false}, {"-1", 0, false}, {"+1", 0, false}, {"1x", 0, false}, {"1000", 0, false}, {"٣", 0, false},
	} {
		got, err := parseDepth(tc.in)
		if (err == nil) != tc.ok || (tc.ok && got != tc.want) {
			t.Errorf("parseDepth(%q) = %d, %v", tc.in, got, err)
		}
		if err != nil && err.Error() != "depth must be an integer from 0 to 256" {
			t.Errorf("parseDepth(%q) error text %q", tc.in, err)
		}
	}
}

func FuzzParseDepth(f *testing.F) {
	for _, s := range []string{"", "0", "256", "257", "-1", "abc", "99"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := parseDepth(s)
		if err == nil && (n < 0 || n > 256) {
			t.Fatalf("parseDepth(%q) = %d", s, n)
		}
	})
}

func TestTopologyJSON(t *testing.T) {
	got := string(TopologyJSON("c", "n", "h:1", 256, []Writer{{Collection: "*", NodeID: "n"}}))
	want := `{"cluster_id":"c","local_node_id":"n","n":1,"peers":[{"addr":"h:1","node_id":"n"}],"vnodes_per_node":256,"writers":[{"collection":"*","node_id":"n"}]}`
	if got != want {
		t.Fatalf("got %s\nwant %s", got, want)
	}
}

func TestStateClearCallerIf(t *testing.T) {
	var st State
	st.SetDatabase("d")
	if st.ClearCallerIf("t", "u") {
		t.Fatal("cleared an empty caller")
	}
	st.caller = &rbac.Principal{Subject: "u", Tenant: "t"}
	if st.ClearCallerIf("t", "v") || st.ClearCallerIf("x", "u") {
		t.Fatal("cleared another user")
	}
	if !st.ClearCallerIf("t", "u") || st.Caller() != nil || st.Database() != "d" {
		t.Fatal("caller not cleared, or database lost")
	}
}

package protocol

import "testing"

// TestSplitUserSpec covers the user_spec and LIST USERS helpers (§4.7).
func TestSplitUserSpec(t *testing.T) {
	tests := []struct {
		spec, user, tenant string
		has                bool
	}{
		{"alice", "alice", "", false},
		{"alice@acme", "alice", "acme", true},
		{"a@b@c", "a", "b@c", true},
		{"@acme", "", "acme", true},
	}
	for _, tt := range tests {
		u, tn, has := SplitUserSpec(tt.spec)
		if u != tt.user || tn != tt.tenant || has != tt.has {
			t.Errorf("SplitUserSpec(%q) = %q, %q, %v", tt.spec, u, tn, has)
		}
	}
	for in, want := range map[string]string{"acme": "acme", "@acme": "acme", "@@acme": "@acme", "": ""} {
		if got := ListUsersTenant(in); got != want {
			t.Errorf("ListUsersTenant(%q) = %q, want %q", in, got, want)
		}
	}
}

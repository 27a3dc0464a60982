package auth

import (
	"errors"
	"reflect"
	"testing"

	"github.com/grumpydb/grumpydb/server/internal/rbac"
)

func TestUserFileName(t *testing.T) {
	cases := []struct{ tenant, user, want string }{
		{"acme", "alice", "acme__alice.json"},
		{"_system", "_cluster/local-bootstrap", "_system___cluster__local-bootstrap.json"},
		{"a/b", `c\d`, "a__b__c__d.json"},
		{"..", "..", "..__...json"},
		{"", "", "__.json"},
	}
	for _, c := range cases {
		if got := userFileName(c.tenant, c.user); got != c.want {
			t.Errorf("userFileName(%q, %q) = %q, want %q", c.tenant, c.user, got, c.want)
		}
	}
	// Distinct users can collide; the store must refuse the second.
	if userFileName("a__b", "c") != userFileName("a", "b__c") || userFileName("a/b", "c") != userFileName("a", "b/c") {
		t.Fatal("expected collisions")
	}
}

func TestUserRecordEncoding(t *testing.T) {
	u := User{Username: "alice", Tenant: "acme", PasswordHash: "$argon2id$x", CreatedAt: 42,
		Roles: []rbac.Assignment{{Role: rbac.RoleReadOnly, Scope: rbac.DatabaseScope("demo")}}}
	b, err := encodeUser(u)
	if err != nil {
		t.Fatal(err)
	}
	want := `{
  "username": "alice",
  "tenant": "acme",
  "password_hash": "$argon2id$x",
  "roles": [
    {
      "role": "read_only",
      "scope": {
        "type": "database",
        "name": "demo"
      }
    }
  ],
  "created_at": 42
}
`
	if string(b) != want {
		t.Fatalf("record:\n%s\nwant:\n%s", b, want)
	}
	back, err := decodeUser(b)
	if err != nil || !reflect.DeepEqual(back, u) {
		t.Fatalf("decode = %+v, %v", back, err)
	}
	empty, _ := encodeUser(User{Username: "b", Tenant: "t", PasswordHash: "h"})
	if back, err := decodeUser(empty); err != nil || back.Roles == nil || len(back.Roles) != 0 {
		t.Fatalf("no roles: %+v %v (%s)", back, err, empty)
	}
	if u, err := decodeUser([]byte(`{"username":"u","tenant":"t","password_hash":"h","created_at":1,"extra":true}`)); err != nil || u.Roles == nil {
		t.Fatalf("missing roles and extra member: %+v %v", u, err)
	}
	for _, bad := range []string{
		``, `[]`, `{"username":"u"}`, `{"username":"u","tenant":"t","password_hash":"h"}`,
		`{"username":1,"tenant":"t","password_hash":"h","created_at":1}`,
		`{"username":"u","tenant":"t","password_hash":"h","created_at":1.5}`,
		`{"username":"u","tenant":"t","password_hash":"h","created_at":1,"roles":[{"role":"x","scope":{"type":"server"}}]}`,
		`{"username":"u","tenant":"t","password_hash":"h","created_at":1} {}`,
	} {
		if _, err := decodeUser([]byte(bad)); !errors.Is(err, errBadRecord) {
			t.Errorf("decodeUser(%s) = %v", bad, err)
		}
	}
}

func TestParseUserSpec(t *testing.T) {
	cases := []struct{ text, tenant, user string }{
		{"alice", "caller", "alice"},
		{"alice@acme", "acme", "alice"},
		{"a@b@c", "b@c", "a"},
		{"@acme", "acme", ""},
		{"bob@", "", "bob"},
	}
	for _, c := range cases {
		got := ParseUserSpec(c.text, "caller")
		if got.Tenant != c.tenant || got.User != c.user || got.Text != c.text {
			t.Errorf("ParseUserSpec(%q) = %+v", c.text, got)
		}
	}
	if s := ParseUserSpec("alice@acme", "x").String(); s != "acme/alice" {
		t.Fatalf("String = %q", s)
	}
	for _, c := range []struct {
		arg   string
		given bool
		want  string
	}{{"", false, "caller"}, {"acme", true, "acme"}, {"@acme", true, "acme"}, {"@@acme", true, "@acme"}} {
		if got := ListUsersTenant(c.arg, c.given, "caller"); got != c.want {
			t.Errorf("ListUsersTenant(%q, %v) = %q, want %q", c.arg, c.given, got, c.want)
		}
	}
}

func TestBootstrapPasswordPrecedence(t *testing.T) {
	env := func(v string) func(string) string {
		return func(k string) string {
			if k == BootstrapEnv {
				return v
			}
			return ""
		}
	}
	if got := BootstrapPassword("flag", env("env")); got != "flag" {
		t.Fatal(got)
	}
	if got := BootstrapPassword("", env("env")); got != "env" {
		t.Fatal(got)
	}
	if got := BootstrapPassword("", nil); got != "" {
		t.Fatal(got)
	}
}

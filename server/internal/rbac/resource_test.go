package rbac

import (
	"strings"
	"testing"
)

func TestParseResource(t *testing.T) {
	cases := []struct {
		text, cur string
		want      Scope
	}{
		{"@acme", "", TenantScope()},
		{"@acme", "demo", TenantScope()},
		{"@", "", TenantScope()},
		{"users:mydb", "", CollectionScope("mydb", "users")},
		{"users:mydb@acme", "demo", CollectionScope("mydb", "users")},
		{"a:b:c", "", CollectionScope("b:c", "a")},
		{"mydb", "", DatabaseScope("mydb")},
		{"mydb@acme", "", DatabaseScope("mydb")},
		{"name", "cur", CollectionScope("cur", "name")},
		{"name@acme", "cur", CollectionScope("cur", "name")},
		{"a@b@c", "", DatabaseScope("a@b")}, // split at the last '@'
		{"x@y:z", "", DatabaseScope("x")},   // ':' in the tenant part is ignored
		{"users:", "", CollectionScope("", "users")},
	}
	for _, c := range cases {
		got, err := ParseResource(c.text, c.cur)
		if err != nil || got != c.want {
			t.Errorf("ParseResource(%q, %q) = %v, %v; want %v", c.text, c.cur, got, err, c.want)
		}
	}
	if _, err := ParseResource("", "cur"); err != ErrEmptyResource {
		t.Fatalf("empty resource: %v", err)
	}
}

func FuzzParseResource(f *testing.F) {
	for _, s := range []struct{ text, cur string }{
		{"@acme", ""}, {"users:mydb@acme", ""}, {"mydb", ""}, {"name", "cur"}, {"a@b@c", "x"}, {":", ""}, {"", ""},
	} {
		f.Add(s.text, s.cur)
	}
	f.Fuzz(func(t *testing.T, text, cur string) {
		s, err := ParseResource(text, cur)
		if text == "" {
			if err == nil {
				t.Fatal("empty text accepted")
			}
			return
		}
		if err != nil {
			t.Fatalf("ParseResource(%q): %v", text, err)
		}
		if !s.Valid() {
			t.Fatalf("invalid scope %+v", s)
		}
		left := text
		if i := strings.LastIndex(text, "@"); i >= 0 {
			left = text[:i]
		}
		switch s.Kind {
		case ScopeTenant:
			if left != "" {
				t.Fatalf("%q gave Tenant", text)
			}
		case ScopeDatabase:
			if cur != "" || s.Database != left || strings.Contains(left, ":") {
				t.Fatalf("%q gave %v", text, s)
			}
		case ScopeCollection:
			if strings.Contains(left, ":") {
				if s.Collection+":"+s.Database != left {
					t.Fatalf("%q gave %v", text, s)
				}
			} else if s.Database != cur || s.Collection != left {
				t.Fatalf("%q gave %v", text, s)
			}
		default:
			t.Fatalf("%q gave ungrantable %v", text, s)
		}
		if s.String() == "" {
			t.Fatal("empty rendering")
		}
	})
}

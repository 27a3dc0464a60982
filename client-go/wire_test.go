package client

import (
	"errors"
	"strings"
	"testing"
	"unicode"

	"github.com/google/uuid"
	"github.com/grumpydb/grumpydb/engine"
	"github.com/grumpydb/grumpydb/protocol"
)

func TestAppendWireJSON(t *testing.T) {
	tests := []struct {
		in      any
		oneWord bool
		want    string
	}{
		{map[string]any{"b": 1, "a": 2.5}, false, `{"a":2.5,"b":1}`},
		{"a b", false, `"a b"`},
		{"a b", true, `"a\u0020b"`},
		{"x\u00a0y\u2028z\u3000", false, `"x\u00a0y\u2028z\u3000"`},
		{"tab\tnl\n", false, `"tab\tnl\n"`},
		{"é<&>", true, `"é<&>"`},
		{int64(-7), false, `-7`},
		{1e21, false, `1e21`},
		{engine.Ref("c", uuid.Nil), false, `{"$ref":{"collection":"c","uuid":"00000000-0000-0000-0000-000000000000"}}`},
	}
	for _, tt := range tests {
		got, err := appendWireJSON([]byte("X "), tt.in, tt.oneWord)
		if err != nil || string(got) != "X "+tt.want {
			t.Errorf("%#v: got %q %v, want %q", tt.in, got, err, tt.want)
		}
		// The output parses back to the same value.
		v, err := engine.ParseJSON(got[2:])
		if err != nil {
			t.Errorf("%#v: reparse: %v", tt.in, err)
			continue
		}
		orig, _ := engine.ValueOf(tt.in)
		if !engine.Equal(v, orig) {
			t.Errorf("%#v: reparsed %s", tt.in, v)
		}
	}
	if _, err := appendWireJSON(nil, make(chan int), false); !errors.Is(err, ErrInvalidValue) {
		t.Errorf("channel: %v", err)
	}
}

func TestRequestValidation(t *testing.T) {
	tests := []struct {
		r    *request
		want string // "" means an error
	}{
		{newRequest("GET").word("c", "users").key(uuid.Nil), "GET users 00000000-0000-0000-0000-000000000000"},
		{newRequest("GET").word("c", "a b"), ""},
		{newRequest("GET").word("c", ""), ""},
		{newRequest("GET").word("c", "a\u00a0b"), ""},
		{newRequest("USE").rest("db", "my db"), "USE my db"},
		{newRequest("USE").rest("db", "x\r\nPING"), ""},
		{newRequest("USE").rest("db", " x"), ""},
		{newRequest("USE").rest("db", ""), ""},
		{newRequest("USE").rest("db", "\xff"), ""},
	}
	for i, tt := range tests {
		line, err := tt.r.line()
		if tt.want == "" {
			if !errors.Is(err, ErrInvalidArgument) {
				t.Errorf("%d: %q: err %v", i, line, err)
			}
			continue
		}
		if err != nil || string(line) != tt.want {
			t.Errorf("%d: %q %v", i, line, err)
		}
		if _, err := protocol.Parse(string(line)); err != nil {
			t.Errorf("%d: server would not parse %q: %v", i, line, err)
		}
	}
}

func TestParseElement(t *testing.T) {
	k := uuid.MustParse("550e8400-e29b-41d4-a716-446655440000")
	d, err := parseElement([]byte(k.String() + ` {"a":1}`))
	if err != nil || d.Key != k || d.Value.String() != `{"a":1}` {
		t.Fatalf("%v %s %v", d.Key, d.Value, err)
	}
	for _, bad := range []string{"", k.String(), k.String() + " ", k.String() + "x1", "zz" + k.String()[2:] + " 1", k.String() + " {"} {
		if _, err := parseElement([]byte(bad)); !errors.Is(err, ErrProtocol) {
			t.Errorf("%q: %v", bad, err)
		}
	}
}

func TestParseWhoami(t *testing.T) {
	tests := []struct {
		in    string
		user  string
		roles []string
	}{
		{"USER admin TENANT _system ROLES server_admin:Server", "admin", []string{"server_admin:Server"}},
		{"USER bob TENANT acme ROLES ", "bob", nil},
		{`USER al TENANT acme ROLES read_only:Database { name: "demo" },read_write:Collection { database: "d", collection: "c" }`, "al",
			[]string{`read_only:Database { name: "demo" }`, `read_write:Collection { database: "d", collection: "c" }`}},
	}
	for _, tt := range tests {
		id, err := parseWhoami(tt.in)
		if err != nil || id.User != tt.user || strings.Join(id.Roles, "|") != strings.Join(tt.roles, "|") {
			t.Errorf("%q: %+v %v", tt.in, id, err)
		}
	}
	if _, err := parseWhoami("OK"); !errors.Is(err, ErrProtocol) {
		t.Errorf("bad whoami: %v", err)
	}
}

func TestParseUserEntry(t *testing.T) {
	u, err := parseUserEntry("_cluster/local-bootstrap@_system:cluster_peer")
	if err != nil || u.Name != "_cluster/local-bootstrap" || u.Tenant != "_system" || len(u.Roles) != 1 {
		t.Fatalf("%+v %v", u, err)
	}
	u, err = parseUserEntry("a@b@acme:")
	if err != nil || u.Name != "a@b" || u.Tenant != "acme" || u.Roles != nil {
		t.Fatalf("%+v %v", u, err)
	}
	if _, err := parseUserEntry("nobody"); !errors.Is(err, ErrProtocol) {
		t.Fatal(err)
	}
}

func TestJWKSParse(t *testing.T) {
	good := `{"keys":[{"alg":"RS256","e":"AQAB","kid":"k1","kty":"RSA","n":"` + strings.Repeat("w", 342) + `","use":"sig"},{"kty":"EC","kid":"e"}]}`
	keys, err := parseJWKS([]byte(good))
	if err != nil || len(keys) != 1 || keys["k1"].E != 65537 || keys["k1"].N.BitLen() < 2040 {
		t.Fatalf("%v %v", keys, err)
	}
	for _, bad := range []string{`{"keys":[]}`, `not json`, `{"keys":[{"kty":"RSA","kid":"x","n":"!!","e":"AQAB"}]}`,
		`{"keys":[{"kty":"RSA","kid":"x","n":"AQAB","e":"AQAB"}]}`, `{"keys":[{"kty":"RSA","kid":"x","n":"` + strings.Repeat("w", 342) + `","e":"Ag"}]}`} {
		if _, err := parseJWKS([]byte(bad)); !errors.Is(err, ErrInvalidToken) {
			t.Errorf("%.40q: %v", bad, err)
		}
	}
}

func TestIsSpaceSetCoversProtocol(t *testing.T) {
	// The wire escaper relies on unicode.IsSpace being the protocol's set.
	for _, r := range []rune{' ', '\t', '\u0085', '\u00a0', '\u1680', '\u2000', '\u200a', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000'} {
		if !unicode.IsSpace(r) {
			t.Errorf("%U", r)
		}
	}
}

package client

import (
	"errors"
	"testing"

	"github.com/grumpydb/grumpydb/engine"
)

func FuzzParseElement(f *testing.F) {
	f.Add([]byte(`550e8400-e29b-41d4-a716-446655440000 {"a":[1,2.5,"x"]}`))
	f.Add([]byte(`550e8400-e29b-41d4-a716-446655440000 null`))
	f.Add([]byte(`short`))
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := parseElement(b)
		if err != nil {
			if !errors.Is(err, ErrProtocol) {
				t.Fatalf("error %v does not wrap ErrProtocol", err)
			}
			return
		}
		again, err := parseElement([]byte(d.Key.String() + " " + d.Value.String()))
		if err != nil || again.Key != d.Key || !engine.Equal(again.Value, d.Value) {
			t.Fatalf("round trip: %v", err)
		}
	})
}

func FuzzParseJWKS(f *testing.F) {
	f.Add([]byte(`{"keys":[{"alg":"RS256","e":"AQAB","kid":"k","kty":"RSA","n":"wQ","use":"sig"}]}`))
	f.Add([]byte(`{"keys":[]}`))
	f.Add([]byte(`[`))
	f.Fuzz(func(t *testing.T, b []byte) {
		keys, err := parseJWKS(b)
		if err != nil {
			if !errors.Is(err, ErrInvalidToken) {
				t.Fatalf("error %v does not wrap ErrInvalidToken", err)
			}
			return
		}
		for kid, k := range keys {
			if k.N.BitLen() < 1024 || k.E < 3 {
				t.Fatalf("weak key %q accepted", kid)
			}
		}
	})
}

func FuzzParseWhoami(f *testing.F) {
	f.Add("USER admin TENANT _system ROLES server_admin:Server")
	f.Add(`USER a TENANT t ROLES read_only:Database { name: "a,b:c" },db_admin:Tenant`)
	f.Add("USER  TENANT  ROLES ")
	f.Fuzz(func(t *testing.T, s string) {
		id, err := parseWhoami(s)
		if err != nil {
			if !errors.Is(err, ErrProtocol) {
				t.Fatal(err)
			}
			return
		}
		for _, r := range id.Roles {
			if r == "" && len(id.Roles) > 1 {
				t.Fatalf("empty role in %q", s)
			}
		}
	})
}

func FuzzParseUserEntry(f *testing.F) {
	f.Add("admin@_system:server_admin")
	f.Add("a@b@c:")
	f.Add("x")
	f.Fuzz(func(t *testing.T, s string) {
		u, err := parseUserEntry(s)
		if err != nil {
			if !errors.Is(err, ErrProtocol) {
				t.Fatal(err)
			}
			return
		}
		rebuilt := u.Name + "@" + u.Tenant + ":"
		for i, r := range u.Roles {
			if i > 0 {
				rebuilt += ","
			}
			rebuilt += r
		}
		if rebuilt != s {
			t.Fatalf("%q rebuilt as %q", s, rebuilt)
		}
	})
}

func FuzzServerError(f *testing.F) {
	f.Add("key 550e8400-e29b-41d4-a716-446655440000 not found")
	f.Add("collection not found: c")
	f.Add("")
	f.Fuzz(func(t *testing.T, msg string) {
		err := newServerError(msg)
		if err.Error() != msg || !errors.Is(err, ErrServer) {
			t.Fatalf("%q", msg)
		}
	})
}

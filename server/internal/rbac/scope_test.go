package rbac

import (
	"encoding/json"
	"errors"
	"testing"
)

func TestCoverage(t *testing.T) {
	srv, ten, all := ServerScope(), TenantScope(), AllDatabasesScope()
	dbD, dbX := DatabaseScope("D"), DatabaseScope("X")
	acD, acX := AllCollectionsScope("D"), AllCollectionsScope("X")
	colDC, colDX, colXC := CollectionScope("D", "C"), CollectionScope("D", "X"), CollectionScope("X", "C")
	targets := []Scope{srv, ten, all, dbD, dbX, acD, acX, colDC, colDX, colXC}
	// covered lists, for each assignment scope, the targets of §6.2 it
	// reaches; all others must be refused.
	covered := []struct {
		s    Scope
		want []Scope
	}{
		{srv, targets},
		{ten, []Scope{ten, all, dbD, dbX, acD, acX, colDC, colDX, colXC}},
		{all, []Scope{all, dbD, dbX, acD, acX, colDC, colDX, colXC}},
		{dbD, []Scope{dbD, acD, colDC, colDX}},
		{acD, []Scope{acD, colDC, colDX}},
		{colDC, []Scope{colDC}},
	}
	for _, c := range covered {
		for _, tg := range targets {
			want := false
			for _, w := range c.want {
				want = want || w == tg
			}
			if got := c.s.Covers(tg); got != want {
				t.Errorf("%v covers %v = %v, want %v", c.s, tg, got, want)
			}
		}
	}
	if (Scope{}).Covers(srv) || srv.Covers(Scope{}) || (Scope{Kind: ScopeServer, Database: "x"}).Covers(srv) {
		t.Fatal("invalid scopes must neither cover nor be covered")
	}
}

func TestScopeJSON(t *testing.T) {
	cases := []struct {
		s    Scope
		json string
	}{
		{ServerScope(), `{"type":"server"}`},
		{TenantScope(), `{"type":"tenant"}`},
		{AllDatabasesScope(), `{"type":"all_databases"}`},
		{DatabaseScope("d"), `{"type":"database","name":"d"}`},
		{AllCollectionsScope("d"), `{"type":"all_collections","database":"d"}`},
		{CollectionScope("d", "c"), `{"type":"collection","database":"d","collection":"c"}`},
		{DatabaseScope(""), `{"type":"database","name":""}`},
	}
	for _, c := range cases {
		b, err := json.Marshal(c.s)
		if err != nil || string(b) != c.json {
			t.Fatalf("Marshal(%v) = %s, %v; want %s", c.s, b, err, c.json)
		}
		var back Scope
		if err := json.Unmarshal([]byte(c.json), &back); err != nil || back != c.s {
			t.Fatalf("Unmarshal(%s) = %v, %v", c.json, back, err)
		}
	}
	// Member order is free-form and unused members are ignored.
	var s Scope
	if err := json.Unmarshal([]byte(`{"collection":"c","x":1,"database":"d","type":"collection"}`), &s); err != nil || s != CollectionScope("d", "c") {
		t.Fatalf("reordered collection scope = %v, %v", s, err)
	}
	if err := json.Unmarshal([]byte(`{"type":"server","name":"x"}`), &s); err != nil || s != ServerScope() {
		t.Fatalf("server with extra member = %v, %v", s, err)
	}
	for _, bad := range []string{
		`{}`, `{"type":"Server"}`, `{"type":"database"}`, `{"type":"database","name":1}`,
		`{"type":"collection","database":"d"}`, `{"type":"all_collections","name":"d"}`,
		`[]`, `"server"`, `null`, `{"type":null}`,
	} {
		var s Scope
		if err := json.Unmarshal([]byte(bad), &s); !errors.Is(err, ErrInvalidScope) {
			t.Errorf("Unmarshal(%s) err = %v, want ErrInvalidScope", bad, err)
		}
	}
	if _, err := json.Marshal(Scope{}); err == nil {
		t.Fatal("marshalling the zero scope must fail")
	}
}

func TestAssignmentJSON(t *testing.T) {
	a := Assignment{RoleReadOnly, DatabaseScope("demo")}
	b, err := json.Marshal(a)
	if err != nil || string(b) != `{"role":"read_only","scope":{"type":"database","name":"demo"}}` {
		t.Fatalf("Marshal = %s, %v", b, err)
	}
	var back Assignment
	if err := json.Unmarshal(b, &back); err != nil || back != a {
		t.Fatalf("round trip = %v, %v", back, err)
	}
	for _, bad := range []string{
		`{"role":"boss","scope":{"type":"server"}}`, `{"scope":{"type":"server"}}`,
		`{"role":"read_only"}`, `{"role":"read_only","scope":{"type":"x"}}`, `{"role":7,"scope":{"type":"server"}}`,
	} {
		var a Assignment
		if err := json.Unmarshal([]byte(bad), &a); !errors.Is(err, ErrInvalidScope) {
			t.Errorf("Unmarshal(%s) err = %v, want ErrInvalidScope", bad, err)
		}
	}
	if _, err := json.Marshal(Assignment{Role: "x", Scope: ServerScope()}); err == nil {
		t.Fatal("marshalling an unknown role must fail")
	}
}

func FuzzScopeJSON(f *testing.F) {
	for _, s := range []string{
		`{"type":"server"}`, `{"type":"database","name":"d"}`,
		`{"type":"collection","database":"d","collection":"c"}`, `{"type":"all_collections","database":"\u0000"}`,
		`{`, `{"type":"tenant","name":null}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var s Scope
		if err := json.Unmarshal(data, &s); err != nil {
			return
		}
		if !s.Valid() {
			t.Fatalf("decoded invalid scope %+v from %q", s, data)
		}
		b, err := json.Marshal(s)
		if err != nil {
			t.Fatalf("re-marshal %+v: %v", s, err)
		}
		var back Scope
		if err := json.Unmarshal(b, &back); err != nil || back != s {
			t.Fatalf("round trip of %s = %+v, %v", b, back, err)
		}
		_ = s.String()
	})
}

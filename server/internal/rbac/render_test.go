package rbac

import "testing"

func TestScopeString(t *testing.T) {
	cases := []struct {
		s    Scope
		want string
	}{
		{ServerScope(), `Server`},
		{TenantScope(), `Tenant`},
		{AllDatabasesScope(), `AllDatabases`},
		{DatabaseScope("demo"), `Database { name: "demo" }`},
		{AllCollectionsScope("demo"), `AllCollections { database: "demo" }`},
		{CollectionScope("demo", "docs"), `Collection { database: "demo", collection: "docs" }`},
		{CollectionScope("", "docs"), `Collection { database: "", collection: "docs" }`},
		{Scope{}, `Scope(?)`},
	}
	for _, c := range cases {
		if got := c.s.String(); got != c.want {
			t.Errorf("%+v renders %q, want %q", c.s, got, c.want)
		}
	}
}

func TestQuoteName(t *testing.T) {
	cases := []struct{ in, want string }{
		{"", `""`},
		{"plain", `"plain"`},
		{`a"b`, `"a\"b"`},
		{`a\b`, `"a\\b"`},
		{"t\tr\rn\nz\x00", `"t\tr\rn\nz\0"`},
		{"\x01\x1b\x7f\u0085\u009f", `"\u{1}\u{1b}\u{7f}\u{85}\u{9f}"`},
		{"é ü 日本 \u2028 /<>&", "\"é ü 日本 \u2028 /<>&\""},
		{"bad\xffbyte", "\"bad\xffbyte\""},
		{"'single'", `"'single'"`},
	}
	for _, c := range cases {
		if got := QuoteName(c.in); got != c.want {
			t.Errorf("QuoteName(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestRenderAssignmentsAndWhoami(t *testing.T) {
	p := Principal{Subject: "admin", Tenant: "_system", Assignments: []Assignment{
		{RoleServerAdmin, ServerScope()},
		{RoleReadOnly, DatabaseScope("demo")},
	}}
	if got, want := RenderAssignments(p.Assignments), `server_admin:Server,read_only:Database { name: "demo" }`; got != want {
		t.Fatalf("RenderAssignments = %q, want %q", got, want)
	}
	if got, want := WhoamiText(p), `USER admin TENANT _system ROLES server_admin:Server,read_only:Database { name: "demo" }`; got != want {
		t.Fatalf("WhoamiText = %q, want %q", got, want)
	}
	if got, want := WhoamiText(Principal{Subject: "bob", Tenant: "acme"}), "USER bob TENANT acme ROLES "; got != want {
		t.Fatalf("WhoamiText without roles = %q, want %q", got, want)
	}
	if RenderAssignments(nil) != "" {
		t.Fatal("no assignments must render empty")
	}
}

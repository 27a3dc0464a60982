package client

import (
	"errors"
	"testing"
)

func TestErrorTable(t *testing.T) {
	tests := []struct {
		msg  string
		want []error
		not  []error
	}{
		{"not authenticated", []error{ErrNotAuthenticated}, []error{ErrAccessDenied}},
		{`access denied: Write on Collection { database: "d", collection: "c" } denied for user 'al'`, []error{ErrAccessDenied}, nil},
		{"invalid credentials", []error{ErrInvalidCredentials}, nil},
		{"token expired", []error{ErrTokenExpired}, []error{ErrInvalidToken}},
		{"invalid token: expected access token", []error{ErrInvalidToken}, nil},
		{"rate limited (login: retry after 4s)", []error{ErrRateLimited}, nil},
		{"rate limited (too many connections from your IP)", []error{ErrRateLimited}, nil},
		{"invalid name: name cannot be empty", []error{ErrInvalidName}, nil},
		{"invalid JSON: unexpected end", []error{ErrInvalidJSON}, nil},
		{"invalid vector_clock JSON: x", []error{ErrInvalidJSON}, nil},
		{"invalid UUID 'x': bad length", []error{ErrInvalidUUID}, nil},
		{"invalid value: NaN and infinities cannot be stored", []error{ErrInvalidValue}, nil},
		{"document too large: 17000000 bytes (max 16777216)", []error{ErrDocumentTooLarge}, nil},
		{"resolved document too large: 17000000 bytes (max 16777216)", []error{ErrDocumentTooLarge}, nil},
		{"no database selected (use USE <db>)", []error{ErrNoDatabase}, nil},
		{"collection not found: c", []error{ErrNotFound, ErrCollectionNotFound}, []error{ErrDatabaseNotFound}},
		{"database not found: d", []error{ErrNotFound, ErrDatabaseNotFound}, []error{ErrCollectionNotFound}},
		{"tenant not found: t", []error{ErrNotFound, ErrTenantNotFound}, nil},
		{"index not found: i", []error{ErrNotFound, ErrIndexNotFound}, nil},
		{"user not found: acme/bob", []error{ErrNotFound, ErrUserNotFound}, nil},
		{"key 550e8400-e29b-41d4-a716-446655440000 not found", []error{ErrNotFound, ErrKeyNotFound}, []error{ErrKeyExists}},
		{"key 550e8400-e29b-41d4-a716-446655440000 already exists", []error{ErrAlreadyExists, ErrKeyExists}, []error{ErrNotFound}},
		{"collection already exists: c", []error{ErrAlreadyExists}, []error{ErrKeyExists}},
		{"database already exists: d", []error{ErrAlreadyExists}, nil},
		{"tenant already exists: t", []error{ErrAlreadyExists}, nil},
		{"index already exists: i", []error{ErrAlreadyExists}, nil},
		{"user already exists: acme/bob", []error{ErrAlreadyExists}, nil},
		{"value type cannot be indexed", []error{ErrNotIndexable}, nil},
		{"unknown role: boss", []error{ErrUnknownRole}, nil},
		{"invalid filter: unknown operator $regex", []error{ErrInvalidFilter}, nil},
		{"invalid find options: unknown option \"x\"", []error{ErrInvalidOptions}, nil},
		{"cyclic reference detected: c/550e8400-e29b-41d4-a716-446655440000", []error{ErrCyclicReference}, nil},
		{"line too long", []error{ErrBadRequest, ErrRequestTooLarge}, nil},
		{"unknown command: FOO", []error{ErrBadRequest}, nil},
		{"missing argument: GET requires <uuid>", []error{ErrBadRequest}, nil},
		{"empty command", []error{ErrBadRequest}, nil},
		{"v5 only supports R=1, W=1", []error{ErrConcern}, nil},
		{"consistency concerns are only supported for data commands", []error{ErrConcern}, nil},
		{"forward to n2@10.0.0.2:6380; not the owner", []error{ErrForward}, nil},
		{"internal error: boom", []error{ErrInternal}, nil},
		{"I/O error: disk full", []error{ErrInternal}, nil},
		{"database is locked by another process (pid 12)", []error{ErrLocked}, nil},
		{"INSERTMANY needs a non-empty array of [\"<uuid>\", <document>] pairs", []error{ErrInvalidArgument}, nil},
		{"depth must be an integer from 0 to 256", []error{ErrInvalidArgument}, nil},
		{"something new", nil, []error{ErrNotFound, ErrInternal}},
	}
	for _, tt := range tests {
		err := error(newServerError(tt.msg))
		if err.Error() != tt.msg || !errors.Is(err, ErrServer) {
			t.Errorf("%q: text %q, ErrServer %v", tt.msg, err.Error(), errors.Is(err, ErrServer))
		}
		for _, w := range tt.want {
			if !errors.Is(err, w) {
				t.Errorf("%q: does not match %v", tt.msg, w)
			}
		}
		for _, n := range tt.not {
			if errors.Is(err, n) {
				t.Errorf("%q: matches %v", tt.msg, n)
			}
		}
		var e *Error
		if !errors.As(err, &e) || e.Message != tt.msg {
			t.Errorf("%q: errors.As failed", tt.msg)
		}
	}
}

// TestErrorsFromServer provokes auth errors from the real server.
func TestErrorsFromServer(t *testing.T) {
	s := startServer(t, serverConfig{})
	admin := adminClient(t, s, nil)
	c := ctx(t)
	db := admin.Database("shop")
	if err := db.CreateCollection(c, "items"); err != nil {
		t.Fatal(err)
	}
	if err := admin.CreateUser(c, "alice", "alice-pw"); err != nil {
		t.Fatal(err)
	}
	if err := admin.CreateUser(c, "alice", "x"); !errors.Is(err, ErrAlreadyExists) {
		t.Fatalf("dup user: %v", err)
	}
	if err := admin.Grant(c, "read_only", "shop", "alice"); err != nil {
		t.Fatal(err)
	}
	if err := admin.Grant(c, "boss", "shop", "alice"); !errors.Is(err, ErrUnknownRole) {
		t.Fatalf("unknown role: %v", err)
	}
	if err := admin.Grant(c, "read_only", "shop", "nobody"); !errors.Is(err, ErrUserNotFound) {
		t.Fatalf("missing grantee: %v", err)
	}
	users, err := admin.ListUsers(c, "")
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, u := range users {
		if u.Name == "alice" && u.Tenant == "_system" && len(u.Roles) == 1 && u.Roles[0] == "read_only" {
			found = true
		}
	}
	if !found {
		t.Fatalf("users %+v", users)
	}
	alice := connect(t, s, nil)
	if err := alice.Login(c, "_system", "alice", "alice-pw"); err != nil {
		t.Fatal(err)
	}
	adb := alice.Database("shop")
	if n, err := adb.Count(c, "items"); err != nil || n != 0 {
		t.Fatalf("alice count %d %v", n, err)
	}
	if err := adb.Insert(c, "items", keyN(1), 1); !errors.Is(err, ErrAccessDenied) {
		t.Fatalf("alice insert: %v", err)
	}
	if err := alice.CreateTenant(c, "acme"); !errors.Is(err, ErrAccessDenied) {
		t.Fatalf("alice create tenant: %v", err)
	}
	if _, err := alice.Database("other").Count(c, "x"); !errors.Is(err, ErrDatabaseNotFound) {
		t.Fatalf("alice USE missing db: %v", err)
	}
	// Collection-level grant through a database handle.
	if err := db.GrantCollection(c, "read_write", "items", "alice"); err != nil {
		t.Fatal(err)
	}
	if err := alice.Refresh(c); err != nil { // new roles come with a refresh
		t.Fatal(err)
	}
	if err := adb.Insert(c, "items", keyN(1), 1); err != nil {
		t.Fatalf("alice insert after grant: %v", err)
	}
	if err := db.RevokeCollection(c, "read_write", "items", "alice"); err != nil {
		t.Fatal(err)
	}
	if err := admin.Revoke(c, "read_only", "shop", "alice"); err != nil {
		t.Fatal(err)
	}
	// Tenants.
	if err := admin.CreateTenant(c, "acme"); err != nil {
		t.Fatal(err)
	}
	if err := admin.CreateTenant(c, "acme"); !errors.Is(err, ErrAlreadyExists) {
		t.Fatalf("dup tenant: %v", err)
	}
	ts, err := admin.ListTenants(c)
	if err != nil || len(ts) < 2 {
		t.Fatalf("tenants %v %v", ts, err)
	}
	if err := admin.DropTenant(c, "acme"); err != nil {
		t.Fatal(err)
	}
	if err := admin.DropTenant(c, "acme"); !errors.Is(err, ErrTenantNotFound) {
		t.Fatalf("drop missing tenant: %v", err)
	}
	if err := admin.DropTenant(c, "_system"); !errors.Is(err, ErrInvalidName) {
		t.Fatalf("drop _system: %v", err)
	}
	// Dropping alice ends her sessions and her tokens.
	if err := admin.DropUser(c, "alice"); err != nil {
		t.Fatal(err)
	}
	if _, err := adb.Count(c, "items"); !errors.Is(err, ErrNotAuthenticated) {
		t.Fatalf("after drop user: %v", err)
	}
	if err := alice.Refresh(c); !errors.Is(err, ErrInvalidCredentials) {
		t.Fatalf("refresh after drop user: %v", err)
	}
	if err := admin.DropUser(c, "alice"); !errors.Is(err, ErrUserNotFound) {
		t.Fatalf("drop missing user: %v", err)
	}
}

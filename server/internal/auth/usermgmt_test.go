package auth

import (
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/grumpydb/grumpydb/server/internal/rbac"
)

func TestCreateUser(t *testing.T) {
	s, clock, dir := openTest(t, "hs256")
	alice := ParseUserSpec("alice@acme", "")
	if err := s.CreateUser(t.Context(), alice, "pw"); err != nil {
		t.Fatal(err)
	}
	u, ok := s.User("acme", "alice")
	if !ok || u.CreatedAt != clock.Now().Unix() || len(u.Roles) != 0 || !strings.HasPrefix(u.PasswordHash, "$argon2id$v=19$") {
		t.Fatalf("record %+v", u)
	}
	path := authPath(dir, "users", "acme__alice.json")
	if mode(t, path) != 0o600 {
		t.Fatal("record mode")
	}
	data, _ := os.ReadFile(path)
	if !strings.Contains(string(data), "\"roles\": []") || !strings.Contains(string(data), "\n  \"username\": \"alice\"") {
		t.Fatalf("record file %s", data)
	}
	if err := s.CreateUser(t.Context(), alice, "other"); !errors.Is(err, ErrUserExists) || err.Error() != "user already exists: acme/alice" {
		t.Fatalf("duplicate: %v", err)
	}
	// File-name collisions are refused as "already exists".
	s.CreateUser(t.Context(), ParseUserSpec("b__c@a", ""), "pw")
	if err := s.CreateUser(t.Context(), ParseUserSpec("c@a__b", ""), "pw"); err == nil || err.Error() != "user already exists: a__b/c" {
		t.Fatalf("collision: %v", err)
	}
	if err := s.CreateUser(t.Context(), ParseUserSpec("x/y@t", ""), "pw"); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateUser(t.Context(), ParseUserSpec(`x\y@t`, ""), "pw"); !errors.Is(err, ErrUserExists) {
		t.Fatalf("slash collision: %v", err)
	}
	if _, err := os.Stat(authPath(dir, "users", "t__x__y.json")); err != nil {
		t.Fatalf("escaped file: %v", err)
	}
	// The same name in another tenant is another user.
	if err := s.CreateUser(t.Context(), ParseUserSpec("alice@other", ""), "pw"); err != nil {
		t.Fatal(err)
	}
}

func TestDropUser(t *testing.T) {
	s, _, dir := openTest(t, "hs256")
	bob := ParseUserSpec("bob@acme", "")
	s.CreateUser(t.Context(), bob, "pw")
	s.Grant(bob, readDemo)
	if _, err := s.DropUser(ParseUserSpec("nobody@acme", ""), nil); !errors.Is(err, ErrUserNotFound) || err.Error() != "user not found: acme/nobody" {
		t.Fatalf("missing: %v", err)
	}
	// The allow callback sees the record and can veto.
	veto := errors.New("vetoed")
	var seen User
	if _, err := s.DropUser(bob, func(u User) error { seen = u; return veto }); err != veto {
		t.Fatalf("veto: %v", err)
	}
	if !reflect.DeepEqual(seen.Roles, []rbac.Assignment{readDemo}) {
		t.Fatalf("callback saw %+v", seen)
	}
	if _, ok := s.User("acme", "bob"); !ok {
		t.Fatal("vetoed drop removed the user")
	}
	// The no-escalation check fits the callback.
	boss := &rbac.Principal{Subject: "boss", Tenant: "acme", Assignments: []rbac.Assignment{{Role: rbac.RoleReadOnly, Scope: rbac.TenantScope()}}}
	s.Grant(bob, rbac.Assignment{Role: rbac.RoleDBAdmin, Scope: rbac.DatabaseScope("x")})
	_, err := s.DropUser(bob, func(u User) error { return boss.CanDropUser(u.Tenant, u.Username, u.Roles) })
	if err == nil || err.Error() != "access denied: cannot drop user acme/bob: exceeds privileges of user 'boss'" {
		t.Fatalf("escalation: %v", err)
	}
	dropped, err := s.DropUser(bob, nil)
	if err != nil || dropped.Username != "bob" {
		t.Fatalf("drop: %+v %v", dropped, err)
	}
	if _, err := os.Stat(authPath(dir, "users", "acme__bob.json")); !os.IsNotExist(err) {
		t.Fatal("record file kept")
	}
	if _, ok := s.User("acme", "bob"); ok {
		t.Fatal("user kept")
	}
	// The file name is free again.
	if err := s.CreateUser(t.Context(), bob, "pw"); err != nil {
		t.Fatal(err)
	}
}

func TestGrantRevoke(t *testing.T) {
	s, _, dir := openTest(t, "hs256")
	alice := ParseUserSpec("alice", "acme")
	s.CreateUser(t.Context(), alice, "pw")
	rw := rbac.Assignment{Role: rbac.RoleReadWrite, Scope: rbac.CollectionScope("d", "c")}
	for _, a := range []rbac.Assignment{readDemo, rw, readDemo} {
		if err := s.Grant(alice, a); err != nil {
			t.Fatal(err)
		}
	}
	u, _ := s.User("acme", "alice")
	if !reflect.DeepEqual(u.Roles, []rbac.Assignment{readDemo, rw, readDemo}) {
		t.Fatalf("identical assignments must accumulate: %v", u.Roles)
	}
	if got := s.ListUsers("acme"); !reflect.DeepEqual(got, []string{"alice@acme:read_only,read_write,read_only"}) {
		t.Fatalf("LIST USERS %v", got)
	}
	// REVOKE removes every equal assignment.
	if err := s.Revoke(alice, readDemo); err != nil {
		t.Fatal(err)
	}
	// A REVOKE that matches nothing succeeds.
	if err := s.Revoke(alice, rbac.Assignment{Role: rbac.RoleReadOnly, Scope: rbac.DatabaseScope("zzz")}); err != nil {
		t.Fatal(err)
	}
	u, _ = s.User("acme", "alice")
	if !reflect.DeepEqual(u.Roles, []rbac.Assignment{rw}) {
		t.Fatalf("after revoke %v", u.Roles)
	}
	// Persisted at once.
	data, _ := os.ReadFile(authPath(dir, "users", "acme__alice.json"))
	back, err := decodeUser(data)
	if err != nil || !reflect.DeepEqual(back.Roles, []rbac.Assignment{rw}) {
		t.Fatalf("on disk %+v %v", back, err)
	}
	// Missing grantee: the spec as typed.
	for _, spec := range []UserSpec{ParseUserSpec("ghost", "acme"), ParseUserSpec("ghost@else", "acme")} {
		for _, op := range []func(UserSpec, rbac.Assignment) error{s.Grant, s.Revoke} {
			err := op(spec, readDemo)
			if !errors.Is(err, ErrUserNotFound) || err.Error() != "user not found: "+spec.Text {
				t.Fatalf("missing grantee %q: %v", spec.Text, err)
			}
		}
	}
	if err := s.Grant(UserSpec{Tenant: "t", User: "u"}, readDemo); err == nil || err.Error() != "user not found: t/u" {
		t.Fatalf("no Text: %v", err)
	}
	// The returned record is a copy.
	u.Roles[0] = readDemo
	if u2, _ := s.User("acme", "alice"); u2.Roles[0] != rw {
		t.Fatal("User exposes internal roles")
	}
}

func TestListUsers(t *testing.T) {
	s, _, _ := openTest(t, "hs256")
	for _, spec := range []string{"zed@acme", "Bob@acme", "alice@acme", "_x@acme", "carol@other"} {
		if err := s.CreateUser(t.Context(), ParseUserSpec(spec, ""), "pw"); err != nil {
			t.Fatal(err)
		}
	}
	s.Grant(ParseUserSpec("alice@acme", ""), rbac.Assignment{Role: rbac.RoleTenantAdmin, Scope: rbac.TenantScope()})
	s.Grant(ParseUserSpec("alice@acme", ""), readDemo)
	want := []string{"Bob@acme:", "_x@acme:", "alice@acme:tenant_admin,read_only", "zed@acme:"}
	if got := s.ListUsers("acme"); !reflect.DeepEqual(got, want) {
		t.Fatalf("LIST USERS acme = %v, want %v", got, want)
	}
	if got := s.ListUsers("nobody"); len(got) != 0 {
		t.Fatalf("empty tenant %v", got)
	}
}

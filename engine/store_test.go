package engine

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestStoreTenantsAndDatabases(t *testing.T) {
	s, err := OpenStore(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.CreateTenant("acme"); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		err  error
		want string
	}{
		{"dup tenant", s.CreateTenant("acme"), "tenant already exists: acme"},
		{"reserved tenant", s.CreateTenant("_auth"), "invalid name: names starting with '_' are reserved"},
		{"drop missing tenant", s.DropTenant("nope"), "tenant not found: nope"},
		{"drop missing db", s.DropDatabase("acme", "nope"), "database not found: nope"},
		{"drop traversal", s.DropDatabase("acme", "../x"), "database not found: ../x"},
	}
	for _, c := range cases {
		if c.err == nil || c.err.Error() != c.want {
			t.Errorf("%s: %v, want %q", c.name, c.err, c.want)
		}
	}
	if err := s.CreateTenant("_system"); err != nil {
		t.Fatalf("_system is allowed: %v", err)
	}
	db, err := s.CreateDatabase("acme", "shop")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateDatabase("acme", "shop"); err == nil || err.Error() != "database already exists: shop" {
		t.Fatalf("dup database: %v", err)
	}
	if _, err := s.CreateDatabase("ghost", "shop"); err == nil || err.Error() != "tenant not found: ghost" {
		t.Fatalf("database in missing tenant: %v", err)
	}
	db2, err := s.Database("acme", "shop")
	if err != nil || db2 != db {
		t.Fatalf("second Database() is not the same handle: %v", err)
	}
	if _, err := s.Database("acme", "Bad"); err == nil || err.Error() != "database not found: Bad" {
		t.Fatalf("invalid name lookup: %v", err)
	}
	db.CreateCollection("orders")
	dbs, _ := s.Databases("acme")
	tenants, _ := s.Tenants()
	if fmt.Sprint(dbs) != "[shop]" || fmt.Sprint(tenants) != "[_system acme]" {
		t.Fatalf("lists: %v %v", dbs, tenants)
	}
	if err := s.DropDatabase("acme", "shop"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Count("orders"); !errors.Is(err, ErrClosed) {
		t.Fatalf("dropped database still usable: %v", err)
	}
	if err := s.DropTenant("acme"); err != nil {
		t.Fatal(err)
	}
	if s.TenantExists("acme") {
		t.Fatal("tenant still exists")
	}
}

// TestLockedByAnotherOpener: a second opener, in this process or in
// another, gets the lock error with the holder's pid.
func TestLockedByAnotherOpener(t *testing.T) {
	if dir := os.Getenv("GRUMPY_LOCK_CHILD"); dir != "" {
		_, err := Open(dir, nil)
		fmt.Println("child:", err)
		return
	}
	dir := filepath.Join(t.TempDir(), "db")
	db, err := Open(dir, &Options{CreateIfMissing: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	want := fmt.Sprintf("database is locked by another process (pid %d)", os.Getpid())
	if _, err := Open(dir, nil); err == nil || err.Error() != want || !errors.Is(err, ErrLocked) {
		t.Fatalf("second open in process: %v", err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestLockedByAnotherOpener$", "-test.count=1")
	cmd.Env = append(os.Environ(), "GRUMPY_LOCK_CHILD="+dir)
	out, _ := cmd.CombinedOutput()
	if !strings.Contains(string(out), "child: "+want) {
		t.Fatalf("other process: %s", out)
	}
	db.Close()
	db3, err := Open(dir, nil)
	if err != nil {
		t.Fatalf("open after close: %v", err)
	}
	db3.Close()
}

func TestForeignFileRefused(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "db")
	db, err := Open(dir, &Options{CreateIfMissing: true})
	if err != nil {
		t.Fatal(err)
	}
	db.CreateCollection("c")
	db.Close()
	// Another format's file where a data file should be.
	if err := os.WriteFile(filepath.Join(dir, "c", "data.db"), []byte(strings.Repeat("SQLite format 3\x00", 1024)), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Open(dir, nil)
	if !errors.Is(err, ErrUnsupportedFormat) {
		t.Fatalf("open with a foreign file: %v", err)
	}
}

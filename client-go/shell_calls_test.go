package client

import (
	"errors"
	"testing"

	"github.com/grumpydb/grumpydb/engine"
)

// TestDatabaseUse: Use selects (and creates) the database at once and
// reports the server's refusal.
func TestDatabaseUse(t *testing.T) {
	c, db := testDB(t)
	if err := db.Use(ctx(t)); err != nil {
		t.Fatal(err)
	}
	names, err := c.ListDatabases(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, n := range names {
		found = found || n == db.Name()
	}
	if !found {
		t.Fatalf("Use did not create %s: %v", db.Name(), names)
	}
	// the next call runs on the same connection without another USE
	if _, err := db.ListCollections(ctx(t)); err != nil {
		t.Fatal(err)
	}
	err = c.Database("Bad").Use(ctx(t))
	if !errors.Is(err, ErrInvalidName) || err.Error() != "invalid name: invalid character 'B': only [a-z0-9_] allowed" {
		t.Fatalf("bad name: %v", err)
	}
}

// TestFindValue: the options object goes out as written (sort order,
// explain) and the server's errors come back as they are.
func TestFindValue(t *testing.T) {
	_, db := testDB(t)
	if err := db.CreateCollection(ctx(t), "c"); err != nil {
		t.Fatal(err)
	}
	for i, d := range []string{`{"a":1,"b":2}`, `{"a":1,"b":1}`, `{"a":0,"b":3}`} {
		if err := db.Insert(ctx(t), "c", keyN(i+1), mustParse(t, d)); err != nil {
			t.Fatal(err)
		}
	}
	docs, plan, err := db.FindValue(ctx(t), "c", nil, mustParse(t, `{"sort":{"a":-1,"b":1}}`))
	if err != nil || plan.Kind() != engine.KindNull || len(docs) != 3 {
		t.Fatalf("%v %v %v", docs, plan, err)
	}
	if docs[0].Key != keyN(2) || docs[1].Key != keyN(1) || docs[2].Key != keyN(3) {
		t.Fatalf("order: %v", docs)
	}
	docs, plan, err = db.FindValue(ctx(t), "c", mustParse(t, `{"a":1}`), mustParse(t, `{"explain":true}`))
	if err != nil || docs != nil || plan.Kind() != engine.KindObject {
		t.Fatalf("explain: %v %v %v", docs, plan, err)
	}
	if p, ok := plan.Get("plan"); !ok || p.Str() != "scan" {
		t.Fatalf("plan: %v", plan)
	}
	_, _, err = db.FindValue(ctx(t), "c", nil, mustParse(t, `{"bogus":1}`))
	if !errors.Is(err, ErrInvalidOptions) || err.Error() != `invalid find options: unknown option "bogus"` {
		t.Fatalf("bad option: %v", err)
	}
	docs, _, err = db.FindValue(ctx(t), "c", mustParse(t, `{"b":3}`), nil)
	if err != nil || len(docs) != 1 || docs[0].Key != keyN(3) {
		t.Fatalf("no options: %v %v", docs, err)
	}
}

// TestQuit: after Quit the client is closed.
func TestQuit(t *testing.T) {
	c, db := testDB(t)
	if err := db.Use(ctx(t)); err != nil {
		t.Fatal(err)
	}
	if err := c.Quit(ctx(t)); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ListCollections(ctx(t)); !errors.Is(err, ErrClosed) {
		t.Fatalf("after Quit: %v", err)
	}
}

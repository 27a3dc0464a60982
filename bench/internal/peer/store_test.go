package peer

import (
	"errors"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// TestStoresAgainstModel runs every engine's Store through the same
// operations and compares each answer with the generated documents (the
// model).
func TestStoresAgainstModel(t *testing.T) {
	docs, err := Generate(PeerMedium, 600)
	if err != nil {
		t.Fatal(err)
	}
	if err := WithValues(docs); err != nil {
		t.Fatal(err)
	}
	r := &Runner{byEmail: map[string]int{}}
	for i, d := range docs {
		r.byEmail[d.Email] = i
	}
	for _, e := range Engines() {
		t.Run(e.Name, func(t *testing.T) {
			dir := t.TempDir()
			st, err := e.Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			if err := st.CreateIndexes(); err != nil {
				t.Fatal(err)
			}
			for i := range 50 {
				if err := st.Insert(&docs[i]); err != nil {
					t.Fatal(err)
				}
			}
			if err := load(st, docs[50:], 200); err != nil {
				t.Fatal(err)
			}
			if err := st.Close(); err != nil {
				t.Fatal(err)
			}
			// Reopen: everything must have been durable and the
			// indexes remembered.
			if st, err = e.Open(dir); err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			if err := checkCount(st, len(docs)); err != nil {
				t.Fatal(err)
			}
			all := make([]int, len(docs))
			for i := range all {
				all[i] = i
			}
			if err := checkDocs(st, docs, all); err != nil {
				t.Fatal(err)
			}
			for _, i := range []int{0, 7, 599} {
				if n, err := st.Get(docs[i].Key); err != nil || n <= 0 {
					t.Fatalf("Get %d = %d, %v", i, n, err)
				}
				if n, err := st.QueryEmail(docs[i].Email); err != nil || n != 1 {
					t.Fatalf("QueryEmail %d = %d, %v", i, n, err)
				}
				if err := r.checkEmail(st, docs, i); err != nil {
					t.Fatal(err)
				}
			}
			if n, err := st.QueryEmail("nobody@example.com"); err != nil || n != 0 {
				t.Fatalf("QueryEmail of a missing email = %d, %v", n, err)
			}
			if err := r.checkAgeRange(st, docs); err != nil {
				t.Fatal(err)
			}
			for _, q := range [][2]int{{0, 1}, {10, 20}, {0, 100}, {99, 100}, {50, 50}} {
				want := 0
				for _, d := range docs {
					if d.Age >= q[0] && d.Age < q[1] {
						want++
					}
				}
				if n, err := st.QueryAge(q[0], q[1]); err != nil || n != want {
					t.Fatalf("QueryAge(%d, %d) = %d, %v; want %d", q[0], q[1], n, err, want)
				}
			}
			for _, scan := range []func() (int, error){st.ScanDecoded, st.ScanRaw} {
				if n, err := scan(); err != nil || n != len(docs) {
					t.Fatalf("scan = %d, %v", n, err)
				}
			}
		})
	}
}

// TestCreateIndexesOnFullStore: the peers only index from the start.
func TestCreateIndexesOnFullStore(t *testing.T) {
	docs, err := Generate(PeerMedium, 3)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range Engines()[1:] {
		st, err := e.Open(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		if err := st.Insert(&docs[0]); err != nil {
			t.Fatal(err)
		}
		if err := st.CreateIndexes(); !errors.Is(err, ErrNotEmpty) {
			t.Errorf("%s: CreateIndexes on a full store: %v", e.Name, err)
		}
		if _, err := st.EmailDocs("x"); err == nil && e.Name != "SQLite" {
			t.Errorf("%s: query without an index succeeded", e.Name)
		}
		st.Close()
	}
}

// TestSQLiteSettingsAndPlans checks WAL/FULL and that the index queries use
// the expression indexes.
func TestSQLiteSettingsAndPlans(t *testing.T) {
	st, err := openSQLite(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.CreateIndexes(); err != nil {
		t.Fatal(err)
	}
	plans, err := st.(*sqliteStore).queryPlans()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(plans, "docs_email") || !strings.Contains(plans, "docs_age") {
		t.Fatalf("index queries do not use the expression indexes:\n%s", plans)
	}
	if dsn := sqliteDSN("/d"); !strings.Contains(dsn, "journal_mode%28WAL%29") || !strings.Contains(dsn, "synchronous%28FULL%29") {
		t.Fatalf("DSN %s", dsn)
	}
}

func TestEngineNamesAndLists(t *testing.T) {
	if e, err := EngineByName("sqlite"); err != nil || e.Name != "SQLite" {
		t.Fatalf("EngineByName(sqlite) = %v, %v", e.Name, err)
	}
	if _, err := EngineByName("mongo"); !errors.Is(err, ErrUnknown) {
		t.Fatalf("unknown engine: %v", err)
	}
	if ids, err := ParseOnly("c4, C1"); err != nil || strings.Join(ids, ",") != "C4,C1" {
		t.Fatalf("ParseOnly = %v, %v", ids, err)
	}
	if ids, err := ParseOnly("Q1,q2,Q3"); err != nil || strings.Join(ids, ",") != "Q1,Q2,Q3" {
		t.Fatalf("ParseOnly(Q1,q2,Q3) = %v, %v", ids, err)
	}
	if _, err := ParseOnly("Q4"); !errors.Is(err, ErrUnknown) {
		t.Fatal("ParseOnly accepted Q4")
	}
	if _, err := ParseOnly("C9"); !errors.Is(err, ErrUnknown) {
		t.Fatal("ParseOnly accepted C9")
	}
	if ids, err := ParseOnly(""); err != nil || len(ids) != 0 {
		t.Fatal("ParseOnly of nothing")
	}
	if names, err := ParseEngines("pebble,GRUMPYDB"); err != nil || strings.Join(names, ",") != "Pebble,GrumpyDB" {
		t.Fatalf("ParseEngines = %v, %v", names, err)
	}
	if key := storeKey(true, Engines()[0]); filepath.Base(key) != "GrumpyDB" {
		t.Fatal(key)
	}
}

func TestVerdicts(t *testing.T) {
	tg := target{"SQLite", 2}
	for ratio, want := range map[float64]string{2.5: "met", 2: "met", 1.95: "at target within noise", 1.89: "**MISSED**"} {
		if got := verdict(ratio, tg); got != want {
			t.Errorf("verdict(%v) = %q, want %q", ratio, got, want)
		}
	}
	if targetsFor("C1", "peer-medium · p99", "ms") != nil || targetsFor("C5", "raw (no decode)", "docs/s") != nil {
		t.Error("targets on rows without one")
	}
	if ts := targetsFor("C3i", "peer-medium", "docs/s"); len(ts) != 2 {
		t.Errorf("C3i targets = %v", ts)
	}
	got := map[string]bool{}
	for _, id := range WorkloadIDs() {
		has := len(targetsFor(id, "decoded", "docs/s")) > 0
		if isFindWorkload(id) {
			// The indexed finds must beat SQLite 2×; the scan has no target.
			if want := id != "Q3"; has != want {
				t.Errorf("%s has a target: %v, want %v", id, has, want)
			}
			continue
		}
		got[id] = has
	}
	ids := make([]string, 0)
	for id, ok := range got {
		if !ok {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	if len(ids) != 0 {
		t.Errorf("workloads without targets: %v", ids)
	}
}

package peer

import (
	"errors"
	"os"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

type logWriter struct{ t *testing.T }

func (w logWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

// TestSmokeReduced runs every workload on every engine in reduced mode: all
// verification passes and every row has a figure for every engine.
func TestSmokeReduced(t *testing.T) {
	r, err := NewRunner(Config{Dir: t.TempDir(), Reduced: true, Log: logWriter{t}})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Run(); err != nil {
		t.Fatalf("run failed: %v", err)
	}
	r.RecordMemory("GrumpyDB", 64<<20, "test")
	ids := map[string]bool{}
	for _, f := range r.figs {
		ids[f.id] = true
		if f.id == "MEM" {
			continue
		}
		for _, e := range r.engines {
			v, ok := f.summary(e.Name)
			if isFindWorkload(f.id) && !e.Finds {
				if ok {
					t.Errorf("%s %s: %s, which has no query language, has a figure", f.id, f.variant, e.Name)
				}
				continue
			}
			if !ok || v <= 0 {
				t.Errorf("%s %s: %s has no figure (%v)", f.id, f.variant, e.Name, v)
			}
		}
		if f.pct == 0 && len(f.values["GrumpyDB"]) != ReducedSizes().Reps {
			t.Errorf("%s %s: %d repetitions", f.id, f.variant, len(f.values["GrumpyDB"]))
		}
	}
	for _, id := range WorkloadIDs() {
		if !ids[id] {
			t.Errorf("no row for %s", id)
		}
	}
	var b strings.Builder
	if err := r.WriteMarkdown(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{"| ID | variant | unit | GrumpyDB | bbolt | SQLite | Pebble | ÷bbolt | ÷SQLite | ÷Pebble | target | notes |",
		"| C4 | 2 goroutines (reduced) |", "| MEM |", "(reduced)",
		"| Q1 | email, one hit, indexed (reduced) | queries/s |",
		"| Q2 | age range, sort age, limit 10, indexed (reduced) | queries/s |",
		"GrumpyDB plan of the first", "index age_idx, examined 10, returned 10", "SEARCH docs USING INDEX docs_age",
		"| Q3 | email, one hit, no index (scan) (reduced) |", "scan, examined 3,000, returned 1",
		"| Q3 | age range, sort age, limit 10, no index (scan) (reduced) |"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
	if n := strings.Count(out, "\n"); n != len(r.figs)+2 {
		t.Errorf("table has %d lines for %d figures", n, len(r.figs))
	}
	_ = r.Shortfalls()
}

// TestOnlyBuildsMissingStores runs C6 alone on two engines: the C3i stores
// are built untimed, and a tampered store fails verification.
func TestOnlyBuildsMissingStores(t *testing.T) {
	r, err := NewRunner(Config{Dir: t.TempDir(), Reduced: true, Reps: 1, Only: []string{"C6"}, Engines: []string{"GrumpyDB", "bbolt"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Run(); err != nil {
		t.Fatal(err)
	}
	if len(r.figs) != 1 || len(r.figs[0].values) != 2 {
		t.Fatalf("figures = %+v", r.figs)
	}
	// Tamper with the kept bbolt store: delete a document the index
	// still names. C6 must fail verification rather than report.
	e, _ := EngineByName("bbolt")
	dir := r.stores[storeKey(true, e)]
	if _, err := os.Stat(dir); err != nil {
		t.Fatal(err)
	}
	st, err := e.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	bs := st.(*boltStore)
	docs := r.docs[PeerMedium]
	if err := bs.db.Update(func(tx *bolt.Tx) error { return tx.Bucket([]byte(boltDocs)).Delete(docs[0].Key[:]) }); err != nil {
		t.Fatal(err)
	}
	st.Close()
	if err := r.checkEmail(mustOpen(t, e, dir), docs, 0); !errors.Is(err, ErrVerify) {
		t.Fatalf("lookup of a deleted document: err = %v, want ErrVerify", err)
	}
}

// TestFindsOnlyOnFindEngines: Q1–Q3 run on GrumpyDB and SQLite only; on
// other engines alone they are skipped, and they work on either engine
// alone.
func TestFindsOnlyOnFindEngines(t *testing.T) {
	r, err := NewRunner(Config{Dir: t.TempDir(), Reduced: true, Reps: 1, Only: []string{"Q1", "Q2"}, Engines: []string{"bbolt", "Pebble"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Run(); err != nil || len(r.figs) != 0 {
		t.Fatalf("Q1,Q2 on bbolt and Pebble: %v, %d figures", err, len(r.figs))
	}
	for _, name := range []string{"GrumpyDB", "SQLite"} {
		r, err := NewRunner(Config{Dir: t.TempDir(), Reduced: true, Reps: 1, Only: []string{"Q2"}, Engines: []string{name, "bbolt"}})
		if err != nil {
			t.Fatal(err)
		}
		if err := r.Run(); err != nil {
			t.Fatal(err)
		}
		if len(r.figs) != 1 || len(r.figs[0].values[name]) != 1 || len(r.figs[0].values["bbolt"]) != 0 {
			t.Fatalf("%s: figures = %+v", name, r.figs)
		}
		if !strings.Contains(r.figs[0].notes, name+" plan of the first") {
			t.Errorf("%s: notes lack its plan: %s", name, r.figs[0].notes)
		}
	}
}

func mustOpen(t *testing.T, e Engine, dir string) Store {
	t.Helper()
	st, err := e.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func TestMemoryChildReduced(t *testing.T) {
	for _, name := range []string{BaselineEngine, "GrumpyDB"} {
		n, err := MemoryChild(t.TempDir(), name, true)
		if err != nil || n <= 0 {
			t.Fatalf("MemoryChild(%s) = %d, %v", name, n, err)
		}
	}
	if _, err := MemoryChild(t.TempDir(), "nosuch", true); !errors.Is(err, ErrUnknown) {
		t.Fatalf("unknown engine: %v", err)
	}
}

func TestNewRunnerErrors(t *testing.T) {
	if _, err := NewRunner(Config{}); !errors.Is(err, ErrUnknown) {
		t.Errorf("no dir: %v", err)
	}
	if _, err := NewRunner(Config{Dir: t.TempDir(), Engines: []string{"x"}}); !errors.Is(err, ErrUnknown) {
		t.Errorf("no engine: %v", err)
	}
	r, _ := NewRunner(Config{Dir: t.TempDir(), Reps: 3})
	if r.Sizes().Reps != 3 || r.Sizes().C4Gets != FullSizes().C4Gets {
		t.Errorf("sizes = %+v", r.Sizes())
	}
}

package workload

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/grumpydb/grumpydb/bench/internal/keygen"
	"github.com/grumpydb/grumpydb/bench/internal/report"
	"github.com/grumpydb/grumpydb/engine"
)

// scaleRunner returns a reduced, one-sample runner logging to log.
func scaleRunner(t *testing.T, log *strings.Builder) *Runner {
	t.Helper()
	r, err := NewRunner(Config{Dir: t.TempDir(), Reduced: true, Samples: 1, Log: log})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// rowsByID groups a table's rows by workload ID.
func rowsByID(rows []report.Row) map[string][]report.Row {
	out := map[string][]report.Row{}
	for _, row := range rows {
		out[row.ID] = append(out[row.ID], row)
	}
	return out
}

// TestScaleVariantsBuildTheirStores runs E4s–E8s without E3/E3i: L100 and
// L100i are built untimed as E3/E3i build them (the same keys, documents
// and indexes), and every variant passes its checks and yields its rows.
func TestScaleVariantsBuildTheirStores(t *testing.T) {
	var log strings.Builder
	r := scaleRunner(t, &log)
	ws, err := Select("E4s,E5s,E6s,E7s,E8s")
	if err != nil {
		t.Fatal(err)
	}
	table, err := r.Run(ws)
	if err != nil {
		t.Fatalf("run: %v\n%s", err, log.String())
	}
	by := rowsByID(table.Rows)
	want := map[string][]string{
		"E4s": {"L100, warm, 1 goroutine", "L100, warm, 2 goroutines"},
		"E5s": {"L100, reopened"},
		"E6s": {"L100"},
		"E7s": {"L100i email_idx"},
		"E8s": {"L100i age_idx [400, 402), queries", "L100i age_idx [400, 402), documents"},
	}
	for id, variants := range want {
		var got []string
		for _, row := range by[id] {
			got = append(got, row.Variant)
			if row.Stat.N != 1 || row.Stat.Median <= 0 {
				t.Errorf("%s %s: %+v", id, row.Variant, row.Stat)
			}
		}
		if !slices.Equal(got, variants) {
			t.Errorf("%s variants = %q, want %q", id, got, variants)
		}
	}
	if n := by["E4s"][0].Notes; !strings.Contains(n, "10,000 uniform gets/sample of 3,000 medium docs") ||
		!strings.Contains(n, "L100 built untimed as E3 builds it (E3 not in this run)") {
		t.Errorf("E4s notes: %s", n)
	}
	if n := by["E8s"][0].Notes; !strings.Contains(n, "20 queries/sample, 6 decoded docs each") ||
		!strings.Contains(n, "(E3i not in this run)") {
		t.Errorf("E8s notes: %s", n)
	}
	for _, line := range []string{"built L100: 3000 medium documents (indexed: false)", "built L100i: 3000 medium documents (indexed: true)"} {
		if !strings.Contains(log.String(), line) {
			t.Errorf("log lacks %q:\n%s", line, log.String())
		}
	}
	// The built stores hold exactly E3's keys (seed 0x3000), and L100i
	// both of E3i's indexes.
	n := ReducedSizes().E3Docs
	keys, err := keygen.UUIDs(e3Seed, n)
	if err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(keys, func(a, b uuid.UUID) int { return strings.Compare(string(a[:]), string(b[:])) })
	for name, indexes := range map[string]int{"L100": 0, "L100i": 2} {
		db, err := engine.Open(r.KeptStores()[name], nil)
		if err != nil {
			t.Fatal(err)
		}
		var got []uuid.UUID
		it := db.ScanAll(context.Background(), collection)
		for it.Next() {
			got = append(got, it.Document().ID)
		}
		if err := it.Close(); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, keys) {
			t.Errorf("%s holds %d keys, not E3's %d", name, len(got), len(keys))
		}
		if ix, err := db.Indexes(collection); err != nil || len(ix) != indexes {
			t.Errorf("%s indexes = %v, %v; want %d", name, ix, err, indexes)
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

// TestScaleVariantsUseE3Stores: after E3 and E3i in the same run, the scale
// variants read the stores they left behind rather than building new ones.
func TestScaleVariantsUseE3Stores(t *testing.T) {
	var log strings.Builder
	r := scaleRunner(t, &log)
	ws, err := Select("E3,E3i,E6s,E7s")
	if err != nil {
		t.Fatal(err)
	}
	table, err := r.Run(ws)
	if err != nil {
		t.Fatalf("run: %v\n%s", err, log.String())
	}
	if strings.Contains(log.String(), "built L100") {
		t.Errorf("a scale store was rebuilt:\n%s", log.String())
	}
	by := rowsByID(table.Rows)
	if len(by["E6s"]) != 1 || !strings.Contains(by["E6s"][0].Notes, "L100 left behind by E3") {
		t.Errorf("E6s rows: %+v", by["E6s"])
	}
	if len(by["E7s"]) != 1 || !strings.Contains(by["E7s"][0].Notes, "L100i left behind by E3i") {
		t.Errorf("E7s rows: %+v", by["E7s"])
	}
}

// TestScaleVerificationFailsTheRun tampers with L100/L100i behind the
// runner's back: each variant must fail with ErrVerify, at the check named,
// rather than report a figure.
func TestScaleVerificationFailsTheRun(t *testing.T) {
	sz := ReducedSizes()
	n := sz.E3Docs
	// A document E4s's timed gets read but its warm-up does not, so only
	// the check inside the timed loop can catch its absence.
	timedOnly := -1
	warm := keygen.Picks(e4sSeed, sz.E4sWarm, n)
	for _, p := range keygen.Picks(e4sSeed, sz.E4sGets, n)[sz.E4sWarm:] {
		if !slices.Contains(warm, p) {
			timedOnly = p
			break
		}
	}
	if timedOnly < 0 {
		t.Fatal("every timed E4s get is warmed up: no document to delete")
	}
	for _, tc := range []struct {
		id, store string
		tamper    func(d *dataset, db *engine.DB) error
		want      string // in the error
	}{
		{"E4s", "L100", func(d *dataset, db *engine.DB) error { return db.Delete(collection, d.keys[timedOnly]) }, "sample 0 with 1 goroutine(s): goroutine 0: "},
		{"E4s", "L100", func(d *dataset, db *engine.DB) error {
			return db.Replace(collection, d.keys[warm[0]], NewBuilder(Medium).Doc(n+1))
		}, "warm-up: "},
		{"E5s", "L100", func(d *dataset, db *engine.DB) error {
			return db.Delete(collection, d.keys[keygen.Picks(e5sSeed, 1, n)[0]])
		}, "sample 0: "},
		{"E6s", "L100", func(d *dataset, db *engine.DB) error { return db.Delete(collection, d.keys[7]) },
			fmtCount(n-1, n)},
		{"E7s", "L100i", func(d *dataset, db *engine.DB) error {
			return db.Delete(collection, d.keys[keygen.Picks(e7sSeed, 1, n)[0]])
		}, "0 documents, want 1"},
		{"E7s", "L100i", func(d *dataset, db *engine.DB) error {
			return db.Replace(collection, d.keys[keygen.Picks(e7sSeed, 1, n)[0]], NewBuilder(Medium).Doc(keygen.Picks(e7sSeed, 1, n)[0]+n))
		}, "0 documents, want 1"}, // its email changed: the index no longer finds it
		{"E8s", "L100i", func(d *dataset, db *engine.DB) error { return db.Delete(collection, d.keys[e8sLo+1000]) },
			"5 documents, want 6"},
		{"E8s", "L100i", func(d *dataset, db *engine.DB) error {
			// Same age, other content: the count holds, the deep check fails.
			doc := NewBuilder(Medium).Doc(e8sLo)
			v, _ := doc.Get("age")
			return db.Replace(collection, d.keys[e8sLo], engine.Object(engine.Field{Key: "age", Value: v}))
		}, "document 400"},
	} {
		t.Run(tc.id+"/"+strings.Fields(tc.want)[0], func(t *testing.T) {
			var log strings.Builder
			r := scaleRunner(t, &log)
			d, err := r.scaleDataset(tc.store)
			if err != nil {
				t.Fatal(err)
			}
			db, err := d.open()
			if err != nil {
				t.Fatal(err)
			}
			if err := tc.tamper(d, db); err != nil {
				t.Fatal(err)
			}
			if err := db.Close(); err != nil {
				t.Fatal(err)
			}
			ws, _ := Select(tc.id)
			_, err = r.Run(ws)
			if !errors.Is(err, ErrVerify) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("%s on a tampered %s: err = %v, want ErrVerify with %q", tc.id, tc.store, err, tc.want)
			}
		})
	}
}

// fmtCount is checkScan's message for a wrong document count.
func fmtCount(got, want int) string {
	return fmt.Sprintf("scan returned %d documents, want %d", got, want)
}

// TestScaleChecksCatchWrongExpectations drives the timed loops and deep
// checks of the scale variants on a right L100i with wrong expectations:
// a wrong count, an unknown key or email, a shifted pick list.
func TestScaleChecksCatchWrongExpectations(t *testing.T) {
	var log strings.Builder
	r := scaleRunner(t, &log)
	d, err := r.scaleDataset("L100i")
	if err != nil {
		t.Fatal(err)
	}
	db, err := d.open()
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	n := len(d.keys)

	// E8s: the right count passes; one more or one less is caught.
	want := d.perAge * (e8sHi - e8sLo)
	got := make([][]engine.Document, 3)
	if _, err := ageRangeQueries(db, e8sLo, e8sHi, want, got); err != nil {
		t.Fatalf("right count refused: %v", err)
	}
	for _, docs := range got {
		if err := checkAges(d, docs, e8sLo, e8sHi); err != nil {
			t.Fatalf("right range refused: %v", err)
		}
		if err := checkAges(d, docs, e8sLo, e8sLo+1); !errors.Is(err, ErrVerify) {
			t.Errorf("ages of 401 accepted for [400, 401): %v", err)
		}
	}
	for _, w := range []int{want - 1, want + 1, 0} {
		if _, err := ageRangeQueries(db, e8sLo, e8sHi, w, got); !errors.Is(err, ErrVerify) {
			t.Errorf("expected count %d (really %d) accepted: %v", w, want, err)
		}
	}

	// E7s: existing emails pass; an unknown one is caught in the loop, a
	// result checked against the wrong pick in the deep check.
	picks := []int{0, n / 2, n - 1}
	emails := make([]engine.Value, len(picks))
	for i, p := range picks {
		emails[i] = engine.String(Email(p))
	}
	res := make([][]engine.Document, len(picks))
	if _, err := emailLookups(db, emails, res); err != nil {
		t.Fatalf("existing emails refused: %v", err)
	}
	if err := checkEmails(d, picks, res); err != nil {
		t.Fatalf("right look-ups refused: %v", err)
	}
	if err := checkEmails(d, []int{1, n / 2, n - 1}, res); !errors.Is(err, ErrVerify) {
		t.Errorf("look-up checked against the wrong document accepted: %v", err)
	}
	if _, err := emailLookups(db, []engine.Value{engine.String(Email(n))}, res[:1]); !errors.Is(err, ErrVerify) {
		t.Errorf("email of no document accepted: %v", err)
	}

	// E4s: every goroutine checks its own part; an unknown key at the
	// start or the end of the picks is caught for 1, 2 and 3 goroutines.
	bad := &dataset{name: d.name, keys: append(slices.Clone(d.keys), uuid.UUID{0xff}), docs: d.docs, byKey: d.byKey}
	all := make([]int, 100)
	for i := range all {
		all[i] = i * (n / 100)
	}
	for _, g := range []int{1, 2, 3} {
		if _, err := concurrentGets(db, d, all, g); err != nil {
			t.Errorf("%d goroutines: right gets refused: %v", g, err)
		}
		for _, at := range []int{0, len(all) - 1} {
			picks := slices.Clone(all)
			picks[at] = n // the unknown key
			if _, err := concurrentGets(db, bad, picks, g); !errors.Is(err, ErrVerify) {
				t.Errorf("%d goroutines: unknown key at %d accepted: %v", g, at, err)
			}
		}
	}
	if _, err := concurrentGets(db, d, all, 0); !errors.Is(err, ErrConfig) {
		t.Errorf("0 goroutines: err = %v, want ErrConfig", err)
	}
	if err := warmGets(db, d, all); err != nil {
		t.Errorf("right warm-up refused: %v", err)
	}
	shifted := &dataset{name: d.name, keys: d.keys, docs: d.docs[1:], byKey: d.byKey}
	if err := warmGets(db, shifted, all[:len(all)-1]); !errors.Is(err, ErrVerify) {
		t.Errorf("warm-up compared with the wrong documents accepted: %v", err)
	}

	// E6s: a scan checked against a data set expecting one more document.
	docs, err := scanInto(db, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := checkScan(d, docs); err != nil {
		t.Fatalf("right scan refused: %v", err)
	}
	if err := checkScan(bad, docs); !errors.Is(err, ErrVerify) {
		t.Errorf("scan of %d documents accepted where %d are expected: %v", len(docs), len(bad.keys), err)
	}
	docs[1], docs[2] = docs[2], docs[1]
	if err := checkScan(d, docs); !errors.Is(err, ErrVerify) {
		t.Errorf("scan out of order accepted: %v", err)
	}
}

func TestScaleSetNames(t *testing.T) {
	r := scaleRunner(t, new(strings.Builder))
	if _, err := r.scaleDataset("L10"); !errors.Is(err, ErrConfig) {
		t.Errorf("unknown scale set: err = %v, want ErrConfig", err)
	}
	r.sizes.E3Docs = 1500
	if _, err := r.scaleDataset("L100"); !errors.Is(err, ErrConfig) {
		t.Errorf("1,500 documents: err = %v, want ErrConfig", err)
	}
}

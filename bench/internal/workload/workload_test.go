package workload

import (
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/grumpydb/grumpydb/bench/internal/keygen"
	"github.com/grumpydb/grumpydb/engine"
)

// logWriter sends progress lines to t.Log.
type logWriter struct{ t *testing.T }

func (w logWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

// TestSmokeAllReduced runs every workload in reduced mode (the CI smoke
// run): each must pass its verification and produce its rows.
func TestSmokeAllReduced(t *testing.T) {
	dir := t.TempDir()
	r, err := NewRunner(Config{Dir: dir, Reduced: true, Log: logWriter{t}})
	if err != nil {
		t.Fatal(err)
	}
	ws, err := Select("all")
	if err != nil {
		t.Fatal(err)
	}
	table, err := r.Run(ws)
	if err != nil {
		t.Fatalf("run failed: %v", err)
	}
	if !table.Reduced {
		t.Error("table of a reduced run not labelled reduced")
	}
	perID := map[string]int{}
	for _, row := range table.Rows {
		perID[row.ID]++
		if row.Stat.Median <= 0 {
			t.Errorf("%s %s: median %v", row.ID, row.Variant, row.Stat.Median)
		}
		if !row.Point && row.Stat.N != 2 {
			t.Errorf("%s %s: %d samples, want 2", row.ID, row.Variant, row.Stat.N)
		}
	}
	want := map[string]int{"M0": 2, "E1": 12, "E2": 1, "E3": 3, "E3i": 3, "E4": 1, "E5": 1, "E6": 1, "E7": 1, "E8": 2,
		"E4s": 2, "E5s": 1, "E6s": 1, "E7s": 1, "E8s": 2}
	// S1/S2, reduced: four configurations, two of them P=1 with p50/p99
	// rows; Redis adds as many rows, or one "not run" row each.
	want["S1"], want["S2"] = 16, 16
	if _, err := exec.LookPath("redis-server"); err != nil {
		want["S1"], want["S2"] = 12, 12
	}
	for id, n := range want {
		if perID[id] != n {
			t.Errorf("%s: %d rows, want %d", id, perID[id], n)
		}
	}
	if rm := strings.Join(r.Remarks(), "\n"); !strings.Contains(rm, "loopback bypass in effect") {
		t.Errorf("no S1/S2 server remark after the run:\n%s", rm)
	}
	// The stores E3/E3i leave behind are real, indexed databases.
	kept := r.KeptStores()
	for _, name := range []string{"L100", "L100i"} {
		if _, err := os.Stat(kept[name]); err != nil {
			t.Fatalf("%s not kept: %v", name, err)
		}
	}
	db, err := engine.Open(kept["L100i"], nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if n, err := db.Count(collection); err != nil || n != ReducedSizes().E3Docs {
		t.Errorf("L100i count = %d, %v", n, err)
	}
	if ix, err := db.Indexes(collection); err != nil || len(ix) != 2 {
		t.Errorf("L100i indexes = %v, %v", ix, err)
	}
	if err := db.Check(); err != nil {
		t.Errorf("L100i Check: %v", err)
	}
}

// TestVerificationFailsTheRun corrupts a data set behind the runner's back:
// the workload must fail with ErrVerify rather than report a figure.
func TestVerificationFailsTheRun(t *testing.T) {
	r, err := NewRunner(Config{Dir: t.TempDir(), Reduced: true, Samples: 1})
	if err != nil {
		t.Fatal(err)
	}
	d, err := r.dataset("R10")
	if err != nil {
		t.Fatal(err)
	}
	db, err := d.open()
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Replace(collection, d.keys[0], engine.Object(engine.Field{Key: "name", Value: engine.String("tampered")})); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	ws, _ := Select("E6")
	if _, err := r.Run(ws); !errors.Is(err, ErrVerify) {
		t.Fatalf("E6 on a tampered data set: err = %v, want ErrVerify", err)
	}
	// E7 on R10i with one document of the first queried age deleted: its
	// in-loop count check must fail the run.
	di, err := r.dataset("R10i")
	if err != nil {
		t.Fatal(err)
	}
	first := keygen.Picks(0xBADF00D, 1, 1000)[0]
	dbi, err := di.open()
	if err != nil {
		t.Fatal(err)
	}
	if err := dbi.Delete(collection, di.keys[first]); err != nil {
		t.Fatal(err)
	}
	if err := dbi.Close(); err != nil {
		t.Fatal(err)
	}
	ws, _ = Select("E7")
	if _, err := r.Run(ws); !errors.Is(err, ErrVerify) {
		t.Fatalf("E7 with a missing document: err = %v, want ErrVerify", err)
	}
}

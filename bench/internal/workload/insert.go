package workload

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/grumpydb/grumpydb/bench/internal/keygen"
	"github.com/grumpydb/grumpydb/bench/internal/report"
	"github.com/grumpydb/grumpydb/engine"
)

// publishedE1 are the published figures E1 compares with (§5).
func publishedE1(s Shape) string {
	switch s {
	case Small:
		return "~235 ops/s"
	case Medium:
		return "~234 ops/s"
	case Large:
		return "~225 ops/s (\"4 KB overflow\", really inline)"
	}
	return ""
}

// freshDB creates an empty database with collection bench in a new
// directory under the scratch dir, flushed (all untimed setup).
func (r *Runner) freshDB(name string) (*engine.DB, string, error) {
	dir := filepath.Join(r.cfg.Dir, name)
	if err := os.RemoveAll(dir); err != nil {
		return nil, "", err
	}
	db, err := engine.Open(dir, &engine.Options{CreateIfMissing: true})
	if err != nil {
		return nil, "", err
	}
	if err := db.CreateCollection(collection); err != nil {
		db.Close()
		return nil, "", err
	}
	if err := db.Flush(); err != nil {
		db.Close()
		return nil, "", err
	}
	return db, dir, nil
}

// closeAndRemove is the untimed teardown of a per-sample database.
func closeAndRemove(db *engine.DB, dir string) error {
	if err := db.Close(); err != nil {
		return err
	}
	return os.RemoveAll(dir)
}

// checkCountAndKeys verifies that the collection holds exactly n documents
// and that keys[i] reads back equal to docs[i] for every i in picks.
func checkCountAndKeys(db *engine.DB, n int, keys []uuid.UUID, docs []engine.Value, picks []int) error {
	c, err := db.Count(collection)
	if err != nil {
		return err
	}
	if c != n {
		return verifyErr("count = %d, want %d", c, n)
	}
	for _, i := range picks {
		got, err := db.Get(collection, keys[i])
		if err != nil {
			return verifyErr("read back document %d (%s): %v", i, keys[i], err)
		}
		if !engine.Equal(got, docs[i]) {
			return verifyErr("document %d (%s) read back as %s, want %s", i, keys[i], got, docs[i])
		}
	}
	return nil
}

// e1 is the durable single-document insert, one row group per shape.
func (r *Runner) e1(samples int) ([]report.Row, error) {
	var rows []report.Row
	for _, shape := range AllShapes() {
		n := r.sizes.E1Inline
		if shape == Large || shape == Overflow {
			n = r.sizes.E1Big
		}
		docs := Docs(shape, n)
		rates := make([]float64, 0, samples)
		lats := make([]time.Duration, 0, n*samples)
		for s := range samples {
			gen := keygen.New(0xE1000000 + uint64(s))
			keys, err := gen.Keys(n)
			if err != nil {
				return nil, err
			}
			db, dir, err := r.freshDB(fmt.Sprintf("e1-%s-%d", shape, s))
			if err != nil {
				return nil, err
			}
			start := time.Now()
			for i := range n {
				t0 := time.Now()
				if err := db.Insert(collection, keys[i], docs[i]); err != nil {
					db.Close()
					return nil, fmt.Errorf("insert %d: %w", i, err)
				}
				lats = append(lats, time.Since(t0))
			}
			elapsed := time.Since(start)
			picks := make([]int, r.sizes.E1Verify)
			for i := range picks {
				picks[i] = gen.IntN(n)
			}
			if err := checkCountAndKeys(db, n, keys, docs, picks); err != nil {
				db.Close()
				return nil, fmt.Errorf("E1-%s sample %d: %w", shape, s, err)
			}
			if err := closeAndRemove(db, dir); err != nil {
				return nil, err
			}
			rates = append(rates, report.Rate(n, elapsed))
			r.logf("   %s sample %d: %.0f ops/s", shape, s, rates[s])
		}
		st, err := report.Summarize(rates)
		if err != nil {
			return nil, err
		}
		r.e1Rate[shape] = st.Median
		if shape == Medium {
			r.e1MedRate = st.Median
		}
		p50, _ := report.Percentile(lats, 50)
		p99, _ := report.Percentile(lats, 99)
		notes := fmt.Sprintf("%s inserts/sample, each its own durable transaction; shape(500) is %s B encoded",
			report.Int(n), report.Int(EncodedSize(shape, 500)))
		if r.m0Rate > 0 {
			notes += fmt.Sprintf("; %.0f%% of M0", 100*st.Median/r.m0Rate)
		}
		count := report.Int(len(lats)) + " inserts"
		rows = append(rows,
			report.Row{ID: "E1", Variant: shape.String(), Stat: st, Unit: "ops/s", Published: publishedE1(shape), Notes: notes},
			report.Row{ID: "E1", Variant: shape.String() + " · p50", Stat: report.Summary{Median: report.Millis(p50), N: 1},
				Point: true, Count: count, Unit: "ms"},
			report.Row{ID: "E1", Variant: shape.String() + " · p99", Stat: report.Summary{Median: report.Millis(p99), N: 1},
				Point: true, Count: count, Unit: "ms"},
		)
	}
	return rows, nil
}

// e2 is the concurrent durable insert: 16 goroutines share one handle,
// document j going to goroutine j mod 16, released together by a barrier.
func (r *Runner) e2(samples int) ([]report.Row, error) {
	n := r.sizes.E2Docs
	docs := Docs(Medium, n)
	rates := make([]float64, 0, samples)
	for s := range samples {
		keys, err := keygen.UUIDs(0xE2000000+uint64(s), n)
		if err != nil {
			return nil, err
		}
		db, dir, err := r.freshDB(fmt.Sprintf("e2-%d", s))
		if err != nil {
			return nil, err
		}
		elapsed, err := insertConcurrently(db, keys, docs, concurrency)
		if err != nil {
			db.Close()
			return nil, err
		}
		all := make([]int, n)
		for i := range all {
			all[i] = i
		}
		if err := checkCountAndKeys(db, n, keys, docs, all); err != nil {
			db.Close()
			return nil, fmt.Errorf("E2 sample %d: %w", s, err)
		}
		if err := closeAndRemove(db, dir); err != nil {
			return nil, err
		}
		rates = append(rates, report.Rate(n, elapsed))
		r.logf("   sample %d: %.0f ops/s", s, rates[s])
	}
	st, err := report.Summarize(rates)
	if err != nil {
		return nil, err
	}
	notes := fmt.Sprintf("%s medium inserts/sample by %d goroutines, each its own durable transaction", report.Int(n), concurrency)
	if r.e1MedRate > 0 {
		notes += fmt.Sprintf("; %.2f× E1-medium of this run", st.Median/r.e1MedRate)
	} else {
		notes += "; E1-medium not in this run"
	}
	if r.m0Rate > 0 {
		notes += fmt.Sprintf("; %.2f× M0", st.Median/r.m0Rate)
	}
	return []report.Row{{ID: "E2", Variant: "16 goroutines, medium", Stat: st, Unit: "ops/s", Notes: notes}}, nil
}

// insertConcurrently runs the timed part of E2: g goroutines, goroutine k
// inserting documents k, k+g, k+2g, … in order, all released together. It
// returns the time from the release to the last insert's return.
func insertConcurrently(db *engine.DB, keys []uuid.UUID, docs []engine.Value, g int) (time.Duration, error) {
	var ready, done sync.WaitGroup
	release := make(chan struct{})
	errs := make([]error, g)
	for k := range g {
		ready.Add(1)
		done.Add(1)
		go func() {
			defer done.Done()
			ready.Done()
			<-release
			for j := k; j < len(keys); j += g {
				if err := db.Insert(collection, keys[j], docs[j]); err != nil {
					errs[k] = fmt.Errorf("goroutine %d, insert %d: %w", k, j, err)
					return
				}
			}
		}()
	}
	ready.Wait()
	start := time.Now()
	close(release)
	done.Wait()
	elapsed := time.Since(start)
	for _, err := range errs {
		if err != nil {
			return 0, err
		}
	}
	return elapsed, nil
}

package workload

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/google/uuid"
	"github.com/grumpydb/grumpydb/bench/internal/fsinfo"
	"github.com/grumpydb/grumpydb/bench/internal/keygen"
	"github.com/grumpydb/grumpydb/bench/internal/report"
	"github.com/grumpydb/grumpydb/engine"
)

// e3Seed is the key seed of E3, E3i, L100 and L100i.
const e3Seed = 0x3000

// e3 is the bulk load of E3DocS medium documents in transactions of
// E3Batch; with indexed (E3i), email_idx and age_idx exist before loading
// so their maintenance is timed. The last sample's store is kept as L100
// (L100i).
func (r *Runner) e3(samples int, indexed bool) ([]report.Row, error) {
	id, kept := "E3", "L100"
	if indexed {
		id, kept = "E3i", "L100i"
	}
	n, batch := r.sizes.E3Docs, r.sizes.E3Batch
	in, err := r.e3Inputs()
	if err != nil {
		return nil, err
	}
	var rates, apparent, allocated []float64
	for s := range samples {
		dir, elapsed, err := r.bulkStore(fmt.Sprintf("e3-%v-%d", indexed, s), indexed, in)
		if err != nil {
			return nil, fmt.Errorf("%s sample %d: %w", id, s, err)
		}
		u, err := fsinfo.DirUsage(dir)
		if err != nil {
			return nil, err
		}
		rates = append(rates, report.Rate(n, elapsed))
		apparent = append(apparent, float64(u.Apparent)/float64(n))
		allocated = append(allocated, float64(u.Allocated)/float64(n))
		r.logf("   sample %d: %.0f docs/s, %.0f B/doc apparent, %.0f allocated", s, rates[s], apparent[s], allocated[s])
		if s == samples-1 {
			if err := r.keepStore(dir, kept, "left behind by "+id); err != nil {
				return nil, err
			}
		} else if err := os.RemoveAll(dir); err != nil {
			return nil, err
		}
	}
	st, err := report.Summarize(rates)
	if err != nil {
		return nil, err
	}
	sa, _ := report.Summarize(apparent)
	sb, _ := report.Summarize(allocated)
	what := "no secondary index"
	if indexed {
		what = "email_idx and age_idx maintained"
	}
	return []report.Row{
		{ID: id, Variant: "medium", Stat: st, Unit: "docs/s",
			Notes: fmt.Sprintf("%s docs in %s durable transactions of %s; %s", report.Int(n), report.Int((n+batch-1)/batch), report.Int(batch), what)},
		{ID: id, Variant: "size, apparent", Stat: sa, Unit: "B/doc", Notes: "store size after close ÷ documents"},
		{ID: id, Variant: "size, allocated", Stat: sb, Unit: "B/doc", Notes: "st_blocks × 512 after close ÷ documents"},
	}, nil
}

// bulkInputs are E3's ready-made inputs: the keys (seed 0x3000), the
// medium documents and the indices of the documents read back after each
// sample (drawn from the same generator after the keys).
type bulkInputs struct {
	keys  []uuid.UUID
	docs  []engine.Value
	picks []int
}

// e3Inputs returns E3's inputs for E3Docs documents, built on first use
// and shared by E3, E3i and the L100/L100i data sets (values are
// immutable).
func (r *Runner) e3Inputs() (*bulkInputs, error) {
	if r.bulk != nil {
		return r.bulk, nil
	}
	n := r.sizes.E3Docs
	gen := keygen.New(e3Seed)
	keys, err := gen.Keys(n)
	if err != nil {
		return nil, err
	}
	picks := make([]int, r.sizes.E3Verify)
	for i := range picks {
		picks[i] = gen.IntN(n)
	}
	r.bulk = &bulkInputs{keys: keys, docs: Docs(Medium, n), picks: picks}
	return r.bulk, nil
}

// bulkStore builds one E3 (indexed: E3i) store in a fresh directory name
// under the scratch directory: collection bench, with indexed email_idx
// and age_idx created before loading, then the documents in durable
// transactions of E3Batch. Only the load is timed: elapsed runs from the
// first begin to the return of the last commit. The store is verified
// (count, read-back, indexes) and closed before it returns.
func (r *Runner) bulkStore(name string, indexed bool, in *bulkInputs) (dir string, elapsed time.Duration, err error) {
	db, dir, err := r.freshDB(name)
	if err != nil {
		return "", 0, err
	}
	if indexed {
		if err := createE3Indexes(db); err != nil {
			db.Close()
			return "", 0, err
		}
	}
	start := time.Now()
	if err := loadBatches(db, in.keys, in.docs, r.sizes.E3Batch); err != nil {
		db.Close()
		return "", 0, err
	}
	elapsed = time.Since(start)
	n := len(in.keys)
	err = checkCountAndKeys(db, n, in.keys, in.docs, in.picks)
	if err == nil && indexed {
		err = checkE3Indexes(db, n, in.keys, in.docs, in.picks)
	}
	if err != nil {
		db.Close()
		return "", 0, err
	}
	if err := db.Close(); err != nil {
		return "", 0, err
	}
	return dir, elapsed, nil
}

// keepStore moves a closed store to kept (L100 or L100i) under the scratch
// directory, replacing any older one, and records it with where it came
// from.
func (r *Runner) keepStore(dir, kept, origin string) error {
	keep := filepath.Join(r.cfg.Dir, kept)
	if err := os.RemoveAll(keep); err != nil {
		return err
	}
	if err := os.Rename(dir, keep); err != nil {
		return err
	}
	r.keptStores[kept] = keep
	r.keptOrigin[kept] = origin
	return nil
}

// createE3Indexes creates E3i's indexes before loading.
func createE3Indexes(db *engine.DB) error {
	if err := db.CreateIndex(collection, "email_idx", "email"); err != nil {
		return err
	}
	return db.CreateIndex(collection, "age_idx", "age")
}

// checkE3Indexes verifies both indexes for the picked documents: the email
// finds exactly that document, and its age exactly n/1000 documents, all of
// that age.
func checkE3Indexes(db *engine.DB, n int, keys []uuid.UUID, docs []engine.Value, picks []int) error {
	perAge := n / 1000
	for _, i := range picks {
		got, err := db.Query(collection, "email_idx", engine.String(Email(i)))
		if err != nil {
			return err
		}
		if len(got) != 1 || got[0].ID != keys[i] || !engine.Equal(got[0].Value, docs[i]) {
			return verifyErr("email_idx lookup of %s returned %d documents, want document %d", Email(i), len(got), i)
		}
		age := int64(i % 1000)
		byAge, err := db.Query(collection, "age_idx", engine.Int(age))
		if err != nil {
			return err
		}
		if len(byAge) != perAge {
			return verifyErr("age_idx lookup of %d returned %d documents, want %d", age, len(byAge), perAge)
		}
		for _, d := range byAge {
			if v, _ := d.Value.Get("age"); v.Int() != age {
				return verifyErr("age_idx lookup of %d returned a document of age %s", age, v)
			}
		}
	}
	return nil
}

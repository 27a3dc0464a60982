package workload

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/google/uuid"
	"github.com/grumpydb/grumpydb/bench/internal/keygen"
	"github.com/grumpydb/grumpydb/engine"
)

// dataset is a built read data set of §3 (R10, R10c, R10i): a closed store
// on disk and, in memory, its keys and documents for verification.
type dataset struct {
	name    string
	dir     string
	keys    []uuid.UUID
	docs    []engine.Value
	byKey   map[uuid.UUID]int
	indexed bool // age_idx on age
	perAge  int  // documents holding each age 0 … 999
}

// datasetSeed returns the key seed and index flag of a data set of §3.
func datasetSeed(name string) (seed uint64, indexed bool, err error) {
	switch name {
	case "R10":
		return 0x5EED0010, false, nil
	case "R10c":
		return 0x5EED0011, false, nil
	case "R10i":
		return 0x5EED0012, true, nil
	}
	return 0, false, fmt.Errorf("%w: no data set %q", ErrConfig, name)
}

// dataset returns the data set name, building it on first use (untimed):
// ReadDocs small documents loaded in transactions of 1,000, age_idx created
// after loading for R10i, then flush and close.
func (r *Runner) dataset(name string) (*dataset, error) {
	if d := r.datasets[name]; d != nil {
		return d, nil
	}
	seed, indexed, err := datasetSeed(name)
	if err != nil {
		return nil, err
	}
	n := r.sizes.ReadDocs
	if n <= 0 || n%1000 != 0 {
		return nil, fmt.Errorf("%w: data sets need a multiple of 1,000 documents, not %d", ErrConfig, n)
	}
	keys, err := keygen.UUIDs(seed, n)
	if err != nil {
		return nil, err
	}
	d := &dataset{
		name: name, dir: filepath.Join(r.cfg.Dir, name), keys: keys,
		docs: Docs(Small, n), byKey: make(map[uuid.UUID]int, n),
		indexed: indexed, perAge: n / 1000,
	}
	for i, k := range keys {
		d.byKey[k] = i
	}
	start := time.Now()
	if err := os.RemoveAll(d.dir); err != nil {
		return nil, err
	}
	db, err := engine.Open(d.dir, &engine.Options{CreateIfMissing: true})
	if err != nil {
		return nil, err
	}
	if err := d.load(db); err != nil {
		db.Close()
		return nil, fmt.Errorf("building %s: %w", name, err)
	}
	if err := db.Close(); err != nil {
		return nil, err
	}
	r.logf("   built %s: %d small documents (indexed: %v) in %v", name, n, indexed, time.Since(start).Round(time.Millisecond))
	r.datasets[name] = d
	return d, nil
}

func (d *dataset) load(db *engine.DB) error {
	if err := db.CreateCollection(collection); err != nil {
		return err
	}
	if err := loadBatches(db, d.keys, d.docs, 1000); err != nil {
		return err
	}
	if d.indexed {
		if err := db.CreateIndex(collection, "age_idx", "age"); err != nil {
			return err
		}
	}
	if err := db.Flush(); err != nil {
		return err
	}
	n, err := db.Count(collection)
	if err != nil {
		return err
	}
	if n != len(d.keys) {
		return verifyErr("%s holds %d documents after loading %d", d.name, n, len(d.keys))
	}
	return nil
}

// loadBatches inserts docs under keys in durable transactions of batch
// documents.
func loadBatches(db *engine.DB, keys []uuid.UUID, docs []engine.Value, batch int) error {
	for lo := 0; lo < len(keys); lo += batch {
		hi := min(lo+batch, len(keys))
		err := db.Update(func(tx *engine.Tx) error {
			for j := lo; j < hi; j++ {
				if err := tx.Insert(collection, keys[j], docs[j]); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// checkDoc verifies a returned document against the one stored.
func (d *dataset) checkDoc(id uuid.UUID, got engine.Value) error {
	i, ok := d.byKey[id]
	if !ok {
		return verifyErr("%s: unknown key %s returned", d.name, id)
	}
	if !engine.Equal(got, d.docs[i]) {
		return verifyErr("%s: document %d (%s) = %s, want %s", d.name, i, id, got, d.docs[i])
	}
	return nil
}

// open opens the data set's store.
func (d *dataset) open() (*engine.DB, error) { return engine.Open(d.dir, nil) }

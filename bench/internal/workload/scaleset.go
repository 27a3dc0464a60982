package workload

import (
	"fmt"
	"time"

	"github.com/google/uuid"
)

// scaleSet returns whether the scale data set name (§3) carries
// email_idx and age_idx, and the workload that leaves its store behind.
func scaleSet(name string) (indexed bool, by string, err error) {
	switch name {
	case "L100":
		return false, "E3", nil
	case "L100i":
		return true, "E3i", nil
	}
	return false, "", fmt.Errorf("%w: no data set %q", ErrConfig, name)
}

// scaleDataset returns L100 or L100i for the scale variants of §4.4: the
// store E3 (E3i) left behind in this run or, when it did not run, one
// built untimed the same way, with the same inputs (E3Docs medium
// documents, keys from seed 0x3000, durable transactions of E3Batch,
// email_idx and age_idx created before loading for L100i), kept where E3
// would have kept it. Its keys and documents are E3's, shared with it.
func (r *Runner) scaleDataset(name string) (*dataset, error) {
	if d := r.datasets[name]; d != nil {
		return d, nil
	}
	indexed, by, err := scaleSet(name)
	if err != nil {
		return nil, err
	}
	n := r.sizes.E3Docs
	if n <= 0 || n%1000 != 0 {
		return nil, fmt.Errorf("%w: %s needs a multiple of 1,000 documents, not %d", ErrConfig, name, n)
	}
	in, err := r.e3Inputs()
	if err != nil {
		return nil, err
	}
	if _, ok := r.keptStores[name]; !ok {
		start := time.Now()
		dir, _, err := r.bulkStore("build-"+name, indexed, in)
		if err != nil {
			return nil, fmt.Errorf("building %s: %w", name, err)
		}
		if err := r.keepStore(dir, name, fmt.Sprintf("built untimed as %s builds it (%s not in this run)", by, by)); err != nil {
			return nil, err
		}
		r.logf("   built %s: %d medium documents (indexed: %v) in %v, as %s would", name, n, indexed, time.Since(start).Round(time.Millisecond), by)
	} else {
		r.logf("   %s: the store %s left behind", name, by)
	}
	d := &dataset{
		name: name, dir: r.keptStores[name], keys: in.keys, docs: in.docs,
		byKey: r.scaleIndex(in.keys), indexed: indexed, perAge: n / 1000,
	}
	r.datasets[name] = d
	return d, nil
}

// scaleIndex returns the key → document map of E3's keys, shared by L100
// and L100i.
func (r *Runner) scaleIndex(keys []uuid.UUID) map[uuid.UUID]int {
	for _, name := range []string{"L100", "L100i"} {
		if d := r.datasets[name]; d != nil {
			return d.byKey
		}
	}
	m := make(map[uuid.UUID]int, len(keys))
	for i, k := range keys {
		m[k] = i
	}
	return m
}

// scaleNote says where a scale data set's store came from, for the notes
// column.
func (r *Runner) scaleNote(name string) string {
	if o := r.keptOrigin[name]; o != "" {
		return name + " " + o
	}
	return name
}

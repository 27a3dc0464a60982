package peer

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/grumpydb/grumpydb/bench/internal/fsinfo"
	"github.com/grumpydb/grumpydb/bench/internal/keygen"
	"github.com/grumpydb/grumpydb/bench/internal/report"
)

// c1 is the durable insert of C1Docs documents of shape s, one per
// transaction, by one writer, into a fresh store.
func (r *Runner) c1(e Engine, rep int, s Shape) error {
	n := r.sizes.C1Docs
	docs, err := r.docSet(s, n)
	if err != nil {
		return err
	}
	dir, err := r.freshDir(fmt.Sprintf("c1-%s-%s-%d", s, e.Name, rep))
	if err != nil {
		return err
	}
	st, err := e.Open(dir)
	if err != nil {
		return err
	}
	lats := make([]time.Duration, n)
	start := time.Now()
	for i := range docs {
		t0 := time.Now()
		if err := st.Insert(&docs[i]); err != nil {
			st.Close()
			return fmt.Errorf("insert %d: %w", i, err)
		}
		lats[i] = time.Since(t0)
	}
	elapsed := time.Since(start)
	g := keygen.New(0x9EE7C100 + uint64(rep))
	picks := make([]int, 10)
	for i := range picks {
		picks[i] = g.IntN(n)
	}
	err = checkCount(st, n)
	if err == nil {
		err = checkDocs(st, docs, picks)
	}
	if err != nil {
		st.Close()
		return err
	}
	if err := st.Close(); err != nil {
		return err
	}
	f := r.record("C1", s.String(), "ops/s", e.Name, report.Rate(n, elapsed))
	f.notes = fmt.Sprintf("%s inserts, one durable transaction each, one writer; mean JSON %.0f B", report.Int(n), MeanSize(docs))
	r.recordLatency("C1", s.String(), e.Name, lats)
	return os.RemoveAll(dir)
}

// c2 is the durable insert of C2Docs medium documents by 16 goroutines
// sharing one store, document j going to goroutine j mod 16, released
// together; each insert its own transaction.
func (r *Runner) c2(e Engine, rep int) error {
	n := r.sizes.C2Docs
	docs, err := r.docSet(PeerMedium, n)
	if err != nil {
		return err
	}
	dir, err := r.freshDir(fmt.Sprintf("c2-%s-%d", e.Name, rep))
	if err != nil {
		return err
	}
	st, err := e.Open(dir)
	if err != nil {
		return err
	}
	var ready, done sync.WaitGroup
	release := make(chan struct{})
	errs := make([]error, c2Goroutines)
	for k := range c2Goroutines {
		ready.Add(1)
		done.Add(1)
		go func() {
			defer done.Done()
			ready.Done()
			<-release
			for j := k; j < n; j += c2Goroutines {
				if err := st.Insert(&docs[j]); err != nil {
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
	all := make([]int, n)
	for i := range all {
		all[i] = i
	}
	for _, err := range errs {
		if err != nil {
			st.Close()
			return err
		}
	}
	err = checkCount(st, n)
	if err == nil {
		err = checkDocs(st, docs, all)
	}
	if err != nil {
		st.Close()
		return err
	}
	if err := st.Close(); err != nil {
		return err
	}
	f := r.record("C2", "16 goroutines, peer-medium", "ops/s", e.Name, report.Rate(n, elapsed))
	f.notes = fmt.Sprintf("%s inserts by %d goroutines, one durable transaction each", report.Int(n), c2Goroutines)
	return os.RemoveAll(dir)
}

// storeKey names a kept C3/C3i store.
func storeKey(indexed bool, e Engine) string {
	if indexed {
		return "C3i/" + e.Name
	}
	return "C3/" + e.Name
}

// load writes docs in durable transactions of batch documents.
func load(st Store, docs []Doc, batch int) error {
	for lo := 0; lo < len(docs); lo += batch {
		if err := st.Load(docs[lo:min(lo+batch, len(docs))]); err != nil {
			return fmt.Errorf("batch at %d: %w", lo, err)
		}
	}
	return nil
}

// checkLoaded verifies a C3/C3i store: the count, 100 random documents
// and, with indexes, 10 email lookups and the C7 range.
func (r *Runner) checkLoaded(st Store, docs []Doc, indexed bool, seed uint64) error {
	if err := checkCount(st, len(docs)); err != nil {
		return err
	}
	g := keygen.New(seed)
	picks := make([]int, 100)
	for i := range picks {
		picks[i] = g.IntN(len(docs))
	}
	if err := checkDocs(st, docs, picks); err != nil {
		return err
	}
	if !indexed {
		return nil
	}
	for _, i := range picks[:10] {
		if err := r.checkEmail(st, docs, i); err != nil {
			return err
		}
	}
	return r.checkAgeRange(st, docs)
}

// c3 is the bulk load of C3Docs medium documents in durable transactions
// of C3Batch, into a fresh store (with the email and age indexes created
// first for C3i). The last repetition's store is kept for C4–C7.
func (r *Runner) c3(e Engine, rep int, indexed bool) error {
	id := "C3"
	if indexed {
		id = "C3i"
	}
	docs, err := r.docSet(PeerMedium, r.sizes.C3Docs)
	if err != nil {
		return err
	}
	dir, err := r.freshDir(fmt.Sprintf("%s-%s-%d", id, e.Name, rep))
	if err != nil {
		return err
	}
	st, err := e.Open(dir)
	if err != nil {
		return err
	}
	if indexed {
		if err := st.CreateIndexes(); err != nil {
			st.Close()
			return err
		}
	}
	start := time.Now()
	if err := load(st, docs, r.sizes.C3Batch); err != nil {
		st.Close()
		return err
	}
	elapsed := time.Since(start)
	if err := r.checkLoaded(st, docs, indexed, 0x9EE7C300+uint64(rep)); err != nil {
		st.Close()
		return err
	}
	if err := st.Close(); err != nil {
		return err
	}
	u, err := fsinfo.DirUsage(dir)
	if err != nil {
		return err
	}
	n := len(docs)
	f := r.record(id, "peer-medium", "docs/s", e.Name, report.Rate(n, elapsed))
	f.notes = fmt.Sprintf("%s docs in durable transactions of %s", report.Int(n), report.Int(r.sizes.C3Batch))
	if indexed {
		f.notes += "; email and age indexes maintained"
	}
	r.record(id, "size after close, apparent", "B/doc", e.Name, float64(u.Apparent)/float64(n)).lowerBetter = true
	r.record(id, "size after close, allocated", "B/doc", e.Name, float64(u.Allocated)/float64(n)).lowerBetter = true
	if rep == r.sizes.Reps-1 {
		return r.keep(storeKey(indexed, e), dir)
	}
	return os.RemoveAll(dir)
}

// keep moves a store to its kept place for the read workloads.
func (r *Runner) keep(key, dir string) error {
	kept := filepath.Join(r.cfg.Dir, "kept-"+strings.ReplaceAll(key, "/", "-"))
	if err := os.RemoveAll(kept); err != nil {
		return err
	}
	if err := os.Rename(dir, kept); err != nil {
		return err
	}
	r.stores[key] = kept
	return nil
}

// store returns the kept C3 (or C3i) store of e, building it untimed when
// C3 did not run.
func (r *Runner) store(e Engine, indexed bool) (string, error) {
	key := storeKey(indexed, e)
	if dir := r.stores[key]; dir != "" {
		return dir, nil
	}
	docs, err := r.docSet(PeerMedium, r.sizes.C3Docs)
	if err != nil {
		return "", err
	}
	dir, err := r.freshDir("build-" + strings.ReplaceAll(key, "/", "-"))
	if err != nil {
		return "", err
	}
	st, err := e.Open(dir)
	if err != nil {
		return "", err
	}
	if indexed {
		err = st.CreateIndexes()
	}
	if err == nil {
		err = load(st, docs, r.sizes.C3Batch)
	}
	if err == nil {
		err = r.checkLoaded(st, docs, indexed, 0x9EE7C3FF)
	}
	if cerr := st.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", fmt.Errorf("building %s: %w", key, err)
	}
	r.logf("   built %s untimed", key)
	if err := r.keep(key, dir); err != nil {
		return "", err
	}
	return r.stores[key], nil
}

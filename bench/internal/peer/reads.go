package peer

import (
	"fmt"
	"sync"
	"time"

	"github.com/grumpydb/grumpydb/bench/internal/keygen"
	"github.com/grumpydb/grumpydb/bench/internal/report"
)

// openKept opens e's kept C3 (or C3i) store.
func (r *Runner) openKept(e Engine, indexed bool) (Store, []Doc, error) {
	dir, err := r.store(e, indexed)
	if err != nil {
		return nil, nil, err
	}
	docs, err := r.docSet(PeerMedium, r.sizes.C3Docs)
	if err != nil {
		return nil, nil, err
	}
	st, err := e.Open(dir)
	return st, docs, err
}

// gets runs the gets of picks split evenly over g goroutines released
// together, each result checked non-empty; it returns the elapsed time.
func gets(st Store, docs []Doc, picks []int, g int) (time.Duration, error) {
	var ready, done sync.WaitGroup
	release := make(chan struct{})
	errs := make([]error, g)
	per := (len(picks) + g - 1) / g
	for k := range g {
		part := picks[min(k*per, len(picks)):min((k+1)*per, len(picks))]
		ready.Add(1)
		done.Add(1)
		go func() {
			defer done.Done()
			ready.Done()
			<-release
			for _, i := range part {
				n, err := st.Get(docs[i].Key)
				if err == nil && n == 0 {
					err = fmt.Errorf("%w: get of document %d returned nothing", ErrVerify, i)
				}
				if err != nil {
					errs[k] = err
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

// c4 is the warm random point get on the C3 store: after an untimed scan
// and C4WarmUp gets, C4Gets uniform gets with 1 goroutine, then with 2
// sharing the store.
func (r *Runner) c4(e Engine, rep int) error {
	st, docs, err := r.openKept(e, false)
	if err != nil {
		return err
	}
	defer st.Close()
	picks := keygen.Picks(0x9EE7C400, r.sizes.C4Gets, len(docs))
	if _, err := st.ScanRaw(); err != nil {
		return err
	}
	if _, err := gets(st, docs, picks[:min(r.sizes.C4WarmUp, len(picks))], 1); err != nil {
		return fmt.Errorf("warm-up: %w", err)
	}
	if err := checkDocs(st, docs, picks[:min(1000, len(picks))]); err != nil {
		return err
	}
	for _, g := range []int{1, 2} {
		elapsed, err := gets(st, docs, picks, g)
		if err != nil {
			return err
		}
		variant := "1 goroutine"
		if g > 1 {
			variant = fmt.Sprintf("%d goroutines", g)
		}
		f := r.record("C4", variant, "ops/s", e.Name, report.Rate(len(picks), elapsed))
		f.notes = fmt.Sprintf("%s uniform gets of %s docs, warm; GrumpyDB decodes, peers copy the bytes", report.Int(len(picks)), report.Int(len(docs)))
	}
	return nil
}

// c5 is the full scan of the C3 store, after an untimed warm-up scan:
// every document decoded (peers: encoding/json into map[string]any), then
// raw (peers: a copy of the bytes).
func (r *Runner) c5(e Engine, rep int) error {
	st, docs, err := r.openKept(e, false)
	if err != nil {
		return err
	}
	defer st.Close()
	if _, err := st.ScanRaw(); err != nil {
		return err
	}
	for _, v := range []struct {
		name string
		scan func() (int, error)
		note string
	}{
		{"decoded", st.ScanDecoded, "peers: encoding/json into map[string]any"},
		{"raw (no decode)", st.ScanRaw, "peers: a copy of each value; GrumpyDB has no raw scan, so it decodes here too"},
	} {
		start := time.Now()
		n, err := v.scan()
		elapsed := time.Since(start)
		if err != nil {
			return err
		}
		if n != len(docs) {
			return fmt.Errorf("%w: %s scan returned %d documents, want %d", ErrVerify, v.name, n, len(docs))
		}
		f := r.record("C5", v.name, "docs/s", e.Name, report.Rate(n, elapsed))
		f.notes = fmt.Sprintf("%s docs in key order; %s", report.Int(n), v.note)
	}
	return nil
}

// checkEmail verifies that the email of document i finds exactly it.
func (r *Runner) checkEmail(st Store, docs []Doc, i int) error {
	got, err := st.EmailDocs(docs[i].Email)
	if err != nil {
		return err
	}
	if len(got) != 1 {
		return fmt.Errorf("%w: email %s found %d documents, want 1", ErrVerify, docs[i].Email, len(got))
	}
	return sameDoc(got[0], &docs[i])
}

// c7Expected counts the documents C7's range must return.
func c7Expected(docs []Doc) int {
	n := 0
	for _, d := range docs {
		if d.Age >= c7Lo && d.Age < c7Hi {
			n++
		}
	}
	return n
}

// checkAgeRange verifies C7's range: exactly the documents of age 40 or
// 41, each equal to the one stored.
func (r *Runner) checkAgeRange(st Store, docs []Doc) error {
	got, err := st.AgeDocs(c7Lo, c7Hi)
	if err != nil {
		return err
	}
	if want := c7Expected(docs); len(got) != want {
		return fmt.Errorf("%w: ages [%d, %d) found %d documents, want %d", ErrVerify, c7Lo, c7Hi, len(got), want)
	}
	seen := map[int]bool{}
	for _, m := range got {
		email, _ := m["email"].(string)
		i, ok := r.byEmail[email]
		if !ok || seen[i] {
			return fmt.Errorf("%w: range returned an unknown or repeated document %q", ErrVerify, email)
		}
		seen[i] = true
		if err := sameDoc(m, &docs[i]); err != nil {
			return err
		}
	}
	return nil
}

// c6 is the index exact match on email on the C3i store: C6Lookups
// lookups of existing emails, each returning its one document decoded.
func (r *Runner) c6(e Engine, rep int) error {
	st, docs, err := r.openKept(e, true)
	if err != nil {
		return err
	}
	defer st.Close()
	picks := keygen.Picks(0x9EE7C600, r.sizes.C6Lookups, len(docs))
	emails := make([]string, len(picks))
	for i, p := range picks {
		emails[i] = docs[p].Email
	}
	for _, p := range picks[:min(100, len(picks))] {
		if err := r.checkEmail(st, docs, p); err != nil {
			return err
		}
	}
	start := time.Now()
	for i, email := range emails {
		n, err := st.QueryEmail(email)
		if err != nil {
			return err
		}
		if n != 1 {
			return fmt.Errorf("%w: lookup %d of %s found %d documents", ErrVerify, i, email, n)
		}
	}
	elapsed := time.Since(start)
	f := r.record("C6", "email, one hit", "lookups/s", e.Name, report.Rate(len(emails), elapsed))
	f.notes = fmt.Sprintf("%s lookups of existing emails, each document decoded", report.Int(len(emails)))
	return nil
}

// c7 is the index range 40 ≤ age < 42 on the C3i store, C7Queries times,
// each returning its documents decoded.
func (r *Runner) c7(e Engine, rep int) error {
	st, docs, err := r.openKept(e, true)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := r.checkAgeRange(st, docs); err != nil {
		return err
	}
	want := c7Expected(docs)
	q := r.sizes.C7Queries
	start := time.Now()
	for i := range q {
		n, err := st.QueryAge(c7Lo, c7Hi)
		if err != nil {
			return err
		}
		if n != want {
			return fmt.Errorf("%w: range query %d found %d documents, want %d", ErrVerify, i, n, want)
		}
	}
	elapsed := time.Since(start)
	f := r.record("C7", "age in [40, 42), queries", "queries/s", e.Name, report.Rate(q, elapsed))
	f.notes = fmt.Sprintf("%d queries of %s hits each, decoded", q, report.Int(want))
	r.record("C7", "age in [40, 42), documents", "docs/s", e.Name, report.Rate(q*want, elapsed)).notes = "documents returned ÷ elapsed"
	return nil
}

package peer

import (
	"fmt"
	"strings"
	"time"

	"github.com/grumpydb/grumpydb/bench/internal/keygen"
	"github.com/grumpydb/grumpydb/bench/internal/report"
)

// findWorkload is one row of Q1–Q3: a list of queries run back to back on
// a kept store, each query's answer checked against the model.
//
//   - Q1 (C3i store, indexes on email and age): Q1Finds queries {email: e},
//     e an existing email drawn uniformly: one hit each. GrumpyDB plans
//     an email_idx lookup; SQLite searches docs_email. It is C6 through
//     the query languages (filter parsing and planning on GrumpyDB's
//     side, SQL over json_extract on SQLite's).
//   - Q2 (C3i store): Q2Finds queries {age: {$gte: lo, $lt: hi}} sorted by
//     {age: 1} with limit 10, lo uniform in [0, 90), hi − lo uniform in
//     2 … 10 (2% to 10% of the documents match). GrumpyDB walks age_idx in
//     order from lo and stops after 10 documents; SQLite searches
//     docs_age, whose entries end with the primary key, so ORDER BY
//     json_extract(doc, '$.age'), id needs no sort. Ties are broken by
//     ascending key on both sides.
//   - Q3 (C3 store, no index): the queries of Q1 and of Q2, Q3Finds of
//     each, every one a full scan with the filter applied to every
//     document (and, for the range, a top-10 sort).
//
// Timed: the queries only. Untimed, per repetition: the full decoded
// answers of the first queries compared with the generated documents,
// and each engine's plan (GrumpyDB's Explain, SQLite's EXPLAIN QUERY
// PLAN), which must be the plan the row claims to measure.
type findWorkload struct {
	id, variant string
	indexed     bool   // the C3i store, or the C3 store (no index)
	field       string // the queried field: "email" or "age"
	queries     []findQuery
	checks      int // queries whose full answer is checked untimed
}

// Seeds of the find workloads' queries.
const (
	q1Seed      = 0x9EE7D100
	q2Seed      = 0x9EE7D200
	q3EmailSeed = 0x9EE7D300
	q3AgeSeed   = 0x9EE7D301
)

// emailQueries draws n queries {email: e} over existing emails.
func emailQueries(seed uint64, n int, docs []Doc) []findQuery {
	out := make([]findQuery, n)
	for i, p := range keygen.Picks(seed, n, len(docs)) {
		out[i] = findQuery{kind: findEmail, email: docs[p].Email}
	}
	return out
}

// ageQueries draws n Q2 queries.
func ageQueries(seed uint64, n int) []findQuery {
	g := keygen.New(seed)
	out := make([]findQuery, n)
	for i := range out {
		lo := g.IntN(100 - q2MinWidth - q2Widths + 1)
		out[i] = findQuery{kind: findAgeSorted, lo: lo, hi: lo + q2MinWidth + g.IntN(q2Widths), limit: q2Limit}
	}
	return out
}

// findWorkloads returns the rows of workload id.
func (r *Runner) findWorkloads(id string, docs []Doc) []findWorkload {
	switch id {
	case "Q1":
		return []findWorkload{{id: id, variant: "email, one hit, indexed", indexed: true, field: "email",
			queries: emailQueries(q1Seed, r.sizes.Q1Finds, docs), checks: 100}}
	case "Q2":
		return []findWorkload{{id: id, variant: "age range, sort age, limit 10, indexed", indexed: true, field: "age",
			queries: ageQueries(q2Seed, r.sizes.Q2Finds), checks: 50}}
	case "Q3":
		return []findWorkload{
			{id: id, variant: "email, one hit, no index (scan)", field: "email",
				queries: emailQueries(q3EmailSeed, r.sizes.Q3Finds, docs), checks: 1},
			{id: id, variant: "age range, sort age, limit 10, no index (scan)", field: "age",
				queries: ageQueries(q3AgeSeed, r.sizes.Q3Finds), checks: 1},
		}
	}
	return nil
}

// findEngines returns the selected engines that run the find workloads.
func (r *Runner) findEngines() []Engine {
	var out []Engine
	for _, e := range r.engines {
		if e.Finds {
			out = append(out, e)
		}
	}
	return out
}

// findModelOf returns the model of docs (built once).
func (r *Runner) findModelOf(docs []Doc) *findModel {
	if r.model == nil || len(r.model.docs) != len(docs) {
		r.model = newFindModel(docs)
	}
	return r.model
}

// runFinds runs workload id (Q1, Q2 or Q3) on GrumpyDB and SQLite.
func (r *Runner) runFinds(id string) error {
	engines := r.findEngines()
	if len(engines) == 0 {
		r.logf("   %s skipped: it runs on GrumpyDB and SQLite only", id)
		return nil
	}
	docs, err := r.docSet(PeerMedium, r.sizes.C3Docs)
	if err != nil {
		return err
	}
	m := r.findModelOf(docs)
	for _, w := range r.findWorkloads(id, docs) {
		want := make([][]string, len(w.queries))
		for i, q := range w.queries {
			want[i] = m.emails(m.answer(q))
		}
		err := r.rotateAmong(id+" "+w.variant, engines, func(e Engine, rep int) error {
			return r.find(e, &w, m, want)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// find runs one repetition of w on e.
func (r *Runner) find(e Engine, w *findWorkload, m *findModel, want [][]string) error {
	st, _, err := r.openKept(e, w.indexed)
	if err != nil {
		return err
	}
	defer st.Close()
	fs, ok := st.(finder)
	if !ok {
		return fmt.Errorf("%w: %s has no query language", ErrUnknown, e.Name)
	}
	for _, q := range w.queries[:min(w.checks, len(w.queries))] {
		if err := m.checkFindDocs(fs, q); err != nil {
			return err
		}
	}
	plan, err := fs.ExplainFind(w.queries[0])
	if err != nil {
		return err
	}
	if err := checkPlan(e.Name, w, plan); err != nil {
		return err
	}
	r.explains[w.id+" "+w.variant+"/"+e.Name] = plan
	start := time.Now()
	for i, q := range w.queries {
		got, err := fs.FindEmails(q)
		if err != nil {
			return err
		}
		if err := checkEmails(q, got, want[i]); err != nil {
			return err
		}
	}
	elapsed := time.Since(start)
	f := r.record(w.id, w.variant, "queries/s", e.Name, report.Rate(len(w.queries), elapsed))
	f.notes = r.findNotes(w, m)
	return nil
}

// checkPlan verifies that an engine's plan is the one w measures: an
// index on w.field (with no sort step on SQLite's side) or a full scan.
func checkPlan(engine string, w *findWorkload, plan string) error {
	var ok bool
	switch {
	case engine == "GrumpyDB" && w.indexed:
		ok = strings.HasPrefix(plan, "index "+w.field+"_idx,")
	case engine == "GrumpyDB":
		ok = strings.HasPrefix(plan, "scan,")
	case w.indexed:
		ok = strings.Contains(plan, "USING INDEX docs_"+w.field) && !strings.Contains(plan, "TEMP B-TREE")
	default:
		ok = strings.Contains(plan, "SCAN docs")
	}
	if !ok {
		return fmt.Errorf("%w: %s plans %s %s as %q", ErrVerify, engine, w.id, w.variant, plan)
	}
	return nil
}

// findNotes describes w and the plans seen so far.
func (r *Runner) findNotes(w *findWorkload, m *findModel) string {
	n, docs := len(w.queries), report.Int(len(m.docs))
	var b strings.Builder
	switch {
	case w.field == "email":
		fmt.Fprintf(&b, "%s finds of an existing email, one hit each", report.Int(n))
	default:
		lo, hi := len(m.docs), 0
		for _, q := range w.queries {
			k := m.matching(q)
			lo, hi = min(lo, k), max(hi, k)
		}
		fmt.Fprintf(&b, "%s finds of a range matching %s–%s docs, sorted, first 10", report.Int(n), report.Int(lo), report.Int(hi))
	}
	if w.indexed {
		fmt.Fprintf(&b, ", %s docs (C3i store)", docs)
	} else {
		fmt.Fprintf(&b, ", each a full scan of %s docs (C3 store)", docs)
	}
	b.WriteString("; results decoded and checked")
	for _, e := range r.findEngines() {
		if p := r.explains[w.id+" "+w.variant+"/"+e.Name]; p != "" {
			fmt.Fprintf(&b, "; %s plan of the first (%s matching): %s", e.Name, report.Int(m.matching(w.queries[0])), p)
		}
	}
	return b.String()
}

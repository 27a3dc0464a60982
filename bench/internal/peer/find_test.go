package peer

import (
	"bytes"
	"errors"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/grumpydb/grumpydb/bench/internal/keygen"
)

// findSeed returns the seed of the randomised find tests: GRUMPY_PEER_SEED
// when set, else a fixed one. It is logged.
func findSeed(t *testing.T) uint64 {
	t.Helper()
	seed := uint64(0x51EED)
	if s := os.Getenv("GRUMPY_PEER_SEED"); s != "" {
		v, err := strconv.ParseUint(s, 0, 64)
		if err != nil {
			t.Fatalf("GRUMPY_PEER_SEED=%q: %v", s, err)
		}
		seed = v
	}
	t.Logf("seed %#x (set GRUMPY_PEER_SEED to repeat)", seed)
	return seed
}

// loadFinder opens e in a fresh directory, with the indexes or without,
// and loads docs.
func loadFinder(t *testing.T, e Engine, docs []Doc, indexed bool) finder {
	t.Helper()
	st, err := e.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if indexed {
		if err := st.CreateIndexes(); err != nil {
			t.Fatal(err)
		}
	}
	if err := load(st, docs, 1000); err != nil {
		t.Fatal(err)
	}
	fs, ok := st.(finder)
	if !ok {
		t.Fatalf("%s is not a finder", e.Name)
	}
	return fs
}

func mediumDocs(t *testing.T, n int) []Doc {
	t.Helper()
	docs, err := Generate(PeerMedium, n)
	if err != nil {
		t.Fatal(err)
	}
	if err := WithValues(docs); err != nil {
		t.Fatal(err)
	}
	return docs
}

// TestFindModelBruteForce: the model's answers are those of a plain
// filter, sort and cut.
func TestFindModelBruteForce(t *testing.T) {
	docs := mediumDocs(t, 500)
	m := newFindModel(docs)
	g := keygen.New(findSeed(t))
	for range 200 {
		q := findQuery{kind: findAgeSorted, lo: g.IntN(105) - 2, limit: g.IntN(30)}
		q.hi = q.lo + g.IntN(12)
		var want []int
		for i, d := range docs {
			if d.Age >= q.lo && d.Age < q.hi {
				want = append(want, i)
			}
		}
		if len(want) != m.matching(q) {
			t.Fatalf("%s: matching = %d, want %d", q, m.matching(q), len(want))
		}
		slices.SortFunc(want, func(a, b int) int {
			if docs[a].Age != docs[b].Age {
				return docs[a].Age - docs[b].Age
			}
			return bytes.Compare(docs[a].Key[:], docs[b].Key[:])
		})
		if q.limit > 0 && len(want) > q.limit {
			want = want[:q.limit]
		}
		if got := m.answer(q); !slices.Equal(got, want) {
			t.Fatalf("%s: model %v, brute force %v", q, got, want)
		}
	}
	if got := m.answer(findQuery{kind: findEmail, email: docs[7].Email}); !slices.Equal(got, []int{7}) {
		t.Fatalf("email answer %v", got)
	}
	if got := m.answer(findQuery{kind: findEmail, email: "nobody@example.com"}); got != nil {
		t.Fatalf("missing email answer %v", got)
	}
}

// TestFindersAgainstModel runs random queries of both kinds on GrumpyDB
// and SQLite, with and without indexes: every answer (emails in order,
// then the full documents) equals the model's, so the two engines also
// return the same documents in the same order.
func TestFindersAgainstModel(t *testing.T) {
	docs := mediumDocs(t, 1500)
	m := newFindModel(docs)
	g := keygen.New(findSeed(t))
	var qs []findQuery
	for range 60 {
		if g.IntN(3) == 0 {
			qs = append(qs, findQuery{kind: findEmail, email: docs[g.IntN(len(docs))].Email})
			continue
		}
		lo := g.IntN(104) - 2
		qs = append(qs, findQuery{kind: findAgeSorted, lo: lo, hi: lo + g.IntN(12), limit: []int{1, 10, 10, 50, 5000}[g.IntN(5)]})
	}
	edges := []findQuery{{kind: findEmail, email: "nobody@example.com"},
		{kind: findAgeSorted, lo: 50, hi: 50, limit: 10},
		{kind: findAgeSorted, lo: 98, hi: 100, limit: 1000}}
	all := append(qs, edges...)
	// Each unindexed query is a scan (slow under -race): fewer of them.
	scans := append(qs[:20:20], edges...)
	for _, indexed := range []bool{true, false} {
		qs := all
		if !indexed {
			qs = scans
		}
		answers := map[string][][]string{}
		for _, e := range Engines() {
			if !e.Finds {
				continue
			}
			t.Run(e.Name+"/indexed="+strconv.FormatBool(indexed), func(t *testing.T) {
				fs := loadFinder(t, e, docs, indexed)
				for _, q := range qs {
					got, err := fs.FindEmails(q)
					if err != nil {
						t.Fatalf("%s: %v", q, err)
					}
					if err := checkEmails(q, got, m.emails(m.answer(q))); err != nil {
						t.Fatal(err)
					}
					answers[e.Name] = append(answers[e.Name], got)
				}
				for _, q := range qs[:10] {
					if err := m.checkFindDocs(fs, q); err != nil {
						t.Fatal(err)
					}
				}
			})
		}
		if a, b := answers["GrumpyDB"], answers["SQLite"]; len(a) != len(qs) || !slices.EqualFunc(a, b, slices.Equal) {
			t.Fatalf("indexed=%v: GrumpyDB and SQLite answers differ", indexed)
		}
	}
}

// TestCheckFindDocsCatchesWrongAnswers: a store missing a document, or
// answering in another order, fails verification.
func TestCheckFindDocsCatchesWrongAnswers(t *testing.T) {
	docs := mediumDocs(t, 300)
	m := newFindModel(docs)
	q := findQuery{kind: findAgeSorted, lo: 10, hi: 30, limit: 10}
	ans := m.answer(q)
	// A store holding every document but the answer's third.
	var rest []Doc
	for i := range docs {
		if i != ans[2] {
			rest = append(rest, docs[i])
		}
	}
	for _, e := range Engines() {
		if !e.Finds {
			continue
		}
		fs := loadFinder(t, e, rest, true)
		if err := m.checkFindDocs(fs, q); !errors.Is(err, ErrVerify) {
			t.Errorf("%s: a missing document: err = %v, want ErrVerify", e.Name, err)
		}
		got, err := fs.FindEmails(q)
		if err != nil {
			t.Fatal(err)
		}
		if err := checkEmails(q, got, m.emails(ans)); !errors.Is(err, ErrVerify) {
			t.Errorf("%s: a missing document in the emails: err = %v, want ErrVerify", e.Name, err)
		}
	}
	swapped := m.emails(ans)
	swapped[0], swapped[1] = swapped[1], swapped[0]
	if err := checkEmails(q, swapped, m.emails(ans)); !errors.Is(err, ErrVerify) {
		t.Errorf("out of order: err = %v, want ErrVerify", err)
	}
}

// TestExplainLimitTouchesTen is the structural claim behind Q2: a limit of
// 10 over an index range matching thousands of documents reads about 10
// documents, while the same range without a limit reads all it matches
// and the unindexed store reads every document.
func TestExplainLimitTouchesTen(t *testing.T) {
	docs := mediumDocs(t, 10_000)
	m := newFindModel(docs)
	q := findQuery{kind: findAgeSorted, lo: 20, hi: 60, limit: 10}
	matching := m.matching(q)
	if matching < 3000 {
		t.Fatalf("the range matches only %d documents", matching)
	}
	e, _ := EngineByName("GrumpyDB")
	gs := loadFinder(t, e, docs, true).(*grumpyStore)
	// Without a limit the walk reads at least every match (the engine
	// walks one condition's bounds: they are never intersected).
	for _, tc := range []struct {
		limit                    int
		minExamined, maxExamined int
		wantReturned             int
	}{
		{10, 10, 11, 10},
		{1, 1, 2, 1},
		{0, matching, len(docs), matching},
	} {
		q.limit = tc.limit
		p, err := gs.explain(q)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("limit %d over %d matching: %+v", tc.limit, matching, p)
		if p.Plan != "index" || p.Index != "age_idx" || p.Examined < tc.minExamined || p.Examined > tc.maxExamined || p.Returned != tc.wantReturned {
			t.Errorf("limit %d: plan %s %s, examined %d (want %d … %d), returned %d (want %d)",
				tc.limit, p.Plan, p.Index, p.Examined, tc.minExamined, tc.maxExamined, p.Returned, tc.wantReturned)
		}
	}
	ns := loadFinder(t, e, docs[:2000], false).(*grumpyStore)
	q.limit = 10
	p, err := ns.explain(q)
	if err != nil {
		t.Fatal(err)
	}
	if p.Plan != "scan" || p.Examined != 2000 || p.Returned != 10 {
		t.Errorf("unindexed: %+v, want a scan examining 2000", p)
	}
}

// TestFindPlans: each engine's plan for each row is the one the row claims
// (checkPlan), and checkPlan rejects the others.
func TestFindPlans(t *testing.T) {
	docs := mediumDocs(t, 500)
	r := &Runner{sizes: ReducedSizes()}
	r.sizes.Q1Finds, r.sizes.Q2Finds, r.sizes.Q3Finds = 3, 3, 3
	var rows []findWorkload
	for _, id := range []string{"Q1", "Q2", "Q3"} {
		rows = append(rows, r.findWorkloads(id, docs)...)
	}
	if len(rows) != 4 {
		t.Fatalf("%d rows", len(rows))
	}
	for _, e := range Engines() {
		if !e.Finds {
			continue
		}
		stores := map[bool]finder{true: loadFinder(t, e, docs, true), false: loadFinder(t, e, docs, false)}
		for i := range rows {
			w := &rows[i]
			plan, err := stores[w.indexed].ExplainFind(w.queries[0])
			if err != nil {
				t.Fatal(err)
			}
			if err := checkPlan(e.Name, w, plan); err != nil {
				t.Errorf("%v", err)
			}
			// The other store's plan is not this row's.
			other, err := stores[!w.indexed].ExplainFind(w.queries[0])
			if err != nil {
				t.Fatal(err)
			}
			if err := checkPlan(e.Name, w, other); !errors.Is(err, ErrVerify) {
				t.Errorf("%s %s %s: the other store's plan %q accepted", e.Name, w.id, w.variant, other)
			}
		}
	}
	if err := checkPlan("SQLite", &rows[1], "SEARCH docs USING INDEX docs_age (<expr>>?); USE TEMP B-TREE FOR ORDER BY"); !errors.Is(err, ErrVerify) {
		t.Errorf("a sorting SQLite plan accepted for Q2: %v", err)
	}
	if err := checkPlan("GrumpyDB", &rows[1], "index email_idx, examined 1, returned 1"); !errors.Is(err, ErrVerify) {
		t.Errorf("the wrong GrumpyDB index accepted for Q2: %v", err)
	}
}

// TestFindQueries: the drawn queries stay in their documented ranges.
func TestFindQueries(t *testing.T) {
	docs := mediumDocs(t, 100)
	for _, q := range ageQueries(q2Seed, 5000) {
		if w := q.hi - q.lo; q.lo < 0 || q.hi > 100 || w < q2MinWidth || w >= q2MinWidth+q2Widths || q.limit != q2Limit {
			t.Fatalf("query %s out of range", q)
		}
	}
	for _, q := range emailQueries(q1Seed, 500, docs) {
		if q.kind != findEmail || !strings.HasSuffix(q.email, "@example.com") {
			t.Fatalf("query %s", q)
		}
	}
	if s := (findQuery{kind: findAgeSorted, lo: 3, hi: 5, limit: 10}).String(); s != "{age: {$gte: 3, $lt: 5}}, {sort: {age: 1}, limit: 10}" {
		t.Fatalf("String = %s", s)
	}
}

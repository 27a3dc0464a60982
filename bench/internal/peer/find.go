package peer

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
)

// The find workloads (Q1–Q3) run one query language against another:
// GrumpyDB's Find (a filter document, sort and limit options, the planner
// choosing a secondary index) and SQLite's SQL over json_extract (its
// planner choosing an expression index). Only the two engines that have a
// query language take part (Engine.Finds).

// findKind is the query a findQuery asks.
type findKind int

const (
	// findEmail is {email: e}: the documents whose email is e, in key
	// order (one document on the peer data).
	findEmail findKind = iota
	// findAgeSorted is {age: {$gte: lo, $lt: hi}} sorted by {age: 1}
	// (ties by ascending key) with a limit.
	findAgeSorted
)

// findQuery is one query in neutral form; each engine translates it.
type findQuery struct {
	kind   findKind
	email  string // findEmail
	lo, hi int    // findAgeSorted: lo ≤ age < hi
	limit  int    // findAgeSorted: > 0
}

// String renders the query as the GrumpyDB shell would write it.
func (q findQuery) String() string {
	if q.kind == findEmail {
		return `{email: ` + strconv.Quote(q.email) + `}`
	}
	return fmt.Sprintf("{age: {$gte: %d, $lt: %d}}, {sort: {age: 1}, limit: %d}", q.lo, q.hi, q.limit)
}

// finder is a Store with a query language. The timed method returns the
// emails of the results in result order: every result is decoded in full
// (GrumpyDB by Find itself, SQLite with encoding/json into map[string]any,
// as in C6 and C7) and its email read from the decoded document, so the
// caller checks every query's exact answer at the same small cost on both
// sides.
type finder interface {
	Store
	// FindEmails runs q and returns the results' emails, in order.
	FindEmails(q findQuery) ([]string, error)
	// FindDocs runs q and returns the results as JSON maps, in order
	// (for the untimed deep checks).
	FindDocs(q findQuery) ([]map[string]any, error)
	// ExplainFind runs q and describes the plan the engine chose (for
	// GrumpyDB with the documents examined and the results returned).
	ExplainFind(q findQuery) (string, error)
}

// findModel answers the find queries from the generated documents: the
// simple model every engine's answer is compared with.
type findModel struct {
	docs    []Doc
	byEmail map[string]int
	byAge   []int // indices of docs ordered by (age, key bytes)
}

// agesBelow returns the number of documents of age < a.
func (m *findModel) agesBelow(a int) int {
	n, _ := slices.BinarySearchFunc(m.byAge, a, func(i, a int) int { return m.docs[i].Age - a })
	return n
}

func newFindModel(docs []Doc) *findModel {
	m := &findModel{docs: docs, byEmail: make(map[string]int, len(docs)), byAge: make([]int, len(docs))}
	for i := range docs {
		m.byEmail[docs[i].Email] = i
		m.byAge[i] = i
	}
	slices.SortFunc(m.byAge, func(a, b int) int {
		if c := docs[a].Age - docs[b].Age; c != 0 {
			return c
		}
		return bytes.Compare(docs[a].Key[:], docs[b].Key[:])
	})
	return m
}

// answer returns the indices of the documents q must return, in order.
func (m *findModel) answer(q findQuery) []int {
	switch q.kind {
	case findEmail:
		if i, ok := m.byEmail[q.email]; ok && q.email != "" {
			return []int{i}
		}
		return nil
	case findAgeSorted:
		var out []int
		for _, i := range m.byAge[m.agesBelow(q.lo):] {
			if m.docs[i].Age >= q.hi || (q.limit > 0 && len(out) == q.limit) {
				break
			}
			out = append(out, i)
		}
		return out
	}
	return nil
}

// matching counts the documents q's filter matches, before any limit.
func (m *findModel) matching(q findQuery) int {
	if q.kind == findEmail {
		return len(m.answer(q))
	}
	if q.hi <= q.lo {
		return 0
	}
	return m.agesBelow(q.hi) - m.agesBelow(q.lo)
}

// emails returns the emails of the documents at idx.
func (m *findModel) emails(idx []int) []string {
	out := make([]string, len(idx))
	for k, i := range idx {
		out[k] = m.docs[i].Email
	}
	return out
}

// checkEmails compares an engine's answer with the model's.
func checkEmails(q findQuery, got, want []string) error {
	if !slices.Equal(got, want) {
		return fmt.Errorf("%w: find %s returned %q, want %q", ErrVerify, q, got, want)
	}
	return nil
}

// checkFindDocs verifies q's full answer on st: the same documents, in the
// same order, each equal to the generated one.
func (m *findModel) checkFindDocs(st finder, q findQuery) error {
	got, err := st.FindDocs(q)
	if err != nil {
		return err
	}
	want := m.answer(q)
	if len(got) != len(want) {
		return fmt.Errorf("%w: find %s returned %d documents, want %d", ErrVerify, q, len(got), len(want))
	}
	for k, i := range want {
		if err := sameDoc(got[k], &m.docs[i]); err != nil {
			return fmt.Errorf("find %s, result %d: %w", q, k, err)
		}
	}
	return nil
}

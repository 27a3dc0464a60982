package peer

import (
	"context"
	"fmt"

	"github.com/grumpydb/grumpydb/bench/internal/report"
	"github.com/grumpydb/grumpydb/engine"
)

// grumpyFind translates q into a Find filter and options: {email: e}, or
// {age: {$gte: lo, $lt: hi}} with sort {age: 1} and the limit.
func grumpyFind(q findQuery) (engine.Value, engine.FindOptions) {
	if q.kind == findEmail {
		return engine.Object(engine.Field{Key: "email", Value: engine.String(q.email)}), engine.FindOptions{}
	}
	filter := engine.Object(engine.Field{Key: "age", Value: engine.Object(
		engine.Field{Key: "$gte", Value: engine.Int(int64(q.lo))},
		engine.Field{Key: "$lt", Value: engine.Int(int64(q.hi))},
	)})
	return filter, engine.FindOptions{Sort: []engine.SortKey{{Path: "age"}}, Limit: q.limit}
}

// find runs q through DB.Find (its own snapshot) and calls fn with each
// result, decoded by the engine.
func (s *grumpyStore) find(q findQuery, fn func(engine.Document) error) error {
	filter, opts := grumpyFind(q)
	it, err := s.db.Find(context.Background(), grumpyColl, filter, opts)
	if err != nil {
		return err
	}
	for it.Next() {
		if err := fn(it.Document()); err != nil {
			it.Close()
			return err
		}
	}
	return it.Close()
}

func (s *grumpyStore) FindEmails(q findQuery) ([]string, error) {
	var out []string
	err := s.find(q, func(d engine.Document) error {
		e, ok := d.Value.Get("email")
		if !ok || e.Kind() != engine.KindString {
			return fmt.Errorf("%w: find %s returned a document without an email", ErrVerify, q)
		}
		out = append(out, e.Str())
		return nil
	})
	return out, err
}

func (s *grumpyStore) FindDocs(q findQuery) ([]map[string]any, error) {
	var out []map[string]any
	err := s.find(q, func(d engine.Document) error {
		m, err := asMap(d.Value)
		out = append(out, m)
		return err
	})
	return out, err
}

// explain runs q under Explain.
func (s *grumpyStore) explain(q findQuery) (engine.Plan, error) {
	filter, opts := grumpyFind(q)
	return s.db.Explain(context.Background(), grumpyColl, filter, opts)
}

func (s *grumpyStore) ExplainFind(q findQuery) (string, error) {
	p, err := s.explain(q)
	if err != nil {
		return "", err
	}
	plan := p.Plan
	if p.Index != "" {
		plan += " " + p.Index
	}
	return fmt.Sprintf("%s, examined %s, returned %s", plan, report.Int(p.Examined), report.Int(p.Returned)), nil
}

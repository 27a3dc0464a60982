package peer

import (
	"database/sql"
	"fmt"
	"strings"
)

// sqliteFind returns the prepared statement and arguments of q:
//
//	{email: e}:  SELECT doc FROM docs WHERE json_extract(doc, '$.email') = ?
//	age range:   SELECT doc FROM docs WHERE json_extract(doc, '$.age') >= ?
//	             AND json_extract(doc, '$.age') < ?
//	             ORDER BY json_extract(doc, '$.age'), id LIMIT ?
//
// The id tie-break is GrumpyDB's (ascending key; the BLOB compares as
// bytes, like the UUID). On the C3i store the expression indexes serve
// both (the age index, whose entries end with the primary key, also gives
// the order); on the C3 store the same statements scan the table.
func (s *sqliteStore) sqliteFind(q findQuery) (*sql.Stmt, []any, error) {
	if err := s.prepareQueries(); err != nil {
		return nil, nil, err
	}
	if q.kind == findEmail {
		return s.byEmail, []any{q.email}, nil
	}
	return s.ageSorted, []any{q.lo, q.hi, sqliteLimit(q.limit)}, nil
}

// sqliteLimit maps "no limit" (0) to SQLite's LIMIT -1.
func sqliteLimit(n int) int {
	if n <= 0 {
		return -1
	}
	return n
}

// find runs q and calls fn with each result decoded by encoding/json into
// a map[string]any.
func (s *sqliteStore) find(q findQuery, fn func(map[string]any) error) error {
	st, args, err := s.sqliteFind(q)
	if err != nil {
		return err
	}
	rows, err := st.Query(args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var doc sql.RawBytes
		if err := rows.Scan(&doc); err != nil {
			return err
		}
		m, err := decodeJSON(doc)
		if err != nil {
			return err
		}
		if err := fn(m); err != nil {
			return err
		}
	}
	return rows.Err()
}

func (s *sqliteStore) FindEmails(q findQuery) ([]string, error) {
	var out []string
	err := s.find(q, func(m map[string]any) error {
		e, ok := m["email"].(string)
		if !ok {
			return fmt.Errorf("%w: find %s returned a document without an email", ErrVerify, q)
		}
		out = append(out, e)
		return nil
	})
	return out, err
}

func (s *sqliteStore) FindDocs(q findQuery) ([]map[string]any, error) {
	var out []map[string]any
	err := s.find(q, func(m map[string]any) error {
		out = append(out, m)
		return nil
	})
	return out, err
}

// ExplainFind returns SQLite's EXPLAIN QUERY PLAN details, joined by "; ".
func (s *sqliteStore) ExplainFind(q findQuery) (string, error) {
	text, args := sqlEmailQuery, []any{q.email}
	if q.kind != findEmail {
		text, args = sqlAgeSorted, []any{q.lo, q.hi, sqliteLimit(q.limit)}
	}
	rows, err := s.db.Query("EXPLAIN QUERY PLAN "+text, args...)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var details []string
	for rows.Next() {
		var id, parent, notused int
		var detail string
		if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
			return "", err
		}
		details = append(details, detail)
	}
	return strings.Join(details, "; "), rows.Err()
}

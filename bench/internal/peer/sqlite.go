package peer

import (
	"bytes"
	"database/sql"
	"fmt"
	"net/url"
	"path/filepath"

	"github.com/google/uuid"
	_ "modernc.org/sqlite" // the "sqlite" database/sql driver, pure Go
)

// SQLite schema: the document as TEXT under a 16-byte BLOB key (a
// WITHOUT ROWID table, clustered by key like the other engines), and
// expression indexes on the two indexed JSON paths.
const (
	sqliteSchema = `CREATE TABLE IF NOT EXISTS docs (id BLOB PRIMARY KEY, doc TEXT NOT NULL) WITHOUT ROWID`
	sqliteEmail  = `CREATE INDEX docs_email ON docs (json_extract(doc, '$.email'))`
	sqliteAge    = `CREATE INDEX docs_age ON docs (json_extract(doc, '$.age'))`

	sqlInsert     = `INSERT INTO docs (id, doc) VALUES (?, ?)`
	sqlGet        = `SELECT doc FROM docs WHERE id = ?`
	sqlScan       = `SELECT id, doc FROM docs ORDER BY id`
	sqlCount      = `SELECT count(*) FROM docs`
	sqlEmailQuery = `SELECT doc FROM docs WHERE json_extract(doc, '$.email') = ?`
	sqlAgeQuery   = `SELECT doc FROM docs WHERE json_extract(doc, '$.age') >= ? AND json_extract(doc, '$.age') < ?`
	// sqlAgeSorted is Q2's query (sqlite_find.go).
	sqlAgeSorted = `SELECT doc FROM docs WHERE json_extract(doc, '$.age') >= ? AND json_extract(doc, '$.age') < ? ` +
		`ORDER BY json_extract(doc, '$.age'), id LIMIT ?`
)

// sqliteStore is modernc.org/sqlite with PRAGMA journal_mode=WAL and
// synchronous=FULL on every connection (and a busy timeout, so concurrent
// writers wait for the lock instead of failing).
type sqliteStore struct {
	db                          *sql.DB
	insert, get, byEmail, byAge *sql.Stmt
	ageSorted                   *sql.Stmt // Q2, prepared with the index queries
}

// sqliteDSN is the connection string of the database file in dir.
func sqliteDSN(dir string) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(FULL)")
	return "file:" + filepath.Join(dir, "sqlite.db") + "?" + q.Encode()
}

func openSQLite(dir string) (Store, error) {
	db, err := sql.Open("sqlite", sqliteDSN(dir))
	if err != nil {
		return nil, err
	}
	// Keep the pool's connections (each carries its PRAGMAs) rather than
	// reopening them under 16 concurrent writers; this is database/sql's
	// pool, not an SQLite option.
	db.SetMaxIdleConns(32)
	s := &sqliteStore{db: db}
	if err := s.prepare(); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

func (s *sqliteStore) prepare() error {
	if _, err := s.db.Exec(sqliteSchema); err != nil {
		return err
	}
	var mode string
	if err := s.db.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil {
		return err
	}
	var sync int
	if err := s.db.QueryRow(`PRAGMA synchronous`).Scan(&sync); err != nil {
		return err
	}
	if mode != "wal" || sync != 2 {
		return fmt.Errorf("%w: SQLite runs journal_mode=%s synchronous=%d, want wal and 2 (FULL)", ErrVerify, mode, sync)
	}
	var err error
	if s.insert, err = s.db.Prepare(sqlInsert); err != nil {
		return err
	}
	s.get, err = s.db.Prepare(sqlGet)
	return err
}

// prepareQueries prepares the index queries (once the indexes exist, so
// the planner sees them).
func (s *sqliteStore) prepareQueries() error {
	if s.byEmail != nil {
		return nil
	}
	var err error
	if s.byEmail, err = s.db.Prepare(sqlEmailQuery); err != nil {
		return err
	}
	if s.byAge, err = s.db.Prepare(sqlAgeQuery); err != nil {
		return err
	}
	s.ageSorted, err = s.db.Prepare(sqlAgeSorted)
	return err
}

func (s *sqliteStore) Insert(d *Doc) error {
	_, err := s.insert.Exec(d.Key[:], string(d.JSON))
	return err
}

func (s *sqliteStore) Load(docs []Doc) error {
	tx, err := s.db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	st := tx.Stmt(s.insert)
	for i := range docs {
		if _, err := st.Exec(docs[i].Key[:], string(docs[i].JSON)); err != nil {
			return err
		}
	}
	return tx.Commit()
}

func (s *sqliteStore) CreateIndexes() error {
	if n, err := s.Count(); err != nil {
		return err
	} else if n > 0 {
		return ErrNotEmpty
	}
	for _, q := range []string{sqliteEmail, sqliteAge} {
		if _, err := s.db.Exec(q); err != nil {
			return err
		}
	}
	return nil
}

func (s *sqliteStore) Count() (int, error) {
	var n int
	err := s.db.QueryRow(sqlCount).Scan(&n)
	return n, err
}

func (s *sqliteStore) Get(key uuid.UUID) (int, error) {
	var b []byte
	if err := s.get.QueryRow(key[:]).Scan(&b); err != nil {
		return 0, err
	}
	return len(b), nil
}

func (s *sqliteStore) scan(decode bool) (int, error) {
	rows, err := s.db.Query(sqlScan)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	var prev, id []byte
	for rows.Next() {
		if decode {
			var doc sql.RawBytes
			if err := rows.Scan(&id, &doc); err != nil {
				return 0, err
			}
			if _, err := decodeJSON(doc); err != nil {
				return 0, err
			}
		} else {
			var doc []byte
			if err := rows.Scan(&id, &doc); err != nil {
				return 0, err
			}
			if len(doc) == 0 {
				return 0, fmt.Errorf("%w: empty document", ErrVerify)
			}
		}
		if prev != nil && bytes.Compare(prev, id) >= 0 {
			return 0, fmt.Errorf("%w: scan out of key order at %d", ErrVerify, n)
		}
		prev = id
		n++
	}
	return n, rows.Err()
}

func (s *sqliteStore) ScanDecoded() (int, error) { return s.scan(true) }
func (s *sqliteStore) ScanRaw() (int, error)     { return s.scan(false) }

// queryDocs runs an index query and decodes every document.
func queryDocs(st *sql.Stmt, args ...any) ([]map[string]any, error) {
	rows, err := st.Query(args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []map[string]any
	for rows.Next() {
		var doc sql.RawBytes
		if err := rows.Scan(&doc); err != nil {
			return nil, err
		}
		m, err := decodeJSON(doc)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

func (s *sqliteStore) EmailDocs(email string) ([]map[string]any, error) {
	if err := s.prepareQueries(); err != nil {
		return nil, err
	}
	return queryDocs(s.byEmail, email)
}

func (s *sqliteStore) AgeDocs(lo, hi int) ([]map[string]any, error) {
	if err := s.prepareQueries(); err != nil {
		return nil, err
	}
	return queryDocs(s.byAge, lo, hi)
}

func (s *sqliteStore) QueryEmail(email string) (int, error) {
	docs, err := s.EmailDocs(email)
	return len(docs), err
}

func (s *sqliteStore) QueryAge(lo, hi int) (int, error) {
	docs, err := s.AgeDocs(lo, hi)
	return len(docs), err
}

func (s *sqliteStore) Doc(key uuid.UUID) (map[string]any, error) {
	var b []byte
	if err := s.get.QueryRow(key[:]).Scan(&b); err != nil {
		return nil, err
	}
	return decodeJSON(b)
}

// queryPlans returns SQLite's plans for the two index queries (tests
// check that they use the expression indexes).
func (s *sqliteStore) queryPlans() (string, error) {
	var out bytes.Buffer
	for _, q := range []struct {
		sql  string
		args []any
	}{{sqlEmailQuery, []any{"x"}}, {sqlAgeQuery, []any{1, 2}}} {
		rows, err := s.db.Query("EXPLAIN QUERY PLAN "+q.sql, q.args...)
		if err != nil {
			return "", err
		}
		for rows.Next() {
			var id, parent, notused int
			var detail string
			if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
				rows.Close()
				return "", err
			}
			out.WriteString(detail + "\n")
		}
		rows.Close()
	}
	return out.String(), nil
}

func (s *sqliteStore) Close() error {
	for _, st := range []*sql.Stmt{s.insert, s.get, s.byEmail, s.byAge, s.ageSorted} {
		if st != nil {
			st.Close()
		}
	}
	return s.db.Close()
}

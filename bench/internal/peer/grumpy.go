package peer

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/google/uuid"
	"github.com/grumpydb/grumpydb/engine"
)

// grumpyColl is the collection the peer workloads use.
const grumpyColl = "docs"

// grumpyStore is GrumpyDB with its default options.
type grumpyStore struct{ db *engine.DB }

func openGrumpy(dir string) (Store, error) {
	db, err := engine.Open(dir, &engine.Options{CreateIfMissing: true})
	if err != nil {
		return nil, err
	}
	names, err := db.Collections()
	if err != nil {
		db.Close()
		return nil, err
	}
	if !slices.Contains(names, grumpyColl) {
		if err := db.CreateCollection(grumpyColl); err != nil {
			db.Close()
			return nil, err
		}
	}
	return &grumpyStore{db: db}, nil
}

func (s *grumpyStore) Insert(d *Doc) error { return s.db.Insert(grumpyColl, d.Key, d.Value) }

func (s *grumpyStore) Load(docs []Doc) error {
	return s.db.Update(func(tx *engine.Tx) error {
		for i := range docs {
			if err := tx.Insert(grumpyColl, docs[i].Key, docs[i].Value); err != nil {
				return err
			}
		}
		return nil
	})
}

func (s *grumpyStore) CreateIndexes() error {
	if err := s.db.CreateIndex(grumpyColl, "email_idx", "email"); err != nil {
		return err
	}
	return s.db.CreateIndex(grumpyColl, "age_idx", "age")
}

func (s *grumpyStore) Count() (int, error) { return s.db.Count(grumpyColl) }

func (s *grumpyStore) Get(key uuid.UUID) (int, error) {
	v, err := s.db.Get(grumpyColl, key)
	if err != nil {
		return 0, err
	}
	if v.Kind() != engine.KindObject {
		return 0, fmt.Errorf("%w: get returned a %s", ErrVerify, v.Kind())
	}
	return v.Len(), nil
}

func (s *grumpyStore) scan() (int, error) {
	it := s.db.ScanAll(context.Background(), grumpyColl)
	n, fields := 0, 0
	var prev uuid.UUID
	for it.Next() {
		d := it.Document()
		if n > 0 && bytes.Compare(prev[:], d.ID[:]) >= 0 {
			it.Close()
			return 0, fmt.Errorf("%w: scan out of key order at %d", ErrVerify, n)
		}
		prev = d.ID
		fields += d.Value.Len()
		n++
	}
	if err := it.Close(); err != nil {
		return 0, err
	}
	if n > 0 && fields == 0 {
		return 0, fmt.Errorf("%w: scan returned empty documents", ErrVerify)
	}
	return n, nil
}

func (s *grumpyStore) ScanDecoded() (int, error) { return s.scan() }

// ScanRaw decodes too: the engine has no scan that returns stored bytes.
func (s *grumpyStore) ScanRaw() (int, error) { return s.scan() }

func (s *grumpyStore) QueryEmail(email string) (int, error) {
	docs, err := s.db.Query(grumpyColl, "email_idx", engine.String(email))
	return len(docs), err
}

func (s *grumpyStore) QueryAge(lo, hi int) (int, error) {
	docs, err := s.db.QueryRange(grumpyColl, "age_idx", engine.Int(int64(lo)), engine.Int(int64(hi)))
	return len(docs), err
}

// asMap renders a value the way the peers' documents decode.
func asMap(v engine.Value) (map[string]any, error) {
	var m map[string]any
	if err := json.Unmarshal(engine.AppendJSON(nil, v), &m); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrVerify, err)
	}
	return m, nil
}

func (s *grumpyStore) Doc(key uuid.UUID) (map[string]any, error) {
	v, err := s.db.Get(grumpyColl, key)
	if err != nil {
		return nil, err
	}
	return asMap(v)
}

func docsAsMaps(docs []engine.Document, err error) ([]map[string]any, error) {
	if err != nil {
		return nil, err
	}
	out := make([]map[string]any, len(docs))
	for i, d := range docs {
		if out[i], err = asMap(d.Value); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (s *grumpyStore) EmailDocs(email string) ([]map[string]any, error) {
	return docsAsMaps(s.db.Query(grumpyColl, "email_idx", engine.String(email)))
}

func (s *grumpyStore) AgeDocs(lo, hi int) ([]map[string]any, error) {
	return docsAsMaps(s.db.QueryRange(grumpyColl, "age_idx", engine.Int(int64(lo)), engine.Int(int64(hi))))
}

func (s *grumpyStore) Close() error { return s.db.Close() }

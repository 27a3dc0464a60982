package peer

import (
	"bytes"
	"fmt"
	"path/filepath"

	"github.com/google/uuid"
	bolt "go.etcd.io/bbolt"
)

// bbolt buckets: the documents and the two index key spaces.
const (
	boltDocs  = "docs"
	boltEmail = "idx_email"
	boltAge   = "idx_age"
)

// boltStore is bbolt with its default options (fsync on every commit).
type boltStore struct {
	db      *bolt.DB
	indexed bool
}

func openBolt(dir string) (Store, error) {
	db, err := bolt.Open(filepath.Join(dir, "bolt.db"), 0o600, nil)
	if err != nil {
		return nil, err
	}
	s := &boltStore{db: db}
	err = db.Update(func(tx *bolt.Tx) error {
		_, err := tx.CreateBucketIfNotExists([]byte(boltDocs))
		s.indexed = tx.Bucket([]byte(boltEmail)) != nil
		return err
	})
	if err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// put writes one document and its index entries in tx.
func (s *boltStore) put(tx *bolt.Tx, d *Doc) error {
	if err := tx.Bucket([]byte(boltDocs)).Put(d.Key[:], d.JSON); err != nil {
		return err
	}
	if !s.indexed {
		return nil
	}
	if err := tx.Bucket([]byte(boltEmail)).Put(emailKey(nil, d.Email, d.Key[:]), nil); err != nil {
		return err
	}
	return tx.Bucket([]byte(boltAge)).Put(ageKey(nil, int64(d.Age), d.Key[:]), nil)
}

func (s *boltStore) Insert(d *Doc) error {
	return s.db.Update(func(tx *bolt.Tx) error { return s.put(tx, d) })
}

func (s *boltStore) Load(docs []Doc) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		for i := range docs {
			if err := s.put(tx, &docs[i]); err != nil {
				return err
			}
		}
		return nil
	})
}

func (s *boltStore) CreateIndexes() error {
	return s.db.Update(func(tx *bolt.Tx) error {
		if k, _ := tx.Bucket([]byte(boltDocs)).Cursor().First(); k != nil {
			return ErrNotEmpty
		}
		if _, err := tx.CreateBucketIfNotExists([]byte(boltEmail)); err != nil {
			return err
		}
		if _, err := tx.CreateBucketIfNotExists([]byte(boltAge)); err != nil {
			return err
		}
		s.indexed = true
		return nil
	})
}

func (s *boltStore) Count() (int, error) {
	n := 0
	err := s.db.View(func(tx *bolt.Tx) error {
		n = tx.Bucket([]byte(boltDocs)).Stats().KeyN
		return nil
	})
	return n, err
}

func (s *boltStore) get(key uuid.UUID) ([]byte, error) {
	var out []byte
	err := s.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket([]byte(boltDocs)).Get(key[:])
		if v == nil {
			return fmt.Errorf("%w: key %s not found", ErrVerify, key)
		}
		out = append([]byte(nil), v...)
		return nil
	})
	return out, err
}

func (s *boltStore) Get(key uuid.UUID) (int, error) {
	b, err := s.get(key)
	return len(b), err
}

func (s *boltStore) scan(decode bool) (int, error) {
	n := 0
	err := s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket([]byte(boltDocs)).Cursor()
		var prev []byte
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if prev != nil && bytes.Compare(prev, k) >= 0 {
				return fmt.Errorf("%w: scan out of key order at %d", ErrVerify, n)
			}
			prev = k
			if decode {
				if _, err := decodeJSON(v); err != nil {
					return err
				}
			} else if len(append([]byte(nil), v...)) == 0 {
				return fmt.Errorf("%w: empty document", ErrVerify)
			}
			n++
		}
		return nil
	})
	return n, err
}

func (s *boltStore) ScanDecoded() (int, error) { return s.scan(true) }
func (s *boltStore) ScanRaw() (int, error)     { return s.scan(false) }

func (s *boltStore) EmailDocs(email string) ([]map[string]any, error) {
	var out []map[string]any
	err := s.db.View(func(tx *bolt.Tx) error {
		ix := tx.Bucket([]byte(boltEmail))
		if ix == nil {
			return fmt.Errorf("%w: no email index", ErrVerify)
		}
		docs, prefix := tx.Bucket([]byte(boltDocs)), emailPrefix(email)
		c := ix.Cursor()
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			_, pk, err := parseEmailKey(k)
			if err != nil {
				return err
			}
			m, err := decodeJSON(docs.Get(pk))
			if err != nil {
				return err
			}
			out = append(out, m)
		}
		return nil
	})
	return out, err
}

func (s *boltStore) AgeDocs(lo, hi int) ([]map[string]any, error) {
	var out []map[string]any
	err := s.db.View(func(tx *bolt.Tx) error {
		ix := tx.Bucket([]byte(boltAge))
		if ix == nil {
			return fmt.Errorf("%w: no age index", ErrVerify)
		}
		docs, end := tx.Bucket([]byte(boltDocs)), ageKey(nil, int64(hi), nil)
		c := ix.Cursor()
		for k, _ := c.Seek(ageKey(nil, int64(lo), nil)); k != nil && bytes.Compare(k, end) < 0; k, _ = c.Next() {
			_, pk, err := parseAgeKey(k)
			if err != nil {
				return err
			}
			m, err := decodeJSON(docs.Get(pk))
			if err != nil {
				return err
			}
			out = append(out, m)
		}
		return nil
	})
	return out, err
}

func (s *boltStore) QueryEmail(email string) (int, error) {
	docs, err := s.EmailDocs(email)
	return len(docs), err
}

func (s *boltStore) QueryAge(lo, hi int) (int, error) {
	docs, err := s.AgeDocs(lo, hi)
	return len(docs), err
}

func (s *boltStore) Doc(key uuid.UUID) (map[string]any, error) {
	b, err := s.get(key)
	if err != nil {
		return nil, err
	}
	return decodeJSON(b)
}

func (s *boltStore) Close() error { return s.db.Close() }

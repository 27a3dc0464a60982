package peer

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/cockroachdb/pebble/v2"
	"github.com/google/uuid"
)

// Pebble key spaces, by their first byte: documents, the email index and
// the age index, plus one marker key saying the indexes exist.
const (
	pebbleDoc     = 'd'
	pebbleEmail   = 'e'
	pebbleAge     = 'a'
	pebbleIndexed = "\x00indexed"
)

// pebbleStore is Pebble with its default options; every commit is
// pebble.Sync.
type pebbleStore struct {
	db      *pebble.DB
	indexed bool
}

func openPebble(dir string) (Store, error) {
	db, err := pebble.Open(dir, &pebble.Options{})
	if err != nil {
		return nil, err
	}
	s := &pebbleStore{db: db}
	_, closer, err := db.Get([]byte(pebbleIndexed))
	switch {
	case err == nil:
		s.indexed = true
		closer.Close()
	case !errors.Is(err, pebble.ErrNotFound):
		db.Close()
		return nil, err
	}
	return s, nil
}

func docKey(key []byte) []byte { return append([]byte{pebbleDoc}, key...) }

// set adds one document and its index entries to b.
func (s *pebbleStore) set(b *pebble.Batch, d *Doc) error {
	if err := b.Set(docKey(d.Key[:]), d.JSON, nil); err != nil {
		return err
	}
	if !s.indexed {
		return nil
	}
	if err := b.Set(emailKey([]byte{pebbleEmail}, d.Email, d.Key[:]), nil, nil); err != nil {
		return err
	}
	return b.Set(ageKey([]byte{pebbleAge}, int64(d.Age), d.Key[:]), nil, nil)
}

func (s *pebbleStore) commit(docs []Doc) error {
	b := s.db.NewBatch()
	defer b.Close()
	for i := range docs {
		if err := s.set(b, &docs[i]); err != nil {
			return err
		}
	}
	return b.Commit(pebble.Sync)
}

func (s *pebbleStore) Insert(d *Doc) error { return s.commit([]Doc{*d}) }

func (s *pebbleStore) Load(docs []Doc) error { return s.commit(docs) }

func (s *pebbleStore) CreateIndexes() error {
	if n, err := s.Count(); err != nil {
		return err
	} else if n > 0 {
		return ErrNotEmpty
	}
	if err := s.db.Set([]byte(pebbleIndexed), []byte{1}, pebble.Sync); err != nil {
		return err
	}
	s.indexed = true
	return nil
}

// docIter iterates the document key space.
func (s *pebbleStore) docIter() (*pebble.Iterator, error) {
	return s.db.NewIter(&pebble.IterOptions{LowerBound: []byte{pebbleDoc}, UpperBound: []byte{pebbleDoc + 1}})
}

func (s *pebbleStore) Count() (int, error) {
	it, err := s.docIter()
	if err != nil {
		return 0, err
	}
	n := 0
	for valid := it.First(); valid; valid = it.Next() {
		n++
	}
	if err := it.Error(); err != nil {
		it.Close()
		return 0, err
	}
	return n, it.Close()
}

func (s *pebbleStore) get(pk []byte) ([]byte, error) {
	v, closer, err := s.db.Get(docKey(pk))
	if err != nil {
		return nil, fmt.Errorf("pebble get %x: %w", pk, err)
	}
	out := append([]byte(nil), v...)
	return out, closer.Close()
}

func (s *pebbleStore) Get(key uuid.UUID) (int, error) {
	b, err := s.get(key[:])
	return len(b), err
}

func (s *pebbleStore) scan(decode bool) (int, error) {
	it, err := s.docIter()
	if err != nil {
		return 0, err
	}
	n := 0
	var prev []byte
	for valid := it.First(); valid; valid = it.Next() {
		k := it.Key()
		if prev != nil && bytes.Compare(prev, k) >= 0 {
			it.Close()
			return 0, fmt.Errorf("%w: scan out of key order at %d", ErrVerify, n)
		}
		prev = append(prev[:0], k...)
		v, err := it.ValueAndErr()
		if err != nil {
			it.Close()
			return 0, err
		}
		if decode {
			if _, err := decodeJSON(v); err != nil {
				it.Close()
				return 0, err
			}
		} else if len(append([]byte(nil), v...)) == 0 {
			it.Close()
			return 0, fmt.Errorf("%w: empty document", ErrVerify)
		}
		n++
	}
	if err := it.Error(); err != nil {
		it.Close()
		return 0, err
	}
	return n, it.Close()
}

func (s *pebbleStore) ScanDecoded() (int, error) { return s.scan(true) }
func (s *pebbleStore) ScanRaw() (int, error)     { return s.scan(false) }

// indexDocs walks the index keys in [lo, hi), fetching and decoding the
// document each one names.
func (s *pebbleStore) indexDocs(lo, hi []byte, parse func([]byte) ([]byte, error)) ([]map[string]any, error) {
	if !s.indexed {
		return nil, fmt.Errorf("%w: no indexes", ErrVerify)
	}
	it, err := s.db.NewIter(&pebble.IterOptions{LowerBound: lo, UpperBound: hi})
	if err != nil {
		return nil, err
	}
	var out []map[string]any
	for valid := it.First(); valid; valid = it.Next() {
		pk, err := parse(it.Key()[1:])
		if err == nil {
			var b []byte
			if b, err = s.get(pk); err == nil {
				var m map[string]any
				if m, err = decodeJSON(b); err == nil {
					out = append(out, m)
				}
			}
		}
		if err != nil {
			it.Close()
			return nil, err
		}
	}
	if err := it.Error(); err != nil {
		it.Close()
		return nil, err
	}
	return out, it.Close()
}

func (s *pebbleStore) EmailDocs(email string) ([]map[string]any, error) {
	lo := append([]byte{pebbleEmail}, emailPrefix(email)...)
	hi := append([]byte{pebbleEmail}, email...)
	hi = append(hi, 1)
	return s.indexDocs(lo, hi, func(k []byte) ([]byte, error) {
		_, pk, err := parseEmailKey(k)
		return pk, err
	})
}

func (s *pebbleStore) AgeDocs(lo, hi int) ([]map[string]any, error) {
	return s.indexDocs(ageKey([]byte{pebbleAge}, int64(lo), nil), ageKey([]byte{pebbleAge}, int64(hi), nil),
		func(k []byte) ([]byte, error) {
			_, pk, err := parseAgeKey(k)
			return pk, err
		})
}

func (s *pebbleStore) QueryEmail(email string) (int, error) {
	docs, err := s.EmailDocs(email)
	return len(docs), err
}

func (s *pebbleStore) QueryAge(lo, hi int) (int, error) {
	docs, err := s.AgeDocs(lo, hi)
	return len(docs), err
}

func (s *pebbleStore) Doc(key uuid.UUID) (map[string]any, error) {
	b, err := s.get(key[:])
	if err != nil {
		return nil, err
	}
	return decodeJSON(b)
}

func (s *pebbleStore) Close() error { return s.db.Close() }

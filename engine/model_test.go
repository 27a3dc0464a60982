package engine

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/google/uuid"
)

// model is the in-memory truth the randomised tests compare the engine with.
type model struct {
	colls   map[string]map[uuid.UUID]Value
	indexes map[string]map[string]string // collection → index → path
}

func newModel() *model {
	return &model{colls: map[string]map[uuid.UUID]Value{}, indexes: map[string]map[string]string{}}
}

func (m *model) clone() *model {
	n := newModel()
	for c, docs := range m.colls {
		d := make(map[uuid.UUID]Value, len(docs))
		for k, v := range docs {
			d[k] = v
		}
		n.colls[c] = d
	}
	for c, ix := range m.indexes {
		d := map[string]string{}
		for k, v := range ix {
			d[k] = v
		}
		n.indexes[c] = d
	}
	return n
}

// compare checks that db holds exactly the model's collections, documents
// and indexes.
func (m *model) compare(db *DB) error {
	names, err := db.Collections()
	if err != nil {
		return err
	}
	var want []string
	for c := range m.colls {
		want = append(want, c)
	}
	sort.Strings(want)
	if fmt.Sprint(names) != fmt.Sprint(want) {
		return fmt.Errorf("collections %v, model %v", names, want)
	}
	for c, docs := range m.colls {
		n, err := db.Count(c)
		if err != nil {
			return err
		}
		if n != len(docs) {
			return fmt.Errorf("%s: count %d, model %d", c, n, len(docs))
		}
		it := db.ScanAll(context.Background(), c)
		seen := 0
		for it.Next() {
			d := it.Document()
			mv, ok := docs[d.ID]
			if !ok || mv.String() != d.Value.String() {
				it.Close()
				return fmt.Errorf("%s/%s: engine %s, model %v (present %v)", c, d.ID, d.Value, mv, ok)
			}
			seen++
		}
		if err := it.Close(); err != nil {
			return err
		}
		if seen != len(docs) {
			return fmt.Errorf("%s: scanned %d, model %d", c, seen, len(docs))
		}
		ixs, err := db.Indexes(c)
		if err != nil {
			return err
		}
		if len(ixs) != len(m.indexes[c]) {
			return fmt.Errorf("%s: %d indexes, model %d", c, len(ixs), len(m.indexes[c]))
		}
		for _, ix := range ixs {
			if m.indexes[c][ix.Name] != ix.Path {
				return fmt.Errorf("%s: index %s on %q, model %q", c, ix.Name, ix.Path, m.indexes[c][ix.Name])
			}
		}
	}
	return nil
}

// bruteQuery answers Query from the model.
func (m *model) bruteQuery(c, path string, v Value) []uuid.UUID {
	segs, _ := splitPath(path)
	var out []uuid.UUID
	for id, doc := range m.colls[c] {
		if matchesEq(doc, segs, v) {
			out = append(out, id)
		}
	}
	sort.Slice(out, func(i, j int) bool { return bytes.Compare(out[i][:], out[j][:]) < 0 })
	return out
}

// bruteRange answers QueryRange from the model.
func (m *model) bruteRange(c, path string, lo, hi Value) []uuid.UUID {
	segs, _ := splitPath(path)
	type hit struct {
		id  uuid.UUID
		min Value
	}
	var hits []hit
	for id, doc := range m.colls[c] {
		if x, ok := minInRange(doc, segs, lo, hi); ok {
			hits = append(hits, hit{id, x})
		}
	}
	sort.Slice(hits, func(i, j int) bool {
		if c := Compare(hits[i].min, hits[j].min); c != 0 {
			return c < 0
		}
		return bytes.Compare(hits[i].id[:], hits[j].id[:]) < 0
	})
	out := make([]uuid.UUID, len(hits))
	for i, h := range hits {
		out[i] = h.id
	}
	return out
}

func docIDs(ds []Document) []uuid.UUID {
	out := make([]uuid.UUID, len(ds))
	for i, d := range ds {
		out[i] = d.ID
	}
	return out
}

// genDoc makes a random document over a small vocabulary, so that index
// lookups hit.
func genDoc(r *rand.Rand) Value {
	scalar := func() Value {
		switch r.IntN(8) {
		case 0:
			return Null()
		case 1:
			return Bool(r.IntN(2) == 0)
		case 2:
			return Int(int64(r.IntN(10)))
		case 3:
			return Float(float64(r.IntN(10)) / 2)
		case 4:
			return String(fmt.Sprintf("s%d", r.IntN(5)))
		case 5:
			return String(strings.Repeat("L", 990+r.IntN(20)) + fmt.Sprint(r.IntN(3)))
		case 6:
			return Ref("users", idN(r.IntN(4)))
		default:
			return String(strings.Repeat("x", r.IntN(3000)))
		}
	}
	var fields []Field
	if r.IntN(4) != 0 {
		fields = append(fields, Field{"a", scalar()})
	}
	if r.IntN(3) == 0 {
		n := r.IntN(4)
		var elems []Value
		for i := 0; i < n; i++ {
			elems = append(elems, scalar())
		}
		fields = append(fields, Field{"a", Array(elems...)})
		fields = fields[len(fields)-1:]
	}
	if r.IntN(3) == 0 {
		fields = append(fields, Field{"b", Object(Field{"c", scalar()})})
	}
	if r.IntN(20) == 0 {
		fields = append(fields, Field{"big", String(strings.Repeat("B", 20000+r.IntN(100000)))})
	}
	return Object(fields...)
}

func TestModelRandomOps(t *testing.T) {
	steps := 1500
	if testing.Short() {
		steps = 300
	}
	if os.Getenv("GRUMPY_LONG") == "1" {
		steps = 20000
	}
	r := testRand(t)
	db, fs := openTest(t, &Options{CacheBytes: 256 * 8192, CheckpointBytes: 2 << 20})
	m := newModel()
	colls := []string{"users", "orders"}
	paths := []string{"a", "b.c", "a.0"}
	queries, ranges := 0, 0
	for step := 0; step < steps; step++ {
		c := colls[r.IntN(len(colls))]
		id := idN(r.IntN(400))
		var err error
		op := r.IntN(100)
		switch {
		case op < 3:
			err = db.CreateCollection(c)
			if m.colls[c] == nil {
				if err != nil {
					t.Fatalf("step %d: create %s: %v", step, c, err)
				}
				m.colls[c] = map[uuid.UUID]Value{}
				m.indexes[c] = map[string]string{}
			}
		case op < 4 && step > steps/2 && r.IntN(10) == 0:
			err = db.DropCollection(c)
			if m.colls[c] != nil {
				if err != nil {
					t.Fatalf("step %d: drop %s: %v", step, c, err)
				}
				delete(m.colls, c)
				delete(m.indexes, c)
			}
		case op < 40:
			doc := genDoc(r)
			err = db.Insert(c, id, doc)
			if docs := m.colls[c]; docs != nil {
				if _, dup := docs[id]; !dup {
					if err != nil {
						t.Fatalf("step %d: insert: %v", step, err)
					}
					docs[id] = doc
				}
			}
		case op < 55:
			doc := genDoc(r)
			err = db.Replace(c, id, doc)
			if docs := m.colls[c]; docs != nil {
				if _, ok := docs[id]; ok {
					if err != nil {
						t.Fatalf("step %d: replace: %v", step, err)
					}
					docs[id] = doc
				}
			}
		case op < 70:
			err = db.Delete(c, id)
			if docs := m.colls[c]; docs != nil {
				if _, ok := docs[id]; ok {
					if err != nil {
						t.Fatalf("step %d: delete: %v", step, err)
					}
					delete(docs, id)
				}
			}
		case op < 73:
			name := fmt.Sprintf("ix%d", r.IntN(3))
			p := paths[r.IntN(len(paths))]
			err = db.CreateIndex(c, name, p)
			if ix := m.indexes[c]; ix != nil {
				if _, dup := ix[name]; !dup {
					if err != nil {
						t.Fatalf("step %d: create index: %v", step, err)
					}
					ix[name] = p
				}
			}
		case op < 74:
			name := fmt.Sprintf("ix%d", r.IntN(3))
			err = db.DropIndex(c, name)
			if ix := m.indexes[c]; ix != nil {
				if _, ok := ix[name]; ok {
					if err != nil {
						t.Fatalf("step %d: drop index: %v", step, err)
					}
					delete(ix, name)
				}
			}
		case op < 88:
			for name, p := range m.indexes[c] {
				v := genDoc(r)
				if f, ok := v.Get("a"); ok && f.Kind() != KindArray && f.Kind() != KindObject {
					got, err := db.Query(c, name, f)
					if err != nil {
						t.Fatalf("step %d: query: %v", step, err)
					}
					queries++
					if want := m.bruteQuery(c, p, f); fmt.Sprint(docIDs(got)) != fmt.Sprint(want) {
						t.Fatalf("step %d: query %s(%s) = %v, want %v", step, name, f, docIDs(got), want)
					}
				}
				lo, hi := genDoc(r), genDoc(r)
				lf, ok1 := lo.Get("a")
				hf, ok2 := hi.Get("a")
				if ok1 && ok2 && lf.Kind() != KindArray && hf.Kind() != KindArray {
					got, err := db.QueryRange(c, name, lf, hf)
					if err != nil {
						t.Fatalf("step %d: range: %v", step, err)
					}
					ranges++
					if want := m.bruteRange(c, p, lf, hf); fmt.Sprint(docIDs(got)) != fmt.Sprint(want) {
						t.Fatalf("step %d: range %s[%.30s, %.30s) = %v, want %v", step, name, lf, hf, docIDs(got), want)
					}
				}
				break
			}
		case op < 90:
			if m.colls[c] != nil {
				n, err := db.Compact(c)
				if err != nil || n != len(m.colls[c]) {
					t.Fatalf("step %d: compact = %d, %v (model %d)", step, n, err, len(m.colls[c]))
				}
			}
		case op < 92:
			db, fs = reopen(t, db, fs, r.IntN(2) == 0 && os.Getenv("DBG_NOCRASH") == "")
		default:
			if docs := m.colls[c]; docs != nil {
				v, err := db.Get(c, id)
				mv, ok := docs[id]
				if ok != (err == nil) || (ok && v.String() != mv.String()) {
					t.Fatalf("step %d: get = %v, %v; model %v, %v", step, v, err, mv, ok)
				}
			}
		}
		if step%250 == 0 {
			if err := m.compare(db); err != nil {
				t.Fatalf("step %d: %v", step, err)
			}
			if err := db.Check(); err != nil {
				t.Fatalf("step %d: check: %v", step, err)
			}
		}
	}
	if err := m.compare(db); err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, d := range m.colls {
		total += len(d)
	}
	t.Logf("%d steps: %d queries, %d ranges compared; %d documents at the end", steps, queries, ranges, total)
	if queries == 0 || ranges == 0 {
		t.Fatal("the run compared no index lookups")
	}
}

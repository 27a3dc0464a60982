package engine

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func dirEntries(t testing.TB, dir string) int {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	return len(es)
}

// TestSorterModel compares the sorter, in memory and spilling, with and
// without a limit and with small merge fan-ins, against slices.SortFunc.
func TestSorterModel(t *testing.T) {
	r := testRand(t)
	g := &diffGen{r: r}
	dir := t.TempDir()
	for trial := range 60 {
		n := r.IntN(300)
		docs := make([]Document, n)
		for i := range docs {
			docs[i].ID = idN(r.IntN(1 << 20))
			docs[i].Value = g.doc()
		}
		var keys []SortKey
		for k := r.IntN(3); k > 0; k-- {
			keys = append(keys, SortKey{Path: diffPaths[r.IntN(len(diffPaths))], Desc: r.IntN(2) == 0})
		}
		spec, err := compileSort(keys)
		if err != nil {
			t.Fatal(err)
		}
		want := slices.Clone(docs)
		slices.SortStableFunc(want, func(a, b Document) int {
			return spec.compare(a.ID, spec.keysOf(a.ID, a.Value), b.ID, spec.keysOf(b.ID, b.Value))
		})
		limit := []int{0, 0, 1, 5, 50, 1000}[r.IntN(6)]
		if limit > 0 && len(want) > limit {
			want = want[:limit]
		}
		budget := []int64{0, 1, 300, 5000}[trial%4]
		s := newSorter(spec, limit, budget, dir)
		s.fanIn = []int{2, 3, 64}[r.IntN(3)]
		for _, d := range docs {
			if err := s.add(d); err != nil {
				t.Fatal(err)
			}
		}
		out, err := s.result()
		if err != nil {
			t.Fatal(err)
		}
		var got []Document
		for {
			it, ok, err := out.next()
			if err != nil {
				t.Fatal(err)
			}
			if !ok {
				break
			}
			got = append(got, it.doc)
		}
		if budget == 1 && n > 1 && s.file == nil {
			t.Errorf("trial %d: a one-byte budget did not spill", trial)
		}
		out.close()
		s.close()
		if len(got) != len(want) {
			t.Fatalf("trial %d (budget %d, limit %d, fan-in %d): %d documents, want %d", trial, budget, limit, s.fanIn, len(got), len(want))
		}
		for i := range got {
			// Equal keys may hold different documents (ids repeat here);
			// compare what the order decides.
			if got[i].ID != want[i].ID || spec.compare(got[i].ID, spec.keysOf(got[i].ID, got[i].Value), want[i].ID, spec.keysOf(want[i].ID, want[i].Value)) != 0 {
				t.Fatalf("trial %d: #%d is %s %s, want %s %s", trial, i, got[i].ID, got[i].Value, want[i].ID, want[i].Value)
			}
		}
		if left := dirEntries(t, dir); left != 0 {
			t.Fatalf("trial %d: %d files left after close", trial, left)
		}
	}
}

// TestFindSpill forces a find's sort to spill with a tiny budget and checks
// the results are those of the in-memory sort, that the spill file exists
// while the iterator is open and is gone after Close, also after an early
// Close.
func TestFindSpill(t *testing.T) {
	db, _ := openTest(t, &Options{NoSync: true})
	if err := db.CreateCollection("c"); err != nil {
		t.Fatal(err)
	}
	var batch []Document
	for i := range 500 {
		doc := Object(
			Field{Key: "n", Value: Int(int64((i * 7919) % 101))},
			Field{Key: "s", Value: String(strings.Repeat("p", i%13))},
			Field{Key: "t", Value: Array(Int(int64(i%5)), Int(int64(i%17)))},
		)
		batch = append(batch, Document{ID: idN(i*2654435761%100000 + 1), Value: doc})
	}
	if err := db.InsertMany("c", batch); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	ctx := context.Background()
	for _, opts := range []FindOptions{
		{Sort: []SortKey{{"n", true}, {"s", false}}},
		{Sort: []SortKey{{"t", false}}, Skip: 30},
		{Sort: []SortKey{{"t", true}, {"n", false}}, Limit: 40, Skip: 3},
		{Sort: []SortKey{{"_id", true}}},
	} {
		mem, err := findDocs(t, db, "c", Object(), opts)
		if err != nil {
			t.Fatal(err)
		}
		spill := opts
		spill.SortMemoryBytes, spill.TempDir = 1, dir
		it, err := db.Find(ctx, "c", Object(), spill)
		if err != nil {
			t.Fatal(err)
		}
		var got []Document
		for it.Next() {
			if len(got) == 0 && dirEntries(t, dir) != 1 {
				t.Errorf("sort %v: no spill file while iterating", opts.Sort)
			}
			got = append(got, it.Document())
		}
		if err := it.Close(); err != nil {
			t.Fatal(err)
		}
		if msg := diffResults(got, mem); msg != "" {
			t.Fatalf("sort %v: spilled results differ:\n%s", opts.Sort, msg)
		}
		if dirEntries(t, dir) != 0 {
			t.Errorf("spill file left after Close")
		}
		// Closing early removes the file too.
		it, err = db.Find(ctx, "c", Object(), spill)
		if err != nil {
			t.Fatal(err)
		}
		if !it.Next() {
			t.Fatal("no results")
		}
		it.Close()
		if dirEntries(t, dir) != 0 {
			t.Errorf("spill file left after an early Close")
		}
	}
	// With an index serving the sort, long groups are collected and
	// spilled too: the same results.
	if err := db.CreateIndex("c", "by_t", "t"); err != nil {
		t.Fatal(err)
	}
	opts := FindOptions{Sort: []SortKey{{"t", true}, {"s", true}}, SortMemoryBytes: 1, TempDir: dir}
	got, err := findDocs(t, db, "c", Object(), opts)
	if err != nil {
		t.Fatal(err)
	}
	opts.SortMemoryBytes = 0
	if err := db.DropIndex("c", "by_t"); err != nil {
		t.Fatal(err)
	}
	want, err := findDocs(t, db, "c", Object(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if msg := diffResults(got, want); msg != "" {
		t.Fatalf("index-served spilled sort differs:\n%s", msg)
	}
	// A spill directory that does not exist fails the find with ErrIO.
	bad := FindOptions{Sort: []SortKey{{"n", false}}, SortMemoryBytes: 1, TempDir: filepath.Join(dir, "missing")}
	if _, err := findDocs(t, db, "c", Object(), bad); !errors.Is(err, ErrIO) {
		t.Errorf("spill into a missing directory: %v", err)
	}
}

func TestValueMemory(t *testing.T) {
	small := valueMemory(Int(1))
	big := valueMemory(Object(Field{Key: "k", Value: String(strings.Repeat("x", 1000))}))
	if small <= 0 || big < 1000 || valueMemory(Array(Int(1), Int(2))) <= 2*small {
		t.Errorf("estimates %d %d", small, big)
	}
}

package engine

// The differential test of find: random documents and random queries,
// evaluated by Find under several index configurations and by the
// brute-force evaluator of find_bruteforce_test.go.

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"github.com/google/uuid"
)

type diffGen struct {
	r   *rand.Rand
	ids []uuid.UUID
	hot []string // indexed paths, which filters and sorts favour
}

func (g *diffGen) path() string {
	if len(g.hot) > 0 && g.r.IntN(2) == 0 {
		return g.hot[g.r.IntN(len(g.hot))]
	}
	return diffPaths[g.r.IntN(len(diffPaths))]
}

var diffLong = strings.Repeat("x", maxIndexValueKey+40)

func (g *diffGen) scalar() Value {
	ref := uuid.UUID{1, 2, 3}
	pool := []Value{
		Null(), Bool(true), Bool(false),
		Int(-1), Int(0), Int(1), Int(2), Int(3), Int(1 << 53), Int(1<<53 + 1), Int(math.MinInt64),
		Float(math.Copysign(0, -1)), Float(1), Float(1.5), Float(2), Float(1 << 53), Float(-1), Float(-2.5),
		String(""), String("a"), String("ab"), String("b"), String("z"), String("dev"),
		String(diffLong + "a"), String(diffLong + "b"), String(diffLong),
		Bytes([]byte("a")), Bytes(nil), Ref("c", ref), Ref("d", ref), Ref("c", uuid.UUID{9}),
	}
	return pool[g.r.IntN(len(pool))]
}

var diffKeys = []string{"a", "b", "c", "0", "1"}

func (g *diffGen) value(depth int) Value {
	if depth >= 3 {
		return g.scalar()
	}
	switch n := g.r.IntN(20); {
	case n < 3:
		es := make([]Value, g.r.IntN(4))
		for i := range es {
			es[i] = g.value(depth + 1)
		}
		return Array(es...)
	case n < 6:
		var fs []Field
		for _, i := range g.r.Perm(len(diffKeys))[:g.r.IntN(4)] {
			fs = append(fs, Field{Key: diffKeys[i], Value: g.value(depth + 1)})
		}
		return Object(fs...)
	}
	return g.scalar()
}

func (g *diffGen) doc() Value {
	if g.r.IntN(25) == 0 {
		return g.value(1)
	}
	var fs []Field
	for _, i := range g.r.Perm(4) {
		if g.r.IntN(5) < 3 {
			v := g.value(0)
			for i == 3 && v.Kind() == KindArray {
				v = g.value(0) // "d" is never an array: its index is single-valued
			}
			fs = append(fs, Field{Key: []string{"a", "b", "c", "d"}[i], Value: v})
		}
	}
	return Object(fs...)
}

var diffPaths = []string{"a", "b", "c", "d", "a.b", "a.0", "a.1", "b.a", "a.b.c", "c.0.b", "a.a", "0", "b.0", "_id", "_id.x"}

// idOperand returns a string near a stored key, or another value.
func (g *diffGen) idOperand() Value {
	if g.r.IntN(6) == 0 || len(g.ids) == 0 {
		return g.scalar()
	}
	s := g.ids[g.r.IntN(len(g.ids))].String()
	switch g.r.IntN(4) {
	case 0:
		s = s[:g.r.IntN(len(s))]
	case 1:
		b := []byte(s)
		b[g.r.IntN(len(b))] = "0f-g9A"[g.r.IntN(6)]
		s = string(b)
	}
	return String(s)
}

func (g *diffGen) operand(path string) Value {
	if path == "_id" {
		return g.idOperand()
	}
	return g.value(1)
}

var diffOps = []string{"$eq", "$ne", "$gt", "$gte", "$lt", "$lte", "$in", "$nin", "$exists", "$not"}

func (g *diffGen) ops(path string, allowNot bool) Value {
	var fs []Field
	for n := 1 + g.r.IntN(2); n > 0; n-- {
		op := diffOps[g.r.IntN(len(diffOps))]
		var v Value
		switch op {
		case "$in", "$nin":
			es := make([]Value, g.r.IntN(4))
			for i := range es {
				es[i] = g.operand(path)
			}
			if g.r.IntN(12) == 0 {
				// More values than a merge takes.
				es = make([]Value, 30+g.r.IntN(20))
				for i := range es {
					es[i] = g.scalar()
					if i%2 == 0 {
						es[i] = Int(int64(i))
					}
				}
			}
			v = Array(es...)
		case "$exists":
			v = Bool(g.r.IntN(2) == 0)
		case "$not":
			if !allowNot {
				op, v = "$eq", g.operand(path)
				break
			}
			v = g.ops(path, false)
		default:
			v = g.operand(path)
		}
		fs = append(fs, Field{Key: op, Value: v})
	}
	return Object(fs...)
}

func (g *diffGen) condition(path string) Value {
	if g.r.IntN(5) < 2 {
		v := g.operand(path)
		for bfIsOperatorObject(v) {
			v = g.operand(path)
		}
		return v
	}
	return g.ops(path, true)
}

func (g *diffGen) filter(depth int) Value {
	var fs []Field
	for n := g.r.IntN(3) + min(depth, 1); n > 0; n-- {
		if depth < 2 && g.r.IntN(5) == 0 {
			switch g.r.IntN(3) {
			case 0, 1:
				es := make([]Value, 1+g.r.IntN(3))
				for i := range es {
					es[i] = g.filter(depth + 1)
				}
				fs = append(fs, Field{Key: []string{"$and", "$or"}[g.r.IntN(2)], Value: Array(es...)})
			default:
				f := g.filter(depth + 1)
				if f.Len() == 0 {
					f = Object(Field{Key: "a", Value: Int(1)})
				}
				fs = append(fs, Field{Key: "$not", Value: f})
			}
			continue
		}
		p := g.path()
		fs = append(fs, Field{Key: p, Value: g.condition(p)})
	}
	return Object(fs...)
}

func (g *diffGen) options(dir string) (FindOptions, Value) {
	var o FindOptions
	for n := g.r.IntN(3); n > 0; n-- {
		o.Sort = append(o.Sort, SortKey{Path: g.path(), Desc: g.r.IntN(2) == 0})
	}
	if g.r.IntN(3) == 0 {
		o.Skip = g.r.IntN(6)
	}
	if g.r.IntN(2) == 0 {
		o.Limit = g.r.IntN(12)
	}
	proj := Null()
	if g.r.IntN(3) == 0 {
		var fs []Field
		keep := g.r.IntN(2) == 0
		for n := 1 + g.r.IntN(3); n > 0; n-- {
			p := diffPaths[g.r.IntN(len(diffPaths))]
			if p == "_id" {
				fs = append(fs, Field{Key: p, Value: Bool(g.r.IntN(2) == 0)})
				continue
			}
			fs = append(fs, Field{Key: p, Value: Bool(keep)})
		}
		proj = Object(fs...)
		p, err := ParseProjection(proj)
		if err != nil {
			panic(err)
		}
		o.Projection = p
	}
	if g.r.IntN(4) == 0 {
		o.SortMemoryBytes = int64(1000 + g.r.IntN(20000)) // spill
		o.TempDir = dir
	}
	return o, proj
}

func TestFindDifferential(t *testing.T) {
	r := testRand(t)
	g := &diffGen{r: r}
	db, _ := openTest(t, &Options{NoSync: true})
	ctx := context.Background()
	if err := db.CreateCollection("c"); err != nil {
		t.Fatal(err)
	}
	docs := map[uuid.UUID]Value{}
	nDocs, rounds, queries := 250, 8, 100
	if os.Getenv("GRUMPY_LONG") != "" {
		nDocs, rounds, queries = 600, 12, 400
	}
	put := func(id uuid.UUID, v Value) {
		if err := db.Put("c", id, v); err != nil {
			t.Fatal(err)
		}
		docs[id] = v
	}
	for range nDocs {
		var id uuid.UUID
		for i := range id {
			id[i] = byte(r.IntN(256))
		}
		g.ids = append(g.ids, id)
		put(id, g.doc())
	}
	dir := t.TempDir()
	plans := map[string]int{}
	nonEmpty := 0
	indexPaths := []string{"a", "b", "c", "a.b", "a.0", "b.a", "c.0.b", "d", "a.a"}
	for round := range rounds {
		// Index configuration: none, one, several.
		dropIndexes(t, db, "c")
		var indexed []string
		switch round % 4 {
		case 1:
			indexed = []string{indexPaths[r.IntN(len(indexPaths))]}
		case 2:
			indexed = indexPaths
		case 3:
			indexed = append(indexed, "d")
			for _, i := range r.Perm(len(indexPaths))[:2+r.IntN(5)] {
				indexed = append(indexed, indexPaths[i])
			}
		}
		createIndexes(t, db, "c", indexed)
		g.hot = indexed
		// Change some documents so the indexes follow updates.
		for range 20 {
			id := g.ids[r.IntN(len(g.ids))]
			if r.IntN(4) == 0 {
				if _, ok := docs[id]; ok {
					if err := db.Delete("c", id); err != nil {
						t.Fatal(err)
					}
					delete(docs, id)
				}
				continue
			}
			put(id, g.doc())
		}
		for q := range queries {
			filter := g.filter(0)
			opts, proj := g.options(dir)
			want := bfFind(docs, filter, opts.Sort, opts.Skip, opts.Limit, proj)
			got, err := findDocs(t, db, "c", filter, opts)
			if err != nil {
				t.Fatalf("round %d query %d: find(%s, %+v): %v", round, q, filter, opts, err)
			}
			if msg := diffResults(got, want); msg != "" {
				t.Fatalf("round %d query %d, indexes %v:\nfind(%s)\nsort %v skip %d limit %d projection %s\n%s",
					round, q, indexed, filter, opts.Sort, opts.Skip, opts.Limit, proj, msg)
			}
			plan, err := db.Explain(ctx, "c", filter, opts)
			if err != nil {
				t.Fatal(err)
			}
			if exp := bfExpectedPlan(filter, opts.Sort, indexed); plan.Plan != exp {
				t.Fatalf("indexes %v: find(%s) sort %v: plan %+v, want %s", indexed, filter, opts.Sort, plan, exp)
			}
			plans[plan.Plan]++
			if len(want) > 0 {
				nonEmpty++
			}
			if plan.Returned != len(want) || (plan.Plan == PlanIndex) != (plan.Index != "") {
				t.Fatalf("find(%s): plan %+v, %d results", filter, plan, len(want))
			}
			n, err := db.FindCount(ctx, "c", filter)
			total := len(bfFind(docs, filter, nil, 0, 0, Null()))
			if err != nil || n != total {
				t.Fatalf("count(%s) = %d, %v; want %d", filter, n, err, total)
			}
			n, err = db.FindCountWith(ctx, "c", filter, opts)
			if err != nil || n != len(want) {
				t.Fatalf("count(%s, %+v) = %d, %v; want %d", filter, opts, n, err, len(want))
			}
		}
	}
	t.Logf("plans %v; %d queries with results", plans, nonEmpty)
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Errorf("%d sort files left behind", len(left))
	}
}

func diffResults(got, want []Document) string {
	var b strings.Builder
	if len(got) != len(want) {
		fmt.Fprintf(&b, "%d results, want %d\n", len(got), len(want))
	}
	for i := 0; i < max(len(got), len(want)); i++ {
		var g, w string
		if i < len(got) {
			g = got[i].ID.String() + " " + got[i].Value.String()
		}
		if i < len(want) {
			w = want[i].ID.String() + " " + want[i].Value.String()
		}
		if g != w {
			fmt.Fprintf(&b, "#%d got  %.300s\n#%d want %.300s\n", i, g, i, w)
		}
	}
	return b.String()
}

package main

import (
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

// randomScript writes a seeded session: a batch of documents with ids
// and values drawn from rng, then statements of every reading and
// writing kind with random filters, options and values. Every statement
// is valid and no resolution meets a cycle, so the whole script runs.
func randomScript(rng *rand.Rand, db string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "use %s\n", db)
	ids := make([]string, 24)
	for i := range ids {
		ids[i] = fmt.Sprintf("%08x-%04x-4%03x-8%03x-%012x", rng.Uint32(), rng.Uint32()&0xffff, rng.Uint32()&0xfff, rng.Uint32()&0xfff, rng.Uint64()&0xffffffffffff)
	}
	scalar := func() string {
		switch rng.IntN(7) {
		case 0:
			return "null"
		case 1:
			return strconv.Itoa(rng.IntN(10) - 3)
		case 2:
			return strconv.Itoa(rng.IntN(10)) + ".5"
		case 3:
			return strconv.Itoa(rng.IntN(5)) + ".0"
		case 4:
			return fmt.Sprintf("%q", []string{"a", "b", "a b", "é", "B"}[rng.IntN(5)])
		case 5:
			return []string{"true", "false"}[rng.IntN(2)]
		}
		// references into targets, whose documents hold none: resolving
		// replaces or leaves them (ids[3] dangles) but never meets a cycle
		return fmt.Sprintf("$ref(\"targets\", \"%s\")", ids[rng.IntN(4)])
	}
	value := func() string {
		switch rng.IntN(5) {
		case 0:
			return "[" + scalar() + ", " + scalar() + "]"
		case 1:
			return "{ x: " + scalar() + " }"
		}
		return scalar()
	}
	doc := func(id string) string {
		var fs []string
		if id != "" {
			fs = append(fs, `_id: "`+id+`"`)
		}
		for _, k := range []string{"a", "b", "c"} {
			if rng.IntN(4) > 0 {
				fs = append(fs, k+": "+value())
			}
		}
		return "{ " + strings.Join(fs, ", ") + " }"
	}
	fmt.Fprintf(&b, "db.targets.insertMany([{ _id: %q, t: 1 }, { _id: %q, t: [2] }, { _id: %q, t: { u: 3.0 } }])\n", ids[0], ids[1], ids[2])
	var docs []string
	for _, id := range ids[:20] {
		docs = append(docs, doc(id))
	}
	fmt.Fprintf(&b, "db.docs.insertMany([%s])\n", strings.Join(docs, ", "))
	field := func() string { return []string{"a", "b", "c", "a.x", "b.0", "_id"}[rng.IntN(6)] }
	cond := func() string {
		switch rng.IntN(8) {
		case 0:
			return scalar()
		case 1:
			return "{ $ne: " + scalar() + " }"
		case 2:
			return "{ $gt: " + scalar() + " }"
		case 3:
			return "{ $lte: " + scalar() + " }"
		case 4:
			return "{ $in: [" + scalar() + ", " + scalar() + "] }"
		case 5:
			return "{ $exists: " + []string{"true", "false"}[rng.IntN(2)] + " }"
		case 6:
			return "{ $not: { $gte: " + scalar() + " } }"
		}
		return "{ $nin: [" + scalar() + "] }"
	}
	filter := func() string {
		switch rng.IntN(4) {
		case 0:
			return "{}"
		case 1:
			return "{ $or: [{ " + quoteField(field()) + ": " + cond() + " }, { " + quoteField(field()) + ": " + cond() + " }] }"
		}
		return "{ " + quoteField(field()) + ": " + cond() + " }"
	}
	options := func() string {
		var o []string
		if rng.IntN(2) == 0 {
			o = append(o, "sort: { "+quoteField(field())+": "+[]string{"1", "-1"}[rng.IntN(2)]+" }")
		}
		if rng.IntN(3) == 0 {
			o = append(o, "skip: "+strconv.Itoa(rng.IntN(4)))
		}
		if rng.IntN(3) == 0 {
			o = append(o, "limit: "+strconv.Itoa(rng.IntN(4)))
		}
		if rng.IntN(3) == 0 {
			o = append(o, "projection: { "+quoteField(field())+": "+[]string{"1", "0"}[rng.IntN(2)]+" }")
		}
		return "{ " + strings.Join(o, ", ") + " }"
	}
	fmt.Fprintln(&b, "db.docs.createIndex(by_a, a)")
	next := 20
	for range 60 {
		id := ids[rng.IntN(20)]
		switch rng.IntN(10) {
		case 0, 1:
			fmt.Fprintf(&b, "db.docs.find(%s, %s)\n", filter(), options())
		case 2:
			fmt.Fprintf(&b, "db.docs.findOne(%s, %s)\n", filter(), options())
		case 3:
			fmt.Fprintf(&b, "db.docs.count(%s)\n", filter())
		case 4:
			fmt.Fprintf(&b, "db.docs.query(by_a, %s)\n", scalar())
		case 5:
			fmt.Fprintf(&b, "db.docs.queryRange(by_a, %s, %s)\n", scalar(), scalar())
		case 6:
			fmt.Fprintf(&b, "db.docs.get(%s)\n", id)
			fmt.Fprintf(&b, "db.docs.resolveDeep(%s, %d)\n", id, rng.IntN(3))
		case 7:
			fmt.Fprintf(&b, "db.docs.update(%s, %s)\n", id, doc(""))
		case 8:
			if next < len(ids) {
				fmt.Fprintf(&b, "db.docs.insert(%s)\n", doc(ids[next]))
				next++
			}
		case 9:
			fmt.Fprintln(&b, "db.docs.count()")
		}
	}
	fmt.Fprintln(&b, "db.docs.find()")
	return b.String()
}

// quoteField quotes a dotted path (relaxed JSON needs it quoted).
func quoteField(f string) string {
	if strings.Contains(f, ".") {
		return strconv.Quote(f)
	}
	return f
}

// TestConnectedRandomSessions runs seeded random sessions in both modes
// and requires identical output. GRUMPY_SEED replays one seed;
// GRUMPY_LONG=1 runs more sessions.
func TestConnectedRandomSessions(t *testing.T) {
	srv := sharedServer(t)
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("GRUMPY_SEED"); s != "" {
		v, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatalf("GRUMPY_SEED: %v", err)
		}
		seed = v
	}
	sessions := 3
	if os.Getenv("GRUMPY_LONG") == "1" {
		sessions = 30
	}
	t.Logf("seed %d (GRUMPY_SEED=%d to replay)", seed, seed)
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	for i := range sessions {
		db := freshDatabase()
		script := randomScript(rng, db)
		emb := grumpy(t, t.TempDir(), script, nil, "-d", "d")
		con := grumpy(t, t.TempDir(), script, nil, srv.login()...)
		if emb.code != 0 || strings.Count(emb.stdout, "\n") < 60 {
			t.Fatalf("session %d: the embedded run failed: %+v\nscript:\n%s", i, emb, script)
		}
		if con != emb {
			el, cl := strings.Split(emb.stdout, "\n"), strings.Split(con.stdout, "\n")
			for j := 0; j < len(el) && j < len(cl); j++ {
				if el[j] != cl[j] {
					t.Fatalf("session %d (seed %d): line %d differs\nembedded:  %s\nconnected: %s\nstderr: %q / %q\nscript:\n%s", i, seed, j+1, el[j], cl[j], emb.stderr, con.stderr, script)
				}
			}
			t.Fatalf("session %d (seed %d): outputs differ\nembedded %+v\nconnected %+v", i, seed, emb, con)
		}
	}
}

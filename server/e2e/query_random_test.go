package e2e

import (
	"math/rand"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// queryValues is the pool random documents and filters draw from: every
// class of the value order, ints and floats of equal value, -0.0, integers
// beyond float precision, long strings and nested values.
var queryValues = []string{
	`null`, `true`, `false`, `-2`, `0`, `1`, `3`, `-0.0`, `0.0`, `1.0`, `2.5`, `-1.5`, `1e16`,
	`9007199254740993`, `9007199254740992.0`, `""`, `"a"`, `"b"`, `"ab"`,
	`"` + strings.Repeat("s", 200) + `x"`, `"` + strings.Repeat("s", 200) + `y"`,
	`[]`, `[1,"a"]`, `[2.5,null]`, `[[1],3]`, `{}`, `{"x":1}`, `{"x":1,"y":2}`,
}

// queryRandomDoc builds a document over the paths a, b.c, tags and n.
func queryRandomDoc(r *rand.Rand) string {
	v := func() string { return queryValues[r.Intn(len(queryValues))] }
	var fields []string
	if r.Intn(5) > 0 {
		fields = append(fields, `"a":`+v())
	}
	switch r.Intn(4) {
	case 0:
		fields = append(fields, `"b":{"c":`+v()+`}`)
	case 1:
		fields = append(fields, `"b":[{"c":`+v()+`},{"c":`+v()+`},7]`)
	case 2:
		fields = append(fields, `"b":`+v())
	}
	if r.Intn(3) > 0 {
		tags := make([]string, r.Intn(4))
		for i := range tags {
			tags[i] = v()
		}
		fields = append(fields, `"tags":[`+strings.Join(tags, ",")+`]`)
	}
	fields = append(fields, `"n":`+strconv.Itoa(r.Intn(10)))
	r.Shuffle(len(fields), func(i, j int) { fields[i], fields[j] = fields[j], fields[i] })
	return "{" + strings.Join(fields, ",") + "}"
}

var queryRandomPaths = []string{"a", "b.c", "b", "tags", "n", "tags.0"}

// queryRandomCond is one condition on one path.
func queryRandomCond(r *rand.Rand) string {
	v := func() string { return queryValues[r.Intn(len(queryValues))] }
	path := `"` + queryRandomPaths[r.Intn(len(queryRandomPaths))] + `":`
	ops := []string{"$eq", "$ne", "$gt", "$gte", "$lt", "$lte"}
	switch k := r.Intn(10); {
	case k < 2:
		return path + v()
	case k < 6:
		return path + `{"` + ops[r.Intn(len(ops))] + `":` + v() + `}`
	case k == 6:
		return path + `{"` + ops[2+r.Intn(2)] + `":` + v() + `,"` + ops[4+r.Intn(2)] + `":` + v() + `}`
	case k == 7:
		op := "$in"
		if r.Intn(3) == 0 {
			op = "$nin"
		}
		return path + `{"` + op + `":[` + v() + `,` + v() + `]}`
	case k == 8:
		return path + `{"$exists":` + strconv.FormatBool(r.Intn(2) == 0) + `}`
	}
	return path + `{"$not":{"` + ops[r.Intn(len(ops))] + `":` + v() + `}}`
}

// queryRandomFind builds FIND arguments: a filter and maybe options.
func queryRandomFind(r *rand.Rand) string {
	var filter string
	switch r.Intn(6) {
	case 0:
		filter = `{"$or":[{` + queryRandomCond(r) + `},{` + queryRandomCond(r) + `}]}`
	case 1:
		filter = `{"$and":[{` + queryRandomCond(r) + `}],` + queryRandomCond(r) + `}`
	case 2:
		filter = `{"$not":{` + queryRandomCond(r) + `}}`
	case 3:
		filter = `{}`
	default:
		filter = `{` + queryRandomCond(r) + `}`
	}
	var opts []string
	if r.Intn(2) == 0 {
		keys := make([]string, 1+r.Intn(2))
		for i := range keys {
			keys[i] = `"` + queryRandomPaths[r.Intn(len(queryRandomPaths))] + `":` + []string{"1", "-1"}[r.Intn(2)]
		}
		opts = append(opts, `"sort":{`+strings.Join(keys, ",")+`}`)
	}
	if r.Intn(3) == 0 {
		opts = append(opts, `"skip":`+strconv.Itoa(r.Intn(5)))
	}
	if r.Intn(3) == 0 {
		opts = append(opts, `"limit":`+strconv.Itoa(r.Intn(6)))
	}
	if r.Intn(8) == 0 {
		opts = append(opts, `"count":true`)
	}
	if len(opts) == 0 {
		return filter
	}
	return filter + " {" + strings.Join(opts, ",") + "}"
}

// TestQueryIndexDifferential runs random FINDs on two collections holding
// the same documents, one without and one with indexes on every path used:
// the replies must be identical (REPL.md §9.7: an index never changes a
// result). GRUMPY_QUERY_SEED sets the seed; GRUMPY_LONG=1 runs more.
func TestQueryIndexDifferential(t *testing.T) {
	seed := time.Now().UnixNano()
	if s := os.Getenv("GRUMPY_QUERY_SEED"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			t.Fatalf("GRUMPY_QUERY_SEED: %v", err)
		}
		seed = n
	}
	t.Logf("seed %d (set GRUMPY_QUERY_SEED to replay)", seed)
	r := rand.New(rand.NewSource(seed))
	docs, finds := 80, 400
	if os.Getenv("GRUMPY_LONG") == "1" {
		docs, finds = 300, 4000
	}

	p := startServer(t, filepath.Join(t.TempDir(), "data"))
	c := p.admin(t)
	c.Must("USE rnd", "+OK")
	c.Must("CREATE COLLECTION plain", "+OK")
	c.Must("CREATE COLLECTION indexed", "+OK")
	for i, path := range queryRandomPaths {
		c.Must("CREATE INDEX indexed ix"+strconv.Itoa(i)+" "+path, "+OK")
	}
	var pairs []string
	for i := 0; i < docs; i++ {
		pairs = append(pairs, `["`+queryKey(r.Intn(1<<20))+`",`+queryRandomDoc(r)+`]`)
		if len(pairs) == 20 || i == docs-1 {
			batch := "[" + strings.Join(pairs, ",") + "]"
			a, b := c.Do("INSERTMANY plain "+batch), c.Do("INSERTMANY indexed "+batch)
			if a != b {
				t.Fatalf("INSERTMANY differs: %q vs %q", a, b)
			}
			pairs = pairs[:0]
		}
	}
	c.Must("COUNT plain", strings.TrimSpace(c.Do("COUNT indexed")))

	indexPlans := 0
	for i := 0; i < finds; i++ {
		args := queryRandomFind(r)
		want, got := c.Do("FIND plain "+args), c.Do("FIND indexed "+args)
		if want != got {
			t.Fatalf("FIND %s\nwithout index %q\nwith indexes  %q", args, clipQuery(want), clipQuery(got))
		}
		if strings.Contains(args, `"count":true`) || strings.HasPrefix(want, "-") {
			continue
		}
		filter, _, _ := strings.Cut(args, " {")
		plan := queryBulk(t, c.Do("FIND indexed "+filter+` {"explain":true}`))
		if strings.HasPrefix(plan, `{"plan":"index"`) {
			indexPlans++
		}
		if n := strings.TrimSpace(c.Do("FIND plain " + filter + ` {"count":true}`)); !strings.HasSuffix(plan, `"returned":`+n[1:]+"}") {
			t.Fatalf("FIND %s: plan %s, but %s results", filter, plan, n)
		}
	}
	t.Logf("%d of %d FINDs had an index plan", indexPlans, finds)
	if indexPlans == 0 {
		t.Fatal("no FIND used an index")
	}
}

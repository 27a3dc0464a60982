package engine

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/uuid"
)

func TestCRUD(t *testing.T) {
	db, _ := openTest(t, nil)
	if err := db.CreateCollection("users"); err != nil {
		t.Fatal(err)
	}
	id := uuid.MustParse("3df9dde6-1a2b-4c3d-8e9f-001122334455")
	alice := mustParseJSON(t, `{"name":"Alice","age":30,"email":"alice@example.com"}`)
	if err := db.Insert("users", id, alice); err != nil {
		t.Fatal(err)
	}
	got, err := db.Get("users", id)
	if err != nil {
		t.Fatal(err)
	}
	if got.String() != alice.String() {
		t.Fatalf("get = %s, want %s", got, alice)
	}
	cases := []struct {
		name string
		err  error
		want string
	}{
		{"insert duplicate", db.Insert("users", id, alice), "key 3df9dde6-1a2b-4c3d-8e9f-001122334455 already exists"},
		{"missing collection", db.Insert("nope", id, alice), "collection not found: nope"},
		{"create existing collection", db.CreateCollection("users"), "collection already exists: users"},
		{"bad collection name", db.CreateCollection("Users"), "invalid name: invalid character 'U': only [a-z0-9_] allowed"},
		{"reserved name", db.CreateCollection("_x"), "invalid name: names starting with '_' are reserved"},
		{"replace missing", db.Replace("users", uuid.Nil, alice), "key 00000000-0000-0000-0000-000000000000 not found"},
		{"delete missing", db.Delete("users", uuid.Nil), "key 00000000-0000-0000-0000-000000000000 not found"},
	}
	for _, c := range cases {
		if c.err == nil || c.err.Error() != c.want {
			t.Errorf("%s: error %v, want %q", c.name, c.err, c.want)
		}
	}
	if _, err := db.Get("users", uuid.Nil); !errors.Is(err, ErrKeyNotFound) {
		t.Fatalf("get missing: %v", err)
	}
	bob := mustParseJSON(t, `{"name":"Bob","age":25.0}`)
	if err := db.Replace("users", id, bob); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.Get("users", id); got.String() != `{"name":"Bob","age":25.0}` {
		t.Fatalf("after replace: %s", got)
	}
	if n, _ := db.Count("users"); n != 1 {
		t.Fatalf("count = %d", n)
	}
	if err := db.Delete("users", id); err != nil {
		t.Fatal(err)
	}
	if n, _ := db.Count("users"); n != 0 {
		t.Fatalf("count after delete = %d", n)
	}
	names, _ := db.Collections()
	if fmt.Sprint(names) != "[users]" {
		t.Fatalf("collections = %v", names)
	}
}

func TestRejectedDocumentsWriteNothing(t *testing.T) {
	db, _ := openTest(t, nil)
	db.CreateCollection("c")
	deep := strings.Repeat("[", 129) + strings.Repeat("]", 129)
	var v Value
	for i := 0; i < 129; i++ {
		v = Array(v)
	}
	big := String(strings.Repeat("x", MaxDocumentSize))
	for name, doc := range map[string]Value{"too deep": v, "nan": Float(nan()), "too large": big} {
		err := db.Insert("c", idN(1), doc)
		if err == nil {
			t.Fatalf("%s: accepted", name)
		}
		if !errors.Is(err, ErrInvalidValue) && !errors.Is(err, ErrDocumentTooLarge) {
			t.Fatalf("%s: %v", name, err)
		}
	}
	_ = deep
	if n, _ := db.Count("c"); n != 0 {
		t.Fatalf("rejected documents stored: %d", n)
	}
}

func TestPersistAcrossReopenAndCrash(t *testing.T) {
	for _, crash := range []bool{false, true} {
		t.Run(fmt.Sprintf("crash=%v", crash), func(t *testing.T) {
			db, m := openTest(t, nil)
			db.CreateCollection("docs")
			db.CreateIndex("docs", "by_n", "n")
			for i := 0; i < 300; i++ {
				if err := db.Insert("docs", idN(i), mustParseJSON(t, fmt.Sprintf(`{"n":%d,"pad":"%s"}`, i%10, strings.Repeat("p", i)))); err != nil {
					t.Fatal(err)
				}
			}
			before := db.HLC()
			db, _ = reopen(t, db, m, crash)
			if n, _ := db.Count("docs"); n != 300 {
				t.Fatalf("count after reopen = %d", n)
			}
			got, err := db.Query("docs", "by_n", Int(3))
			if err != nil || len(got) != 30 {
				t.Fatalf("query after reopen: %d docs, %v", len(got), err)
			}
			if ix, _ := db.Indexes("docs"); len(ix) != 1 || ix[0].Path != "n" {
				t.Fatalf("indexes after reopen: %v", ix)
			}
			if db.HLC() < before {
				t.Fatalf("HLC went back: %d < %d", db.HLC(), before)
			}
		})
	}
}

func TestSnapshotReader(t *testing.T) {
	db, _ := openTest(t, nil)
	db.CreateCollection("c")
	db.Insert("c", idN(1), Int(1))
	r, err := db.BeginRead()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Rollback()
	db.Replace("c", idN(1), Int(2))
	db.Insert("c", idN(2), Int(3))
	db.DropCollection("c")
	v, err := r.Get("c", idN(1))
	if err != nil || v.Int() != 1 {
		t.Fatalf("old snapshot: %v %v", v, err)
	}
	if n, _ := r.Count("c"); n != 1 {
		t.Fatalf("old snapshot count = %d", n)
	}
	if _, err := db.Get("c", idN(1)); !errors.Is(err, ErrCollectionNotFound) {
		t.Fatalf("new snapshot: %v", err)
	}
}

func TestUpdateAtomic(t *testing.T) {
	db, _ := openTest(t, nil)
	db.CreateCollection("c")
	boom := errors.New("boom")
	err := db.Update(func(tx *Tx) error {
		for i := 0; i < 10; i++ {
			if err := tx.Insert("c", idN(i), Int(int64(i))); err != nil {
				return err
			}
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("update: %v", err)
	}
	if n, _ := db.Count("c"); n != 0 {
		t.Fatalf("rolled-back inserts visible: %d", n)
	}
	docs := []Document{{idN(1), Int(1)}, {idN(2), Int(2)}, {idN(1), Int(3)}}
	if err := db.InsertMany("c", docs); !errors.Is(err, ErrKeyExists) {
		t.Fatalf("insertMany with duplicate: %v", err)
	}
	if n, _ := db.Count("c"); n != 0 {
		t.Fatalf("failed insertMany left %d docs", n)
	}
	if err := db.View(func(tx *Tx) error { return tx.Insert("c", idN(9), Null()) }); !errors.Is(err, ErrTxReadOnly) {
		t.Fatalf("write in view: %v", err)
	}
}

func TestScanRange(t *testing.T) {
	db, _ := openTest(t, nil)
	db.CreateCollection("c")
	for i := 0; i < 100; i++ {
		db.Insert("c", idN(i), Int(int64(i)))
	}
	collect := func(lo, hi uuid.UUID) []int64 {
		it := db.Scan(context.Background(), "c", lo, hi)
		defer it.Close()
		var out []int64
		for it.Next() {
			out = append(out, it.Document().Value.Int())
		}
		if err := it.Err(); err != nil {
			t.Fatal(err)
		}
		return out
	}
	if got := collect(idN(10), idN(14)); fmt.Sprint(got) != "[10 11 12 13 14]" {
		t.Fatalf("scan [10,14] = %v", got)
	}
	if got := collect(idN(14), idN(10)); len(got) != 0 {
		t.Fatalf("scan lo>hi = %v", got)
	}
	if got := collect(uuid.Nil, maxUUID); len(got) != 100 {
		t.Fatalf("full scan = %d", len(got))
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	it := db.Scan(ctx, "c", uuid.Nil, maxUUID)
	for it.Next() {
	}
	if err := it.Close(); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled scan: %v", err)
	}
}

func TestIndexQueries(t *testing.T) {
	db, _ := openTest(t, nil)
	db.CreateCollection("u")
	long := strings.Repeat("z", 3000)
	docs := []string{
		`{"age":30}`,                 // 0
		`{"age":30.0}`,               // 1
		`{"age":[25,40]}`,            // 2
		`{"age":null}`,               // 3
		`{"name":"no age"}`,          // 4
		`{"age":[]}`,                 // 5
		`{"age":"thirty"}`,           // 6
		`{"age":"` + long + `a"}`,    // 7
		`{"age":"` + long + `b"}`,    // 8
		`{"age":{"years":30}}`,       // 9
		`{"age":[null, 31]}`,         // 10
		`{"age":9007199254740993}`,   // 11
		`{"age":9007199254740992.0}`, // 12
	}
	for i, d := range docs {
		if err := db.Insert("u", idN(i), mustParseJSON(t, d)); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.CreateIndex("u", "by_age", "age"); err != nil {
		t.Fatal(err)
	}
	ids := func(ds []Document) string {
		var s []string
		for _, d := range ds {
			s = append(s, fmt.Sprint(int(d.ID[15])|int(d.ID[14])<<8))
		}
		return strings.Join(s, ",")
	}
	q := []struct {
		v    string
		want string
	}{
		{`30`, "0,1"},
		{`30.0`, "0,1"},
		{`25`, "2"},
		{`null`, "3,4,10"},
		{`"thirty"`, "6"},
		{`"` + long + `a"`, "7"},
		{`"` + long + `"`, ""},
		{`9007199254740993`, "11"},
		{`9007199254740992`, "12"},
		{`31`, "10"},
	}
	for _, c := range q {
		got, err := db.Query("u", "by_age", mustParseJSON(t, c.v))
		if err != nil {
			t.Fatal(err)
		}
		if ids(got) != c.want {
			t.Errorf("query %.20s = %s, want %s", c.v, ids(got), c.want)
		}
	}
	if _, err := db.Query("u", "by_age", mustParseJSON(t, `[1]`)); !errors.Is(err, ErrNotIndexable) {
		t.Fatalf("array lookup: %v", err)
	}
	if _, err := db.Query("u", "nope", Int(1)); err == nil || err.Error() != "index not found: nope" {
		t.Fatalf("missing index: %v", err)
	}
	r := []struct {
		lo, hi string
		want   string
	}{
		{`25`, `31`, "2,0,1"},                             // 25 (doc 2), then 30 (0, 1) by key
		{`30`, `41`, "0,1,10,2"},                          // 30,30.0 then 31 (doc 10) then 40 (doc 2)
		{`null`, `0`, "3,10"},                             // stored nulls only: no "no value" entries
		{`"a"`, `"zzzz"`, "6"},                            // strings
		{`"z"`, `"{"`, "7,8"},                             // long strings, ordered by value
		{`9007199254740992`, `9007199254740994`, "12,11"}, // exact number order
		{`50`, `20`, ""},
	}
	for _, c := range r {
		got, err := db.QueryRange("u", "by_age", mustParseJSON(t, c.lo), mustParseJSON(t, c.hi))
		if err != nil {
			t.Fatal(err)
		}
		if ids(got) != c.want {
			t.Errorf("range [%.20s, %.20s) = %s, want %s", c.lo, c.hi, ids(got), c.want)
		}
	}
	// Maintenance: replace and delete keep the index exact (Check verifies).
	db.Replace("u", idN(0), mustParseJSON(t, `{"age":[30,30,31]}`))
	db.Delete("u", idN(1))
	if got, _ := db.Query("u", "by_age", Int(31)); ids(got) != "0,10" {
		t.Fatalf("after replace: %s", ids(got))
	}
	if err := db.DropIndex("u", "by_age"); err != nil {
		t.Fatal(err)
	}
	if ix, _ := db.Indexes("u"); len(ix) != 0 {
		t.Fatalf("indexes after drop: %v", ix)
	}
}

func TestResolve(t *testing.T) {
	db, _ := openTest(t, nil)
	db.CreateCollection("users")
	db.CreateCollection("orders")
	u := idN(1)
	o := idN(2)
	db.Insert("users", u, mustParseJSON(t, `{"name":"Ann"}`))
	ref := Ref("users", u)
	db.Insert("orders", o, Object(Field{"buyer", ref}, Field{"seller", ref}, Field{"lost", Ref("users", idN(9))}))
	got, err := db.Resolve("orders", o)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"buyer":{"name":"Ann"},"seller":{"name":"Ann"},"lost":{"$ref":{"collection":"users","uuid":"` + idN(9).String() + `"}}}`
	if got.String() != want {
		t.Fatalf("resolve (diamond, dangling) = %s", got)
	}
	// A cycle U -> V -> U.
	db.Insert("users", idN(3), Object(Field{"next", Ref("users", idN(4))}))
	db.Insert("users", idN(4), Object(Field{"next", Ref("users", idN(3))}))
	if _, err := db.ResolveDeep("users", idN(3), -1); err == nil || err.Error() != "cyclic reference detected: users/"+idN(3).String() {
		t.Fatalf("cycle: %v", err)
	}
	got, err = db.ResolveDeep("users", idN(3), 1)
	if err != nil || !strings.Contains(got.String(), `"next":{"next":{"$ref"`) {
		t.Fatalf("depth 1 on a cycle: %s %v", got, err)
	}
	if got, _ := db.ResolveDeep("users", idN(3), 0); got.String() != `{"next":{"$ref":{"collection":"users","uuid":"`+idN(4).String()+`"}}}` {
		t.Fatalf("depth 0: %s", got)
	}
}

func TestCompactReturnsSpace(t *testing.T) {
	db, m := openTest(t, nil)
	db.CreateCollection("c")
	db.CreateIndex("c", "by_v", "v")
	for i := 0; i < 2000; i++ {
		db.Insert("c", idN(i), mustParseJSON(t, fmt.Sprintf(`{"v":%d,"pad":"%s"}`, i, strings.Repeat("x", 500))))
	}
	for i := 0; i < 2000; i++ {
		if i%10 != 0 {
			db.Delete("c", idN(i))
		}
	}
	db.Flush()
	size := func() int64 {
		st, err := m.Stat("/data/t/db/c/data.db")
		if err != nil {
			t.Fatal(err)
		}
		return st.Size()
	}
	before := size()
	n, err := db.Compact("c")
	if err != nil || n != 200 {
		t.Fatalf("compact = %d, %v", n, err)
	}
	db.Flush()
	after := size()
	if after*4 > before {
		t.Fatalf("data.db %d bytes before compaction, %d after: space not returned", before, after)
	}
	if got, _ := db.Query("c", "by_v", Int(1990)); len(got) != 1 {
		t.Fatalf("index after compact: %d", len(got))
	}
	db, _ = reopen(t, db, m, true)
	if n, _ := db.Count("c"); n != 200 {
		t.Fatalf("count after compact+crash = %d", n)
	}
}

func TestStatsMove(t *testing.T) {
	db, _ := openTest(t, nil)
	db.CreateCollection("c")
	before := db.Stats()
	for i := 0; i < 10; i++ {
		db.Insert("c", idN(i), Int(int64(i)))
	}
	after := db.Stats()
	if after.WALRecords < before.WALRecords+10 {
		t.Fatalf("WAL records %d → %d after 10 commits", before.WALRecords, after.WALRecords)
	}
	if after.PoolCached == 0 || after.PoolCapacity == 0 || after.Collections != 1 {
		t.Fatalf("stats: %+v", after)
	}
	cs, err := db.CollectionStats("c")
	if err != nil || cs.Documents != 10 || cs.PoolCached == 0 {
		t.Fatalf("collection stats: %+v %v", cs, err)
	}
	db.Flush()
	if cs2, _ := db.CollectionStats("c"); cs2.PoolWrites == 0 {
		t.Fatalf("no pages written after flush: %+v", cs2)
	}
}

func TestTransactionTooLarge(t *testing.T) {
	db, _ := openTest(t, &Options{CacheBytes: 32 << 20})
	db.CreateCollection("c")
	big := String(strings.Repeat("x", 8<<20))
	err := db.Update(func(tx *Tx) error {
		for i := 0; i < 9; i++ {
			if err := tx.Insert("c", idN(i), big); err != nil {
				return err
			}
		}
		return nil
	})
	if !errors.Is(err, ErrTxTooLarge) {
		t.Fatalf("72 MiB transaction: %v", err)
	}
	// The database stays usable and unchanged.
	if n, _ := db.Count("c"); n != 0 {
		t.Fatalf("refused transaction left %d documents", n)
	}
	if err := db.Insert("c", idN(1), big); err != nil {
		t.Fatalf("insert after refusal: %v", err)
	}
}

// TestCompactBeyondTransactionLimit compacts a collection whose pages pass
// the 64 MiB transaction limit: the new files are built outside the WAL.
func TestCompactBeyondTransactionLimit(t *testing.T) {
	if testing.Short() {
		t.Skip("builds ~75 MiB")
	}
	db, m := openTest(t, &Options{CacheBytes: 8 << 20})
	db.CreateCollection("c")
	db.CreateIndex("c", "by_n", "n")
	pad := strings.Repeat("x", 4400) // one document per page
	const n = 9000
	for start := 0; start < n; start += 500 {
		docs := make([]Document, 0, 500)
		for i := start; i < start+500; i++ {
			docs = append(docs, Document{idN(i), Object(Field{"n", Int(int64(i % 100))}, Field{"pad", String(pad)})})
		}
		if err := db.InsertMany("c", docs); err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; i < n; i += 3 {
		if err := db.Delete("c", idN(i)); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Flush(); err != nil {
		t.Fatal(err)
	}
	got, err := db.Compact("c")
	if err != nil || got != n-n/3 {
		t.Fatalf("compact = %d, %v", got, err)
	}
	if s := db.Stats(); s.WALBytes > 1<<20 {
		t.Fatalf("compaction went through the WAL: %d bytes", s.WALBytes)
	}
	if hits, _ := db.Query("c", "by_n", Int(7)); len(hits) != 60 {
		t.Fatalf("index after compaction: %d hits", len(hits))
	}
	db, _ = reopen(t, db, m, true)
	if c, _ := db.Count("c"); c != n-n/3 {
		t.Fatalf("count after crash = %d", c)
	}
}

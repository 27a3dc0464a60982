package repl

import (
	"context"
	"errors"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/grumpydb/grumpydb/engine"
)

var uuidRE = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)

// testShell returns a shell over a fresh embedded data root, closed at
// cleanup.
func testShell(t *testing.T) (*Shell, string) {
	t.Helper()
	root := filepath.Join(t.TempDir(), "data")
	sh := NewShell(NewEmbedded(root, &engine.Options{NoSync: true}))
	t.Cleanup(func() { _ = sh.Close() })
	return sh, root
}

// run runs one statement and returns its output, failing on error.
func run(t *testing.T, sh *Shell, stmt string) string {
	t.Helper()
	res, err := sh.Run(context.Background(), stmt)
	if err != nil {
		t.Fatalf("%s: %v", stmt, err)
	}
	return res.Output
}

// fail runs one statement that must fail with exactly msg.
func fail(t *testing.T, sh *Shell, stmt, msg string) {
	t.Helper()
	_, err := sh.Run(context.Background(), stmt)
	if err == nil {
		t.Fatalf("%s: succeeded, want error %q", stmt, msg)
	}
	if err.Error() != msg {
		t.Fatalf("%s: error %q, want %q", stmt, err, msg)
	}
}

func insertedID(t *testing.T, out string) string {
	t.Helper()
	id, ok := strings.CutPrefix(out, "Inserted: ")
	if !ok || !uuidRE.MatchString(id) || len(id) != 36 {
		t.Fatalf("not an Inserted line: %q", out)
	}
	return id
}

func TestShellNeedsDatabase(t *testing.T) {
	sh, _ := testShell(t)
	for _, s := range []string{"db.collections()", "db.flush()", "db.users.find()", "db.users.insert({})", "db.createCollection(x)"} {
		fail(t, sh, s, "no database selected. Use: use <database_name>")
	}
	if got := run(t, sh, "help"); !strings.HasPrefix(got, "GrumpyDB shell commands") {
		t.Errorf("help without db: %q", got)
	}
	if sh.Prompt(false) != "grumpy> " || sh.Prompt(true) != "...> " {
		t.Errorf("prompts %q %q", sh.Prompt(false), sh.Prompt(true))
	}
}

func TestShellSession(t *testing.T) {
	sh, _ := testShell(t)
	steps := []struct{ stmt, want string }{
		{"use myapp", `Switched to database "myapp"`},
		{`db.createCollection("users")`, `Collection "users" created`},
		{"db.collections()", `["users"]`},
		{"db.createCollection(orders)", `Collection "orders" created`},
		{"db.collections()", `["orders", "users"]`},
		{"db.users.count()", "0"},
		{"db.users.find()", "[]"},
		{"db.users.indexes()", "[]"},
		{`db.users.findOne()`, "null"},
		{`db.dropCollection("orders")`, `Collection "orders" dropped`},
		{"db.flush()", "Flushed"},
	}
	for _, s := range steps {
		if got := run(t, sh, s.stmt); got != s.want {
			t.Fatalf("%s = %q, want %q", s.stmt, got, s.want)
		}
	}
	if sh.Prompt(false) != "grumpy [myapp]> " || sh.Database() != "myapp" {
		t.Errorf("prompt %q", sh.Prompt(false))
	}
	a := insertedID(t, run(t, sh, `db.users.insert({ name: "Alice", age: 30, email: "alice@example.com" })`))
	b := insertedID(t, run(t, sh, `db.users.insert({ name: "Bob", age: 25, tags: ["dev", "rust"] })`))
	first, second := a, b
	if b < a {
		first, second = b, a
	}
	docs := map[string]string{
		a: `{ "_id": "` + a + `", "name": "Alice", "age": 30, "email": "alice@example.com" }`,
		b: `{ "_id": "` + b + `", "name": "Bob", "age": 25, "tags": ["dev", "rust"] }`,
	}
	want := "[\n  " + docs[first] + ",\n  " + docs[second] + "\n]"
	if got := run(t, sh, "db.users.find()"); got != want {
		t.Fatalf("find() =\n%s\nwant\n%s", got, want)
	}
	checks := []struct{ stmt, want string }{
		{`db.users.createIndex("by_age", "age")`, `Index "by_age" created on field "age"`},
		{`db.users.query("by_age", 30)`, "[" + docs[a] + "]"},
		{`db.users.query(by_age, 30.0)`, "[" + docs[a] + "]"},
		{`db.users.queryRange("by_age", 0, 30)`, "[" + docs[b] + "]"},
		{`db.users.find({ age: 25 })`, "[" + docs[b] + "]"},
		{`db.users.find({ tags: "dev" })`, "[" + docs[b] + "]"},
		{`db.users.find({}, { sort: { age: -1 }, limit: 1 })`, "[" + docs[a] + "]"},
		{`db.users.find({}, { sort: { age: 1 }, projection: { name: 1, _id: 0 } })`, "[\n  { \"name\": \"Bob\" },\n  { \"name\": \"Alice\" }\n]"},
		{`db.users.find({ age: 30 }, { projection: { name: 1 } })`, `[{ "_id": "` + a + `", "name": "Alice" }]`},
		{`db.users.findOne({ age: { $gt: 26 } }, { limit: 5 })`, docs[a]},
		{`db.users.findOne({ age: 99 })`, "null"},
		{`db.users.count({ age: { $not: { $lt: 26 } } })`, "1"},
		{`db.users.count({ email: { $exists: false } })`, "1"},
		{"db.users.count()", "2"},
		{"db.users.indexes()", `["by_age"]`},
		{"db.users.get(" + a + ")", docs[a]},
		{"db.users.get('" + strings.ToUpper(a) + "')", docs[a]},
		{"db.users.get(" + a[:8] + ")", docs[a]},
		{"db.users.get(00000000-0000-4000-8000-000000000000)", "null"},
		{`db.users.stats()`, ""},
		{`db.users.dropIndex(by_age)`, `Index "by_age" dropped`},
		{`db.users.update("` + b + `", { name: "Bob", age: 26 })`, "Updated: " + b},
		{`db.users.get("` + b + `")`, `{ "_id": "` + b + `", "name": "Bob", "age": 26 }`},
		{`db.users.update("` + b + `", { _id: "` + strings.ToUpper(b) + `", n: 1 })`, "Updated: " + b},
		{`db.users.get("` + b + `")`, `{ "_id": "` + b + `", "n": 1 }`},
		{`db.users.delete("` + b + `")`, "Deleted: " + b},
		{"db.users.compact()", "Compacted: 1 documents preserved"},
		{`db.users.find({}, { explain: true })`, `{ "plan": "scan", "index": null, "bounds": null, "examined": 1, "returned": 1 }`},
	}
	for _, c := range checks {
		got := run(t, sh, c.stmt)
		if c.stmt == "db.users.stats()" {
			if !regexp.MustCompile(`^\{ "documents": 2, "pool": \{ "cached": \d+, "capacity": \d+, "reads": \d+, "writes": \d+ \} \}$`).MatchString(got) {
				t.Errorf("stats = %s", got)
			}
			continue
		}
		if got != c.want {
			t.Errorf("%s =\n%s\nwant\n%s", c.stmt, got, c.want)
		}
	}
	fail(t, sh, `db.users.delete("`+b+`")`, "key "+b+" not found")
	fail(t, sh, `db.users.update("`+b+`", {})`, "key "+b+" not found")
	fail(t, sh, "db.users.get(ffff)", "no document matches id prefix 'ffff'")
	fail(t, sh, "db.users.get(12)", "invalid id '12': expected a UUID or at least 4 leading hex digits of one")
	fail(t, sh, "db.users.get({})", "get: id must be a string")
	fail(t, sh, "db.users.get()", "get expects 1 argument, got 0")
	fail(t, sh, "db.users.update(1)", "update expects 2 arguments, got 1")
	fail(t, sh, "db.users.find(1, 2, 3)", "find expects 0 to 2 arguments, got 3")
	fail(t, sh, "db.users.fnd()", "unknown method: db.users.fnd() (type 'help' for the list)")
	fail(t, sh, "db.fnd()", "unknown method: db.fnd() (type 'help' for the list)")
	fail(t, sh, "db.nope.find()", "collection not found: nope")
	fail(t, sh, "db.nope.count()", "collection not found: nope")
	fail(t, sh, "db.nope.get(1234)", "collection not found: nope")
	fail(t, sh, "db.users.dropIndex(nope)", "index not found: nope")
	fail(t, sh, "db.createCollection(users)", "collection already exists: users")
	fail(t, sh, "db.users.find(5)", "invalid filter: filter must be an object")
	fail(t, sh, "db.users.find({a: {$regex: 1}})", "invalid filter: unknown operator $regex")
	fail(t, sh, "db.users.find({}, {bogus: 1})", `invalid find options: unknown option "bogus"`)
	fail(t, sh, "db.users.find({}, {projection: {a: 1, b: 0}})", "invalid find options: projection cannot mix inclusion and exclusion")
	fail(t, sh, "db.users.query(by_x, [1])", "value type cannot be indexed")
	fail(t, sh, "db.users.query(by_x, 1)", "index not found: by_x")
	fail(t, sh, `db.users.insert({ $set: { a: 1 } })`, "field names starting with '$' are reserved ($set)")
	fail(t, sh, `db.users.insert({ _id: "abc" })`, "_id must be a UUID string")
	fail(t, sh, `db.users.insert({ _id: 12 })`, "_id must be a UUID string")
	fail(t, sh, `db.users.insert({ _id: "`+a+`" })`, "key "+a+" already exists")
	fail(t, sh, `db.users.update("`+a+`", { _id: "`+b+`" })`, "_id does not match the document being updated")
	fail(t, sh, "db.users.insertMany([])", "insertMany: docs must be a non-empty array")
	fail(t, sh, "use Bad", "invalid name: invalid character 'B': only [a-z0-9_] allowed")
	fail(t, sh, "use _x", "invalid name: names starting with '_' are reserved")
	fail(t, sh, "db.createCollection(Bad)", "invalid name: invalid character 'B': only [a-z0-9_] allowed")
	if sh.Database() != "myapp" {
		t.Error("failed use changed the selection")
	}
}

func TestShellInsertIDs(t *testing.T) {
	sh, _ := testShell(t)
	run(t, sh, "use t")
	// insert into a missing collection creates it
	if got := run(t, sh, `db.c.insert({ _id: "`+testUUID+`", a: 1 })`); got != "Inserted: "+testUUID {
		t.Fatalf("insert with _id: %q", got)
	}
	if got := run(t, sh, "db.c.get(3df9)"); got != `{ "_id": "`+testUUID+`", "a": 1 }` {
		t.Fatalf("get: %q", got)
	}
	// non-object documents are wrapped
	id := insertedID(t, run(t, sh, "db.c.insert([1, 2])"))
	if got := run(t, sh, "db.c.get("+id+")"); got != `{ "_id": "`+id+`", "_value": [1, 2] }` {
		t.Fatalf("wrapped: %q", got)
	}
	// insertMany: one line per document, in order; all or nothing
	out := run(t, sh, `db.m.insertMany([{ n: 1 }, { _id: "00000000-0000-4000-8000-000000000001", n: 2 }, 5])`)
	lines := strings.Split(out, "\n")
	if len(lines) != 3 || lines[1] != "Inserted: 00000000-0000-4000-8000-000000000001" {
		t.Fatalf("insertMany: %q", out)
	}
	insertedID(t, lines[0])
	insertedID(t, lines[2])
	fail(t, sh, `db.m.insertMany([{ a: 1 }, { _id: "00000000-0000-4000-8000-000000000001" }])`,
		"key 00000000-0000-4000-8000-000000000001 already exists")
	fail(t, sh, `db.m.insertMany([{ _id: "00000000-0000-4000-8000-000000000009" }, { _id: "00000000-0000-4000-8000-000000000009" }])`,
		"duplicate _id 00000000-0000-4000-8000-000000000009 in insertMany")
	if got := run(t, sh, "db.m.count()"); got != "3" {
		t.Fatalf("a failed batch stored something: count %s", got)
	}
	// ambiguous prefixes
	run(t, sh, `db.p.insertMany([{ _id: "abcd0000-0000-4000-8000-000000000001" }, { _id: "abcd0000-0000-4000-8000-000000000002" }])`)
	fail(t, sh, "db.p.get(abcd)", "ambiguous id prefix 'abcd': 2 matches")
	if got := run(t, sh, "db.p.get(abcd0000-0000-4000-8000-000000000002)"); got != `{ "_id": "abcd0000-0000-4000-8000-000000000002" }` {
		t.Fatalf("full id: %q", got)
	}
}

func TestShellResolve(t *testing.T) {
	sh, _ := testShell(t)
	run(t, sh, "use t")
	u := "00000000-0000-4000-8000-00000000000a"
	v := "00000000-0000-4000-8000-00000000000b"
	o := "00000000-0000-4000-8000-00000000000c"
	run(t, sh, `db.users.insert({ _id: "`+u+`", name: "U", friend: $ref("users", "`+v+`") })`)
	run(t, sh, `db.users.insert({ _id: "`+v+`", name: "V", friend: $ref("users", "`+u+`") })`)
	run(t, sh, `db.orders.insert({ _id: "`+o+`", buyer: $ref("users", "`+v+`"), seller: $ref("users", "`+v+`"), gone: $ref("users", "`+testUUID+`") })`)
	if got, want := run(t, sh, "db.users.resolve("+u+")"),
		`{ "_id": "`+u+`", "name": "U", "friend": { "name": "V", "friend": $ref("users", "`+u+`") } }`; got != want {
		t.Errorf("resolve:\n%s\nwant\n%s", got, want)
	}
	fail(t, sh, "db.users.resolveDeep("+u+")", "cyclic reference detected: users/"+u)
	if got, want := run(t, sh, "db.users.resolveDeep("+u+", 0)"),
		`{ "_id": "`+u+`", "name": "U", "friend": $ref("users", "`+v+`") }`; got != want {
		t.Errorf("depth 0: %s", got)
	}
	// a diamond and a dangling reference are fine
	vDoc := `{ "name": "V", "friend": $ref("users", "` + u + `") }`
	if got, want := run(t, sh, "db.orders.resolve(0000)"),
		`{ "_id": "`+o+`", "buyer": `+vDoc+`, "seller": `+vDoc+`, "gone": $ref("users", "`+testUUID+`") }`; got != want {
		t.Errorf("diamond:\n%s\nwant\n%s", got, want)
	}
	if got := run(t, sh, "db.users.resolve("+testUUID+")"); got != "null" {
		t.Errorf("absent: %s", got)
	}
	fail(t, sh, "db.users.resolveDeep("+u+", 257)", "resolveDeep: depth must be an integer from 0 to 256")
	fail(t, sh, "db.users.resolveDeep("+u+", 'x')", "resolveDeep: depth must be an integer from 0 to 256")
	if got := run(t, sh, `db.orders.find({ buyer: $ref("users", "`+v+`") }, { projection: { _id: 1 } })`); got != `[{ "_id": "`+o+`" }]` {
		t.Errorf("find by ref: %s", got)
	}
}

func TestShellReopen(t *testing.T) {
	sh, root := testShell(t)
	run(t, sh, "use a")
	run(t, sh, "db.c.insert({ x: 1 })")
	run(t, sh, "db.c.createIndex(by_x, x)")
	run(t, sh, "use b")
	run(t, sh, "use a") // reopens a after b closed it
	if got := run(t, sh, "db.c.indexes()"); got != `["by_x"]` {
		t.Fatalf("index lost: %s", got)
	}
	run(t, sh, "use a") // same database again: no lock conflict
	if err := sh.Close(); err != nil {
		t.Fatal(err)
	}
	// the directory is <root>/<db>, and it is closed: another opener gets it
	db, err := engine.Open(filepath.Join(root, "a"), nil)
	if err != nil {
		t.Fatalf("reopen after close: %v", err)
	}
	n, err := db.Count("c")
	_ = db.Close()
	if err != nil || n != 1 {
		t.Fatalf("count %d, %v", n, err)
	}
}

func TestShellLockedDatabase(t *testing.T) {
	sh, root := testShell(t)
	db, err := engine.Open(filepath.Join(root, "held"), &engine.Options{CreateIfMissing: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	run(t, sh, "use free")
	_, err = sh.Run(context.Background(), "use held")
	if !errors.Is(err, engine.ErrLocked) {
		t.Fatalf("use of a held database: %v", err)
	}
	if sh.Database() != "free" {
		t.Fatal("selection changed")
	}
	run(t, sh, "db.c.insert({})") // previous database still open
}

func TestShellInterrupted(t *testing.T) {
	sh, _ := testShell(t)
	run(t, sh, "use t")
	run(t, sh, "db.c.insertMany([{a: 1}, {a: 2}])")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, s := range []string{"db.c.find()", "db.c.count({a: 1})", "db.c.get(abcd)"} {
		if _, err := sh.Run(ctx, s); !errors.Is(err, ErrInterrupted) {
			t.Errorf("%s under a cancelled context: %v", s, err)
		}
	}
}

func TestShellKeywords(t *testing.T) {
	sh, _ := testShell(t)
	res, err := sh.Run(context.Background(), "exit")
	if err != nil || !res.Exit {
		t.Fatal("exit")
	}
	res, err = sh.Run(context.Background(), "quit")
	if err != nil || !res.Exit {
		t.Fatal("quit")
	}
	res, err = sh.Run(context.Background(), "clear")
	if err != nil || !res.Clear || res.Output != "" {
		t.Fatal("clear")
	}
	fail(t, sh, "use", "usage: use <database_name>")
	fail(t, sh, "bogus", "unknown command: bogus")
}

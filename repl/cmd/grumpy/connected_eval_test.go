package main

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Fixed ids, so that both modes print the same bytes: idA and idB share
// the prefix 3df9dde6 (ambiguous), idC is alone under e7f8.
const (
	idA = "3df9dde6-1a2b-4c3d-8e9f-001122334455"
	idB = "3df9dde6-ffff-4c3d-8e9f-001122334455"
	idC = "e7f8a9b0-1a2b-4c3d-8e9f-001122334455"
	idD = "0a0b0c0d-0000-4000-8000-000000000001"
)

// usersSetup fills the collection users with three documents.
const usersSetup = `db.users.insertMany([
  { _id: "` + idA + `", name: "Alice", age: 30, city: "Paris", tags: ["dev", "ops"] },
  { _id: "` + idB + `", name: "Bob", age: 25.0, tags: ["dev"] },
  { _id: "` + idC + `", name: "Carol", age: "old", address: { city: "Lyon", zip: 69001 } },
])
`

// identicalCases are scripts run in both modes. Each runs in a fresh
// database; "DB" stands for its name. want, when set, must appear in the
// output (so that a case cannot pass by failing the same way twice);
// code is the expected exit status.
var identicalCases = []struct {
	name, script, want string
	code               int
}{
	{"use", "use DB; use DB; db.collections()", "Switched to database \"DB\"\n[]\n", 0},
	{"use no name", "use", "Error: usage: use <database_name>\n", 1},
	{"use bad name", "use Bad", "Error: invalid name: invalid character 'B': only [a-z0-9_] allowed\n", 1},
	{"use reserved", "use _x", "reserved", 1},
	{"collections", "use DB; db.createCollection(b); db.createCollection(\"a\"); db.collections(); db.dropCollection(a); db.collections()",
		"Collection \"b\" created\nCollection \"a\" created\n[\"a\", \"b\"]\nCollection \"a\" dropped\n[\"b\"]\n", 0},
	{"createCollection twice", "use DB; db.createCollection(a); db.createCollection(a)", "Error: collection already exists: a\n", 1},
	{"dropCollection missing", "use DB; db.dropCollection(nope)", "Error: collection not found: nope\n", 1},
	{"createCollection bad name", "use DB; db.createCollection(\"a b\")", "Error: invalid name", 1},
	{"createCollection empty name", "use DB; db.createCollection(\"\")", "Error: invalid name", 1},
	{"insert creates the collection", "use DB; db.c.insert({ _id: \"" + idA + "\", a: 1 }); db.collections(); db.c.count()",
		"Inserted: " + idA + "\n[\"c\"]\n1\n", 0},
	{"insertMany creates the collection", "use DB; " + usersSetup + "; db.collections(); db.users.count()",
		"Inserted: " + idA + "\nInserted: " + idB + "\nInserted: " + idC + "\n[\"users\"]\n3\n", 0},
	{"insert existing key", "use DB; " + usersSetup + "; db.users.insert({ _id: \"" + idA + "\" })", "Error: key " + idA + " already exists\n", 1},
	{"insertMany existing key stores nothing", "use DB; " + usersSetup + "; db.users.insertMany([{ _id: \"" + idD + "\" }, { _id: \"" + idA + "\" }])",
		"already exists", 1},
	{"insertMany duplicate _id", "use DB; db.c.insertMany([{ _id: \"" + idA + "\" }, { _id: \"" + idA + "\" }])", "duplicate _id", 1},
	{"insertMany empty", "use DB; db.c.insertMany([])", "Error: insertMany: docs must be a non-empty array\n", 1},
	{"insert bad _id", "use DB; db.c.insert({ _id: 5 })", "Error: _id must be a UUID string\n", 1},
	{"insert reserved field", "use DB; db.c.insert({ $set: 1 })", "reserved ($set)", 1},
	{"insert scalars and arrays", "use DB; db.c.insertMany([{ _id: \"" + idA + "\", _v: 0 }]); db.c.insert({ _id: \"" + idB + "\", x: [1, 2.5, -0.0, 1e20, 1.5e-7, 9223372036854775807, null, true, \"é\\tq\\u00a0 z\"] }); db.c.find()",
		"1e20", 0},
	{"get", "use DB; " + usersSetup + "; db.users.get(\"" + idA + "\"); db.users.get(e7f8); db.users.get(E7F8A9B0-1a); db.users.get(\"" + idD + "\")",
		"{ \"_id\": \"" + idC + "\", \"name\": \"Carol\", \"age\": \"old\", \"address\": { \"city\": \"Lyon\", \"zip\": 69001 } }\n", 0},
	{"get missing full id", "use DB; " + usersSetup + "; db.users.get(\"" + idD + "\")", "\nnull\n", 0},
	{"get ambiguous prefix", "use DB; " + usersSetup + "; db.users.get(3df9)", "Error: ambiguous id prefix '3df9': 2 matches\n", 1},
	{"get no match", "use DB; " + usersSetup + "; db.users.get(ffff)", "Error: no document matches id prefix 'ffff'\n", 1},
	{"get bad id", "use DB; " + usersSetup + "; db.users.get(xyz)", "Error: invalid id 'xyz'", 1},
	{"get missing collection", "use DB; db.nope.get(\"" + idA + "\")", "Error: collection not found: nope\n", 1},
	{"get prefix missing collection", "use DB; db.nope.get(3df9)", "Error: collection not found: nope\n", 1},
	{"find", "use DB; " + usersSetup + "; db.users.find(); db.users.find({}); db.users.find({ age: { $gt: 26 } }); db.users.find({ tags: \"dev\" }); db.users.find({ age: 25 })",
		"[{ \"_id\": \"" + idA + "\", \"name\": \"Alice\", \"age\": 30, \"city\": \"Paris\", \"tags\": [\"dev\", \"ops\"] }]\n", 0},
	{"find filters", "use DB; " + usersSetup + `; db.users.find({ $or: [{ "address.city": "Lyon" }, { tags: { $in: ["ops"] } }] }); db.users.find({ age: { $exists: false } }); db.users.find({ age: { $not: { $lt: 28 } } }); db.users.find({ $and: [{ tags: "dev" }, { name: { $ne: "Alice" } }] }); db.users.find({ _id: "` + idC + `" }); db.users.find({ _id: { $gte: "3df9dde6-2" } }); db.users.find({ tags: { $nin: ["ops"] } })`,
		"[]\n", 0},
	{"find options", "use DB; " + usersSetup + `; db.users.find({}, { sort: { name: -1 } }); db.users.find({}, { sort: [["age", 1], ["name", -1]], skip: 1, limit: 1 }); db.users.find({}, { projection: { name: 1, _id: 0 } }); db.users.find({}, { projection: { "address.city": 1 } }); db.users.find({}, { projection: { tags: 0, age: false } }); db.users.find({}, { limit: 0, skip: 5 })`,
		"[\n  { \"name\": \"Alice\" },\n  { \"name\": \"Bob\" },\n", 0},
	{"find explain", "use DB; " + usersSetup + "; db.users.find({ age: 30 }, { explain: true }); db.users.createIndex(by_age, age); db.users.find({ age: 30 }, { explain: true }); db.users.find({ _id: \"" + idA + "\" }, { explain: true }); db.users.findOne({ age: 30 }, { explain: true })",
		"\"plan\": \"index\"", 0},
	{"find errors filter", "use DB; " + usersSetup + "; db.users.find(5)", "Error: invalid filter: filter must be an object\n", 1},
	{"find errors operator", "use DB; " + usersSetup + "; db.users.find({ a: { $regex: 1 } })", "Error: invalid filter: unknown operator $regex\n", 1},
	{"find errors mix", "use DB; " + usersSetup + "; db.users.find({ a: { $gt: 1, b: 2 } })", "Error: invalid filter: cannot mix", 1},
	{"find errors option", "use DB; " + usersSetup + "; db.users.find({}, { bogus: 1 })", "Error: invalid find options: unknown option \"bogus\"\n", 1},
	{"find errors count option", "use DB; " + usersSetup + "; db.users.find({}, { count: true })", "Error: invalid find options: unknown option \"count\"\n", 1},
	{"find errors limit", "use DB; " + usersSetup + "; db.users.find({}, { limit: -1 })", "Error: invalid find options: limit", 1},
	{"find errors options type", "use DB; " + usersSetup + "; db.users.find({}, 5)", "Error: invalid find options", 1},
	{"find errors projection", "use DB; " + usersSetup + "; db.users.find({}, { projection: { a: 1, b: 0 } })", "Error: invalid find options: projection cannot mix inclusion and exclusion\n", 1},
	{"find missing collection", "use DB; db.nope.find()", "Error: collection not found: nope\n", 1},
	{"find empty collection", "use DB; db.createCollection(c); db.c.find(); db.c.findOne(); db.c.count({})", "[]\nnull\n0\n", 0},
	{"findOne", "use DB; " + usersSetup + "; db.users.findOne(); db.users.findOne({ name: \"Bob\" }); db.users.findOne({ name: \"Zed\" }); db.users.findOne({}, { sort: { name: -1 }, limit: 5 }); db.users.findOne({}, { projection: { _id: 0, name: 1 } })",
		"{ \"name\": \"Alice\" }\n", 0},
	{"count", "use DB; " + usersSetup + "; db.users.count(); db.users.count({ tags: \"dev\" }); db.users.count({ age: { $gte: 25 } }); db.users.count({})", "3\n2\n2\n3\n", 0},
	{"count missing collection", "use DB; db.nope.count()", "Error: collection not found: nope\n", 1},
	{"count bad filter", "use DB; " + usersSetup + "; db.users.count({ $bad: 1 })", "Error: invalid filter", 1},
	{"update", "use DB; " + usersSetup + "; db.users.update(\"" + idA + "\", { name: \"Alice\", age: 31 }); db.users.update(e7f8, [1, 2]); db.users.get(3df9dde6-1); db.users.get(e7f8)",
		"Updated: " + idC + "\n", 0},
	{"update _id mismatch", "use DB; " + usersSetup + "; db.users.update(e7f8, { _id: \"" + idA + "\" })", "Error: _id does not match the document being updated\n", 1},
	{"update _id match", "use DB; " + usersSetup + "; db.users.update(e7f8, { _id: \"" + idC + "\", z: 1 }); db.users.get(e7f8)", "\"z\": 1 }\n", 0},
	{"update missing key", "use DB; " + usersSetup + "; db.users.update(\"" + idD + "\", {})", "Error: key " + idD + " not found\n", 1},
	{"update ambiguous", "use DB; " + usersSetup + "; db.users.update(3df9, {})", "ambiguous id prefix", 1},
	{"delete", "use DB; " + usersSetup + "; db.users.delete(e7f8); db.users.delete(\"" + idA + "\"); db.users.count(); db.users.find()",
		"Deleted: " + idC + "\nDeleted: " + idA + "\n1\n", 0},
	{"delete missing key", "use DB; " + usersSetup + "; db.users.delete(\"" + idD + "\")", "Error: key " + idD + " not found\n", 1},
	{"delete no match", "use DB; " + usersSetup + "; db.users.delete(0000)", "Error: no document matches id prefix '0000'\n", 1},
	{"indexes", "use DB; " + usersSetup + "; db.users.indexes(); db.users.createIndex(by_age, age); db.users.createIndex(\"by_city\", \"address.city\"); db.users.indexes(); db.users.query(by_age, 30); db.users.query(\"by_age\", 25); db.users.query(by_city, \"Lyon\"); db.users.query(by_age, 99); db.users.dropIndex(by_city); db.users.indexes()",
		"Index \"by_city\" created on field \"address.city\"\n", 0},
	{"queryRange", "use DB; " + usersSetup + "; db.users.createIndex(by_age, age); db.users.queryRange(by_age, 0, 100); db.users.queryRange(by_age, 26, \"z\"); db.users.queryRange(by_age, null, 0); db.users.createIndex(by_name, name); db.users.queryRange(by_name, \"B\", \"C\")",
		"Index \"by_name\" created on field \"name\"\n", 0},
	{"queryRange bound with spaces", "use DB; db.c.insert({ _id: \"" + idA + "\", s: \"a b\" }); db.c.insert({ _id: \"" + idB + "\", s: \"a\\u00a0c\" }); db.c.createIndex(by_s, s); db.c.queryRange(by_s, \"a b\", \"b\"); db.c.query(by_s, \"a\\u00a0c\"); db.c.find({ s: \"a b\" })",
		"\"s\": \"a b\"", 0},
	{"index errors", "use DB; " + usersSetup + "; db.users.createIndex(by_age, age); db.users.createIndex(by_age, name)", "Error: index already exists: by_age\n", 1},
	{"index drop missing", "use DB; " + usersSetup + "; db.users.dropIndex(nope)", "Error: index not found: nope\n", 1},
	{"index query missing", "use DB; " + usersSetup + "; db.users.query(nope, 1)", "Error: index not found: nope\n", 1},
	{"index query array", "use DB; " + usersSetup + "; db.users.createIndex(by_age, age); db.users.query(by_age, [1])", "Error: value type cannot be indexed\n", 1},
	{"index bad name", "use DB; " + usersSetup + "; db.users.createIndex(\"by age\", age)", "Error: invalid name", 1},
	{"index missing collection", "use DB; db.nope.createIndex(i, a)", "Error: collection not found: nope\n", 1},
	{"resolve", "use DB; " + usersSetup + "; db.orders.insert({ _id: \"" + idD + "\", buyer: $ref(\"users\", \"" + idA + "\"), seller: $ref('users', '" + idA + "'), gone: $ref(\"users\", \"" + idD + "\"), other: $ref(\"nope\", \"" + idA + "\") }); db.orders.resolve(\"" + idD + "\"); db.orders.resolveDeep(0a0b, 0); db.orders.resolveDeep(0a0b); db.orders.get(0a0b); db.orders.resolve(\"" + idB + "\")",
		"\"buyer\": { \"name\": \"Alice\"", 0},
	{"resolve cycle", "use DB; db.c.insert({ _id: \"" + idA + "\", next: $ref(\"c\", \"" + idB + "\") }); db.c.insert({ _id: \"" + idB + "\", next: $ref(\"c\", \"" + idA + "\") }); db.c.resolve(3df9dde6-1); db.c.resolveDeep(3df9dde6-1)",
		"Error: cyclic reference detected: c/" + idA + "\n", 1},
	{"resolveDeep bad depth", "use DB; " + usersSetup + "; db.users.resolveDeep(e7f8, 257)", "Error: resolveDeep: depth must be an integer from 0 to 256\n", 1},
	{"resolve missing collection", "use DB; db.nope.resolve(\"" + idA + "\")", "Error: collection not found: nope\n", 1},
	{"stats compact flush", "use DB; " + usersSetup + "; db.users.delete(e7f8); db.users.stats(); db.users.compact(); db.users.count(); db.flush()",
		"Compacted: 2 documents preserved\n2\nFlushed\n", 0},
	{"stats missing collection", "use DB; db.nope.stats()", "Error: collection not found: nope\n", 1},
	{"compact missing collection", "use DB; db.nope.compact()", "Error: collection not found: nope\n", 1},
	{"help", "help; help find; help db.users.insertMany; help $ref; help bogus", "No help for 'bogus'.\n", 0},
	{"no database", "db.users.count()", "Error: no database selected. Use: use <database_name>\n", 1},
	{"no database flush", "db.flush()", "Error: no database selected. Use: use <database_name>\n", 1},
	{"unknown command", "use DB; bogus", "Error: unknown command: bogus\n", 1},
	{"unknown method", "use DB; db.users.fnd()", "Error: unknown method: db.users.fnd() (type 'help' for the list)\n", 1},
	{"syntax error", "use DB; db.users.find({ a: 1 b: 2 })", "Error: syntax error at 1:", 1},
	{"argument count", "use DB; db.users.get()", "Error: get expects 1 argument, got 0\n", 1},
	{"stops at first failure", "use DB; db.c.insert({ _id: \"" + idA + "\" }); db.c.insert({ _id: \"" + idA + "\" }); db.c.count()", "Inserted: " + idA + "\n", 1},
	{"exit stops", "use DB; exit; db.bogus()", "Switched to database", 0},
}

// TestConnectedIdenticalOutput runs every case in embedded mode and in
// connected mode against the real server and requires the same stdout,
// stderr and exit status, byte for byte.
func TestConnectedIdenticalOutput(t *testing.T) {
	srv := sharedServer(t)
	for _, c := range identicalCases {
		t.Run(strings.ReplaceAll(c.name, " ", "_"), func(t *testing.T) {
			t.Parallel()
			db := freshDatabase()
			script := strings.ReplaceAll(c.script, "DB", db)
			want := strings.ReplaceAll(c.want, "DB", db)
			emb := grumpy(t, t.TempDir(), "", nil, "-d", "d", "-e", script)
			con := grumpy(t, t.TempDir(), "", nil, append(srv.login(), "-e", script)...)
			if emb.code != c.code || !strings.Contains(emb.stdout+emb.stderr, want) {
				t.Fatalf("embedded run (want exit %d and %q):\nstdout:\n%s\nstderr:\n%s\nexit %d", c.code, want, emb.stdout, emb.stderr, emb.code)
			}
			if con != emb {
				t.Fatalf("connected output differs\nembedded stdout:\n%s\nconnected stdout:\n%s\nembedded stderr:\n%s\nconnected stderr:\n%s\nexit %d / %d",
					emb.stdout, con.stdout, emb.stderr, con.stderr, emb.code, con.code)
			}
		})
	}
}

// TestConnectedRandomIDs covers inserts without _id: the ids differ
// between the runs, the rest of the output does not.
func TestConnectedRandomIDs(t *testing.T) {
	srv := sharedServer(t)
	db := freshDatabase()
	script := "use " + db + "; db.c.insert({ a: 1 }); db.c.insertMany([{ a: 2 }, 7, [\"x\"]]); db.c.find({ a: { $exists: true } }, { sort: { a: 1 } }); db.c.count()"
	emb := grumpy(t, t.TempDir(), "", nil, "-d", "d", "-e", script)
	con := grumpy(t, t.TempDir(), "", nil, append(srv.login(), "-e", script)...)
	if emb.code != 0 || strings.Count(emb.stdout, "Inserted: ") != 4 || !strings.HasSuffix(emb.stdout, "\n4\n") {
		t.Fatalf("embedded: %+v", emb)
	}
	if normalise(con.stdout) != normalise(emb.stdout) || con.stderr != emb.stderr || con.code != emb.code {
		t.Fatalf("connected %+v\nembedded %+v", con, emb)
	}
	if uuidRE.FindString(con.stdout) == uuidRE.FindString(emb.stdout) {
		t.Fatalf("the two runs picked the same id: %s", con.stdout)
	}
}

// TestConnectedStartup covers the start-up failures of §1.3 and the
// credential sources of §1.2 (exit 2 for every failure).
func TestConnectedStartup(t *testing.T) {
	srv := sharedServer(t)
	dir := t.TempDir()
	r := grumpy(t, dir, "", nil, append(srv.args("127.0.0.1"), "--password", "wrong", "-e", "use x")...)
	if r.code != 2 || r.stderr != "Error: authentication failed: invalid credentials\n" || r.stdout != "" {
		t.Errorf("wrong password: %+v", r)
	}
	r = grumpy(t, dir, "", []string{"GRUMPYDB_PASSWORD=" + serverAdminPW}, append(srv.args("127.0.0.1"), "-e", "use envpw")...)
	if r.code != 0 || r.stdout != "Switched to database \"envpw\"\n" || r.stderr != "" {
		t.Errorf("GRUMPYDB_PASSWORD: %+v", r)
	}
	r = grumpy(t, dir, "", []string{"GRUMPYDB_PASSWORD=wrong"}, append(srv.login(), "-e", "use flagpw")...)
	if r.code != 0 {
		t.Errorf("--password wins over GRUMPYDB_PASSWORD: %+v", r)
	}
	r = grumpy(t, dir, "", nil, append(srv.args("127.0.0.1"), "-e", "use x")...)
	if r.code != 2 || r.stderr != "Error: --password is required (no terminal to prompt on)\n" {
		t.Errorf("no password: %+v", r)
	}
	r = grumpy(t, dir, "", nil, "--host", "127.0.0.1", "--tenant", "_system", "-e", "use x")
	if r.code != 2 || r.stderr != "Error: --user is required (no terminal to prompt on)\n" {
		t.Errorf("no user: %+v", r)
	}
	closed := freeClosedPort(t)
	r = grumpy(t, dir, "", nil, "--host", "127.0.0.1", "--port", closed, "--tenant", "t", "--user", "u", "--password", "p", "-e", "use x")
	if r.code != 2 || r.stderr != "Error: cannot connect to 127.0.0.1:"+closed+": connection refused\n" {
		t.Errorf("refused: %+v", r)
	}
	r = grumpy(t, dir, "", nil, append(srv.login(), "--tls", "-e", "use x")...)
	if r.code != 2 || !strings.HasPrefix(r.stderr, "Error: TLS handshake with "+srv.addr()+" failed: ") {
		t.Errorf("TLS against a plain server: %+v", r)
	}
	r = grumpy(t, dir, "", nil, append(srv.login(), "--tls-insecure", "-e", "use x")...)
	if r.code != 2 || !strings.HasPrefix(r.stderr, "Warning: TLS certificate not verified\nError: TLS handshake with ") {
		t.Errorf("--tls-insecure: %+v", r)
	}
}

// TestConnectedPipedAndTooLarge runs statements from piped stdin in
// connected mode, including one whose request line is over the server's
// limit: it is refused before sending (§12.4) and the run stops there.
func TestConnectedPipedAndTooLarge(t *testing.T) {
	srv := sharedServer(t)
	db := freshDatabase()
	big := strings.Repeat("x", 1<<20)
	in := "use " + db + "\ndb.c.insert({ _id: \"" + idA + "\", a: 1 })\ndb.c.insert({ s: \"" + big + "\" })\ndb.c.count()\n"
	r := grumpy(t, t.TempDir(), in, nil, srv.login()...)
	wantErr := "Error: request too large for the server ("
	if r.code != 1 || r.stdout != "Switched to database \""+db+"\"\nInserted: "+idA+"\n" ||
		!strings.HasPrefix(r.stderr, wantErr) || !strings.HasSuffix(r.stderr, " bytes, limit 1048576)\n") {
		t.Fatalf("too large: %+v", r)
	}
	r = grumpy(t, t.TempDir(), "", nil, append(srv.login(), "-e", "use "+db+"; db.c.count(); db.collections()")...)
	if r.code != 0 || r.stdout != "Switched to database \""+db+"\"\n1\n[\"c\"]\n" {
		t.Fatalf("after the refused insert: %+v", r)
	}
	if _, err := os.Stat(srv.dir); err != nil {
		t.Fatal(err)
	}
}

// freeClosedPort returns a loopback port nothing listens on (it was free
// a moment ago).
func freeClosedPort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
	l.Close()
	return port
}

// TestConnectedRelogin: once the access and refresh tokens have expired,
// the next statement logs in again with the same credentials (§12.5)
// and runs; nothing fails.
func TestConnectedRelogin(t *testing.T) {
	srv := freshServer(t, false, "[auth]\naccess_token_ttl_secs = 3\nrefresh_token_ttl_secs = 3")
	p := newRecordingProxy(t, srv.addr())
	cmd := exec.Command(binary, p.args()...)
	cmd.Dir = t.TempDir()
	cmd.Env = append(os.Environ(), "GRUMPYDB_HISTORY=")
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	var out, errb syncBuffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	guard := time.AfterFunc(60*time.Second, func() { _ = cmd.Process.Kill() }) // never hang the suite
	defer guard.Stop()
	fmt.Fprintln(in, "use relogin; db.c.insert({ _id: \""+idA+"\" })")
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(out.String(), "Inserted") && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(3500 * time.Millisecond) // both tokens expire
	fmt.Fprintln(in, "db.c.count()")
	_ = in.Close()
	if err := cmd.Wait(); err != nil {
		t.Fatalf("exit: %v\nstdout:\n%s\nstderr:\n%s", err, out.String(), errb.String())
	}
	if got := out.String(); got != "Switched to database \"relogin\"\nInserted: "+idA+"\n1\n" || errb.String() != "" {
		t.Fatalf("stdout:\n%s\nstderr:\n%s", got, errb.String())
	}
	logins := 0
	for _, l := range p.requests() {
		if strings.HasPrefix(l, "LOGIN ") {
			logins++
		}
	}
	if logins != 1 { // the first LOGIN is part of the preamble requests() strips
		t.Fatalf("LOGIN sent %d more times, want 1", logins)
	}
}

package protocol

import (
	"errors"
	"strings"
	"testing"
)

const testKey = "550e8400-e29b-41d4-a716-446655440000"

// TestParseSuccess covers the success parse of every verb (§4.2, §11a),
// including rest-of-line arguments, ‡ verbs and zero-argument verbs.
func TestParseSuccess(t *testing.T) {
	tests := []struct {
		line string
		want Command
	}{
		{"LOGIN acme alice s3cret", Command{Verb: VerbLogin, Tenant: "acme", User: "alice", Password: "s3cret"}},
		{"LOGIN acme alice pass  word ", Command{Verb: VerbLogin, Tenant: "acme", User: "alice", Password: "pass  word"}},
		{"TOKEN a.b.c", Command{Verb: VerbToken, Token: "a.b.c"}},
		{"TOKEN a.b c", Command{Verb: VerbToken, Token: "a.b c"}},
		{"REFRESH r.t.x", Command{Verb: VerbRefresh, Token: "r.t.x"}},
		{"PING", Command{Verb: VerbPing}},
		{"PING foo bar", Command{Verb: VerbPing}},
		{"QUIT", Command{Verb: VerbQuit}},
		{"QUIT now", Command{Verb: VerbQuit}},
		{"WHOAMI x", Command{Verb: VerbWhoami}},
		{"TOPOLOGY", Command{Verb: VerbTopology}},
		{"SNAPSHOT_HLC", Command{Verb: VerbSnapshotHLC}},
		{"SNAPSHOT-HLC extra", Command{Verb: VerbSnapshotHLC}},
		{"snapshot-hlc", Command{Verb: VerbSnapshotHLC}},
		{"USE demo", Command{Verb: VerbUse, Name: "demo"}},
		{"USE my db", Command{Verb: VerbUse, Name: "my db"}},
		{"CREATE DATABASE d1", Command{Verb: VerbCreateDatabase, Name: "d1"}},
		{"CREATE DATABASE a b", Command{Verb: VerbCreateDatabase, Name: "a b"}},
		{"DROP DATABASE ../x", Command{Verb: VerbDropDatabase, Name: "../x"}},
		{"LIST DATABASES", Command{Verb: VerbListDatabases}},
		{"LIST DATABASES x", Command{Verb: VerbListDatabases}},
		{"CREATE COLLECTION users", Command{Verb: VerbCreateCollection, Name: "users"}},
		{"DROP COLLECTION users", Command{Verb: VerbDropCollection, Name: "users"}},
		{"LIST COLLECTIONS", Command{Verb: VerbListCollections}},
		{"LIST COLLECTIONS junk here", Command{Verb: VerbListCollections}},
		{"INSERT users " + testKey + ` {"name":"alice"}`, Command{Verb: VerbInsert, Collection: "users", Key: testKey, JSON: `{"name":"alice"}`}},
		{"INSERT users k {\"a\": 1,  \"b\": 2}", Command{Verb: VerbInsert, Collection: "users", Key: "k", JSON: "{\"a\": 1,  \"b\": 2}"}},
		{"UPDATE users k [1, 2]", Command{Verb: VerbUpdate, Collection: "users", Key: "k", JSON: "[1, 2]"}},
		{"GET users " + testKey, Command{Verb: VerbGet, Collection: "users", Key: testKey}},
		{"GET users k extra words", Command{Verb: VerbGet, Collection: "users", Key: "k"}},
		{"DELETE users k", Command{Verb: VerbDelete, Collection: "users", Key: "k"}},
		{"DELETE users k more", Command{Verb: VerbDelete, Collection: "users", Key: "k"}},
		{`PUT_WITH_VC c k {"a":1} {}`, Command{Verb: VerbPutWithVC, Collection: "c", Key: "k", JSON: `{"a":1}`, VectorClock: "{}"}},
		{`PUT_WITH_VC c k {"a": 1,  "b": 2}   {"n":3}`, Command{Verb: VerbPutWithVC, Collection: "c", Key: "k", JSON: `{"a": 1,  "b": 2}`, VectorClock: `{"n":3}`}},
		{"SCAN users", Command{Verb: VerbScan, Collection: "users"}},
		{"SCAN users s e", Command{Verb: VerbScan, Collection: "users", Start: "s", End: "e"}},
		{"SCAN users s e ignored", Command{Verb: VerbScan, Collection: "users", Start: "s", End: "e"}},
		{"CREATE INDEX c i a.b", Command{Verb: VerbCreateIndex, Collection: "c", Index: "i", Path: "a.b"}},
		{"CREATE INDEX c i a b", Command{Verb: VerbCreateIndex, Collection: "c", Index: "i", Path: "a b"}},
		{"DROP INDEX c i", Command{Verb: VerbDropIndex, Collection: "c", Index: "i"}},
		{"DROP INDEX c i j", Command{Verb: VerbDropIndex, Collection: "c", Index: "i j"}},
		{"LIST INDEXES c", Command{Verb: VerbListIndexes, Collection: "c"}},
		{"LIST INDEXES c d", Command{Verb: VerbListIndexes, Collection: "c d"}},
		{`QUERY c i "bob"`, Command{Verb: VerbQuery, Collection: "c", Index: "i", JSON: `"bob"`}},
		{`QUERY c i "bob smith"`, Command{Verb: VerbQuery, Collection: "c", Index: "i", JSON: `"bob smith"`}},
		{`QUERYRANGE c i 1 2.5`, Command{Verb: VerbQueryRange, Collection: "c", Index: "i", Start: "1", End: "2.5"}},
		{`QUERYRANGE c i "a" "z z"`, Command{Verb: VerbQueryRange, Collection: "c", Index: "i", Start: `"a"`, End: `"z z"`}},
		{"COMPACT users", Command{Verb: VerbCompact, Collection: "users"}},
		{"COMPACT my coll", Command{Verb: VerbCompact, Collection: "my coll"}},
		{"FLUSH", Command{Verb: VerbFlush}},
		{"FLUSH now please", Command{Verb: VerbFlush}},
		{"COUNT tasks", Command{Verb: VerbCount, Collection: "tasks"}},
		{"COUNT a b", Command{Verb: VerbCount, Collection: "a b"}},
		{"CREATE USER bob pw", Command{Verb: VerbCreateUser, User: "bob", Password: "pw"}},
		{"CREATE USER bob@acme p w", Command{Verb: VerbCreateUser, User: "bob@acme", Password: "p w"}},
		{"DROP USER bob", Command{Verb: VerbDropUser, User: "bob"}},
		{"DROP USER bob@acme", Command{Verb: VerbDropUser, User: "bob@acme"}},
		{"LIST USERS", Command{Verb: VerbListUsers}},
		{"LIST USERS acme", Command{Verb: VerbListUsers, Tenant: "acme"}},
		{"LIST USERS @acme", Command{Verb: VerbListUsers, Tenant: "@acme"}},
		{"GRANT read_only ON demo TO alice", Command{Verb: VerbGrant, Role: "read_only", Resource: "demo", User: "alice"}},
		{"grant read_only on users:mydb to alice@acme extra", Command{Verb: VerbGrant, Role: "read_only", Resource: "users:mydb", User: "alice@acme"}},
		{"REVOKE db_admin ON @acme FROM bob", Command{Verb: VerbRevoke, Role: "db_admin", Resource: "@acme", User: "bob"}},
		{"REVOKE db_admin On x From bob y", Command{Verb: VerbRevoke, Role: "db_admin", Resource: "x", User: "bob"}},
		{"CREATE TENANT acme", Command{Verb: VerbCreateTenant, Name: "acme"}},
		{"DROP TENANT acme", Command{Verb: VerbDropTenant, Name: "acme"}},
		{"LIST TENANTS", Command{Verb: VerbListTenants}},
		{"LIST TENANTS x", Command{Verb: VerbListTenants}},
		{"ELECT-WRITER n1 db", Command{Verb: VerbElectWriter, Node: "n1", Database: "db"}},
		{"ELECT-WRITER n1 db coll", Command{Verb: VerbElectWriter, Node: "n1", Database: "db", Collection: "coll"}},
		{"ELECT_WRITER n1 db coll extra", Command{Verb: VerbElectWriter, Node: "n1", Database: "db", Collection: "coll"}},
		{`FIND c {"a":1}`, Command{Verb: VerbFind, Collection: "c", JSON: `{"a":1}`}},
		{`FIND c {"a": 1} {"limit": 2}`, Command{Verb: VerbFind, Collection: "c", JSON: `{"a": 1} {"limit": 2}`}},
		{"RESOLVE c k", Command{Verb: VerbResolve, Collection: "c", Key: "k"}},
		{"RESOLVE c k 16", Command{Verb: VerbResolve, Collection: "c", Key: "k", Depth: "16"}},
		{"RESOLVE c k 1 2", Command{Verb: VerbResolve, Collection: "c", Key: "k", Depth: "1 2"}},
		{"STATS c", Command{Verb: VerbStats, Collection: "c"}},
		{`INSERTMANY c [["` + testKey + `",{}]]`, Command{Verb: VerbInsertMany, Collection: "c", JSON: `[["` + testKey + `",{}]]`}},
		// Consistency prefixes (§4.9).
		{"READ_CONCERN R=1 GET c k", Command{Verb: VerbGet, Collection: "c", Key: "k", Concern: Concern{HasRead: true, Read: 1}}},
		{"write_concern w=+02 INSERT c k {}", Command{Verb: VerbInsert, Collection: "c", Key: "k", JSON: "{}", Concern: Concern{HasWrite: true, Write: 2}}},
		{"READ_CONCERN r=0 WRITE_CONCERN W=65535 COUNT c", Command{Verb: VerbCount, Collection: "c", Concern: Concern{HasRead: true, Read: 0, HasWrite: true, Write: 65535}}},
		{"WRITE_CONCERN W=1 READ_CONCERN R=1 PING", Command{Verb: VerbPing, Concern: Concern{HasRead: true, Read: 1, HasWrite: true, Write: 1}}},
		{"READ_CONCERN R=007 FIND c {}", Command{Verb: VerbFind, Collection: "c", JSON: "{}", Concern: Concern{HasRead: true, Read: 7}}},
	}
	for _, tt := range tests {
		got, err := Parse(tt.line)
		if err != nil {
			t.Errorf("Parse(%q): unexpected error %v", tt.line, err)
			continue
		}
		if got != tt.want {
			t.Errorf("Parse(%q)\n got %+v\nwant %+v", tt.line, got, tt.want)
		}
	}
}

// TestParseErrors checks every parse-error text of §4.10, §4.9 and REPL.md
// §12.3 from its trigger.
func TestParseErrors(t *testing.T) {
	tests := []struct {
		line string
		kind error
		want string
	}{
		{"", ErrEmptyCommand, "empty command"},
		{"   \t ", ErrEmptyCommand, "empty command"},
		{"\r\n", ErrEmptyCommand, "empty command"},
		{"\u00a0\u3000", ErrEmptyCommand, "empty command"},
		{"FOO", ErrUnknownCommand, "unknown command: FOO"},
		{"foo bar", ErrUnknownCommand, "unknown command: foo"},
		{"AUTH x", ErrUnknownCommand, "unknown command: AUTH"},
		{"HELLO", ErrUnknownCommand, "unknown command: HELLO"},
		{"INFO", ErrUnknownCommand, "unknown command: INFO"},
		{"PASSWD x", ErrUnknownCommand, "unknown command: PASSWD"},
		{"QUERY_RANGE c i 1 2", ErrUnknownCommand, "unknown command: QUERY_RANGE"},
		{"PUT-WITH-VC c k {} {}", ErrUnknownCommand, "unknown command: PUT-WITH-VC"},
		{"INSERT_MANY c []", ErrUnknownCommand, "unknown command: INSERT_MANY"},
		{"İNSERT c k {}", ErrUnknownCommand, "unknown command: İNSERT"},
		{"ınsert c k {}", ErrUnknownCommand, "unknown command: ınsert"},
		{"INſERT c k {}", ErrUnknownCommand, "unknown command: INſERT"},
		{"PİNG", ErrUnknownCommand, "unknown command: PİNG"},
		{"AVERYLONGVERBTHATISNOTAKEYWORD", ErrUnknownCommand, "unknown command: AVERYLONGVERBTHATISNOTAKEYWORD"},
		{"create foo", ErrUnknownCommand, "unknown command: CREATE foo"},
		{"CREATE DATABASES d", ErrUnknownCommand, "unknown command: CREATE DATABASES"},
		{"drop Indexes c i", ErrUnknownCommand, "unknown command: DROP Indexes"},
		{"LIST DATABASE", ErrUnknownCommand, "unknown command: LIST DATABASE"},
		{"list collection", ErrUnknownCommand, "unknown command: LIST collection"},
		{"LIST INDEX c", ErrUnknownCommand, "unknown command: LIST INDEX"},
		{"LIST USER", ErrUnknownCommand, "unknown command: LIST USER"},
		{"LIST TENANT", ErrUnknownCommand, "unknown command: LIST TENANT"},
		// LOGIN, TOKEN, REFRESH, USE
		{"LOGIN", ErrMissingArgument, "missing argument: LOGIN requires <tenant> <username> <password>"},
		{"LOGIN acme", ErrMissingArgument, "missing argument: LOGIN requires <username>"},
		{"LOGIN acme alice", ErrMissingArgument, "missing argument: LOGIN requires <password>"},
		{"LOGIN acme alice  \t", ErrMissingArgument, "missing argument: LOGIN requires <password>"},
		{"TOKEN", ErrMissingArgument, "missing argument: TOKEN requires <jwt>"},
		{"REFRESH", ErrMissingArgument, "missing argument: REFRESH requires <refresh_token>"},
		{"USE", ErrMissingArgument, "missing argument: USE requires <database>"},
		{"use   ", ErrMissingArgument, "missing argument: USE requires <database>"},
		// CREATE
		{"CREATE", ErrMissingArgument, "missing argument: CREATE requires DATABASE|COLLECTION|INDEX|USER|TENANT"},
		{"CREATE DATABASE", ErrMissingArgument, "missing argument: CREATE DATABASE requires <name>"},
		{"CREATE COLLECTION", ErrMissingArgument, "missing argument: CREATE COLLECTION requires <name>"},
		{"CREATE TENANT", ErrMissingArgument, "missing argument: CREATE TENANT requires <name>"},
		{"CREATE INDEX", ErrMissingArgument, "missing argument: CREATE INDEX requires <collection> <index_name> <field_path>"},
		{"CREATE INDEX c", ErrMissingArgument, "missing argument: CREATE INDEX requires <index_name>"},
		{"CREATE INDEX c i", ErrMissingArgument, "missing argument: CREATE INDEX requires <field_path>"},
		{"CREATE USER", ErrMissingArgument, "missing argument: CREATE USER requires <username> <password>"},
		{"CREATE USER bob", ErrMissingArgument, "missing argument: CREATE USER requires <password>"},
		// DROP
		{"DROP", ErrMissingArgument, "missing argument: DROP requires DATABASE|COLLECTION|INDEX|USER|TENANT"},
		{"DROP DATABASE", ErrMissingArgument, "missing argument: DROP DATABASE requires <name>"},
		{"DROP COLLECTION", ErrMissingArgument, "missing argument: DROP COLLECTION requires <name>"},
		{"DROP INDEX", ErrMissingArgument, "missing argument: DROP INDEX requires <collection> <index_name>"},
		{"DROP INDEX c", ErrMissingArgument, "missing argument: DROP INDEX requires <index_name>"},
		{"DROP USER", ErrMissingArgument, "missing argument: DROP USER requires <username>"},
		{"DROP TENANT", ErrMissingArgument, "missing argument: DROP TENANT requires <name>"},
		// LIST
		{"LIST", ErrMissingArgument, "missing argument: LIST requires DATABASES|COLLECTIONS|INDEXES|USERS|TENANTS"},
		{"LIST INDEXES", ErrMissingArgument, "missing argument: LIST INDEXES requires <collection>"},
		// INSERT, UPDATE
		{"INSERT", ErrMissingArgument, "missing argument: INSERT requires <collection> <uuid> <json>"},
		{"INSERT c", ErrMissingArgument, "missing argument: INSERT requires <uuid>"},
		{"INSERT c k", ErrMissingArgument, "missing argument: INSERT requires <json>"},
		{"UPDATE", ErrMissingArgument, "missing argument: UPDATE requires <collection> <uuid> <json>"},
		{"UPDATE c", ErrMissingArgument, "missing argument: UPDATE requires <uuid>"},
		{"update c k", ErrMissingArgument, "missing argument: UPDATE requires <json>"},
		// GET, DELETE
		{"GET", ErrMissingArgument, "missing argument: GET requires <collection> <uuid>"},
		{"GET c", ErrMissingArgument, "missing argument: GET requires <uuid>"},
		{"DELETE", ErrMissingArgument, "missing argument: DELETE requires <collection> <uuid>"},
		{"delete c", ErrMissingArgument, "missing argument: DELETE requires <uuid>"},
		// PUT_WITH_VC
		{"PUT_WITH_VC", ErrMissingArgument, "missing argument: PUT_WITH_VC requires <collection> <uuid> <json> <vector_clock>"},
		{"PUT_WITH_VC c", ErrMissingArgument, "missing argument: PUT_WITH_VC requires <uuid>"},
		{"PUT_WITH_VC c k", ErrMissingArgument, "missing argument: PUT_WITH_VC requires <json> <vector_clock>"},
		{`PUT_WITH_VC c k {"a":1}`, ErrMissingArgument, "missing argument: PUT_WITH_VC requires <json> <vector_clock>"},
		// SCAN
		{"SCAN", ErrMissingArgument, "missing argument: SCAN requires <collection>"},
		{"SCAN c s", ErrMissingArgument, "missing argument: SCAN range requires both <start_uuid> <end_uuid>"},
		// QUERY
		{"QUERY", ErrMissingArgument, "missing argument: QUERY requires <collection> <index_name> <json_value>"},
		{"QUERY c", ErrMissingArgument, "missing argument: QUERY requires <index_name>"},
		{"QUERY c i", ErrMissingArgument, "missing argument: QUERY requires <json_value>"},
		// QUERYRANGE
		{"QUERYRANGE", ErrMissingArgument, "missing argument: QUERYRANGE requires <collection> <index_name> <start> <end>"},
		{"QUERYRANGE c", ErrMissingArgument, "missing argument: QUERYRANGE requires <index_name>"},
		{"QUERYRANGE c i", ErrMissingArgument, "missing argument: QUERYRANGE requires <start>"},
		{"QUERYRANGE c i 1", ErrMissingArgument, "missing argument: QUERYRANGE requires <end>"},
		// GRANT
		{"GRANT", ErrMissingArgument, "missing argument: GRANT requires <role> ON <resource> TO <username>"},
		{"GRANT r", ErrMissingArgument, "missing argument: GRANT syntax: GRANT <role> ON <resource> TO <username>"},
		{"GRANT r IN x TO u", ErrMissingArgument, "missing argument: GRANT syntax: GRANT <role> ON <resource> TO <username>"},
		{"GRANT r ON", ErrMissingArgument, "missing argument: GRANT requires <resource>"},
		{"GRANT r ON x", ErrMissingArgument, "missing argument: GRANT syntax: GRANT <role> ON <resource> TO <username>"},
		{"GRANT r ON x FROM u", ErrMissingArgument, "missing argument: GRANT syntax: GRANT <role> ON <resource> TO <username>"},
		{"GRANT r ON x TO", ErrMissingArgument, "missing argument: GRANT requires <username>"},
		{"GRANT r ОN x TO u", ErrMissingArgument, "missing argument: GRANT syntax: GRANT <role> ON <resource> TO <username>"}, // Cyrillic О
		// REVOKE
		{"REVOKE", ErrMissingArgument, "missing argument: REVOKE requires <role> ON <resource> FROM <username>"},
		{"REVOKE r", ErrMissingArgument, "missing argument: REVOKE syntax: REVOKE <role> ON <resource> FROM <username>"},
		{"REVOKE r ON", ErrMissingArgument, "missing argument: REVOKE requires <resource>"},
		{"REVOKE r ON x TO u", ErrMissingArgument, "missing argument: REVOKE syntax: REVOKE <role> ON <resource> FROM <username>"},
		{"REVOKE r ON x FROM", ErrMissingArgument, "missing argument: REVOKE requires <username>"},
		// COMPACT, COUNT
		{"COMPACT", ErrMissingArgument, "missing argument: COMPACT requires <collection>"},
		{"COUNT", ErrMissingArgument, "missing argument: COUNT requires <collection>"},
		// ELECT-WRITER
		{"ELECT-WRITER", ErrMissingArgument, "missing argument: ELECT-WRITER requires <node_id> <database> [collection]"},
		{"ELECT_WRITER", ErrMissingArgument, "missing argument: ELECT-WRITER requires <node_id> <database> [collection]"},
		{"ELECT-WRITER n1", ErrMissingArgument, "missing argument: ELECT-WRITER requires <database>"},
		// REPL.md §12.3 extensions
		{"FIND", ErrMissingArgument, "missing argument: FIND requires <collection> <filter>"},
		{"FIND c", ErrMissingArgument, "missing argument: FIND requires <collection> <filter>"},
		{"RESOLVE", ErrMissingArgument, "missing argument: RESOLVE requires <collection> <uuid>"},
		{"RESOLVE c", ErrMissingArgument, "missing argument: RESOLVE requires <collection> <uuid>"},
		{"STATS", ErrMissingArgument, "missing argument: STATS requires <collection>"},
		{"INSERTMANY", ErrMissingArgument, "missing argument: INSERTMANY requires <collection> <json>"},
		{"INSERTMANY c", ErrMissingArgument, "missing argument: INSERTMANY requires <collection> <json>"},
		// §4.9 prefixes
		{"READ_CONCERN", ErrMissingArgument, "missing argument: READ_CONCERN requires R=<n>"},
		{"READ_CONCERN GET c k", ErrMissingArgument, "missing argument: READ_CONCERN requires R=<n>"},
		{"READ_CONCERN W=1 GET c k", ErrMissingArgument, "missing argument: READ_CONCERN requires R=<n>"},
		{"READ_CONCERN R= GET c k", ErrMissingArgument, "missing argument: READ_CONCERN requires R=<n>"},
		{"READ_CONCERN R=+ GET c k", ErrMissingArgument, "missing argument: READ_CONCERN requires R=<n>"},
		{"READ_CONCERN R=-1 GET c k", ErrMissingArgument, "missing argument: READ_CONCERN requires R=<n>"},
		{"READ_CONCERN R=65536 GET c k", ErrMissingArgument, "missing argument: READ_CONCERN requires R=<n>"},
		{"READ_CONCERN R=99999999999999999999 GET c k", ErrMissingArgument, "missing argument: READ_CONCERN requires R=<n>"},
		{"READ_CONCERN R=1x GET c k", ErrMissingArgument, "missing argument: READ_CONCERN requires R=<n>"},
		{"READ_CONCERN R=١ GET c k", ErrMissingArgument, "missing argument: READ_CONCERN requires R=<n>"}, // Arabic-Indic digit
		{"READ_CONCERN R:1 GET c k", ErrMissingArgument, "missing argument: READ_CONCERN requires R=<n>"},
		{"READ_CONCERN R =1 GET c k", ErrMissingArgument, "missing argument: READ_CONCERN requires R=<n>"},
		{"WRITE_CONCERN", ErrMissingArgument, "missing argument: WRITE_CONCERN requires W=<n>"},
		{"WRITE_CONCERN R=1 INSERT c k {}", ErrMissingArgument, "missing argument: WRITE_CONCERN requires W=<n>"},
		{"READ_CONCERN R=1 WRITE_CONCERN", ErrMissingArgument, "missing argument: WRITE_CONCERN requires W=<n>"},
		{"READ_CONCERN R=1 READ_CONCERN R=1 GET c k", ErrMissingArgument, "missing argument: READ_CONCERN specified more than once"},
		{"READ_CONCERN R=1 read_concern", ErrMissingArgument, "missing argument: READ_CONCERN specified more than once"},
		{"WRITE_CONCERN W=1 WRITE_CONCERN W=1 INSERT c k {}", ErrMissingArgument, "missing argument: WRITE_CONCERN specified more than once"},
		{"READ_CONCERN R=1 WRITE_CONCERN W=1 READ_CONCERN R=1 GET c k", ErrUnknownCommand, "unknown command: READ_CONCERN"},
		{"READ_CONCERN R=1 WRITE_CONCERN W=1 write_concern W=1 GET c k", ErrUnknownCommand, "unknown command: write_concern"},
		{"READ_CONCERN R=1", ErrUnknownCommand, "unknown command: "},
		{"READ_CONCERN R=1 WRITE_CONCERN W=1", ErrUnknownCommand, "unknown command: "},
		{"READ_CONCERN R=1 FOO", ErrUnknownCommand, "unknown command: FOO"},
		{"READ_CONCERN R=1 GET", ErrMissingArgument, "missing argument: GET requires <collection> <uuid>"},
	}
	for _, tt := range tests {
		c, err := Parse(tt.line)
		if err == nil {
			t.Errorf("Parse(%q) = %+v, want error %q", tt.line, c, tt.want)
			continue
		}
		if err.Error() != tt.want {
			t.Errorf("Parse(%q) error\n got %q\nwant %q", tt.line, err.Error(), tt.want)
		}
		if !errors.Is(err, tt.kind) {
			t.Errorf("Parse(%q) error %q does not match kind %v", tt.line, err, tt.kind)
		}
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Errorf("Parse(%q) error %T is not a *ParseError", tt.line, err)
		}
		if c != (Command{}) {
			t.Errorf("Parse(%q) returned a non-zero command %+v with its error", tt.line, c)
		}
	}
}

// TestParseWhitespace covers §1 whitespace: the whole Unicode White_Space
// set separates words and is trimmed, a CR before LF is dropped, and
// non-whitespace look-alikes are part of words.
func TestParseWhitespace(t *testing.T) {
	seps := []string{" ", "\t", "\v", "\f", "\r", "\n", "\u0085", "\u00a0", "\u1680",
		"\u2000", "\u2005", "\u200a", "\u2028", "\u2029", "\u202f", "\u205f", "\u3000", " \t\u00a0\u3000 "}
	for _, sep := range seps {
		line := sep + "GET" + sep + "users" + sep + testKey + sep
		c, err := Parse(line)
		if err != nil {
			t.Errorf("Parse(%q): %v", line, err)
			continue
		}
		want := Command{Verb: VerbGet, Collection: "users", Key: testKey}
		if c != want {
			t.Errorf("Parse(%q) = %+v, want %+v", line, c, want)
		}
	}
	// Rest-of-line arguments keep inner whitespace as typed, trailing
	// whitespace is trimmed.
	c, err := Parse("USE\u3000my\u00a0\tdb\u00a0\r\n")
	if err != nil || c.Name != "my\u00a0\tdb" {
		t.Errorf("USE rest = %q, %v; want %q", c.Name, err, "my\u00a0\tdb")
	}
	// CR before LF belongs to the terminator.
	c, err = Parse("PING\r\n")
	if err != nil || c.Verb != VerbPing {
		t.Errorf("PING CRLF: %+v %v", c, err)
	}
	c, err = Parse("INSERT c k {\"a\":1}\r\n")
	if err != nil || c.JSON != `{"a":1}` {
		t.Errorf("INSERT CRLF JSON = %q, %v", c.JSON, err)
	}
	// Not White_Space: zero-width space U+200B, BOM U+FEFF, U+180E.
	for _, notSep := range []string{"\u200b", "\ufeff", "\u180e"} {
		line := "GET" + notSep + "users k"
		_, err := Parse(line)
		if err == nil || err.Error() != "unknown command: GET"+notSep+"users" {
			t.Errorf("Parse(%q) err = %v, want unknown command", line, err)
		}
	}
	// PUT_WITH_VC splits at the last whitespace of any kind.
	c, err = Parse("PUT_WITH_VC c k {\"a\": 1}\u3000\u00a0{}")
	if err != nil || c.JSON != `{"a": 1}` || c.VectorClock != "{}" {
		t.Errorf("PUT_WITH_VC = %+v, %v", c, err)
	}
	// QUERYRANGE: start ends at the first whitespace of any kind.
	c, err = Parse("QUERYRANGE c i 1\u00a02 3")
	if err != nil || c.Start != "1" || c.End != "2 3" {
		t.Errorf("QUERYRANGE = %+v, %v", c, err)
	}
}

// TestParseCaseFolding checks ASCII-only case folding of keywords and the
// case sensitivity of everything else.
func TestParseCaseFolding(t *testing.T) {
	for _, verb := range []string{"INSERT", "insert", "InSeRt", "iNSERT"} {
		c, err := Parse(verb + " Users KEY {\"A\":1}")
		want := Command{Verb: VerbInsert, Collection: "Users", Key: "KEY", JSON: `{"A":1}`}
		if err != nil || c != want {
			t.Errorf("%s: got %+v, %v; want %+v", verb, c, err, want)
		}
	}
	for _, line := range []string{"create Database d", "CrEaTe dAtAbAsE d"} {
		c, err := Parse(line)
		if err != nil || c.Verb != VerbCreateDatabase || c.Name != "d" {
			t.Errorf("%q: got %+v, %v", line, c, err)
		}
	}
	for _, line := range []string{"list databases", "List Databases"} {
		c, err := Parse(line)
		if err != nil || c.Verb != VerbListDatabases {
			t.Errorf("%q: got %+v, %v", line, c, err)
		}
	}
	// Keywords with non-ASCII letters that Unicode folds to ASCII (dotted
	// capital I, Kelvin sign, long s) do not match.
	for _, line := range []string{"İNSERT c k {}", "TO\u212aEN x", "LIſT DATABASES", "\u017fCAN c", "LIST DATABA\u017fE\u017f"} {
		if c, err := Parse(line); err == nil {
			t.Errorf("%q parsed as %+v, want an error", line, c)
		}
	}
}

// TestParseNoAllocs checks that successful parses do not allocate.
func TestParseNoAllocs(t *testing.T) {
	lines := []string{
		"GET users " + testKey,
		"INSERT users " + testKey + ` {"name":"alice"}`,
		"READ_CONCERN R=1 QUERYRANGE c i 1 2",
		"GRANT r ON x TO u",
		"CREATE INDEX c i a.b",
		"PUT_WITH_VC c k {} {}",
		"LOGIN t u p w", "QUERY c i 1", "CREATE USER u p", "DROP INDEX c i", "DELETE c k",
	}
	for _, line := range lines {
		allocs := testing.AllocsPerRun(100, func() {
			if _, err := Parse(line); err != nil {
				t.Fatal(err)
			}
		})
		if allocs != 0 {
			t.Errorf("Parse(%q): %v allocations, want 0", line, allocs)
		}
	}
}

// FuzzParse checks that Parse never panics, that it is deterministic, that
// a successful parse is stable under AppendLine, and that errors carry one
// of the three kinds.
func FuzzParse(f *testing.F) {
	seeds := []string{
		"", "PING", "GET users " + testKey, "INSERT c k {\"a\": 1}",
		"PUT_WITH_VC c k {\"a\": 1} {}", "SCAN c s e", "QUERYRANGE c i 1 2",
		"GRANT r ON x TO u", "REVOKE r ON x FROM u", "LOGIN t u p w",
		"READ_CONCERN R=1 WRITE_CONCERN W=1 COUNT c", "READ_CONCERN R=1",
		"CREATE INDEX c i a b", "DROP USER a@b", "LIST USERS @acme",
		"ELECT-WRITER n d c", "FIND c {} {}", "RESOLVE c k 2", "STATS c",
		"INSERTMANY c []", "\u00a0USE\u3000x\r\n", "İNSERT", "create foo",
	}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		c, err := Parse(line)
		c2, err2 := Parse(line)
		if c != c2 || (err == nil) != (err2 == nil) || (err != nil && err.Error() != err2.Error()) {
			t.Fatalf("Parse(%q) is not deterministic", line)
		}
		if err != nil {
			if !errors.Is(err, ErrEmptyCommand) && !errors.Is(err, ErrUnknownCommand) && !errors.Is(err, ErrMissingArgument) {
				t.Fatalf("Parse(%q): error %v has no kind", line, err)
			}
			if c != (Command{}) {
				t.Fatalf("Parse(%q): non-zero command with error", line)
			}
			return
		}
		if c.Verb == VerbNone || c.Verb >= numVerbs {
			t.Fatalf("Parse(%q): verb %d", line, c.Verb)
		}
		out := string(c.AppendLine(nil))
		back, err := Parse(out)
		if err != nil || back != c {
			t.Fatalf("Parse(%q) = %+v\nAppendLine = %q\nParse again = %+v, %v", line, c, out, back, err)
		}
		if strings.ContainsAny(out, "\n") && !strings.ContainsAny(line, "\n") {
			t.Fatalf("AppendLine introduced a LF: %q", out)
		}
	})
}

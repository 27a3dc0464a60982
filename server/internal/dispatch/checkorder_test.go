package dispatch_test

import (
	"testing"

	. "github.com/grumpydb/grumpydb/server/internal/servertest"
)

// When several checks fail at once, the one §4.4–§4.6 and §11a put first
// answers; this pins the order the shared preambles (withDB, withDBDoc,
// keyed, collectionRead, dbOK) must keep.
func TestCheckOrderWhenSeveralFail(t *testing.T) {
	e := Start(t, nil)
	c := e.Admin(t)
	const noDB = "-ERR no database selected (use USE <db>)"
	run(t, c, []step{
		// with_db before everything else.
		{"QUERY nope nope {", noDB},
		{"QUERYRANGE nope nope { {", noDB},
		{"INSERTMANY nope [", noDB},
		{"RESOLVE nope xyz 999", noDB},
		{"COUNT nope", noDB},
		{"COMPACT nope", noDB},
		{"STATS nope", noDB},
		{"LIST INDEXES nope", noDB},
		{"CREATE INDEX nope i a", noDB},
		{"DROP INDEX nope i", noDB},
		{"DROP COLLECTION nope", noDB},
		{"FLUSH", noDB},
		{"DELETE nope xyz", noDB},
		{"USE demo", "+OK"},
		// JSON before collection and index; QUERYRANGE's start before its end.
		{"QUERY nope nope {", "-ERR invalid JSON: expected a string key, found end of input at offset 1"},
		{"QUERYRANGE nope nope [ {", "-ERR invalid JSON: unexpected end of input at offset 1"},
		{"QUERYRANGE nope nope 1 [", "-ERR invalid JSON: unexpected end of input at offset 1"},
		{"QUERYRANGE nope nope 1 2", "-ERR collection not found: nope"},
		{"INSERTMANY nope [", "-ERR invalid JSON: unexpected end of input at offset 1"},
		// UUID before depth and collection.
		{"RESOLVE nope xyz 999", "-ERR invalid UUID 'xyz': invalid UUID length: 3"},
		{"RESOLVE nope " + k1 + " 999", "-ERR depth must be an integer from 0 to 256"},
		{"RESOLVE nope " + k1, "-ERR collection not found: nope"},
		{"DELETE nope xyz", "-ERR invalid UUID 'xyz': invalid UUID length: 3"},
		{"DELETE nope " + k1, "-ERR collection not found: nope"},
		{"COUNT nope", "-ERR collection not found: nope"},
		{"COMPACT nope", "-ERR collection not found: nope"},
		{"LIST INDEXES nope", "-ERR collection not found: nope"},
		{"FLUSH", "+OK"},
	})
}

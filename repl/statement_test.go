package repl

import (
	"errors"
	"testing"
)

func TestParseStatements(t *testing.T) {
	cases := []struct {
		in         string
		kind       Kind
		coll, meth string
		nargs      int
	}{
		{"exit", KindExit, "", "", 0},
		{"quit // bye", KindExit, "", "", 0},
		{"clear", KindClear, "", "", 0},
		{"help", KindHelp, "", "", 0},
		{"use myapp", KindUse, "", "", 0},
		{"db.collections()", KindDBMethod, "", "collections", 0},
		{"db.createCollection(users)", KindDBMethod, "", "createCollection", 1},
		{"db.flush.find()", KindCollMethod, "flush", "find", 0},
		{"db.collections.count()", KindCollMethod, "collections", "count", 0},
		{"db . users . find ( { } , { } , )", KindCollMethod, "users", "find", 2},
		{"db.users.createIndex(by_city, address.city)", KindCollMethod, "users", "createIndex", 2},
		{"db.users.find(/* c */ {a: 1} /* d */)", KindCollMethod, "users", "find", 1},
		{"db.users.insert({\n a: 1\n})", KindCollMethod, "users", "insert", 1},
	}
	for _, c := range cases {
		st, err := Parse(c.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", c.in, err)
			continue
		}
		if st.Kind != c.kind || st.Collection != c.coll || st.Method != c.meth || len(st.Args) != c.nargs {
			t.Errorf("Parse(%q) = %+v", c.in, st)
		}
	}
}

func TestParseBareWords(t *testing.T) {
	cases := []struct {
		in       string
		bare     string
		hasValue bool
	}{
		{"db.users.get(3df9dde6)", "3df9dde6", false},
		{"db.users.get(1234)", "1234", true},
		{"db.createCollection(users)", "users", false},
		{"db.users.get(3df9dde6-1a)", "3df9dde6-1a", false},
		{"db.users.get(true)", "true", true},
		{"db.users.get(1e3)", "1e3", true},
	}
	for _, c := range cases {
		st, err := Parse(c.in)
		if err != nil {
			t.Fatalf("Parse(%q): %v", c.in, err)
		}
		a := st.Args[0]
		if !a.HasBare || a.Bare != c.bare || a.HasValue != c.hasValue {
			t.Errorf("Parse(%q) arg = %+v", c.in, a)
		}
	}
	st, err := Parse(`db.users.query("by_age", 30)`)
	if err != nil || st.Args[0].HasBare || st.Args[0].Value.Str() != "by_age" || st.Args[1].Value.Int() != 30 {
		t.Errorf("query args: %+v %v", st, err)
	}
	st, err = Parse(`use "my_db"`)
	if err != nil || st.Name != "my_db" {
		t.Errorf("quoted use: %+v %v", st, err)
	}
	st, err = Parse("help db.users.find")
	if err != nil || st.Topic != "db.users.find" {
		t.Errorf("help topic: %+v %v", st, err)
	}
}

func TestParseErrors(t *testing.T) {
	cases := []struct {
		in, want string
		sentinel error
	}{
		{"foo", "unknown command: foo", ErrStatement},
		{"Exit", "unknown command: Exit", ErrStatement},
		{"{a:1}", "unknown command: {a:1}", ErrStatement},
		{"use", "usage: use <database_name>", ErrStatement},
		{"use // nothing", "usage: use <database_name>", ErrStatement},
		{"exit now", "unexpected text after statement: now", ErrStatement},
		{"db.users.find() db.x", "unexpected text after statement: db.x", ErrStatement},
		{"db.users.find(", "syntax error at 1:15: unexpected end of input", ErrSyntax},
		{"db.users.find({a: 1 b: 2})", "syntax error at 1:21: expected ',' or '}'", ErrSyntax},
		{"db.users.find({}, {},,)", "syntax error at 1:22: unexpected ','", ErrSyntax},
		{"db.users.find('abc", "syntax error at 1:15: unterminated string", ErrSyntax},
		{"db.users", "syntax error at 1:9: unexpected end of input", ErrSyntax},
		{"db.users find()", "syntax error at 1:10: expected '(' or '.'", ErrSyntax},
		{"db.(", "syntax error at 1:4: expected a collection or method name", ErrSyntax},
		{"db.users.find(1 2)", "syntax error at 1:17: expected ',' or ')'", ErrSyntax},
	}
	for _, c := range cases {
		_, err := Parse(c.in)
		if err == nil || err.Error() != c.want || !errors.Is(err, c.sentinel) {
			t.Errorf("Parse(%q) error %v, want %q", c.in, err, c.want)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"use t", "db.users.find({ age: { $gt: 30 } }, { sort: { age: -1 } })",
		"db.users.get(3df9dde6)", "help $ref", "db.flush()", "db.x.insert({a: 'b', c: [1, 2.5, null],})", "exit x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		st, err := Parse(s)
		if err != nil {
			if st != nil {
				t.Fatal("statement returned with an error")
			}
			return
		}
		if st.Kind < KindExit || st.Kind > KindCollMethod {
			t.Fatalf("bad kind %d", st.Kind)
		}
		for _, a := range st.Args {
			if !a.HasBare && !a.HasValue {
				t.Fatalf("argument with neither form: %+v", a)
			}
		}
	})
}

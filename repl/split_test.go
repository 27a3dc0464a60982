package repl

import (
	"reflect"
	"testing"
)

func TestSplit(t *testing.T) {
	cases := []struct {
		name, in string
		final    bool
		want     []string
		rest     string
	}{
		{"eval example 1", "use test; db.users.insert({ note: 'a; b' }); db.users.count()", true,
			[]string{"use test", "db.users.insert({ note: 'a; b' })", "db.users.count()"}, ""},
		{"eval example 2", "use t\ndb.x.insert({\n  a: 1\n})", true,
			[]string{"use t", "db.x.insert({\n  a: 1\n})"}, ""},
		{"empty statements", "use t;;", true, []string{"use t"}, ""},
		{"trailing semicolon", "use t;", true, []string{"use t"}, ""},
		{"comment only", "// nothing\n/* here */;  ;\n", true, nil, ""},
		{"double quote semicolon", `db.a.insert({s: "x;y\";z"}); exit`, true, []string{`db.a.insert({s: "x;y\";z"})`, "exit"}, ""},
		{"line comment with semicolon", "use t // a; b\nexit", true, []string{"use t // a; b", "exit"}, ""},
		{"block comment spans lines", "db.a.find(/* x\n; y */)\nexit", true, []string{"db.a.find(/* x\n; y */)", "exit"}, ""},
		{"open bracket interactive", "use t; db.x.insert({\n", false, []string{"use t"}, " db.x.insert({\n"},
		{"open block comment interactive", "/* open\n", false, nil, "/* open\n"},
		{"open bracket final", "db.x.insert({\n", true, []string{"db.x.insert({"}, ""},
		{"unclosed string at line break", "db.x.insert({a: 'x\nexit\n", false, []string{"db.x.insert({a: 'x", "exit"}, ""},
		{"complete line", "db.x.count()\n", false, []string{"db.x.count()"}, ""},
		{"brackets in strings", "db.x.insert({a: '(['})\n", false, []string{"db.x.insert({a: '(['})"}, ""},
	}
	for _, c := range cases {
		got, rest := Split(c.in, c.final)
		if !reflect.DeepEqual(got, c.want) || rest != c.rest {
			t.Errorf("%s: Split(%q) = %q, rest %q; want %q, rest %q", c.name, c.in, got, rest, c.want, c.rest)
		}
	}
}

func TestHistoryEntry(t *testing.T) {
	cases := []struct{ in, want string }{
		{"db.x.insert({\n  a: 1, // one\n  b: 'x // not a comment'\n})", "db.x.insert({ a: 1, b: 'x // not a comment' })"},
		{"use t", "use t"},
		{"db.x.find(/* keep */)", "db.x.find(/* keep */)"},
	}
	for _, c := range cases {
		if got := HistoryEntry(c.in); got != c.want {
			t.Errorf("HistoryEntry(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func FuzzSplit(f *testing.F) {
	for _, s := range []string{"use t; db.x.count()", "db.x.insert({\n a: 'b;c'\n})", "/* x", "'a\nb'", "a;;b"} {
		f.Add(s, true)
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, s string, final bool) {
		stmts, rest := Split(s, final)
		if final && rest != "" {
			t.Fatalf("final split left %q", rest)
		}
		for _, st := range stmts {
			if st == "" {
				t.Fatal("empty statement returned")
			}
			// parsing any statement must not panic
			_, _ = Parse(st)
			_ = HistoryEntry(st)
		}
	})
}

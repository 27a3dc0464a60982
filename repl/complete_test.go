package repl

import (
	"reflect"
	"testing"
)

func TestCompleter(t *testing.T) {
	c := &Completer{Collections: func() []string { return []string{"users", "orders"} }}
	cases := []struct {
		before string
		want   []string
		n      int
	}{
		{"", []string{"clear", "db", "exit", "help", "quit", "use"}, 0},
		{"he", []string{"lp"}, 2},
		{"db.", []string{"collections(", "createCollection(", "dropCollection(", "flush(", "orders.", "users."}, 0},
		{"db.us", []string{"ers."}, 2},
		{"db.c", []string{"ollections(", "reateCollection("}, 1},
		{"db.users.fi", []string{"nd(", "ndOne("}, 2},
		{"use t; db.users.resolveD", []string{"eep("}, 8},
		{"db.users.find(", nil, 0},
	}
	for _, k := range cases {
		got, n := c.Candidates(k.before)
		if !reflect.DeepEqual(got, k.want) || n != k.n {
			t.Errorf("Candidates(%q) = %q, %d; want %q, %d", k.before, got, n, k.want, k.n)
		}
	}
	lines, n := c.Do([]rune("db.users.cou"), 12)
	if len(lines) != 1 || string(lines[0]) != "nt(" || n != 3 {
		t.Errorf("Do: %q %d", lines, n)
	}
}

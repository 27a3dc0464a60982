package repl

import (
	"os"
	"strings"
	"testing"
)

func TestHelpOverview(t *testing.T) {
	h := Help("")
	lines := strings.Split(h, "\n")
	if lines[0] != "GrumpyDB shell commands" || lines[1] != "" {
		t.Errorf("overview starts %q", lines[:2])
	}
	if last := lines[len(lines)-1]; last != "        delete indexes query queryRange ref resolve resolveDeep compact stats flush json ids" {
		t.Errorf("overview ends %q", last)
	}
	for _, want := range []string{
		"  use <name>                               Open (or create) a database and make it current",
		`  db.<c>.createIndex("name", "field.path") Create a secondary index`,
		"  exit | quit                              Leave the shell (Ctrl-D works too)",
	} {
		if !strings.Contains(h, want+"\n") {
			t.Errorf("overview lacks %q", want)
		}
	}
	// every method of the shell appears in the overview
	for _, m := range append(dbMethods(), collMethods()...) {
		if !strings.Contains(h, "."+m.name+"(") {
			t.Errorf("overview lacks %s", m.name)
		}
	}
}

// TestHelpOverviewMatchesSpec compares with REPL.md §13 when the spec is
// at hand (the shared tree).
func TestHelpOverviewMatchesSpec(t *testing.T) {
	spec, err := os.ReadFile("/work/shared/REPL.md")
	if err != nil {
		t.Skip("REPL.md not available: ", err)
	}
	s := string(spec)
	i := strings.Index(s, "```\nGrumpyDB shell commands")
	if i < 0 {
		t.Skip("overview block not found in REPL.md")
	}
	block := s[i+4:]
	block = block[:strings.Index(block, "\n```")]
	if got := Help(""); got != block {
		t.Errorf("overview differs from REPL.md §13:\n%s", got)
	}
}

func TestHelpTopics(t *testing.T) {
	for _, name := range topicNames() {
		text := Help(name)
		if strings.HasPrefix(text, "No help") {
			t.Errorf("topic %s missing", name)
			continue
		}
		lines := strings.Split(text, "\n")
		if len(lines) < 4 || !strings.Contains(text, "Example") {
			t.Errorf("topic %s: needs a syntax line, explanation and an example:\n%s", name, text)
		}
	}
	if len(topicNames()) != 23 {
		t.Errorf("%d topics", len(topicNames()))
	}
	same := []struct{ alias, topic string }{
		{"db.users.find", "find"}, {"FIND", "find"}, {"db.flush", "flush"}, {"$ref", "ref"},
		{"insertmany", "insertMany"}, {"db.x.createIndex", "indexes"}, {"db.createCollection", "collections"},
	}
	for _, s := range same {
		if Help(s.alias) != Help(s.topic) {
			t.Errorf("help %s != help %s", s.alias, s.topic)
		}
	}
	if got := Help("nope"); got != "No help for 'nope'.\n"+topicsLines {
		t.Errorf("unknown topic: %q", got)
	}
	filters := Help("filters")
	for _, op := range []string{"$eq", "$ne", "$gt", "$gte", "$lt", "$lte", "$in", "$nin", "$exists", "$not", "$and", "$or"} {
		if !strings.Contains(filters, op+":") {
			t.Errorf("filters topic lacks %s", op)
		}
	}
}

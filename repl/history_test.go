package repl

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestHistoryFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "hist")
	h := LoadHistory(path)
	if len(h.Entries()) != 0 {
		t.Fatal("new history not empty")
	}
	for _, e := range []string{"use t", "use t", "", "  ", "db.x.count()", "use t"} {
		h.Add(e)
	}
	want := []string{"use t", "db.x.count()", "use t"}
	if strings.Join(h.Entries(), "|") != strings.Join(want, "|") {
		t.Fatalf("entries %q", h.Entries())
	}
	st, err := os.Stat(path)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("history file mode: %v %v", st, err)
	}
	// appended as executed: a fresh load sees them
	if got := LoadHistory(path).Entries(); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("reloaded %q", got)
	}
}

func TestHistoryLimit(t *testing.T) {
	path := filepath.Join(t.TempDir(), "hist")
	h := LoadHistory(path)
	for i := 0; i < maxHistory+5; i++ {
		h.Add("e" + strconv.Itoa(i))
	}
	got := LoadHistory(path).Entries()
	if len(got) != maxHistory || got[0] != "e5" || got[len(got)-1] != "e1004" {
		t.Fatalf("kept %d entries, first %q", len(got), got[0])
	}
	// a longer file is trimmed on load
	var lines []string
	for i := 0; i < maxHistory+20; i++ {
		lines = append(lines, "x"+strconv.Itoa(i))
	}
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if got := LoadHistory(path).Entries(); len(got) != maxHistory || got[0] != "x20" {
		t.Fatalf("load kept %d, first %q", len(got), got[0])
	}
}

func TestHistoryUnwritable(t *testing.T) {
	h := LoadHistory(filepath.Join(t.TempDir(), "missing-dir", "hist"))
	if !h.Add("use t") || len(h.Entries()) != 1 {
		t.Fatal("memory history lost an entry")
	}
	m := LoadHistory("")
	m.Add("a")
	if len(m.Entries()) != 1 {
		t.Fatal("memory-only history")
	}
}

func TestHistoryPath(t *testing.T) {
	env := func(m map[string]string) func(string) (string, bool) {
		return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
	}
	cases := []struct {
		m    map[string]string
		want string
	}{
		{map[string]string{"HOME": "/home/u"}, "/home/u/.grumpy_history"},
		{map[string]string{"HOME": "/home/u", "GRUMPYDB_HISTORY": "/tmp/h"}, "/tmp/h"},
		{map[string]string{"HOME": "/home/u", "GRUMPYDB_HISTORY": ""}, ""},
		{map[string]string{}, ""},
	}
	for _, c := range cases {
		if got := HistoryPath(env(c.m)); got != c.want {
			t.Errorf("HistoryPath(%v) = %q, want %q", c.m, got, c.want)
		}
	}
}

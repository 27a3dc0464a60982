package repl

import (
	"sort"
	"strings"
)

// Completer completes the word before the cursor: keywords at the start
// of a statement, db methods and collection names after "db.", and
// collection methods after "db.<c>.".
type Completer struct {
	// Collections lists the current collection names (nil before use).
	Collections func() []string
}

// Candidates returns the completions of the text before the cursor, as
// suffixes to insert, and the length of the word being completed.
func (c *Completer) Candidates(before string) ([]string, int) {
	// the statement being typed starts after the last ';'
	if i := strings.LastIndexByte(before, ';'); i >= 0 {
		before = before[i+1:]
	}
	start := len(before)
	for start > 0 && (isWordByte(before[start-1]) || before[start-1] == '.') {
		start--
	}
	word := before[start:]
	var pool []string
	switch parts := strings.Split(word, "."); {
	case len(parts) == 1 && strings.TrimSpace(before[:start]) == "":
		pool = []string{"clear", "db", "exit", "help", "quit", "use"}
	case len(parts) == 2 && parts[0] == "db":
		for _, m := range dbMethods() {
			pool = append(pool, m.name+"(")
		}
		if c.Collections != nil {
			for _, n := range c.Collections() {
				pool = append(pool, n+".")
			}
		}
		word = parts[1]
	case len(parts) == 3 && parts[0] == "db":
		for _, m := range collMethods() {
			pool = append(pool, m.name+"(")
		}
		word = parts[2]
	default:
		return nil, 0
	}
	sort.Strings(pool)
	var out []string
	for _, p := range pool {
		if strings.HasPrefix(p, word) {
			out = append(out, p[len(word):])
		}
	}
	return out, len([]rune(word))
}

func isWordByte(b byte) bool {
	return b == '_' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
}

// Do implements readline.AutoCompleter.
func (c *Completer) Do(line []rune, pos int) ([][]rune, int) {
	if pos > len(line) {
		pos = len(line)
	}
	cands, n := c.Candidates(string(line[:pos]))
	out := make([][]rune, len(cands))
	for i, s := range cands {
		out[i] = []rune(s)
	}
	return out, n
}

package repl

import (
	"bufio"
	"os"
	"strings"
)

// maxHistory is the most entries the history file keeps (§3.3).
const maxHistory = 1000

// History is the shell's statement history: an in-memory list mirrored to
// a file (mode 0600) when a path is set. Entries are appended as
// statements execute. A file that cannot be read or written leaves the
// history in memory only, silently.
type History struct {
	path    string
	entries []string
}

// LoadHistory reads the history file at path ("" for memory only),
// keeping its newest maxHistory entries.
func LoadHistory(path string) *History {
	h := &History{path: path}
	if path == "" {
		return h
	}
	f, err := os.Open(path)
	if err != nil {
		return h
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	for sc.Scan() {
		if line := sc.Text(); line != "" {
			h.entries = append(h.entries, line)
		}
	}
	_ = f.Close()
	if len(h.entries) > maxHistory {
		h.entries = h.entries[len(h.entries)-maxHistory:]
		h.rewrite()
	}
	return h
}

// Entries returns the entries, oldest first.
func (h *History) Entries() []string { return h.entries }

// Add appends one entry, unless it is empty or equal to the previous
// one; it reports whether the entry was stored.
func (h *History) Add(entry string) bool {
	entry = strings.TrimSpace(entry)
	if entry == "" || len(h.entries) > 0 && h.entries[len(h.entries)-1] == entry {
		return false
	}
	h.entries = append(h.entries, entry)
	if h.path == "" {
		return true
	}
	if len(h.entries) > maxHistory {
		h.entries = h.entries[len(h.entries)-maxHistory:]
		h.rewrite()
		return true
	}
	f, err := os.OpenFile(h.path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return true
	}
	_, _ = f.WriteString(entry + "\n")
	_ = f.Close()
	return true
}

// rewrite replaces the file with the current entries.
func (h *History) rewrite() {
	tmp := h.path + ".tmp"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return
	}
	_, err = f.WriteString(strings.Join(h.entries, "\n") + "\n")
	if cerr := f.Close(); err == nil && cerr == nil {
		_ = os.Rename(tmp, h.path)
		return
	}
	_ = os.Remove(tmp)
}

// HistoryPath returns the history file path from the environment
// (§1.1, §3.3): GRUMPYDB_HISTORY if set ("" meaning off), else
// $HOME/.grumpy_history, else "" (memory only).
func HistoryPath(getenv func(string) (string, bool)) string {
	if p, ok := getenv("GRUMPYDB_HISTORY"); ok {
		return p
	}
	if home, ok := getenv("HOME"); ok && home != "" {
		return strings.TrimRight(home, "/") + "/.grumpy_history"
	}
	return ""
}

package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// tmuxTerm drives the real binary in a real terminal: a tmux server on a
// private socket, one session, keys sent with send-keys and the screen
// read with capture-pane.
type tmuxTerm struct {
	t      *testing.T
	socket string
	dir    string
}

func newTmux(t *testing.T, args ...string) *tmuxTerm {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed (apt-get install -y tmux); skipping the terminal tests")
	}
	dir := t.TempDir()
	conf := filepath.Join(dir, "tmux.conf")
	if err := os.WriteFile(conf, []byte("set -g remain-on-exit on\nset -g history-limit 5000\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tm := &tmuxTerm{t: t, socket: fmt.Sprintf("grumpy-test-%d-%d", os.Getpid(), time.Now().UnixNano()), dir: dir}
	tm.start(args...)
	return tm
}

// start runs the shell in a new session of a new server; the wrapper
// writes the shell's exit status to the file "status" (tmux's own
// pane_dead_status is not always filled in).
func (tm *tmuxTerm) start(args ...string) {
	tm.t.Helper()
	_ = os.Remove(filepath.Join(tm.dir, "status"))
	shell := "env HOME=" + tm.dir + " GRUMPYDB_HISTORY=" + filepath.Join(tm.dir, "history") + " " + binary + " " + strings.Join(args, " ") +
		"; echo $? > " + filepath.Join(tm.dir, "status")
	tm.tmux("-f", filepath.Join(tm.dir, "tmux.conf"), "new-session", "-d", "-s", "g", "-x", "220", "-y", "60", "-c", tm.dir, shell)
	socket := tm.socket
	tm.t.Cleanup(func() { _ = exec.Command("tmux", "-L", socket, "kill-server").Run() })
}

// shellPID returns the pid of the grumpy process (the child of the
// pane's sh).
func (tm *tmuxTerm) shellPID() string {
	tm.t.Helper()
	pane := strings.TrimSpace(tm.tmux("display", "-p", "-t", "g", "#{pane_pid}"))
	data, err := os.ReadFile("/proc/" + pane + "/task/" + pane + "/children")
	if err != nil {
		tm.t.Fatalf("children of %s: %v", pane, err)
	}
	kids := strings.Fields(string(data))
	if len(kids) != 1 {
		tm.t.Fatalf("pane %s has children %v", pane, kids)
	}
	return kids[0]
}

func (tm *tmuxTerm) tmux(args ...string) string {
	tm.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-L", tm.socket}, args...)...).CombinedOutput()
	if err != nil {
		tm.t.Fatalf("tmux %v: %v\n%s", args, err, out)
	}
	return string(out)
}

// typeText sends text key by key (literally), then the named keys.
func (tm *tmuxTerm) typeText(text string, keys ...string) {
	tm.t.Helper()
	for _, r := range text {
		key := string(r)
		if r == ';' {
			key = `\;` // tmux reads a bare ';' as a command separator
		}
		tm.tmux("send-keys", "-t", "g", "-l", key)
	}
	for _, k := range keys {
		tm.tmux("send-keys", "-t", "g", k)
	}
}

// screen returns the whole pane, scrollback included, without trailing
// blank lines and without tmux's dead-pane notice.
func (tm *tmuxTerm) screen() string {
	tm.t.Helper()
	lines := strings.Split(tm.tmux("capture-pane", "-p", "-J", "-S", "-", "-t", "g"), "\n")
	for i := range lines {
		lines[i] = strings.TrimRight(lines[i], " ")
	}
	lines = slices.DeleteFunc(lines, func(l string) bool { return strings.HasPrefix(l, "Pane is dead") })
	for len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return strings.Join(lines, "\n")
}

// waitFor polls until the screen satisfies ok, failing after a timeout.
func (tm *tmuxTerm) waitFor(what string, ok func(string) bool) string {
	tm.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		s := tm.screen()
		if ok(s) {
			return s
		}
		if time.Now().After(deadline) {
			tm.t.Fatalf("timed out waiting for %s; screen:\n%s", what, s)
		}
		time.Sleep(30 * time.Millisecond)
	}
}

// waitPrompts waits until the screen ends with prompt and holds n prompts.
func (tm *tmuxTerm) waitPrompts(n int) string {
	tm.t.Helper()
	return tm.waitFor(fmt.Sprintf("%d prompts", n), func(s string) bool {
		return strings.Count(s, "grumpy") >= n && (strings.HasSuffix(s, "> ") || strings.HasSuffix(s, ">"))
	})
}

// waitExit waits for the shell to end and returns its exit status.
func (tm *tmuxTerm) waitExit() string {
	tm.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		data, err := os.ReadFile(filepath.Join(tm.dir, "status"))
		if err == nil && strings.HasSuffix(string(data), "\n") {
			return strings.TrimSpace(string(data))
		}
		if time.Now().After(deadline) {
			tm.t.Fatalf("shell did not exit; screen:\n%s", tm.screen())
		}
		time.Sleep(30 * time.Millisecond)
	}
}

// normalise replaces every UUID by <uuid>.
func normalise(s string) string { return uuidRE.ReplaceAllString(s, "<uuid>") }

// TestTerminalREADMESession types the README's embedded session key by
// key and compares the screen with the transcript (ids normalised).
func TestTerminalREADMESession(t *testing.T) {
	tm := newTmux(t, "--data", "./mydata")
	tm.waitPrompts(1)
	steps := []string{
		`use myapp`,
		`db.createCollection("users")`,
		`db.users.insert({ name: "Alice", age: 30, email: "alice@example.com" })`,
		`db.users.insert({ name: "Bob", age: 25, tags: ["dev", "rust"] })`,
		`db.users.find()`,
		`db.users.createIndex("by_age", "age")`,
		`db.users.query("by_age", 30)`,
		`db.users.find({ age: 25 })`,
	}
	var screen string
	for i, s := range steps {
		tm.typeText(s, "Enter")
		screen = tm.waitPrompts(i + 2)
	}
	// find() lists in key order: order the two documents by their ids
	ids := uuidRE.FindAllString(screen, 2)
	alice := `{ "_id": "<uuid>", "name": "Alice", "age": 30, "email": "alice@example.com" }`
	bob := `{ "_id": "<uuid>", "name": "Bob", "age": 25, "tags": ["dev", "rust"] }`
	first, second := alice, bob
	if len(ids) == 2 && ids[1] < ids[0] {
		first, second = bob, alice
	}
	want := `GrumpyDB shell 5.0.0 (embedded mode, data in ./mydata)
Type 'help' for commands, 'exit' to quit.

grumpy> use myapp
Switched to database "myapp"

grumpy [myapp]> db.createCollection("users")
Collection "users" created

grumpy [myapp]> db.users.insert({ name: "Alice", age: 30, email: "alice@example.com" })
Inserted: <uuid>

grumpy [myapp]> db.users.insert({ name: "Bob", age: 25, tags: ["dev", "rust"] })
Inserted: <uuid>

grumpy [myapp]> db.users.find()
[
  ` + first + `,
  ` + second + `
]

grumpy [myapp]> db.users.createIndex("by_age", "age")
Index "by_age" created on field "age"

grumpy [myapp]> db.users.query("by_age", 30)
[` + alice + `]

grumpy [myapp]> db.users.find({ age: 25 })
[` + bob + `]

grumpy [myapp]>`
	if got := normalise(screen); got != want {
		t.Fatalf("screen:\n%s\n\nwant:\n%s", got, want)
	}
	// the inserted ids are the ones find() shows
	all := uuidRE.FindAllString(screen, -1)
	if len(all) != 6 || !slices.Contains(all[2:4], all[0]) || all[4] != all[0] || all[5] != all[1] {
		t.Errorf("ids on screen: %v", all)
	}
	tm.typeText("exit", "Enter")
	if st := tm.waitExit(); st != "0" {
		t.Fatalf("exit status %s", st)
	}
	if _, err := os.Stat(filepath.Join(tm.dir, "mydata", "myapp")); err != nil {
		t.Fatalf("database directory: %v", err)
	}
}

// TestTerminalKeys covers history recall, Ctrl-C, multi-line input, tab
// completion, an error, and Ctrl-D.
func TestTerminalKeys(t *testing.T) {
	tm := newTmux(t, "-d", "d")
	tm.waitPrompts(1)
	tm.typeText("use t; db.c.insert({ a: 1 })", "Enter")
	tm.waitFor("insert", func(s string) bool { return strings.Contains(s, "Inserted: ") && strings.HasSuffix(s, "grumpy [t]>") })

	// history: Up recalls the last statement, Enter runs it again
	tm.typeText("db.c.count()", "Enter")
	tm.waitFor("count", func(s string) bool { return strings.HasSuffix(s, "1\n\ngrumpy [t]>") })
	tm.typeText("", "Up")
	tm.waitFor("recalled line", func(s string) bool { return strings.HasSuffix(s, "grumpy [t]> db.c.count()") })
	tm.typeText("", "Enter")
	s := tm.waitFor("second count", func(s string) bool { return strings.Count(s, "\n1\n") == 2 && strings.HasSuffix(s, "grumpy [t]>") })
	_ = s

	// Ctrl-C discards the line; on an empty prompt it prints the hint
	tm.typeText("db.c.fi", "C-c")
	tm.waitFor("discarded line", func(s string) bool { return strings.HasSuffix(s, "db.c.fi^C\ngrumpy [t]>") })
	tm.typeText("", "C-c")
	tm.waitFor("hint", func(s string) bool {
		return strings.HasSuffix(s, "grumpy [t]> ^C\n(use 'exit' or Ctrl-D to quit)\ngrumpy [t]>")
	})

	// multi-line input continues while a bracket is open; Ctrl-C drops it all
	tm.typeText("db.c.count({", "Enter")
	tm.waitFor("continuation", func(s string) bool { return strings.HasSuffix(s, "...>") })
	tm.typeText("", "C-c")
	tm.waitFor("prompt after dropping", func(s string) bool { return strings.HasSuffix(s, "...> ^C\ngrumpy [t]>") })
	tm.typeText("db.c.count({", "Enter")
	tm.waitFor("continuation", func(s string) bool { return strings.HasSuffix(s, "...>") })
	tm.typeText("  a: 1 // one", "Enter")
	tm.typeText("})", "Enter")
	tm.waitFor("multi-line result", func(s string) bool {
		return strings.HasSuffix(s, "grumpy [t]> db.c.count({\n...>   a: 1 // one\n...> })\n1\n\ngrumpy [t]>")
	})

	// tab completion of a collection and a method
	tm.typeText("db.createCollection(zebra)", "Enter")
	tm.waitFor("zebra", func(s string) bool { return strings.HasSuffix(s, "Collection \"zebra\" created\n\ngrumpy [t]>") })
	tm.typeText("db.ze", "Tab")
	tm.waitFor("completed collection", func(s string) bool { return strings.HasSuffix(s, "grumpy [t]> db.zebra.") })
	tm.typeText("cou", "Tab")
	tm.waitFor("completed method", func(s string) bool { return strings.HasSuffix(s, "grumpy [t]> db.zebra.count(") })
	tm.typeText(")", "Enter")
	tm.waitFor("completed statement result", func(s string) bool { return strings.HasSuffix(s, "db.zebra.count()\n0\n\ngrumpy [t]>") })

	// an error goes to the terminal as one line, and the session continues
	tm.typeText("db.c.fnd()", "Enter")
	tm.waitFor("error", func(s string) bool {
		return strings.HasSuffix(s, "grumpy [t]> db.c.fnd()\nError: unknown method: db.c.fnd() (type 'help' for the list)\n\ngrumpy [t]>")
	})

	// Ctrl-D on an empty line leaves with status 0
	tm.typeText("", "C-d")
	if st := tm.waitExit(); st != "0" {
		t.Fatalf("exit status after Ctrl-D: %s", st)
	}

	// the history file holds each statement once per run, multi-line
	// statements joined without comments, and is private
	hist := filepath.Join(tm.dir, "history")
	data, err := os.ReadFile(hist)
	if err != nil {
		t.Fatal(err)
	}
	want := "use t\ndb.c.insert({ a: 1 })\ndb.c.count()\ndb.c.count({ a: 1 })\ndb.createCollection(zebra)\ndb.zebra.count()\ndb.c.fnd()\n"
	if string(data) != want {
		t.Errorf("history file:\n%q\nwant\n%q", data, want)
	}
	if st, err := os.Stat(hist); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("history mode: %v %v", st.Mode(), err)
	}
}

// TestTerminalHistoryReload checks that a new session recalls the history
// of the previous one with Up.
func TestTerminalHistoryReload(t *testing.T) {
	tm := newTmux(t, "-d", "d")
	tm.waitPrompts(1)
	if err := os.WriteFile(filepath.Join(tm.dir, "history"), []byte("use old\ndb.c.count()\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	// the file was loaded at start, before we wrote it: restart a session
	tm.typeText("exit", "Enter")
	tm.waitExit()
	tm2 := &tmuxTerm{t: t, socket: tm.socket + "b", dir: tm.dir}
	tm2.start("-d", "d")
	tm2.waitPrompts(1)
	// the first session's "exit" was appended after the two entries
	tm2.typeText("", "Up", "Up", "Up")
	tm2.waitFor("recalled old entry", func(s string) bool { return strings.HasSuffix(s, "grumpy> use old") })
	tm2.typeText("", "Enter")
	tm2.waitFor("use old", func(s string) bool { return strings.HasSuffix(s, "Switched to database \"old\"\n\ngrumpy [old]>") })
	tm2.typeText("", "C-d")
	if st := tm2.waitExit(); st != "0" {
		t.Fatalf("exit status %s", st)
	}
}

// TestTerminalSIGTERM ends an interactive session with SIGTERM: status
// 143, and the database closed (another process can open it).
func TestTerminalSIGTERM(t *testing.T) {
	tm := newTmux(t, "-d", "d")
	tm.waitPrompts(1)
	tm.typeText("use t; db.c.insert({ a: 1 })", "Enter")
	tm.waitFor("insert", func(s string) bool { return strings.Contains(s, "Inserted: ") && strings.HasSuffix(s, "grumpy [t]>") })
	pid := tm.shellPID()
	if out, err := exec.Command("kill", "-TERM", pid).CombinedOutput(); err != nil {
		t.Fatalf("kill: %v %s", err, out)
	}
	if st := tm.waitExit(); st != "143" {
		t.Fatalf("exit status after SIGTERM: %s", st)
	}
	r := grumpy(t, tm.dir, "", nil, "-d", "d", "-e", "use t; db.c.count()")
	if r.code != 0 || !strings.HasSuffix(r.stdout, "\n1\n") {
		t.Fatalf("database after SIGTERM: %+v", r)
	}
}

package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// freshServer starts a server of its own for one test.
func freshServer(t *testing.T, tls bool, toml string) *testServer {
	t.Helper()
	if servers.binary == "" {
		t.Fatal("the server binary was not built")
	}
	s, err := startTestServer(servers.binary, tls, toml)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.stop)
	return s
}

// TestTerminalConnectedREADMESession types the README's connected session
// key by key against a fresh server and compares the screen with the
// transcript (the id normalised, the port the test's own).
func TestTerminalConnectedREADMESession(t *testing.T) {
	srv := freshServer(t, false, "")
	tm := newTmux(t, append(srv.args("localhost"), "--password", serverAdminPW)...)
	tm.waitPrompts(1)
	steps := []string{
		`use myapp`,
		`db.users.insert({ name: "Alice", age: 30 })`,
		`db.users.count()`,
	}
	var screen string
	for i, s := range steps {
		tm.typeText(s, "Enter")
		screen = tm.waitPrompts(i + 2)
	}
	want := `Connected to GrumpyDB at localhost:` + srv.args("")[3] + `
Authenticated as admin@_system

grumpy> use myapp
Switched to database "myapp"

grumpy [myapp]> db.users.insert({ name: "Alice", age: 30 })
Inserted: <uuid>

grumpy [myapp]> db.users.count()
1

grumpy [myapp]>`
	if got := normalise(screen); got != want {
		t.Fatalf("screen:\n%s\n\nwant:\n%s", got, want)
	}
	tm.typeText("exit", "Enter")
	if st := tm.waitExit(); st != "0" {
		t.Fatalf("exit status %s", st)
	}
	// the document is on the server, under the id the shell printed
	id := uuidRE.FindString(screen)
	r := grumpy(t, t.TempDir(), "", nil, append(srv.login(), "-e", "use myapp; db.users.find(); db.collections()")...)
	if r.code != 0 || r.stdout != "Switched to database \"myapp\"\n[{ \"_id\": \""+id+"\", \"name\": \"Alice\", \"age\": 30 }]\n[\"users\"]\n" {
		t.Fatalf("on the server: %+v", r)
	}
}

// TestTerminalConnectedPrompts leaves out the tenant, the user and the
// password: the shell asks for each on the terminal, the password
// without echo (it never appears on the screen).
func TestTerminalConnectedPrompts(t *testing.T) {
	srv := sharedServer(t)
	port := srv.args("")[3]
	tm := newTmux(t, "--host", "127.0.0.1", "--port", port)
	tm.waitFor("tenant prompt", func(s string) bool { return s == "Tenant:" })
	tm.typeText("_system", "Enter")
	tm.waitFor("user prompt", func(s string) bool { return strings.HasSuffix(s, "\nUsername:") })
	tm.typeText("admin", "Enter")
	tm.waitFor("password prompt", func(s string) bool { return strings.HasSuffix(s, "\nPassword:") })
	tm.typeText(serverAdminPW)
	tm.typeText("", "Enter")
	screen := tm.waitPrompts(1)
	want := "Tenant: _system\nUsername: admin\nPassword:\nConnected to GrumpyDB at 127.0.0.1:" + port + "\nAuthenticated as admin@_system\n\ngrumpy>"
	if screen != want {
		t.Fatalf("screen:\n%s\n\nwant:\n%s", screen, want)
	}
	tm.typeText("use prompted", "Enter")
	screen = tm.waitFor("use", func(s string) bool { return strings.HasSuffix(s, "grumpy [prompted]>") })
	if strings.Contains(screen, serverAdminPW) {
		t.Fatalf("the password was echoed:\n%s", screen)
	}
	tm.typeText("", "C-d")
	if st := tm.waitExit(); st != "0" {
		t.Fatalf("exit status %s", st)
	}
}

// TestTerminalConnectedPasswordInterrupt presses Ctrl-C at the password
// prompt: the shell exits with 130 and the terminal has echo on again.
func TestTerminalConnectedPasswordInterrupt(t *testing.T) {
	srv := sharedServer(t)
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed; skipping the terminal tests")
	}
	dir := t.TempDir()
	conf := filepath.Join(dir, "tmux.conf")
	if err := os.WriteFile(conf, []byte("set -g remain-on-exit on\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tm2 := &tmuxTerm{t: t, socket: fmt.Sprintf("grumpy-test-pw-%d-%d", os.Getpid(), time.Now().UnixNano()), dir: dir}
	stty := filepath.Join(dir, "stty")
	// after the shell: its status, then the terminal's settings
	shell := "env GRUMPYDB_HISTORY= " + binary + " --host 127.0.0.1 --port " + srv.args("")[3] + " --tenant _system --user admin; echo $? > " +
		filepath.Join(dir, "status") + "; stty -a > " + stty
	tm2.tmux("-f", conf, "new-session", "-d", "-s", "g", "-x", "220", "-y", "60", "-c", dir, shell)
	socket := tm2.socket
	t.Cleanup(func() { _ = exec.Command("tmux", "-L", socket, "kill-server").Run() })
	tm2.waitFor("password prompt", func(s string) bool { return s == "Password:" })
	tm2.typeText("sec", "C-c")
	if st := tm2.waitExit(); st != "130" {
		t.Fatalf("exit status %s", st)
	}
	var data []byte
	tm2.waitFor("stty output", func(string) bool {
		b, err := os.ReadFile(stty)
		data = b
		return err == nil && strings.Contains(string(b), "echo")
	})
	if strings.Contains(" "+strings.Join(strings.Fields(string(data)), " ")+" ", " -echo ") {
		t.Fatalf("echo still off after Ctrl-C:\n%s", data)
	}
}

// TestTerminalConnectedReconnect drops the connection under an
// interactive session: the next statement fails with "connection lost",
// the one after reconnects (log-in and USE again) and works; SIGTERM then
// ends the session with 143 after sending QUIT.
func TestTerminalConnectedReconnect(t *testing.T) {
	srv := sharedServer(t)
	p := newRecordingProxy(t, srv.addr())
	db := freshDatabase()
	tm := newTmux(t, p.args()...)
	tm.waitPrompts(1)
	tm.typeText("use "+db+"; db.c.insert({ _id: \""+idA+"\" })", "Enter")
	tm.waitFor("insert", func(s string) bool { return strings.HasSuffix(s, "Inserted: "+idA+"\n\ngrumpy ["+db+"]>") })
	p.drop()
	tm.typeText("db.c.count()", "Enter")
	screen := tm.waitFor("lost connection", func(s string) bool {
		return strings.HasSuffix(s, "\n\ngrumpy ["+db+"]>") && strings.Count(s, "db.c.count()") == 1
	})
	if !strings.Contains(screen, "db.c.count()\nError: connection lost: ") {
		t.Fatalf("screen after the drop:\n%s", screen)
	}
	tm.typeText("db.c.count()", "Enter")
	tm.waitFor("count after reconnecting", func(s string) bool {
		return strings.HasSuffix(s, "db.c.count()\n1\n\ngrumpy ["+db+"]>")
	})
	pid := tm.shellPID()
	if out, err := exec.Command("kill", "-TERM", pid).CombinedOutput(); err != nil {
		t.Fatalf("kill: %v %s", err, out)
	}
	if st := tm.waitExit(); st != "143" {
		t.Fatalf("exit status after SIGTERM: %s", st)
	}
	lines := p.requests()
	if len(lines) < 3 || lines[len(lines)-1] != "QUIT" || lines[len(lines)-2] != "COUNT c" || lines[len(lines)-3] != "USE "+db {
		t.Fatalf("requests after reconnecting: %q", lines)
	}
	// The reconnection logged in again with the credentials (§12.5): the
	// last LOGIN comes after the last INSERT, before that USE.
	lastLogin, lastInsert := -1, -1
	for i, l := range lines {
		switch {
		case strings.HasPrefix(l, "LOGIN _system admin "):
			lastLogin = i
		case strings.HasPrefix(l, "INSERT "):
			lastInsert = i
		}
	}
	if lastLogin < lastInsert || lastLogin > len(lines)-3 {
		t.Fatalf("no LOGIN between the drop and the reconnected statement: %q", lines)
	}
}

// TestTerminalConnectedTLS checks the banner's TLS notes (§3.1) against a
// TLS server: "(TLS)" when verified with --tls-ca, "(TLS, unverified)"
// and the warning on stderr with --tls-insecure.
func TestTerminalConnectedTLS(t *testing.T) {
	srv := freshServer(t, true, "")
	port := srv.args("")[3]
	tm := newTmux(t, append(srv.args("localhost"), "--password", serverAdminPW, "--tls-ca", srv.certFile())...)
	screen := tm.waitPrompts(1)
	want := "Connected to GrumpyDB at localhost:" + port + " (TLS)\nAuthenticated as admin@_system\n\ngrumpy>"
	if screen != want {
		t.Fatalf("screen:\n%s\nwant:\n%s", screen, want)
	}
	tm.typeText("use tls; db.c.insert({ _id: \""+idA+"\" }); db.c.count()", "Enter")
	tm.waitFor("count over TLS", func(s string) bool { return strings.HasSuffix(s, "\n1\n\ngrumpy [tls]>") })
	tm.typeText("exit", "Enter")
	if st := tm.waitExit(); st != "0" {
		t.Fatalf("exit status %s", st)
	}

	tm2 := &tmuxTerm{t: t, socket: tm.socket + "i", dir: tm.dir}
	tm2.start(append(srv.args("127.0.0.1"), "--password", serverAdminPW, "--tls-insecure")...)
	screen = tm2.waitPrompts(1)
	want = "Warning: TLS certificate not verified\nConnected to GrumpyDB at 127.0.0.1:" + port + " (TLS, unverified)\nAuthenticated as admin@_system\n\ngrumpy>"
	if screen != want {
		t.Fatalf("screen:\n%s\nwant:\n%s", screen, want)
	}
	tm2.typeText("", "C-d")
	if st := tm2.waitExit(); st != "0" {
		t.Fatalf("exit status %s", st)
	}

	// not interactive: no banner; verification against the system roots
	// refuses the self-signed certificate
	r := grumpy(t, t.TempDir(), "", nil, append(srv.login(), "--tls-ca", srv.certFile(), "-e", "use tls; db.c.count()")...)
	if r.code != 0 || r.stdout != "Switched to database \"tls\"\n1\n" || r.stderr != "" {
		t.Fatalf("--eval over TLS: %+v", r)
	}
	r = grumpy(t, t.TempDir(), "", nil, append(srv.login(), "--tls", "-e", "use tls")...)
	if r.code != 2 || !strings.HasPrefix(r.stderr, "Error: TLS handshake with "+srv.addr()+" failed: ") || !strings.Contains(r.stderr, "certificate") {
		t.Fatalf("--tls without the CA: %+v", r)
	}
}

// TestTerminalConnectedInterrupt presses Ctrl-C while a statement waits
// for the server (§3.4): "Interrupted", the session goes on, the next
// statement reconnects; Ctrl-D then leaves after sending QUIT.
func TestTerminalConnectedInterrupt(t *testing.T) {
	srv := sharedServer(t)
	p := newRecordingProxy(t, srv.addr())
	db := freshDatabase()
	tm := newTmux(t, p.args()...)
	tm.waitPrompts(1)
	tm.typeText("use "+db+"; db.c.insert({ _id: \""+idA+"\" })", "Enter")
	tm.waitFor("insert", func(s string) bool { return strings.HasSuffix(s, "Inserted: "+idA+"\n\ngrumpy ["+db+"]>") })
	p.stall(true)
	tm.typeText("db.c.find()", "Enter")
	tm.waitFor("the statement to wait", func(s string) bool { return strings.HasSuffix(s, "db.c.find()") })
	tm.typeText("", "C-c")
	tm.waitFor("interrupted", func(s string) bool {
		return strings.HasSuffix(s, "db.c.find()\n^CInterrupted\n\ngrumpy ["+db+"]>") // ^C: the terminal echo
	})
	p.stall(false)
	tm.typeText("db.c.count()", "Enter")
	tm.waitFor("count after the interrupt", func(s string) bool {
		return strings.HasSuffix(s, "db.c.count()\n1\n\ngrumpy ["+db+"]>")
	})
	tm.typeText("", "C-d")
	if st := tm.waitExit(); st != "0" {
		t.Fatalf("exit status %s", st)
	}
	lines := p.requests()
	n := len(lines)
	if n < 4 || lines[n-1] != "QUIT" || lines[n-2] != "COUNT c" || lines[n-3] != "USE "+db || !strings.HasPrefix(lines[n-4], "TOKEN ") {
		t.Fatalf("requests: %q", lines)
	}
}

// TestTerminalConnectedKeys: history recall and tab completion work the
// same against a server: collection names come from the server's LIST
// COLLECTIONS, methods from the shell.
func TestTerminalConnectedKeys(t *testing.T) {
	srv := freshServer(t, false, "")
	tm := newTmux(t, append(srv.args("127.0.0.1"), "--password", serverAdminPW)...)
	tm.waitPrompts(1)
	tm.typeText("use t; db.createCollection(zebra)", "Enter")
	tm.waitFor("zebra", func(s string) bool { return strings.HasSuffix(s, "Collection \"zebra\" created\n\ngrumpy [t]>") })

	tm.typeText("db.ze", "Tab")
	tm.waitFor("completed collection", func(s string) bool { return strings.HasSuffix(s, "grumpy [t]> db.zebra.") })
	tm.typeText("ins", "Tab")
	tm.waitFor("completed method", func(s string) bool { return strings.HasSuffix(s, "grumpy [t]> db.zebra.insert") })
	tm.typeText("({ a: 1 })", "Enter")
	tm.waitFor("insert", func(s string) bool { return strings.Contains(s, "Inserted: ") && strings.HasSuffix(s, "grumpy [t]>") })

	tm.typeText("db.zebra.count()", "Enter")
	tm.waitFor("count", func(s string) bool { return strings.HasSuffix(s, "db.zebra.count()\n1\n\ngrumpy [t]>") })
	tm.typeText("", "Up")
	tm.waitFor("recalled line", func(s string) bool { return strings.HasSuffix(s, "grumpy [t]> db.zebra.count()") })
	tm.typeText("", "Enter")
	tm.waitFor("second count", func(s string) bool {
		return strings.Count(s, "db.zebra.count()\n1\n") == 2 && strings.HasSuffix(s, "grumpy [t]>")
	})

	tm.typeText("", "C-d")
	if st := tm.waitExit(); st != "0" {
		t.Fatalf("exit status after Ctrl-D: %s", st)
	}
}

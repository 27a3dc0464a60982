package main

import (
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/grumpydb/grumpydb/repl"
)

func TestResolveCredentials(t *testing.T) {
	env := func(vals map[string]string) func(string) (string, bool) {
		return func(k string) (string, bool) { v, ok := vals[k]; return v, ok }
	}
	all := credentialFlags{tenant: "t", user: "u", password: "p", tenantSet: true, userSet: true, passwordSet: true}
	cases := []struct {
		name   string
		flags  credentialFlags
		env    map[string]string
		tty    bool
		want   credentials
		asked  string // labels asked, joined by "|"
		errMsg string
	}{
		{"flags", all, map[string]string{"GRUMPYDB_PASSWORD": "env"}, true, credentials{"t", "u", "p"}, "", ""},
		{"empty flag password is a password", credentialFlags{tenant: "t", user: "u", tenantSet: true, userSet: true, passwordSet: true}, nil, true, credentials{"t", "u", ""}, "", ""},
		{"env password", credentialFlags{tenant: "t", user: "u", tenantSet: true, userSet: true}, map[string]string{"GRUMPYDB_PASSWORD": "env"}, false, credentials{"t", "u", "env"}, "", ""},
		{"empty env password", credentialFlags{tenant: "t", user: "u", tenantSet: true, userSet: true}, map[string]string{"GRUMPYDB_PASSWORD": ""}, false, credentials{"t", "u", ""}, "", ""},
		{"prompt password", credentialFlags{tenant: "t", user: "u", tenantSet: true, userSet: true}, nil, true, credentials{"t", "u", "answer:Password: "}, "Password: *", ""},
		{"prompt all", credentialFlags{}, nil, true, credentials{"answer:Tenant: ", "answer:Username: ", "answer:Password: "}, "Tenant: |Username: |Password: *", ""},
		{"env is only for the password", credentialFlags{}, map[string]string{"GRUMPYDB_PASSWORD": "env"}, true, credentials{"answer:Tenant: ", "answer:Username: ", "env"}, "Tenant: |Username: ", ""},
		{"no tty tenant", credentialFlags{}, nil, false, credentials{}, "", "--tenant is required (no terminal to prompt on)"},
		{"no tty user", credentialFlags{tenant: "t", tenantSet: true}, nil, false, credentials{tenant: "t"}, "", "--user is required (no terminal to prompt on)"},
		{"no tty password", credentialFlags{tenant: "t", user: "u", tenantSet: true, userSet: true}, nil, false, credentials{"t", "u", ""}, "", "--password is required (no terminal to prompt on)"},
	}
	for _, c := range cases {
		var asked []string
		var ask prompter
		if c.tty {
			ask = func(label string, secret bool) (string, error) {
				l := label
				if secret {
					l += "*"
				}
				asked = append(asked, l)
				return "answer:" + label, nil
			}
		}
		got, err := resolveCredentials(c.flags, env(c.env), ask)
		if c.errMsg != "" {
			if err == nil || err.Error() != c.errMsg || !errors.Is(err, errNoTerminal) {
				t.Errorf("%s: error %v, want %q", c.name, err, c.errMsg)
			}
			continue
		}
		if err != nil || got != c.want || strings.Join(asked, "|") != c.asked {
			t.Errorf("%s: %+v %v asked %q; want %+v asked %q", c.name, got, err, asked, c.want, c.asked)
		}
	}
}

func TestResolveCredentialsPromptError(t *testing.T) {
	boom := errors.New("boom")
	_, err := resolveCredentials(credentialFlags{}, func(string) (string, bool) { return "", false },
		func(string, bool) (string, error) { return "", boom })
	if !errors.Is(err, boom) {
		t.Fatalf("got %v", err)
	}
}

func TestReadLine(t *testing.T) {
	r := strings.NewReader("alice\r\nrest\nlast")
	for _, want := range []string{"alice", "rest", "last"} {
		got, err := readLine(r)
		if err != nil || got != want {
			t.Fatalf("got %q %v, want %q", got, err, want)
		}
	}
	if _, err := readLine(r); err != io.EOF {
		t.Fatalf("at the end: %v", err)
	}
	// nothing after the line is consumed
	r = strings.NewReader("a\nb")
	_, _ = readLine(r)
	if r.Len() != 1 {
		t.Fatalf("read ahead: %d bytes left", r.Len())
	}
}

func TestConnectedLine(t *testing.T) {
	for _, c := range []struct {
		o    repl.ConnectOptions
		want string
	}{
		{repl.ConnectOptions{Host: "localhost", Port: 6380}, "Connected to GrumpyDB at localhost:6380"},
		{repl.ConnectOptions{Host: "db", Port: 7000, TLS: true}, "Connected to GrumpyDB at db:7000 (TLS)"},
		{repl.ConnectOptions{Host: "db", Port: 7000, CAFile: "ca.pem"}, "Connected to GrumpyDB at db:7000 (TLS)"},
		{repl.ConnectOptions{Host: "db", Port: 7000, TLS: true, Insecure: true}, "Connected to GrumpyDB at db:7000 (TLS, unverified)"},
	} {
		if got := connectedLine(c.o); got != c.want {
			t.Errorf("%+v: %q, want %q", c.o, got, c.want)
		}
	}
}

// FuzzReadLine: reading lines until EOF gives back the input, with each
// "\n" (and a "\r" before it) removed, and never reads past a line.
func FuzzReadLine(f *testing.F) {
	f.Add("alice\nbob\n")
	f.Add("a\r\n\r\nb")
	f.Add("")
	f.Fuzz(func(t *testing.T, in string) {
		r := strings.NewReader(in)
		var got []string
		for {
			line, err := readLine(r)
			if err != nil {
				if err != io.EOF || line != "" {
					t.Fatalf("%q: %q %v", in, line, err)
				}
				break
			}
			got = append(got, line)
			if len(got) > len(in)+1 {
				t.Fatal("too many lines")
			}
		}
		var want []string
		if in != "" {
			want = strings.Split(strings.TrimSuffix(in, "\n"), "\n")
			for i := range want {
				if i < len(want)-1 || strings.HasSuffix(in, "\n") {
					want[i] = strings.TrimSuffix(want[i], "\r")
				}
			}
		}
		if strings.Join(got, "\x00") != strings.Join(want, "\x00") || len(got) != len(want) {
			t.Fatalf("%q: got %q want %q", in, got, want)
		}
	})
}

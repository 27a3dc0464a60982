package main

import (
	"bytes"
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestParseArgs(t *testing.T) {
	for _, tc := range []struct {
		args  []string
		sub   string
		pos   []string
		value map[string]string
		sw    []string
		err   string // "" ok; "usage" usage error; else exact text
	}{
		{args: nil},
		{args: []string{"--data", "d", "--data=e"}, value: map[string]string{"data": "e"}},
		{args: []string{"restore", "--data", "./data", "./backup.tar.gz", "--force"}, sub: "restore", pos: []string{"./backup.tar.gz"}, value: map[string]string{"data": "./data"}, sw: []string{"force"}},
		{args: []string{"--bind", "--looks-like-a-flag"}, value: map[string]string{"bind": "--looks-like-a-flag"}},
		{args: []string{"check", "--", "--data"}, err: "usage"},
		{args: []string{"snapshot", "--", "--weird-dest"}, sub: "snapshot", pos: []string{"--weird-dest"}},
		{args: []string{"--tls", "--no-tls", "-h"}, sw: []string{"tls", "no-tls", "help"}},
		{args: []string{"--tls=false"}},
		{args: []string{"cluster", "init", "--cluster-id", "x"}, sub: "cluster init", value: map[string]string{"cluster-id": "x"}},
		{args: []string{"--nope"}, err: "usage"},
		{args: []string{"--data"}, err: "usage"},
		{args: []string{"start"}, err: "usage"},
		{args: []string{"check", "x"}, err: "usage"},
		{args: []string{"--force"}, err: "usage"},
		{args: []string{"check", "--cluster-id", "u"}, err: "usage"},
		{args: []string{"--tls=maybe"}, err: "usage"},
		{args: []string{"cluster"}, err: "cluster: missing subcommand (try `cluster init`)"},
		{args: []string{"cluster", "join"}, err: "cluster: unknown subcommand 'join'"},
	} {
		p, err := parseArgs(tc.args)
		switch {
		case tc.err == "usage":
			if !errors.Is(err, errUsage) {
				t.Errorf("%v: err %v, want a usage error", tc.args, err)
			}
			continue
		case tc.err != "":
			if err == nil || errors.Is(err, errUsage) || err.Error() != tc.err {
				t.Errorf("%v: err %v, want %q", tc.args, err, tc.err)
			}
			continue
		case err != nil:
			t.Errorf("%v: %v", tc.args, err)
			continue
		}
		if got := strings.Join(p.sub, " "); got != tc.sub {
			t.Errorf("%v: sub %q", tc.args, got)
		}
		if len(p.positionals) != len(tc.pos) || (len(tc.pos) > 0 && !reflect.DeepEqual(p.positionals, tc.pos)) {
			t.Errorf("%v: positionals %q", tc.args, p.positionals)
		}
		if tc.value == nil {
			tc.value = map[string]string{}
		}
		if !reflect.DeepEqual(p.values, tc.value) {
			t.Errorf("%v: values %v", tc.args, p.values)
		}
		for _, s := range tc.sw {
			if !p.has(s) {
				t.Errorf("%v: switch %s not set", tc.args, s)
			}
		}
	}
}

func TestRunExitCodes(t *testing.T) {
	for _, tc := range []struct {
		args       []string
		code       int
		out, errIn string
	}{
		{[]string{"--version"}, 0, "grumpydb-server 5.0.0\n", ""},
		{[]string{"--help"}, 0, "USAGE", ""},
		{[]string{"check", "-h"}, 0, "check --data <dir>", ""},
		{[]string{"--what"}, 2, "", "Error: unknown flag: --what"},
		{[]string{"check"}, 1, "", "Error: check: --data <dir> is required"},
		{[]string{"snapshot", "--data", "x"}, 1, "", "Error: snapshot: missing destination URL"},
		{[]string{"snapshot", "dest"}, 1, "", "Error: snapshot: --data <dir> is required"},
		{[]string{"restore", "--data", t.TempDir() + "/none", "src"}, 1, "", "Error: restore: not implemented yet"},
		{[]string{"cluster", "init"}, 1, "", "Error: cluster init: --data <dir> is required"},
	} {
		var out, errb bytes.Buffer
		code := run(context.Background(), append([]string{"grumpydb-server"}, tc.args...), &out, &errb, func(string) string { return "" })
		if code != tc.code || !strings.Contains(out.String(), tc.out) || !strings.Contains(errb.String(), tc.errIn) {
			t.Errorf("%v: %d\nstdout %q\nstderr %q", tc.args, code, out.String(), errb.String())
		}
	}
}

func FuzzParseArgs(f *testing.F) {
	for _, s := range []string{"", "--data d", "restore --data d src --force", "cluster init --cluster-id=x", "-- --x", "--tls=1 check", "--bind"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := parseArgs(strings.Fields(s))
		if err != nil {
			return
		}
		// The rebuilt command line parses back to the same meaning.
		q, err := parseArgs(p.cliArgs("x")[1:])
		if err != nil {
			t.Fatalf("%q: rebuilt line fails: %v", s, err)
		}
		if !reflect.DeepEqual(p.sub, q.sub) || !reflect.DeepEqual(p.values, q.values) || len(p.positionals) != len(q.positionals) {
			t.Fatalf("%q: %+v vs %+v", s, p, q)
		}
	})
}

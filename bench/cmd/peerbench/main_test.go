package main

import (
	"strings"
	"testing"
)

func TestRunReducedSubset(t *testing.T) {
	var out, log strings.Builder
	args := []string{"peerbench", "-reduced", "-only", "C5", "-engines", "GrumpyDB,Pebble", "-reps", "1", "-vmhwm=false", "-dir", t.TempDir()}
	if err := run(args, &out, &log); err != nil {
		t.Fatalf("run: %v\n%s", err, log.String())
	}
	s := out.String()
	for _, want := range []string{
		"## GrumpyDB vs bbolt, SQLite, Pebble", "- Command: `peerbench -reduced -only C5", "- Peers: ",
		"| ID | variant | unit | GrumpyDB | Pebble | ÷Pebble | target | notes |",
		"| C5 | decoded (reduced) |", "| C5 | raw (no decode) (reduced) |",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("output lacks %q:\n%s", want, s)
		}
	}
}

func TestRunRejectsBadLists(t *testing.T) {
	for _, args := range [][]string{{"-only", "C9"}, {"-engines", "mongo"}} {
		var out, log strings.Builder
		if err := run(append([]string{"peerbench", "-dir", t.TempDir()}, args...), &out, &log); err == nil {
			t.Errorf("%v accepted", args)
		}
	}
}

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

// TestRunReducedFinds runs Q2 and Q3 on GrumpyDB and SQLite: the table
// has their rows with the ratio to SQLite and GrumpyDB's plan showing the
// limit-10 walk.
func TestRunReducedFinds(t *testing.T) {
	var out, log strings.Builder
	args := []string{"peerbench", "-reduced", "-only", "q2,Q3", "-engines", "GrumpyDB,SQLite", "-reps", "1", "-vmhwm=false", "-dir", t.TempDir()}
	if err := run(args, &out, &log); err != nil {
		t.Fatalf("run: %v\n%s", err, log.String())
	}
	s := out.String()
	for _, want := range []string{
		"| ID | variant | unit | GrumpyDB | SQLite | ÷SQLite | target | notes |",
		"| Q2 | age range, sort age, limit 10, indexed (reduced) | queries/s |",
		"GrumpyDB plan of the first", "index age_idx, examined 10, returned 10",
		"| Q3 | email, one hit, no index (scan) (reduced) |", "| Q3 | age range, sort age, limit 10, no index (scan) (reduced) |",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("output lacks %q:\n%s", want, s)
		}
	}
	if strings.Contains(s, "| Q1 |") {
		t.Errorf("Q1 ran though not selected:\n%s", s)
	}
}

func TestRunRejectsBadLists(t *testing.T) {
	for _, args := range [][]string{{"-only", "C9"}, {"-only", "Q1,Q9"}, {"-engines", "mongo"}} {
		var out, log strings.Builder
		if err := run(append([]string{"peerbench", "-dir", t.TempDir()}, args...), &out, &log); err == nil {
			t.Errorf("%v accepted", args)
		}
	}
}

package main

import (
	"strings"
	"testing"
)

func TestRunReducedSubset(t *testing.T) {
	var out, log strings.Builder
	dir := t.TempDir()
	if err := run([]string{"grumpybench", "-workload", "M0,E4", "-reduced", "-dir", dir, "-samples", "1"}, &out, &log); err != nil {
		t.Fatalf("run: %v\n%s", err, log.String())
	}
	s := out.String()
	for _, want := range []string{
		"## GrumpyDB engine benchmarks", "- Command: `grumpybench -workload M0,E4 -reduced -dir", "- CPU: ",
		"| ID | variant | median | min–max | samples | unit | published figure | notes |",
		"| M0 | write 4 KiB + fsync (reduced) |", "| E4 | R10, warm (reduced) |", "~223 K ops/s",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("output lacks %q:\n%s", want, s)
		}
	}
	if strings.Contains(s, "| E1 |") {
		t.Error("E1 ran though not asked for")
	}
}

func TestRunRejectsUnknownWorkload(t *testing.T) {
	var out, log strings.Builder
	if err := run([]string{"grumpybench", "-workload", "E9", "-dir", t.TempDir()}, &out, &log); err == nil {
		t.Fatal("unknown workload accepted")
	}
}

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

// TestRunReducedScaleVariants runs the scale variants alone: their rows
// appear, on stores built untimed since E3/E3i are not in the run.
func TestRunReducedScaleVariants(t *testing.T) {
	var out, log strings.Builder
	dir := t.TempDir()
	if err := run([]string{"grumpybench", "-workload", "E4s,E5s,E6s,E7s,E8s", "-reduced", "-dir", dir, "-samples", "1"}, &out, &log); err != nil {
		t.Fatalf("run: %v\n%s", err, log.String())
	}
	s := out.String()
	for _, want := range []string{
		"| E4s | L100, warm, 1 goroutine (reduced) |", "| E4s | L100, warm, 2 goroutines (reduced) |",
		"| E5s | L100, reopened (reduced) |", "| E6s | L100 (reduced) |", "| E7s | L100i email_idx (reduced) |",
		"| E8s | L100i age_idx [400, 402), queries (reduced) |", "| E8s | L100i age_idx [400, 402), documents (reduced) |",
		"(E3i not in this run)",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("output lacks %q:\n%s", want, s)
		}
	}
	if strings.Contains(s, "| E4 |") || strings.Contains(s, "RUN FAILED") {
		t.Errorf("unexpected output:\n%s", s)
	}
}

func TestRunRejectsUnknownWorkload(t *testing.T) {
	var out, log strings.Builder
	if err := run([]string{"grumpybench", "-workload", "E9", "-dir", t.TempDir()}, &out, &log); err == nil {
		t.Fatal("unknown workload accepted")
	}
}

// TestRunReducedServerRoundTrips runs S1 and S2 against the real
// grumpydb-server (built from the workspace), with the Redis anchor off.
func TestRunReducedServerRoundTrips(t *testing.T) {
	var out, log strings.Builder
	dir := t.TempDir()
	err := run([]string{"grumpybench", "-workload", "S1,S2", "-reduced", "-samples", "1", "-redis", "off", "-dir", dir}, &out, &log)
	if err != nil {
		t.Fatalf("run: %v\n%s", err, log.String())
	}
	s := out.String()
	for _, want := range []string{
		"| S1 | grumpydb C=1 P=1 (reduced) |", "| S1 | grumpydb C=1 P=1 · p99 (reduced) |", "| S1 | grumpydb C=16 P=16 (reduced) |",
		"| S2 | grumpydb C=16 P=1 (reduced) |", "| S2 | redis C=1 P=16 (reduced) | — |", "not run: disabled (-redis off)",
		"- S1/S2 server: grumpydb-server 5.0.0", "loopback bypass in effect", "- S1/S2 Redis anchor: not run: disabled (-redis off)",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("output lacks %q:\n%s", want, s)
		}
	}
	if strings.Contains(s, "| E1 |") || strings.Contains(s, "RUN FAILED") {
		t.Errorf("unexpected output:\n%s", s)
	}
}

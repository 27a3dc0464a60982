package report

import (
	"strings"
	"testing"
)

func TestTableMarkdown(t *testing.T) {
	tb := Table{}
	tb.Add(Row{ID: "E4", Variant: "", Stat: Summary{Median: 223000, Min: 200000, Max: 240000, N: 20},
		Unit: "ops/s", Published: "~223 K ops/s", Notes: "a|b"})
	tb.Add(Row{ID: "E1", Variant: "small · p99", Stat: Summary{Median: 4.5, N: 1}, Point: true,
		Count: "10,000 ops", Unit: "ms"})
	var b strings.Builder
	if err := tb.WriteMarkdown(&b); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if len(lines) != 4 {
		t.Fatalf("got %d lines:\n%s", len(lines), b.String())
	}
	if lines[0] != "| ID | variant | median | min–max | samples | unit | published figure | notes |" {
		t.Errorf("header = %q", lines[0])
	}
	if want := `| E4 |  | 223,000 | 200,000 – 240,000 | 20 | ops/s | ~223 K ops/s | a\|b |`; lines[2] != want {
		t.Errorf("row = %q\nwant  %q", lines[2], want)
	}
	if want := `| E1 | small · p99 | 4.50 | — | 10,000 ops | ms | — |  |`; lines[3] != want {
		t.Errorf("row = %q\nwant  %q", lines[3], want)
	}
	tb.Reduced = true
	b.Reset()
	_ = tb.WriteMarkdown(&b)
	if !strings.Contains(b.String(), "| E1 | small · p99 (reduced) |") || !strings.Contains(b.String(), "| E4 | (reduced) |") {
		t.Errorf("reduced rows not labelled:\n%s", b.String())
	}
}

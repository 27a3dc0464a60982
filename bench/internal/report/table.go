package report

import (
	"fmt"
	"io"
	"strings"
)

// Row is one line of the results table.
type Row struct {
	ID      string // workload ID, e.g. "E1"
	Variant string // e.g. "small", "small · p99"
	Stat    Summary
	// Point marks a single figure rather than a summary of samples (a
	// percentile over all operations, a size): its min–max shows "—".
	Point bool
	// Count replaces the samples column when set (e.g. "10,000 ops").
	Count     string
	Unit      string
	Published string // the published figure it compares with, or ""
	Notes     string
}

// Table is the §6.1 results table.
type Table struct {
	// Reduced labels every row "reduced": such figures are never recorded.
	Reduced bool
	Rows    []Row
}

// Add appends a row.
func (t *Table) Add(r Row) { t.Rows = append(t.Rows, r) }

// WriteMarkdown writes the table with the columns ID, variant, median,
// min–max, samples, unit, published figure, notes.
func (t *Table) WriteMarkdown(w io.Writer) error {
	var b strings.Builder
	b.WriteString("| ID | variant | median | min–max | samples | unit | published figure | notes |\n")
	b.WriteString("|---|---|---:|---:|---:|---|---|---|\n")
	for _, r := range t.Rows {
		spread := "—"
		if !r.Point && r.Stat.N > 0 {
			spread = Number(r.Stat.Min) + " – " + Number(r.Stat.Max)
		}
		count := r.Count
		if count == "" {
			count = Int(r.Stat.N)
		}
		variant := r.Variant
		if t.Reduced {
			variant = strings.TrimSpace(variant + " (reduced)")
		}
		pub := r.Published
		if pub == "" {
			pub = "—"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s | %s |\n",
			cell(r.ID), cell(variant), Number(r.Stat.Median), spread, cell(count),
			cell(r.Unit), cell(pub), cell(r.Notes))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// cell keeps a value from breaking the Markdown table.
func cell(s string) string {
	s = strings.ReplaceAll(s, "|", `\|`)
	return strings.ReplaceAll(s, "\n", " ")
}

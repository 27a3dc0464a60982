// Package report turns benchmark samples into the record BENCHMARKS.md §6.1
// asks for: summary statistics (median, min–max, nearest-rank percentiles),
// the machine and environment block of §1.5, and the Markdown table with
// the columns ID, variant, median, min–max, samples, unit, published figure
// and notes.
//
// It computes and formats only; it never runs a workload and never asserts
// on a timing.
package report

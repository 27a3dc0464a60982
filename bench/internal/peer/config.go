package peer

import (
	"fmt"
	"io"
	"strings"
)

// Config says where and how big to run.
type Config struct {
	// Dir is an existing scratch directory on the file system to measure.
	Dir string
	// Reduced runs tiny sizes (a smoke run, never recorded).
	Reduced bool
	// Reps overrides the number of repetitions when positive (default 5).
	Reps int
	// Only restricts the run to these workload IDs (nil: all).
	Only []string
	// Engines restricts the run to these engines (nil: all four).
	Engines []string
	// Log receives progress lines; nil discards them.
	Log io.Writer
}

// Sizes are the per-repetition counts.
type Sizes struct {
	C1Docs    int // C1: inserts per shape
	C2Docs    int // C2: inserts over 16 goroutines
	C3Docs    int // C3/C3i: documents loaded
	C3Batch   int // C3/C3i: documents per transaction
	C4Gets    int // C4: gets, split over the goroutines
	C4WarmUp  int // C4: untimed warm-up gets after a warm-up scan
	C6Lookups int // C6: email lookups
	C7Queries int // C7: range queries
	Q1Finds   int // Q1: indexed email finds
	Q2Finds   int // Q2: indexed range finds with sort and limit
	Q3Finds   int // Q3: unindexed finds per variant (each a full scan)
	Reps      int // repetitions per engine
}

// FullSizes are the sizes of BENCHMARKS.md §4.6.
func FullSizes() Sizes {
	return Sizes{C1Docs: 2000, C2Docs: 2000, C3Docs: 100_000, C3Batch: 1000, C4Gets: 1_000_000,
		C4WarmUp: 100_000, C6Lookups: 50_000, C7Queries: 200,
		Q1Finds: 50_000, Q2Finds: 20_000, Q3Finds: 10, Reps: 5}
}

// ReducedSizes are tiny sizes for smoke runs.
func ReducedSizes() Sizes {
	return Sizes{C1Docs: 40, C2Docs: 160, C3Docs: 3000, C3Batch: 1000, C4Gets: 20_000,
		C4WarmUp: 2000, C6Lookups: 2000, C7Queries: 20,
		Q1Finds: 2000, Q2Finds: 500, Q3Finds: 5, Reps: 2}
}

// The C7 range, 40 ≤ age < 42: about 2% of the documents.
const c7Lo, c7Hi = 40, 42

// c2Goroutines is C2's writer count.
const c2Goroutines = 16

// Q2's limit, and the width of its age ranges: 2 to 10 ages, about 2% to
// 10% of the documents.
const (
	q2Limit              = 10
	q2MinWidth, q2Widths = 2, 9
)

// WorkloadIDs lists the workloads in table order: the peer comparison
// C1–C7, then the find workloads Q1–Q3 (GrumpyDB and SQLite only).
func WorkloadIDs() []string {
	return []string{"C1", "C2", "C3", "C3i", "C4", "C5", "C6", "C7", "Q1", "Q2", "Q3"}
}

// isFindWorkload reports whether id is one of Q1–Q3.
func isFindWorkload(id string) bool { return strings.HasPrefix(id, "Q") }

// parseList splits a comma-separated list, checking each item against
// valid (case-insensitive) and returning the canonical spellings.
func parseList(list string, valid []string) ([]string, error) {
	var out []string
	for _, item := range strings.Split(list, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		found := false
		for _, v := range valid {
			if strings.EqualFold(v, item) {
				out, found = append(out, v), true
				break
			}
		}
		if !found {
			return nil, fmt.Errorf("%w: %q (valid: %s)", ErrUnknown, item, strings.Join(valid, ", "))
		}
	}
	return out, nil
}

// ParseOnly parses a -only list of workload IDs ("" means all).
func ParseOnly(list string) ([]string, error) { return parseList(list, WorkloadIDs()) }

// ParseEngines parses a list of engine names ("" means all).
func ParseEngines(list string) ([]string, error) {
	var names []string
	for _, e := range Engines() {
		names = append(names, e.Name)
	}
	return parseList(list, names)
}

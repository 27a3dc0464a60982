package workload

import (
	"errors"
	"io"
)

// Sentinel errors.
var (
	// ErrVerify means a workload returned a wrong result: the run fails.
	ErrVerify = errors.New("workload: verification failed")
	// ErrUnknownWorkload means a workload ID that does not exist was asked
	// for.
	ErrUnknownWorkload = errors.New("workload: unknown workload")
	// ErrConfig means the configuration cannot be run.
	ErrConfig = errors.New("workload: bad configuration")
)

// Config says where and how big to run.
type Config struct {
	// Dir is an existing scratch directory on the file system to measure.
	// Every database is created under it.
	Dir string
	// Reduced runs tiny sizes (a smoke run whose figures are never
	// recorded).
	Reduced bool
	// Samples overrides every workload's sample count when positive.
	Samples int
	// Log receives progress lines; nil discards them.
	Log io.Writer
	// Server is the grumpydb-server binary S1/S2 run; "" builds it from
	// the workspace with go build.
	Server string
	// Redis is the redis-server binary of S1/S2's anchor; "" looks it up
	// on PATH, "off" skips it.
	Redis string
}

// Sizes are the per-sample counts of the workloads.
type Sizes struct {
	M0Flushes  int // M0: write+fsync iterations per sample
	E1Inline   int // E1 small and medium: inserts per sample
	E1Big      int // E1 large and overflow: inserts per sample
	E2Docs     int // E2: inserts per sample, over 16 goroutines
	E3Docs     int // E3/E3i: documents per sample, and L100/L100i's size
	E3Batch    int // E3/E3i: documents per transaction
	ReadDocs   int // R10, R10c, R10i: documents (a multiple of 1,000)
	Gets       int // E4/E5: gets per sample
	E7Queries  int // E7: queries per sample
	E8Ranges   int // E8: range queries per sample
	E4sGets    int // E4s: gets per sample, split over the goroutines
	E4sWarm    int // E4s: untimed warm-up gets (after one scan)
	E5sGets    int // E5s: gets per sample
	E7sLookups int // E7s: email look-ups per sample
	E8sQueries int // E8s: range queries per sample
	E1Verify   int // E1: random keys read back after each sample
	E3Verify   int // E3: random keys read back after each sample
	S1Gets     int // S1: GETs per sample, over all connections
	S2Inserts  int // S2: INSERTs per sample, over all connections
	MaxSamples int // cap on every default sample count (0: none)
}

// FullSizes are the sizes BENCHMARKS.md §4 specifies.
func FullSizes() Sizes {
	return Sizes{
		M0Flushes: 2000, E1Inline: 1000, E1Big: 100, E2Docs: 2000,
		E3Docs: 100_000, E3Batch: 1000, ReadDocs: 10_000, Gets: 1000,
		E7Queries: 1000, E8Ranges: 100, E1Verify: 10, E3Verify: 100,
		E4sGets: 1_000_000, E4sWarm: 100_000, E5sGets: 10_000, E7sLookups: 50_000, E8sQueries: 200,
		S1Gets: 192_000, S2Inserts: 3200,
	}
}

// ReducedSizes are tiny sizes for smoke runs: every workload runs, with
// the same structure, in a few seconds.
func ReducedSizes() Sizes {
	return Sizes{
		M0Flushes: 100, E1Inline: 50, E1Big: 10, E2Docs: 160,
		E3Docs: 3000, E3Batch: 1000, ReadDocs: 2000, Gets: 1000,
		E7Queries: 1000, E8Ranges: 100, E1Verify: 10, E3Verify: 100,
		E4sGets: 10_000, E4sWarm: 1000, E5sGets: 1000, E7sLookups: 1000, E8sQueries: 20,
		S1Gets: 1920, S2Inserts: 64, MaxSamples: 2,
	}
}

// concurrency is E2's number of goroutines.
const concurrency = 16

// collection is the collection every workload uses.
const collection = "bench"

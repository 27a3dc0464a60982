package workload

import (
	"fmt"
	"io"
	"strings"

	"github.com/grumpydb/grumpydb/bench/internal/report"
	"github.com/grumpydb/grumpydb/bench/internal/roundtrip"
)

// Workload is one row group of BENCHMARKS.md §4.1.
type Workload struct {
	ID      string // "M0", "E1", … "E3i", … "E8"
	Title   string
	Samples int // default sample count (§4.1)
	run     func(r *Runner, samples int) ([]report.Row, error)
}

// All returns every workload in table order: the engine workloads, their
// scale variants (§4.4, which take the sample counts of E4–E8), then the
// server round trips.
func All() []Workload {
	return []Workload{
		{"M0", "machine fsync baseline", 3, (*Runner).m0},
		{"E1", "durable single-document insert", 10, (*Runner).e1},
		{"E2", "concurrent durable insert, 16 goroutines", 5, (*Runner).e2},
		{"E3", "bulk load, transactions of 1,000", 3, func(r *Runner, n int) ([]report.Row, error) { return r.e3(n, false) }},
		{"E3i", "bulk load with email_idx and age_idx", 3, func(r *Runner, n int) ([]report.Row, error) { return r.e3(n, true) }},
		{"E4", "warm point get", 20, (*Runner).e4},
		{"E5", "cold get after reopen", 10, (*Runner).e5},
		{"E6", "full scan with decode", 10, (*Runner).e6},
		{"E7", "index exact match", 10, (*Runner).e7},
		{"E8", "index range, windows of up to 50 keys", 10, (*Runner).e8},
		{"E4s", "warm point get on L100, 1 and 2 goroutines", 20, (*Runner).e4s},
		{"E5s", "cold get after reopen on L100", 10, (*Runner).e5s},
		{"E6s", "full scan with decode on L100", 10, (*Runner).e6s},
		{"E7s", "exact match on L100i email_idx", 10, (*Runner).e7s},
		{"E8s", "range [400, 402) on L100i age_idx", 10, (*Runner).e8s},
		{"S1", "server GET round trips over loopback", 5, (*Runner).s1},
		{"S2", "server INSERT round trips over loopback", 5, (*Runner).s2},
	}
}

// Select parses a -workload list: "all", or IDs separated by commas (case
// does not matter). The result keeps table order. An unknown ID fails with
// ErrUnknownWorkload.
func Select(list string) ([]Workload, error) {
	all := All()
	if strings.EqualFold(strings.TrimSpace(list), "all") {
		return all, nil
	}
	want := map[string]bool{}
	for _, id := range strings.Split(list, ",") {
		id = strings.TrimSpace(id)
		if id == "" {
			continue
		}
		found := false
		for _, w := range all {
			if strings.EqualFold(w.ID, id) {
				want[w.ID], found = true, true
			}
		}
		if !found {
			return nil, fmt.Errorf("%w: %q", ErrUnknownWorkload, id)
		}
	}
	if len(want) == 0 {
		return nil, fmt.Errorf("%w: empty list", ErrUnknownWorkload)
	}
	var out []Workload
	for _, w := range all {
		if want[w.ID] {
			out = append(out, w)
		}
	}
	return out, nil
}

// Runner runs workloads under one Config and keeps what they share: the
// data sets it has built and the figures other rows are compared with.
type Runner struct {
	cfg   Config
	sizes Sizes
	log   io.Writer

	datasets map[string]*dataset

	m0Rate     float64 // M0 median flushes/s, 0 until M0 ran
	e1MedRate  float64 // E1-medium median ops/s, 0 until it ran
	e1Rate     map[Shape]float64
	keptStores map[string]string // "L100"/"L100i" → directory
	keptOrigin map[string]string // "L100"/"L100i" → where the store came from
	bulk       *bulkInputs       // E3's keys and documents, built on first use

	rt      *roundtrip.Suite // S1/S2's servers, started on first use
	remarks []string         // kept after the suite closes
}

// NewRunner checks cfg and returns a runner.
func NewRunner(cfg Config) (*Runner, error) {
	if cfg.Dir == "" {
		return nil, fmt.Errorf("%w: no scratch directory", ErrConfig)
	}
	if cfg.Samples < 0 {
		return nil, fmt.Errorf("%w: negative sample count", ErrConfig)
	}
	r := &Runner{
		cfg: cfg, sizes: FullSizes(), log: cfg.Log,
		datasets: map[string]*dataset{}, e1Rate: map[Shape]float64{},
		keptStores: map[string]string{}, keptOrigin: map[string]string{},
	}
	if cfg.Reduced {
		r.sizes = ReducedSizes()
	}
	if r.log == nil {
		r.log = io.Discard
	}
	return r, nil
}

// Sizes returns the sizes the runner uses.
func (r *Runner) Sizes() Sizes { return r.sizes }

// KeptStores returns the stores E3/E3i left behind (L100, L100i), by name.
func (r *Runner) KeptStores() map[string]string {
	out := make(map[string]string, len(r.keptStores))
	for k, v := range r.keptStores {
		out[k] = v
	}
	return out
}

// samples returns the sample count for a workload.
func (r *Runner) samples(w Workload) int {
	if r.cfg.Samples > 0 {
		return r.cfg.Samples
	}
	if r.sizes.MaxSamples > 0 {
		return min(w.Samples, r.sizes.MaxSamples)
	}
	return w.Samples
}

// Run runs the workloads in order and returns their rows. The first
// failure (a verification failure included) stops the run. The servers S1
// and S2 start are stopped before it returns.
func (r *Runner) Run(ws []Workload) (_ *report.Table, err error) {
	t := &report.Table{Reduced: r.cfg.Reduced}
	defer func() {
		if cerr := r.closeRoundtrip(); cerr != nil && err == nil {
			err = fmt.Errorf("stopping the S1/S2 servers: %w", cerr)
		}
	}()
	for _, w := range ws {
		n := r.samples(w)
		r.logf("== %s: %s, %d samples", w.ID, w.Title, n)
		rows, err := w.run(r, n)
		if err != nil {
			return t, fmt.Errorf("%s: %w", w.ID, err)
		}
		for _, row := range rows {
			t.Add(row)
		}
	}
	return t, nil
}

func (r *Runner) logf(format string, args ...any) {
	fmt.Fprintf(r.log, format+"\n", args...)
}

// verifyErr builds a verification failure.
func verifyErr(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrVerify, fmt.Sprintf(format, args...))
}

package peer

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"time"

	"github.com/grumpydb/grumpydb/bench/internal/report"
)

// figure is one row of the comparison: a value per engine per repetition,
// or, for a latency row, every operation's latency per engine.
type figure struct {
	id, variant, unit string
	lowerBetter       bool
	pct               float64 // > 0: a latency percentile over lats
	notes             string
	values            map[string][]float64
	lats              map[string][]time.Duration
}

// Runner runs the comparison under one Config.
type Runner struct {
	cfg     Config
	sizes   Sizes
	engines []Engine
	log     io.Writer

	docs    map[Shape][]Doc
	byEmail map[string]int    // email → index in the medium set
	stores  map[string]string // "C3/GrumpyDB" → kept store directory
	figs    []*figure

	model    *findModel        // the find workloads' model of the medium set
	explains map[string]string // "Q2 <variant>/GrumpyDB" → the plan it printed
}

// NewRunner checks cfg and returns a runner.
func NewRunner(cfg Config) (*Runner, error) {
	if cfg.Dir == "" {
		return nil, fmt.Errorf("%w: no scratch directory", ErrUnknown)
	}
	r := &Runner{cfg: cfg, sizes: FullSizes(), log: cfg.Log, docs: map[Shape][]Doc{}, stores: map[string]string{},
		explains: map[string]string{}}
	if cfg.Reduced {
		r.sizes = ReducedSizes()
	}
	if cfg.Reps > 0 {
		r.sizes.Reps = cfg.Reps
	}
	if r.log == nil {
		r.log = io.Discard
	}
	for _, e := range Engines() {
		if len(cfg.Engines) == 0 || slices.Contains(cfg.Engines, e.Name) {
			r.engines = append(r.engines, e)
		}
	}
	if len(r.engines) == 0 {
		return nil, fmt.Errorf("%w: no engine selected", ErrUnknown)
	}
	return r, nil
}

// Sizes returns the sizes in use.
func (r *Runner) Sizes() Sizes { return r.sizes }

func (r *Runner) logf(format string, args ...any) { fmt.Fprintf(r.log, format+"\n", args...) }

// docSet returns at least n documents of shape s (generated once; with
// GrumpyDB values when GrumpyDB runs).
func (r *Runner) docSet(s Shape, n int) ([]Doc, error) {
	if d := r.docs[s]; len(d) >= n {
		return d[:n], nil
	}
	want := n
	if s == PeerMedium {
		n = max(n, r.sizes.C3Docs, r.sizes.C1Docs, r.sizes.C2Docs)
	}
	docs, err := Generate(s, n)
	if err != nil {
		return nil, err
	}
	if slices.ContainsFunc(r.engines, func(e Engine) bool { return e.NeedsValues }) {
		if err := WithValues(docs); err != nil {
			return nil, err
		}
	}
	r.docs[s] = docs
	if s == PeerMedium {
		r.byEmail = make(map[string]int, len(docs))
		for i, d := range docs {
			r.byEmail[d.Email] = i
		}
	}
	r.logf("   generated %d %s documents, mean JSON %.0f B", n, s, MeanSize(docs))
	return docs[:want], nil
}

// fig returns the figure (id, variant), creating it in table order.
func (r *Runner) fig(id, variant, unit string) *figure {
	for _, f := range r.figs {
		if f.id == id && f.variant == variant {
			return f
		}
	}
	f := &figure{id: id, variant: variant, unit: unit, values: map[string][]float64{}, lats: map[string][]time.Duration{}}
	r.figs = append(r.figs, f)
	return f
}

func (r *Runner) record(id, variant, unit, engine string, v float64) *figure {
	f := r.fig(id, variant, unit)
	f.values[engine] = append(f.values[engine], v)
	return f
}

// recordLatency adds latencies to the p50 and p99 rows of (id, variant).
func (r *Runner) recordLatency(id, variant, engine string, lats []time.Duration) {
	for _, p := range []float64{50, 99} {
		f := r.fig(id, fmt.Sprintf("%s · p%v", variant, p), "ms")
		f.pct, f.lowerBetter = p, true
		f.lats[engine] = append(f.lats[engine], lats...)
	}
}

// RecordMemory records an engine's peak resident set (VmHWM) of a fresh
// process doing C3 → C4 → C5.
func (r *Runner) RecordMemory(engine string, bytes int64, notes string) {
	f := r.record("MEM", "VmHWM, fresh process C3→C4→C5", "MiB", engine, float64(bytes)/(1<<20))
	f.lowerBetter, f.notes = true, notes
}

// rotate runs fn for every repetition and engine, the engine order
// rotating by one each repetition.
func (r *Runner) rotate(name string, fn func(e Engine, rep int) error) error {
	return r.rotateAmong(name, r.engines, fn)
}

// rotateAmong is rotate over a subset of the engines.
func (r *Runner) rotateAmong(name string, engines []Engine, fn func(e Engine, rep int) error) error {
	n := len(engines)
	for rep := range r.sizes.Reps {
		for k := range n {
			e := engines[(rep+k)%n]
			start := time.Now()
			if err := fn(e, rep); err != nil {
				return fmt.Errorf("%s, %s, repetition %d: %w", name, e.Name, rep, err)
			}
			r.logf("   %s rep %d %-8s done in %v", name, rep, e.Name, time.Since(start).Round(time.Millisecond))
		}
	}
	return nil
}

// Run runs the selected workloads. The first failure (a verification
// failure included) stops the run; the figures so far stay in the runner.
func (r *Runner) Run() error {
	only := r.cfg.Only
	if len(only) == 0 {
		only = WorkloadIDs()
	}
	for _, id := range WorkloadIDs() {
		if !slices.Contains(only, id) {
			continue
		}
		r.logf("== %s", id)
		var err error
		switch id {
		case "C1":
			for _, s := range []Shape{PeerMedium, PeerSmall, PeerLarge} {
				if err = r.rotate("C1 "+s.String(), func(e Engine, rep int) error { return r.c1(e, rep, s) }); err != nil {
					break
				}
			}
		case "C2":
			err = r.rotate(id, r.c2)
		case "C3":
			err = r.rotate(id, func(e Engine, rep int) error { return r.c3(e, rep, false) })
		case "C3i":
			err = r.rotate(id, func(e Engine, rep int) error { return r.c3(e, rep, true) })
		case "C4":
			err = r.rotate(id, r.c4)
		case "C5":
			err = r.rotate(id, r.c5)
		case "C6":
			err = r.rotate(id, r.c6)
		case "C7":
			err = r.rotate(id, r.c7)
		case "Q1", "Q2", "Q3":
			err = r.runFinds(id)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// freshDir returns an empty directory for one repetition's store.
func (r *Runner) freshDir(name string) (string, error) {
	dir := filepath.Join(r.cfg.Dir, name)
	if err := os.RemoveAll(dir); err != nil {
		return "", err
	}
	return dir, os.MkdirAll(dir, 0o755)
}

// checkDocs verifies that the documents at picks read back equal.
func checkDocs(st Store, docs []Doc, picks []int) error {
	for _, i := range picks {
		got, err := st.Doc(docs[i].Key)
		if err != nil {
			return fmt.Errorf("%w: read back document %d: %v", ErrVerify, i, err)
		}
		if err := sameDoc(got, &docs[i]); err != nil {
			return err
		}
	}
	return nil
}

// sameDoc compares a decoded document with the generated one.
func sameDoc(got map[string]any, d *Doc) error {
	want, err := decodeJSON(d.JSON)
	if err != nil {
		return err
	}
	if !reflect.DeepEqual(got, want) {
		return fmt.Errorf("%w: document %s = %v, want %v", ErrVerify, d.Key, got, want)
	}
	return nil
}

// checkCount verifies the number of documents in st.
func checkCount(st Store, n int) error {
	c, err := st.Count()
	if err != nil {
		return err
	}
	if c != n {
		return fmt.Errorf("%w: count = %d, want %d", ErrVerify, c, n)
	}
	return nil
}

// summary is an engine's figure: the median of its repetitions, or the
// percentile of its latencies in ms.
func (f *figure) summary(engine string) (float64, bool) {
	if f.pct > 0 {
		ls := slices.Clone(f.lats[engine])
		p, err := report.Percentile(ls, f.pct)
		return report.Millis(p), err == nil
	}
	s, err := report.Summarize(f.values[engine])
	return s.Median, err == nil
}

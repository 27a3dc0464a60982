package workload

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/grumpydb/grumpydb/bench/internal/report"
)

// m0 is the machine fsync baseline: per sample, M0Flushes iterations of
// writing 4 KiB at offset 0 of a scratch file and fsyncing it with the call
// the engine's commit path uses (os.File.Sync: fsync(2) on Linux,
// F_FULLFSYNC on macOS).
func (r *Runner) m0(samples int) ([]report.Row, error) {
	n := r.sizes.M0Flushes
	path := filepath.Join(r.cfg.Dir, "m0.dat")
	defer os.Remove(path)
	buf := make([]byte, 4096)
	rates := make([]float64, 0, samples)
	lats := make([]time.Duration, 0, n*samples)
	for s := range samples {
		for i := range buf {
			buf[i] = byte(s + i)
		}
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o644)
		if err != nil {
			return nil, err
		}
		start := time.Now()
		for range n {
			t0 := time.Now()
			if _, err := f.WriteAt(buf, 0); err != nil {
				f.Close()
				return nil, err
			}
			if err := f.Sync(); err != nil {
				f.Close()
				return nil, err
			}
			lats = append(lats, time.Since(t0))
		}
		elapsed := time.Since(start)
		if err := f.Close(); err != nil {
			return nil, err
		}
		got, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		if !bytes.Equal(got, buf) {
			return nil, verifyErr("M0 file holds %d bytes, not the 4 KiB written", len(got))
		}
		rates = append(rates, report.Rate(n, elapsed))
		r.logf("   sample %d: %.0f flushes/s", s, rates[s])
	}
	st, err := report.Summarize(rates)
	if err != nil {
		return nil, err
	}
	p50, err := report.Percentile(lats, 50)
	if err != nil {
		return nil, err
	}
	r.m0Rate = st.Median
	return []report.Row{
		{ID: "M0", Variant: "write 4 KiB + fsync", Stat: st, Unit: "flushes/s",
			Notes: fmt.Sprintf("%s flushes/sample; the ceiling for one commit per operation (E1)", report.Int(n))},
		{ID: "M0", Variant: "p50", Stat: report.Summary{Median: report.Millis(p50), N: 1}, Point: true,
			Count: report.Int(len(lats)) + " flushes", Unit: "ms", Notes: "nearest rank over all flushes"},
	}, nil
}

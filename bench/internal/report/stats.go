package report

import (
	"errors"
	"math"
	"slices"
	"time"
)

// ErrNoSamples means a summary of nothing was asked for.
var ErrNoSamples = errors.New("report: no samples")

// Summary describes the samples of one figure.
type Summary struct {
	Median, Min, Max float64
	N                int
}

// Summarize returns the median (the mean of the two middle samples for an
// even count), minimum and maximum of xs. It fails with ErrNoSamples for an
// empty slice.
func Summarize(xs []float64) (Summary, error) {
	if len(xs) == 0 {
		return Summary{}, ErrNoSamples
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	med := s[n/2]
	if n%2 == 0 {
		med = (s[n/2-1] + s[n/2]) / 2
	}
	return Summary{Median: med, Min: s[0], Max: s[n-1], N: n}, nil
}

// Rate is units ÷ elapsed seconds (0 for a non-positive duration).
func Rate(units int, elapsed time.Duration) float64 {
	if elapsed <= 0 {
		return 0
	}
	return float64(units) / elapsed.Seconds()
}

// Percentile returns the nearest-rank p-th percentile (0 < p ≤ 100) of ds:
// the smallest value such that at least p% of the values are at or below
// it. ds is sorted in place. It fails with ErrNoSamples for an empty slice.
func Percentile(ds []time.Duration, p float64) (time.Duration, error) {
	if len(ds) == 0 {
		return 0, ErrNoSamples
	}
	slices.Sort(ds)
	rank := int(math.Ceil(p / 100 * float64(len(ds))))
	rank = max(1, min(rank, len(ds)))
	return ds[rank-1], nil
}

// Millis converts a duration to fractional milliseconds.
func Millis(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

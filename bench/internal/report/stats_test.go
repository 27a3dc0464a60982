package report

import (
	"errors"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"
)

func TestSummarize(t *testing.T) {
	for _, tc := range []struct {
		in   []float64
		want Summary
	}{
		{[]float64{5}, Summary{5, 5, 5, 1}},
		{[]float64{3, 1, 2}, Summary{2, 1, 3, 3}},
		{[]float64{4, 1, 3, 2}, Summary{2.5, 1, 4, 4}},
		{[]float64{10, 10, 1, 100, 10}, Summary{10, 1, 100, 5}},
	} {
		in := slices.Clone(tc.in)
		got, err := Summarize(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("Summarize(%v) = %+v, %v; want %+v", in, got, err, tc.want)
		}
		if !slices.Equal(in, tc.in) {
			t.Errorf("Summarize modified its input")
		}
	}
	if _, err := Summarize(nil); !errors.Is(err, ErrNoSamples) {
		t.Errorf("Summarize(nil) err = %v", err)
	}
}

func TestPercentileNearestRank(t *testing.T) {
	ds := func(ms ...int) []time.Duration {
		out := make([]time.Duration, len(ms))
		for i, m := range ms {
			out[i] = time.Duration(m) * time.Millisecond
		}
		return out
	}
	for _, tc := range []struct {
		in   []time.Duration
		p    float64
		want time.Duration
	}{
		{ds(15, 20, 35, 40, 50), 5, 15 * time.Millisecond},
		{ds(15, 20, 35, 40, 50), 30, 20 * time.Millisecond},
		{ds(15, 20, 35, 40, 50), 40, 20 * time.Millisecond},
		{ds(15, 20, 35, 40, 50), 50, 35 * time.Millisecond},
		{ds(50, 40, 35, 20, 15), 100, 50 * time.Millisecond},
		{ds(7), 99, 7 * time.Millisecond},
	} {
		got, err := Percentile(tc.in, tc.p)
		if err != nil || got != tc.want {
			t.Errorf("Percentile(p%v) = %v, %v; want %v", tc.p, got, err, tc.want)
		}
	}
	if _, err := Percentile(nil, 50); !errors.Is(err, ErrNoSamples) {
		t.Errorf("Percentile(nil) err = %v", err)
	}
}

// TestPercentileModel compares Percentile with a brute-force definition:
// the smallest value v with #(x ≤ v) ≥ p% of n.
func TestPercentileModel(t *testing.T) {
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("GRUMPY_SEED"); s != "" {
		seed, _ = strconv.ParseUint(s, 10, 64)
	}
	t.Logf("seed %d (GRUMPY_SEED replays it)", seed)
	r := rand.New(rand.NewPCG(seed, 1))
	for range 200 {
		n := 1 + r.IntN(300)
		ds := make([]time.Duration, n)
		for i := range ds {
			ds[i] = time.Duration(r.IntN(50))
		}
		p := []float64{1, 50, 90, 99, 99.9, 100}[r.IntN(6)]
		var want time.Duration = -1
		for _, v := range slices.Sorted(slices.Values(ds)) {
			c := 0
			for _, x := range ds {
				if x <= v {
					c++
				}
			}
			if float64(c) >= p/100*float64(n)-1e-9 {
				want = v
				break
			}
		}
		got, _ := Percentile(slices.Clone(ds), p)
		if got != want {
			t.Fatalf("n=%d p=%v: got %v, want %v", n, p, got, want)
		}
	}
}

func TestRate(t *testing.T) {
	if r := Rate(1000, 500*time.Millisecond); r != 2000 {
		t.Errorf("Rate = %v", r)
	}
	if r := Rate(10, 0); r != 0 {
		t.Errorf("Rate(·, 0) = %v", r)
	}
	if m := Millis(1500 * time.Microsecond); m != 1.5 {
		t.Errorf("Millis = %v", m)
	}
}

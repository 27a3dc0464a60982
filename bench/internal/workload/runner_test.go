package workload

import (
	"errors"
	"testing"

	"github.com/google/uuid"
	"github.com/grumpydb/grumpydb/engine"
)

func TestSelect(t *testing.T) {
	ids := func(ws []Workload) string {
		s := ""
		for _, w := range ws {
			s += w.ID + " "
		}
		return s
	}
	for _, tc := range []struct{ in, want string }{
		{"all", "M0 E1 E2 E3 E3i E4 E5 E6 E7 E8 E4s E5s E6s E7s E8s S1 S2 "},
		{"ALL", "M0 E1 E2 E3 E3i E4 E5 E6 E7 E8 E4s E5s E6s E7s E8s S1 S2 "},
		{"e8s,E3,e4S", "E3 E4s E8s "},
		{"E4,E4s", "E4 E4s "},
		{"s2,S1,E4", "E4 S1 S2 "},
		{"E4,E1", "E1 E4 "},
		{"e3i, m0 ,", "M0 E3i "},
		{"E3", "E3 "},
	} {
		ws, err := Select(tc.in)
		if err != nil || ids(ws) != tc.want {
			t.Errorf("Select(%q) = %q, %v; want %q", tc.in, ids(ws), err, tc.want)
		}
	}
	for _, bad := range []string{"E9", "", " , ", "E1,P1", "E3s", "E4ss"} {
		if _, err := Select(bad); !errors.Is(err, ErrUnknownWorkload) {
			t.Errorf("Select(%q) err = %v, want ErrUnknownWorkload", bad, err)
		}
	}
}

func TestNewRunnerConfig(t *testing.T) {
	if _, err := NewRunner(Config{}); !errors.Is(err, ErrConfig) {
		t.Errorf("no dir: err = %v", err)
	}
	if _, err := NewRunner(Config{Dir: t.TempDir(), Samples: -1}); !errors.Is(err, ErrConfig) {
		t.Errorf("negative samples: err = %v", err)
	}
	r, err := NewRunner(Config{Dir: t.TempDir(), Reduced: true})
	if err != nil {
		t.Fatal(err)
	}
	if r.Sizes() != ReducedSizes() {
		t.Error("reduced runner does not use ReducedSizes")
	}
	w := All()[5] // E4, 20 samples
	if got := r.samples(w); got != 2 {
		t.Errorf("reduced samples = %d, want the cap 2", got)
	}
	r2, _ := NewRunner(Config{Dir: t.TempDir(), Samples: 7})
	if got := r2.samples(w); got != 7 {
		t.Errorf("-samples 7 gives %d", got)
	}
	r3, _ := NewRunner(Config{Dir: t.TempDir()})
	if got := r3.samples(w); got != 20 || r3.Sizes() != FullSizes() {
		t.Errorf("full samples = %d", got)
	}
}

func TestFullSizesMatchSpec(t *testing.T) {
	s := FullSizes()
	if s.M0Flushes != 2000 || s.E1Inline != 1000 || s.E1Big != 100 || s.E2Docs != 2000 ||
		s.E3Docs != 100_000 || s.E3Batch != 1000 || s.ReadDocs != 10_000 || s.Gets != 1000 ||
		s.E7Queries != 1000 || s.E8Ranges != 100 || s.E1Verify != 10 || s.E3Verify != 100 || s.MaxSamples != 0 ||
		s.S1Gets != 192_000 || s.S2Inserts != 3200 ||
		s.E4sGets != 1_000_000 || s.E4sWarm != 100_000 || s.E5sGets != 10_000 || s.E7sLookups != 50_000 || s.E8sQueries != 200 {
		t.Fatalf("FullSizes = %+v", s)
	}
	// §4.4: E8s's [400, 402) returns exactly 200 documents of L100i, which
	// holds E3Docs documents, every age 100 times.
	if perAge := s.E3Docs / 1000; perAge*(e8sHi-e8sLo) != 200 {
		t.Errorf("E8s would expect %d documents per query, want 200", perAge*(e8sHi-e8sLo))
	}
	// The scale variants take the sample counts of E4–E8.
	counts := map[string]int{}
	for _, w := range All() {
		counts[w.ID] = w.Samples
	}
	for _, id := range []string{"E4", "E5", "E6", "E7", "E8"} {
		if counts[id+"s"] != counts[id] {
			t.Errorf("%ss: %d samples, %s has %d", id, counts[id+"s"], id, counts[id])
		}
	}
}

func TestE8Ranges(t *testing.T) {
	rs := e8Ranges(100)
	again := e8Ranges(100)
	sum := 0
	for i, q := range rs {
		if q.lo < 0 || q.lo >= 950 || q.w < 1 || q.w > 50 {
			t.Fatalf("range %d = %+v out of bounds", i, q)
		}
		if q != again[i] {
			t.Fatal("e8Ranges not deterministic")
		}
		sum += q.w
	}
	// The mean width is 25.5: a mean of 10·w ≈ 255 documents per range.
	if mean := float64(sum) / 100; mean < 20 || mean > 31 {
		t.Errorf("mean width %.1f, want about 25.5", mean)
	}
}

func TestCheckDocDetectsWrongResults(t *testing.T) {
	d := &dataset{name: "T", keys: []uuid.UUID{{1}}, docs: Docs(Small, 1), byKey: map[uuid.UUID]int{{1}: 0}}
	if err := d.checkDoc(uuid.UUID{1}, NewBuilder(Small).Doc(0)); err != nil {
		t.Fatalf("right document refused: %v", err)
	}
	if err := d.checkDoc(uuid.UUID{1}, NewBuilder(Small).Doc(1)); !errors.Is(err, ErrVerify) {
		t.Errorf("wrong document: err = %v, want ErrVerify", err)
	}
	if err := d.checkDoc(uuid.UUID{2}, NewBuilder(Small).Doc(0)); !errors.Is(err, ErrVerify) {
		t.Errorf("unknown key: err = %v, want ErrVerify", err)
	}
	docs := []engine.Document{{ID: uuid.UUID{1}, Value: NewBuilder(Small).Doc(0)}}
	if err := checkAges(d, docs, 0, 1); err != nil {
		t.Errorf("checkAges refused a right answer: %v", err)
	}
	if err := checkAges(d, docs, 1, 5); !errors.Is(err, ErrVerify) {
		t.Errorf("checkAges accepted an age out of range: %v", err)
	}
	if err := checkAges(d, append(docs, docs[0]), 0, 1); !errors.Is(err, ErrVerify) {
		t.Errorf("checkAges accepted a duplicate: %v", err)
	}
	if err := checkScan(d, nil); !errors.Is(err, ErrVerify) {
		t.Errorf("checkScan accepted an empty scan: %v", err)
	}
}

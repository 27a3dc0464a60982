package roundtrip

import (
	"bytes"
	"fmt"
	"math"

	"github.com/grumpydb/grumpydb/bench/internal/keygen"
	"github.com/grumpydb/grumpydb/bench/internal/report"
	"github.com/grumpydb/grumpydb/protocol"
)

// Seeds of §4.5: connection c draws from seed + c.
const (
	S1Seed = 0x5E4F0000 // S1: key picks from R10
	S2Seed = 0x5E4F1000 // S2: keys of the inserted documents
)

// spec describes one workload to Suite.run.
type spec struct {
	id    string // "S1", "S2"
	space space
	total int    // requests per sample
	unit  string // of the rate
	// jobs builds each connection's requests for target t (untimed).
	jobs func(t target, l Layout) ([]job, error)
	// before and after run untimed around each sample, on connection 0;
	// either may be nil.
	before, after func(t target, c *conn) error
	// rows builds the rows of one target for one configuration; anchor
	// is the Redis median to compare with (0: none).
	rows func(label string, l Layout, res result, anchor float64) ([]report.Row, error)
}

// s1Spec is S1: connection c sends total/C GETs of keys drawn uniformly,
// with replacement, from the data set with seed S1Seed + c; each reply
// must be the bulk of the stored document.
func s1Spec(cfg *Config) spec {
	return spec{
		id: "S1", space: spaceS1, total: cfg.Gets, unit: "ops/s",
		jobs: func(t target, l Layout) ([]job, error) {
			per := cfg.Gets / l.Conns
			jobs := make([]job, l.Conns)
			for c := range jobs {
				gen := keygen.New(S1Seed + uint64(c))
				picks := make([]int, per)
				reqs := newRequests(per)
				for j := range picks {
					picks[j] = gen.IntN(len(cfg.Keys))
					reqs.add(t.getRequest(reqs.buf, cfg.Keys[picks[j]]))
				}
				jobs[c] = job{reqs: reqs.slices(), check: func(j int, r protocol.Response) error {
					if r.Kind != protocol.KindBulk || r.Null {
						return verifyErr("GET of document %d answered %s, want its bulk", picks[j], describe(r))
					}
					if want := cfg.Docs[picks[j]]; !bytes.Equal(r.Bulk, want) {
						return verifyErr("GET of document %d answered %q, want %q", picks[j], r.Bulk, want)
					}
					return nil
				}}
			}
			return jobs, nil
		},
		rows: func(label string, l Layout, res result, anchor float64) ([]report.Row, error) {
			per := cfg.Gets / l.Conns
			notes := fmt.Sprintf("%s GETs/sample = %d × %s, %s; every reply the stored document's bulk",
				report.Int(cfg.Gets), l.Conns, report.Int(per), depthText(l.Depth))
			return latencyRows("S1", label, l, res, anchor, notes, "GETs")
		},
	}
}

// s2Spec is S2: connection c sends total/C INSERTs of small(i), i counting
// its own inserts, under keys from seed S2Seed + c, into a collection
// emptied before the sample; each reply must be +OK and the count after
// the sample must equal total.
func s2Spec(cfg *Config) spec {
	return spec{
		id: "S2", space: spaceS2, total: cfg.Inserts, unit: "ops/s",
		jobs: func(t target, l Layout) ([]job, error) {
			per := cfg.Inserts / l.Conns
			jobs := make([]job, l.Conns)
			for c := range jobs {
				keys, err := keygen.New(S2Seed + uint64(c)).Keys(per)
				if err != nil {
					return nil, err
				}
				reqs := newRequests(per)
				for i, k := range keys {
					reqs.add(t.insertRequest(reqs.buf, k, cfg.InsertDoc(i)))
				}
				jobs[c] = job{reqs: reqs.slices(), check: func(j int, r protocol.Response) error {
					if !okReply(r) {
						return verifyErr("INSERT of document %d (%s) answered %s, want +OK", j, keys[j], describe(r))
					}
					return nil
				}}
			}
			return jobs, nil
		},
		before: func(t target, c *conn) error { return t.freshIns(c) },
		after: func(t target, c *conn) error {
			return checkInsCount(t, c, cfg.Inserts)
		},
		rows: func(label string, l Layout, res result, anchor float64) ([]report.Row, error) {
			per := cfg.Inserts / l.Conns
			notes := fmt.Sprintf("%s durable INSERTs/sample = %d × %s, %s; every reply +OK, count checked after each sample",
				report.Int(cfg.Inserts), l.Conns, report.Int(per), depthText(l.Depth))
			return latencyRows("S2", label, l, res, anchor, notes, "INSERTs")
		},
	}
}

// checkInsCount is S2's untimed check: the target holds exactly want
// inserted documents.
func checkInsCount(t target, c *conn, want int) error {
	n, err := t.countIns(c)
	if err != nil {
		return err
	}
	if n != int64(want) {
		return verifyErr("%s holds %d inserted documents after the sample, want %d", t.label(), n, want)
	}
	return nil
}

// depthText describes the pipelining.
func depthText(p int) string {
	if p == 1 {
		return "one request at a time"
	}
	return fmt.Sprintf("up to %d in flight per connection", p)
}

// latencyRows builds the rate row and, for P = 1, the p50 and p99 rows
// over every request of every sample.
func latencyRows(id, label string, l Layout, res result, anchor float64, notes, what string) ([]report.Row, error) {
	st, err := report.Summarize(res.rates)
	if err != nil {
		return nil, err
	}
	if anchor > 0 {
		notes += "; grumpydb/redis " + report.Ratio(st.Median/anchor)
	}
	variant := label + " " + l.String()
	rows := []report.Row{{ID: id, Variant: variant, Stat: st, Unit: "ops/s", Notes: notes}}
	if l.Depth != 1 || len(res.lats) == 0 {
		return rows, nil
	}
	count := report.Int(len(res.lats)) + " " + what
	for _, p := range []float64{50, 99} {
		v, err := report.Percentile(res.lats, p)
		if err != nil {
			return nil, err
		}
		rows = append(rows, report.Row{
			ID: id, Variant: fmt.Sprintf("%s · p%.0f", variant, p),
			Stat: report.Summary{Median: report.Millis(v), N: 1}, Point: true, Count: count, Unit: "ms",
			Notes: "from writing the request to reading its reply",
		})
	}
	return rows, nil
}

// requests packs a connection's requests into one buffer.
type requests struct {
	buf  []byte
	ends []int
}

func newRequests(n int) *requests { return &requests{ends: make([]int, 0, n)} }

// add records that buf, extended by the caller, now ends a request.
func (r *requests) add(buf []byte) {
	r.buf = buf
	r.ends = append(r.ends, len(buf))
}

// slices returns each request as a slice of the buffer.
func (r *requests) slices() [][]byte {
	out := make([][]byte, len(r.ends))
	start := 0
	for i, end := range r.ends {
		out[i] = r.buf[start:end:end]
		start = end
	}
	return out
}

func nan() float64 { return math.NaN() }

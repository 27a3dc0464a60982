package observe

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// family is a scraped metric family reduced to what the tests compare.
type family struct {
	typ    string
	series map[string]float64 // rendered label set → value (histograms: count)
	sums   map[string]float64 // histograms only
	bucket map[string]int     // histograms only: number of buckets
}

// labelKey renders labels sorted by name: `a="x",b="y"`.
func labelKey(pairs map[string]string) string {
	names := make([]string, 0, len(pairs))
	for n := range pairs {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	for i, n := range names {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "%s=%q", n, pairs[n])
	}
	return b.String()
}

// parseExposition parses Prometheus text with the reference parser.
func parseExposition(t *testing.T, text []byte) map[string]family {
	t.Helper()
	p := expfmt.NewTextParser(model.UTF8Validation)
	mfs, err := p.TextToMetricFamilies(bytes.NewReader(text))
	if err != nil {
		t.Fatalf("exposition does not parse: %v\n%s", err, text)
	}
	out := map[string]family{}
	for name, mf := range mfs {
		f := family{typ: mf.GetType().String(), series: map[string]float64{},
			sums: map[string]float64{}, bucket: map[string]int{}}
		for _, m := range mf.GetMetric() {
			labels := map[string]string{}
			for _, lp := range m.GetLabel() {
				labels[lp.GetName()] = lp.GetValue()
			}
			k := labelKey(labels)
			switch {
			case m.GetCounter() != nil:
				f.series[k] = m.GetCounter().GetValue()
			case m.GetGauge() != nil:
				f.series[k] = m.GetGauge().GetValue()
			case m.GetHistogram() != nil:
				h := m.GetHistogram()
				f.series[k] = float64(h.GetSampleCount())
				f.sums[k] = h.GetSampleSum()
				f.bucket[k] = len(h.GetBucket())
			}
		}
		out[name] = f
	}
	return out
}

// scrape renders m's registry the way /metrics does.
func scrape(t *testing.T, m *Metrics) map[string]family {
	t.Helper()
	mfs, err := m.Gatherer().Gather()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	for _, mf := range mfs {
		if _, err := expfmt.MetricFamilyToText(&buf, mf); err != nil {
			t.Fatal(err)
		}
	}
	return parseExposition(t, buf.Bytes())
}

func names(fams map[string]family) []string {
	var out []string
	for n := range fams {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

func TestFreshMetricsHaveFromStartSeries(t *testing.T) {
	m := NewMetrics(MetricsOptions{NodeID: "node-1", ClusterID: "cluster-9"})
	fams := scrape(t, m)
	want := []string{MetricBufferPoolPages, MetricConnectionsActive, MetricNodeInfo, MetricWALFsyncs, MetricWALRecords}
	if got := names(fams); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("families at start %v, want exactly %v", got, want)
	}
	check := func(name, typ string, series map[string]float64) {
		t.Helper()
		f := fams[name]
		if f.typ != typ {
			t.Errorf("%s type %s, want %s", name, f.typ, typ)
		}
		if fmt.Sprint(f.series) != fmt.Sprint(series) {
			t.Errorf("%s series %v, want %v", name, f.series, series)
		}
	}
	check(MetricConnectionsActive, "GAUGE", map[string]float64{"": 0})
	check(MetricNodeInfo, "GAUGE", map[string]float64{
		`cluster_id="cluster-9",node_id="node-1",version="5.0.0"`: 1})
	check(MetricBufferPoolPages, "GAUGE", map[string]float64{
		`state="clean"`: 0, `state="dirty"`: 0, `state="free"`: 0})
	check(MetricWALRecords, "COUNTER", map[string]float64{"": 0})
	check(MetricWALFsyncs, "COUNTER", map[string]float64{"": 0})
}

func TestMetricsEvents(t *testing.T) {
	m := NewMetrics(MetricsOptions{NodeID: "n", ClusterID: "c"})
	m.ConnOpened()
	m.ConnOpened()
	m.ConnOpened()
	m.ConnClosed()
	m.Command("LOGIN", true, 3*time.Millisecond)
	m.Command("LOGIN", true, 2*time.Second)
	m.Command("LOGIN", false, time.Millisecond)
	m.Command("INSERT_MANY", true, 0)
	m.Command("PING", true, 0)         // never counted
	m.Command("QUIT", true, 0)         // never counted
	m.Command("SNAPSHOT-HLC", true, 0) // alias: the caller canonicalises
	m.Command("login", true, 0)        // labels are exact
	m.LoginFailure(LoginInvalidCredentials)
	m.LoginFailure(LoginInvalidCredentials)
	m.LoginFailure(LoginRateLimited)
	m.LoginFailure("other")
	m.RateLimitHit(RateLimitCommand)
	m.RateLimitHit(RateLimitLogin)
	m.RateLimitHit(RateLimitConnPerIP)
	m.RateLimitHit(RateLimitConnGlobal)
	m.RateLimitHit(RateLimitConnGlobal)
	m.RateLimitHit("bogus")

	fams := scrape(t, m)
	expect := map[string]map[string]float64{
		MetricConnectionsActive: {"": 2},
		MetricCommandsTotal: {
			`cmd="LOGIN",result="ok"`: 2, `cmd="LOGIN",result="error"`: 1, `cmd="INSERT_MANY",result="ok"`: 1},
		MetricCommandDuration: {`cmd="LOGIN"`: 3, `cmd="INSERT_MANY"`: 1},
		MetricLoginFailures:   {`reason="invalid_credentials"`: 2, `reason="rate_limited"`: 1},
		MetricRateLimitHits: {`kind="command"`: 1, `kind="login"`: 1, `kind="conn_per_ip"`: 1,
			`kind="conn_global"`: 2},
	}
	for name, series := range expect {
		if got := fams[name].series; fmt.Sprint(got) != fmt.Sprint(series) {
			t.Errorf("%s: %v, want %v", name, got, series)
		}
	}
	types := map[string]string{MetricCommandsTotal: "COUNTER", MetricCommandDuration: "HISTOGRAM",
		MetricLoginFailures: "COUNTER", MetricRateLimitHits: "COUNTER"}
	for name, typ := range types {
		if fams[name].typ != typ {
			t.Errorf("%s type %s, want %s", name, fams[name].typ, typ)
		}
	}
	h := fams[MetricCommandDuration]
	if got := h.sums[`cmd="LOGIN"`]; got < 2.003 || got > 2.0041 {
		t.Errorf("LOGIN duration sum %v, want 2.004", got)
	}
	// The client's default buckets plus the +Inf bucket.
	if h.bucket[`cmd="LOGIN"`] != len(prometheus.DefBuckets)+1 {
		t.Errorf("%d buckets, want the client defaults and +Inf (%d)", h.bucket[`cmd="LOGIN"`], len(prometheus.DefBuckets)+1)
	}
}

func TestEngineStatsReadAtScrape(t *testing.T) {
	var calls atomic.Int64
	m := NewMetrics(MetricsOptions{EngineStats: func() EngineStats {
		n := calls.Add(1)
		return EngineStats{CleanPages: 10 * n, DirtyPages: 2, FreePages: 7, WALRecords: uint64(100 * n), WALFsyncs: uint64(3 * n)}
	}})
	if calls.Load() != 0 {
		t.Fatalf("engine read %d times before any scrape", calls.Load())
	}
	for i := int64(1); i <= 2; i++ {
		fams := scrape(t, m)
		if calls.Load() != i {
			t.Fatalf("engine read %d times after %d scrapes", calls.Load(), i)
		}
		want := map[string]float64{`state="clean"`: float64(10 * i), `state="dirty"`: 2, `state="free"`: 7}
		if got := fams[MetricBufferPoolPages].series; fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("pages %v, want %v", got, want)
		}
		if got := fams[MetricWALRecords].series[""]; got != float64(100*i) {
			t.Fatalf("wal records %v", got)
		}
		if got := fams[MetricWALFsyncs].series[""]; got != float64(3*i) {
			t.Fatalf("wal fsyncs %v", got)
		}
	}
}

func TestMetricsUsePrivateRegistries(t *testing.T) {
	a := NewMetrics(MetricsOptions{NodeID: "a"})
	b := NewMetrics(MetricsOptions{NodeID: "b"}) // a second catalogue must not collide
	a.ConnOpened()
	if got := scrape(t, b)[MetricConnectionsActive].series[""]; got != 0 {
		t.Fatalf("b sees a's connection: %v", got)
	}
	mfs, err := prometheus.DefaultGatherer.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if strings.HasPrefix(mf.GetName(), "grumpydb_") {
			t.Fatalf("%s registered in the default registry", mf.GetName())
		}
	}
}

func TestCountedCommands(t *testing.T) {
	list := CountedCommands()
	if len(list) != 40 {
		t.Fatalf("%d commands, want the 40 of §8", len(list))
	}
	seen := map[string]bool{}
	for _, c := range list {
		if seen[c] {
			t.Fatalf("duplicate %s", c)
		}
		seen[c] = true
		if !IsCountedCommand(c) {
			t.Errorf("IsCountedCommand(%q) = false", c)
		}
	}
	for _, c := range []string{"PING", "QUIT", "", "SNAPSHOT-HLC", "ELECT-WRITER", "INSERTMANY", "QUERYRANGE",
		"login", "CREATE", "LIST", "READ_CONCERN", "WRITE_CONCERN"} {
		if IsCountedCommand(c) {
			t.Errorf("IsCountedCommand(%q) = true", c)
		}
	}
	list[0] = "mutated"
	if CountedCommands()[0] != "LOGIN" {
		t.Fatal("CountedCommands shares its slice")
	}
}

// TestMetricsRandomisedAgainstModel drives random events from several
// goroutines and compares the scrape with a simple count model.
// GRUMPY_SEED replays a run.
func TestMetricsRandomisedAgainstModel(t *testing.T) {
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("GRUMPY_SEED"); s != "" {
		v, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		seed = v
	}
	t.Logf("seed %d (set GRUMPY_SEED to replay)", seed)
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))

	cmds := append(CountedCommands(), "PING", "QUIT", "nope")
	reasons := []LoginFailureReason{LoginInvalidCredentials, LoginRateLimited, "x"}
	kinds := []RateLimitKind{RateLimitCommand, RateLimitLogin, RateLimitConnPerIP, RateLimitConnGlobal, "y"}

	type event struct {
		op   int
		cmd  string
		ok   bool
		dur  time.Duration
		word string
	}
	const workers, perWorker = 4, 500
	plans := make([][]event, workers)
	commands := map[string]float64{}
	durCount := map[string]float64{}
	logins := map[string]float64{}
	limits := map[string]float64{}
	conns := 0.0
	for w := range plans {
		open := 0
		for range perWorker {
			e := event{op: rng.IntN(5)}
			switch e.op {
			case 0:
				e.cmd, e.ok, e.dur = cmds[rng.IntN(len(cmds))], rng.IntN(2) == 0, time.Duration(rng.IntN(1e9))
				if IsCountedCommand(e.cmd) {
					res := "error"
					if e.ok {
						res = "ok"
					}
					commands[fmt.Sprintf("cmd=%q,result=%q", e.cmd, res)]++
					durCount[fmt.Sprintf("cmd=%q", e.cmd)]++
				}
			case 1:
				e.word = string(reasons[rng.IntN(len(reasons))])
				if e.word != "x" {
					logins[fmt.Sprintf("reason=%q", e.word)]++
				}
			case 2:
				e.word = string(kinds[rng.IntN(len(kinds))])
				if e.word != "y" {
					limits[fmt.Sprintf("kind=%q", e.word)]++
				}
			case 3:
				open++
				conns++
			case 4:
				if open == 0 {
					e.op = 3
					open++
					conns++
				} else {
					open--
					conns--
				}
			}
			plans[w] = append(plans[w], e)
		}
	}

	m := NewMetrics(MetricsOptions{})
	var wg sync.WaitGroup
	for _, plan := range plans {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, e := range plan {
				switch e.op {
				case 0:
					m.Command(e.cmd, e.ok, e.dur)
				case 1:
					m.LoginFailure(LoginFailureReason(e.word))
				case 2:
					m.RateLimitHit(RateLimitKind(e.word))
				case 3:
					m.ConnOpened()
				case 4:
					m.ConnClosed()
				}
			}
		}()
	}
	wg.Wait()

	fams := scrape(t, m)
	for name, want := range map[string]map[string]float64{
		MetricCommandsTotal:     commands,
		MetricCommandDuration:   durCount,
		MetricLoginFailures:     logins,
		MetricRateLimitHits:     limits,
		MetricConnectionsActive: {"": conns},
	} {
		got := fams[name].series
		if len(want) == 0 {
			if len(got) != 0 {
				t.Errorf("%s: %v, want no series", name, got)
			}
			continue
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s:\n got %v\nwant %v", name, got, want)
		}
	}
}

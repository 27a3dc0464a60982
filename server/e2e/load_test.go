package e2e

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	. "github.com/grumpydb/grumpydb/server/internal/servertest"
)

// TestLoad is opt-in (GRUMPY_LOAD=1): 64 loopback connections of mixed
// reads and writes for GRUMPY_LOAD_SECS seconds (default 10, at most 120),
// zero protocol errors allowed, and every acknowledged write found again
// after a restart. The figures are logged.
func TestLoad(t *testing.T) {
	if os.Getenv("GRUMPY_LOAD") != "1" {
		t.Skip("set GRUMPY_LOAD=1 to run the load test")
	}
	secs := 10
	if s, err := strconv.Atoi(os.Getenv("GRUMPY_LOAD_SECS")); err == nil && s > 0 && s <= 120 {
		secs = s
	}
	seed := uint64(time.Now().UnixNano())
	if s, err := strconv.ParseUint(os.Getenv("GRUMPY_SEED"), 10, 64); err == nil {
		seed = s
	}
	t.Logf("seed %d (GRUMPY_SEED), %d s", seed, secs)
	const conns = 64
	data := filepath.Join(t.TempDir(), "data")
	p := startServer(t, data)
	a := p.admin(t)
	access, _ := Tokens(a.Do("LOGIN _system admin " + adminPW))
	a.Must("USE load", "+OK")
	a.Must("CREATE COLLECTION docs", "+OK")
	a.Must("CREATE INDEX docs by_g g", "+OK")

	type result struct {
		ops, writes, errs int
		lat               []time.Duration
		acked             []int
	}
	results := make([]result, conns)
	stop := time.Now().Add(time.Duration(secs) * time.Second)
	var wg sync.WaitGroup
	for w := 0; w < conns; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			res := &results[w]
			rng := rand.New(rand.NewPCG(seed, uint64(w)))
			c := p.dial(t)
			c.Must("TOKEN "+access, "+OK")
			c.Must("USE load", "+OK")
			next := 0
			for time.Now().Before(stop) {
				var line string
				write := false
				id := w*1_000_000 + next
				switch r := rng.IntN(10); {
				case r < 4 || next == 0:
					line = "INSERT docs " + key(id) + ` {"w":` + strconv.Itoa(w) + `,"g":` + strconv.Itoa(id%7) + "}"
					write = true
				case r < 7:
					line = "GET docs " + key(w*1_000_000+rng.IntN(next))
				case r < 8:
					line = "COUNT docs"
				case r < 9:
					line = "QUERY docs by_g " + strconv.Itoa(rng.IntN(7))
				default:
					line = "SNAPSHOT_HLC"
				}
				start := time.Now()
				got, err := c.ReadErrAfter(line)
				res.lat = append(res.lat, time.Since(start))
				res.ops++
				if err != nil || strings.HasPrefix(got, "-") || (write && got != "+OK\r\n") {
					res.errs++
					t.Errorf("conn %d: %s -> %q, %v", w, line[:min(len(line), 60)], got, err)
					return
				}
				if write {
					res.writes++
					res.acked = append(res.acked, id)
					next++
				}
			}
		}(w)
	}
	wg.Wait()
	var all []time.Duration
	ops, writes, errs := 0, 0, 0
	for _, r := range results {
		ops += r.ops
		writes += r.writes
		errs += r.errs
		all = append(all, r.lat...)
	}
	sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
	pct := func(q float64) time.Duration {
		if len(all) == 0 {
			return 0
		}
		return all[int(q*float64(len(all)-1))]
	}
	t.Logf("load: %d conns, %d s: %d ops (%.0f ops/s), %d writes (%.0f/s), %d errors, latency p50 %v p99 %v max %v",
		conns, secs, ops, float64(ops)/float64(secs), writes, float64(writes)/float64(secs), errs, pct(0.5), pct(0.99), pct(1))
	if errs > 0 {
		t.Fatalf("%d protocol errors", errs)
	}
	p.stop()
	q := startServer(t, data)
	r := q.admin(t)
	r.Must("USE load", "+OK")
	r.Must("COUNT docs", ":"+strconv.Itoa(writes))
	for _, res := range results {
		for _, id := range res.acked {
			if got := r.Do("GET docs " + key(id)); !strings.HasPrefix(got, "$") || got == "$-1\r\n" {
				t.Fatalf("acknowledged write %d lost: %q", id, got)
			}
		}
	}
	q.stop()
}

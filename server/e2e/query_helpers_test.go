package e2e

import (
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/grumpydb/grumpydb/server/internal/servertest"
)

// queryKey returns the canonical UUID 00000000-0000-4000-8000-<i in hex>,
// so that keys sort as their numbers do.
func queryKey(i int) string {
	s := strconv.FormatInt(int64(i), 16)
	return "00000000-0000-4000-8000-" + strings.Repeat("0", 12-len(s)) + s
}

// queryRows renders the wire form of an array of `<uuid> <json>` rows for
// the given document numbers, taking each JSON from docs.
func queryRows(docs map[int]string, nums ...int) string {
	elems := make([]string, len(nums))
	for i, n := range nums {
		elems[i] = queryKey(n) + " " + docs[n]
	}
	return servertest.Array(elems...)
}

// queryBulk returns the payload of the wire form of one bulk.
func queryBulk(t *testing.T, wire string) string {
	t.Helper()
	h, r, ok := strings.Cut(wire, "\r\n")
	if !ok || !strings.HasPrefix(h, "$") {
		t.Fatalf("not a bulk: %q", clipQuery(wire))
	}
	l, err := strconv.Atoi(h[1:])
	if err != nil || l < 0 || len(r) != l+2 || !strings.HasSuffix(r, "\r\n") {
		t.Fatalf("bulk header %q for %d bytes", h, len(r))
	}
	return r[:l]
}

// queryMetrics fetches the Prometheus text of the server's /metrics.
func queryMetrics(t *testing.T, p *proc) string {
	t.Helper()
	resp, err := http.Get("http://" + p.httpAddr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("metrics: %d %v", resp.StatusCode, err)
	}
	return string(b)
}

// queryMetric returns the value of the series (name and labels exactly as
// exposed) in the metrics text, 0 when the series is absent.
func queryMetric(t *testing.T, text, series string) float64 {
	t.Helper()
	for _, line := range strings.Split(text, "\n") {
		if v, ok := strings.CutPrefix(line, series+" "); ok {
			f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if err != nil {
				t.Fatalf("metric %s: %q", series, line)
			}
			return f
		}
	}
	return 0
}

// queryLogin dials p and logs in as user (tenant _system).
func queryLogin(t *testing.T, p *proc, user, pw string) *servertest.Client {
	t.Helper()
	c := p.dial(t)
	c.MustPrefix("LOGIN _system "+user+" "+pw, "+TOKEN ")
	return c
}

func clipQuery(s string) string {
	if len(s) > 300 {
		return s[:300] + "…"
	}
	return s
}

// queryAs returns c's connection reporting to t, for use in a subtest
// (the connection and its reader are shared).
func queryAs(c *servertest.Client, t *testing.T) *servertest.Client {
	cc := *c
	cc.T = t
	return &cc
}

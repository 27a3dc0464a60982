package observe

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
)

func startTestServer(t *testing.T, opts ServerOptions) (*Server, string) {
	t.Helper()
	if opts.Addr == "" {
		opts.Addr = "127.0.0.1:0"
	}
	s := NewServer(opts)
	if err := s.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = s.Shutdown(ctx)
	})
	return s, "http://" + s.Addr().String()
}

// client never negotiates compression, so what we read is what was sent.
func client() *http.Client {
	return &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{DisableCompression: true}}
}

type reply struct {
	status int
	ctype  string
	clen   string
	body   string
	header http.Header
}

func do(t *testing.T, method, url string, hdr map[string]string) reply {
	t.Helper()
	r, err := doErr(method, url, hdr)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// doErr is do for goroutines other than the test's.
func doErr(method, url string, hdr map[string]string) (reply, error) {
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		return reply{}, err
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := client().Do(req)
	if err != nil {
		return reply{}, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return reply{}, err
	}
	return reply{resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Content-Length"), string(b), resp.Header}, nil
}

func TestRoutes(t *testing.T) {
	jwks := `{"keys":[{"alg":"RS256","e":"AQAB","kid":"0123456789abcdef","kty":"RSA","n":"xyz","use":"sig"}]}`
	s, base := startTestServer(t, ServerOptions{
		Metrics: NewMetrics(MetricsOptions{NodeID: "n", ClusterID: "c"}),
		JWKS:    func() []byte { return []byte(jwks) },
	})
	s.SetReady(true)
	const text, js = "text/plain; charset=utf-8", "application/json"
	cases := []struct {
		method, path string
		status       int
		ctype, body  string
	}{
		{"GET", "/healthz", 200, text, "ok"},
		{"GET", "/healthz?verbose=1", 200, text, "ok"},
		{"GET", "/readyz", 200, text, "ready"},
		{"GET", "/.well-known/jwks.json", 200, js, jwks},
		{"GET", "/.well-known/jwks.json?x", 200, js, jwks},
		{"GET", "/", 404, text, "not found"},
		{"GET", "/nope", 404, text, "not found"},
		{"GET", "/healthz/", 404, text, "not found"},
		{"GET", "/HEALTHZ", 404, text, "not found"},
		{"GET", "/metrics/x", 404, text, "not found"},
		{"GET", "//healthz", 404, text, "not found"},
		{"POST", "/healthz", 404, text, "not found"},
		{"PUT", "/readyz", 404, text, "not found"},
		{"DELETE", "/metrics", 404, text, "not found"},
		{"OPTIONS", "/healthz", 404, text, "not found"},
		{"PATCH", "/.well-known/jwks.json", 404, text, "not found"},
		{"POST", "/other", 404, text, "not found"},
	}
	for _, c := range cases {
		r := do(t, c.method, base+c.path, nil)
		if r.status != c.status || r.ctype != c.ctype || r.body != c.body {
			t.Errorf("%s %s: %d %q %q; want %d %q %q", c.method, c.path, r.status, r.ctype, r.body, c.status, c.ctype, c.body)
		}
		if r.clen != "" && r.clen != strconv.Itoa(len(c.body)) {
			t.Errorf("%s %s: Content-Length %s for a %d-byte body", c.method, c.path, r.clen, len(c.body))
		}
		// HEAD: same status and headers as GET, no body; only GET-routable
		// requests are compared.
		if c.method != "GET" {
			continue
		}
		h := do(t, "HEAD", base+c.path, nil)
		if h.status != r.status || h.ctype != r.ctype || h.clen != r.clen || h.body != "" {
			t.Errorf("HEAD %s: %d %q len=%s body=%q; GET gave %d %q len=%s",
				c.path, h.status, h.ctype, h.clen, h.body, r.status, r.ctype, r.clen)
		}
	}
}

func TestJWKSDefault(t *testing.T) {
	_, base := startTestServer(t, ServerOptions{})
	r := do(t, "GET", base+"/.well-known/jwks.json", nil)
	if r.status != 200 || r.ctype != "application/json" || r.body != `{"keys":[]}` {
		t.Fatalf("%+v", r)
	}
}

func TestReadinessLifecycle(t *testing.T) {
	s, base := startTestServer(t, ServerOptions{})
	expect := func(status int, body string) {
		t.Helper()
		r := do(t, "GET", base+"/readyz", nil)
		if r.status != status || r.body != body || r.ctype != "text/plain; charset=utf-8" {
			t.Fatalf("readyz %d %q %q, want %d %q", r.status, r.ctype, r.body, status, body)
		}
		if h := do(t, "HEAD", base+"/readyz", nil); h.status != status || h.body != "" {
			t.Fatalf("HEAD readyz %d %q", h.status, h.body)
		}
	}
	expect(503, "not ready") // before the client listener is bound
	s.SetReady(true)
	expect(200, "ready")
	if r := do(t, "GET", base+"/healthz", nil); r.status != 200 {
		t.Fatalf("healthz %d", r.status)
	}
	s.SetReady(false) // shutdown begins; HTTP still serves while draining
	expect(503, "not ready")
	if r := do(t, "GET", base+"/healthz", nil); r.status != 200 || r.body != "ok" {
		t.Fatalf("healthz during drain: %+v", r)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := s.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	s.SetReady(true)
	if s.Ready() {
		t.Fatal("ready after Shutdown")
	}
	if _, err := client().Get(base + "/healthz"); err == nil {
		t.Fatal("server still answers after Shutdown")
	}
	if err := s.Shutdown(ctx); err != nil {
		t.Fatalf("second Shutdown: %v", err)
	}
	if err := s.Start(ctx); err == nil {
		t.Fatal("Start after Shutdown succeeded")
	}
}

func TestReadyzServedAs503DuringShutdown(t *testing.T) {
	// A request in flight when Shutdown begins sees 503: the handler reads
	// the flag that Shutdown clears first.
	s := NewServer(ServerOptions{})
	s.SetReady(true)
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest("GET", "/readyz", nil))
	if rec.Code != 200 {
		t.Fatalf("before: %d", rec.Code)
	}
	if err := s.Shutdown(context.Background()); err != nil { // never started: only flips the flag
		t.Fatal(err)
	}
	rec = httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest("GET", "/readyz", nil))
	if rec.Code != 503 || rec.Body.String() != "not ready" {
		t.Fatalf("during shutdown: %d %q", rec.Code, rec.Body.String())
	}
}

func TestMetricsEndpoint(t *testing.T) {
	m := NewMetrics(MetricsOptions{NodeID: "node-a", ClusterID: "clu-b", EngineStats: func() EngineStats {
		return EngineStats{CleanPages: 3, DirtyPages: 4, FreePages: 5, WALRecords: 42}
	}})
	_, base := startTestServer(t, ServerOptions{Metrics: m})
	m.ConnOpened()
	m.Command("LOGIN", true, 5*time.Millisecond)
	m.Command("GET", false, time.Millisecond)
	m.LoginFailure(LoginInvalidCredentials)
	m.RateLimitHit(RateLimitConnGlobal)

	for _, hdr := range []map[string]string{
		nil,
		{"Accept": "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited"},
		{"Accept": "application/openmetrics-text; version=1.0.0"},
		{"Accept-Encoding": "gzip"},
	} {
		r := do(t, "GET", base+"/metrics?name[]=grumpydb_node_info", hdr)
		if r.status != 200 || !strings.HasPrefix(r.ctype, "text/plain; version=0.0.4") {
			t.Fatalf("headers %v: %d %q", hdr, r.status, r.ctype)
		}
		if enc := r.header.Get("Content-Encoding"); enc != "" {
			t.Fatalf("headers %v: compressed with %q", hdr, enc)
		}
		fams := parseExposition(t, []byte(r.body))
		want := map[string]struct {
			typ    string
			series []string
		}{
			MetricConnectionsActive: {"GAUGE", []string{""}},
			MetricCommandsTotal:     {"COUNTER", []string{`cmd="GET",result="error"`, `cmd="LOGIN",result="ok"`}},
			MetricCommandDuration:   {"HISTOGRAM", []string{`cmd="GET"`, `cmd="LOGIN"`}},
			MetricLoginFailures:     {"COUNTER", []string{`reason="invalid_credentials"`}},
			MetricRateLimitHits:     {"COUNTER", []string{`kind="conn_global"`}},
			MetricNodeInfo:          {"GAUGE", []string{`cluster_id="clu-b",node_id="node-a",version="5.0.0"`}},
			MetricBufferPoolPages:   {"GAUGE", []string{`state="clean"`, `state="dirty"`, `state="free"`}},
			MetricWALRecords:        {"COUNTER", []string{""}},
			MetricWALFsyncs:         {"COUNTER", []string{""}},
		}
		if len(fams) != len(want) {
			t.Fatalf("families %v, want exactly the catalogue", names(fams))
		}
		for name, w := range want {
			f, ok := fams[name]
			if !ok || f.typ != w.typ || len(f.series) != len(w.series) {
				t.Fatalf("%s: %+v, want %+v", name, f, w)
			}
			for _, k := range w.series {
				if _, ok := f.series[k]; !ok {
					t.Fatalf("%s lacks series {%s}: %v", name, k, f.series)
				}
			}
		}
		if fams[MetricConnectionsActive].series[""] != 1 || fams[MetricWALRecords].series[""] != 42 ||
			fams[MetricBufferPoolPages].series[`state="dirty"`] != 4 {
			t.Fatalf("values: %+v", fams)
		}
		if !strings.Contains(r.body, MetricCommandDuration+"_bucket{") {
			t.Fatal("histogram buckets missing from the text")
		}
	}

	h := do(t, "HEAD", base+"/metrics", nil)
	if h.status != 200 || !strings.HasPrefix(h.ctype, "text/plain; version=0.0.4") || h.body != "" || h.clen == "" {
		t.Fatalf("HEAD /metrics: %+v", h)
	}
}

// rawExchange sends a raw request and returns the status line and body.
func rawExchange(t *testing.T, addr, request string) (string, string) {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := io.WriteString(c, request); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.Status, string(b)
}

func TestRawRequests(t *testing.T) {
	s, _ := startTestServer(t, ServerOptions{})
	addr := s.Addr().String()
	for _, c := range []struct{ req, status, body string }{
		{"OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n", "404 Not Found", "not found"},
		{"GET /healthz HTTP/1.0\r\n\r\n", "200 OK", "ok"},
		{"GET http://example/healthz HTTP/1.1\r\nHost: example\r\n\r\n", "200 OK", "ok"},
		{"get /healthz HTTP/1.1\r\nHost: x\r\n\r\n", "404 Not Found", "not found"},
		{"BREW /healthz HTTP/1.1\r\nHost: x\r\n\r\n", "404 Not Found", "not found"},
	} {
		status, body := rawExchange(t, addr, c.req)
		if status != c.status || body != c.body {
			t.Errorf("%q: %s %q, want %s %q", c.req, status, body, c.status, c.body)
		}
	}
}

func TestStartErrors(t *testing.T) {
	s, _ := startTestServer(t, ServerOptions{})
	if err := s.Start(context.Background()); !errors.Is(err, ErrServerStarted) {
		t.Fatalf("second Start: %v", err)
	}
	busy := NewServer(ServerOptions{Addr: s.Addr().String()})
	if err := busy.Start(context.Background()); err == nil {
		_ = busy.Shutdown(context.Background())
		t.Fatal("Start on a busy port succeeded")
	}
	if NewServer(ServerOptions{}).Addr() != nil {
		t.Fatal("Addr before Start must be nil")
	}
}

func TestShutdownWaitsForInFlight(t *testing.T) {
	release := make(chan struct{})
	entered := make(chan struct{})
	s, base := startTestServer(t, ServerOptions{JWKS: func() []byte {
		close(entered)
		<-release
		return []byte(`{"keys":[]}`)
	}})
	got := make(chan reply, 1)
	go func() {
		r, err := doErr("GET", base+"/.well-known/jwks.json", nil)
		if err != nil {
			r.body = err.Error()
		}
		got <- r
	}()
	<-entered
	shutdownDone := make(chan error, 1)
	go func() { shutdownDone <- s.Shutdown(context.Background()) }()
	select {
	case err := <-shutdownDone:
		t.Fatalf("Shutdown returned %v with a request in flight", err)
	case <-time.After(100 * time.Millisecond):
	}
	if s.Ready() {
		t.Fatal("ready while shutting down")
	}
	close(release)
	if r := <-got; r.status != 200 || r.body != `{"keys":[]}` {
		t.Fatalf("in-flight request: %+v", r)
	}
	if err := <-shutdownDone; err != nil {
		t.Fatal(err)
	}
}

func FuzzRouting(f *testing.F) {
	for _, p := range []string{"/healthz", "/readyz", "/metrics", "/.well-known/jwks.json", "/", "/x?y"} {
		f.Add("GET", p)
		f.Add("HEAD", p)
		f.Add("POST", p)
	}
	s := NewServer(ServerOptions{})
	s.SetReady(true)
	routed := map[string]bool{"/healthz": true, "/readyz": true, "/metrics": true, "/.well-known/jwks.json": true}
	f.Fuzz(func(t *testing.T, method, target string) {
		req, err := http.NewRequest(method, "http://h"+target, nil)
		if err != nil || !strings.HasPrefix(target, "/") {
			return
		}
		method = req.Method // NewRequest turns "" into GET
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		want := 404
		if (method == "GET" || method == "HEAD") && routed[req.URL.Path] {
			want = 200
		}
		if rec.Code != want {
			t.Fatalf("%s %q: %d, want %d", method, target, rec.Code, want)
		}
		wantBody := "not found"
		if method == "HEAD" {
			wantBody = ""
		}
		if want == 404 && (rec.Body.String() != wantBody || rec.Header().Get("Content-Type") != "text/plain; charset=utf-8") {
			t.Fatalf("%s %q: 404 body %q type %q", method, target, rec.Body.String(), rec.Header().Get("Content-Type"))
		}
		if method == "HEAD" && rec.Body.Len() != 0 {
			t.Fatalf("HEAD %q wrote a body", target)
		}
	})
}

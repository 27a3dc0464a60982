package observe

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/common/expfmt"
)

// The routed paths (§8).
const (
	PathHealthz = "/healthz"
	PathReadyz  = "/readyz"
	PathMetrics = "/metrics"
	PathJWKS    = "/.well-known/jwks.json"
)

// Content types of the responses.
const (
	contentTypeText = "text/plain; charset=utf-8"
	contentTypeJSON = "application/json"
	// contentTypeMetrics is the Prometheus text format 0.0.4.
	contentTypeMetrics = string(expfmt.FmtText)
)

// emptyJWKS is served when no JWKS callback is configured.
const emptyJWKS = `{"keys":[]}`

// ErrServerStarted is returned by a second Start.
var ErrServerStarted = errors.New("observe: server already started")

// ServerOptions configures NewServer.
type ServerOptions struct {
	// Addr is the listen address, a literal IP:port (http.bind).
	Addr string
	// Metrics is served on /metrics; nil serves a catalogue of the
	// server's own with empty node labels (useful in tests only).
	Metrics *Metrics
	// JWKS returns the body of /.well-known/jwks.json (§5.3); nil serves
	// {"keys":[]}. It must be safe for concurrent use.
	JWKS func() []byte
	// Logger receives serve and scrape errors; nil discards them.
	Logger *slog.Logger
}

// Server is the observability HTTP server. Create it with NewServer, bind
// it with Start, mark it ready with SetReady, stop it with Shutdown.
type Server struct {
	opts     ServerOptions
	log      *slog.Logger
	ready    atomic.Bool
	stopping atomic.Bool

	mu   sync.Mutex
	http *http.Server
	ln   net.Listener
	done chan struct{}
}

// NewServer returns an unstarted server; /readyz answers 503 until
// SetReady(true).
func NewServer(opts ServerOptions) *Server {
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if opts.Metrics == nil {
		opts.Metrics = NewMetrics(MetricsOptions{})
	}
	return &Server{opts: opts, log: log}
}

// Start binds the listener (so a bad or busy address fails here, at
// startup) and serves in the background until Shutdown.
func (s *Server) Start(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.http != nil {
		return ErrServerStarted
	}
	if s.stopping.Load() {
		return http.ErrServerClosed
	}
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", s.opts.Addr)
	if err != nil {
		return fmt.Errorf("http: %w", err)
	}
	s.ln = ln
	s.done = make(chan struct{})
	s.http = &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       60 * time.Second,
		// "OPTIONS *" must be 404 like every unrouted request.
		DisableGeneralOptionsHandler: true,
		ErrorLog:                     slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	go func(srv *http.Server, done chan struct{}) {
		defer close(done)
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.log.Error("http server stopped", slog.String("error", err.Error()))
		}
	}(s.http, s.done)
	return nil
}

// Addr is the bound address, nil before Start.
func (s *Server) Addr() net.Addr {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ln == nil {
		return nil
	}
	return s.ln.Addr()
}

// SetReady sets the /readyz flag: call SetReady(true) once the client
// listener is bound and SetReady(false) when shutdown begins. After
// Shutdown has begun the server stays not ready whatever is set.
func (s *Server) SetReady(ready bool) { s.ready.Store(ready) }

// Ready reports what /readyz currently answers.
func (s *Server) Ready() bool { return s.ready.Load() && !s.stopping.Load() }

// Shutdown turns /readyz 503, stops accepting, and waits for requests in
// flight until ctx ends (then closes them). It is safe to call before
// Start and more than once.
func (s *Server) Shutdown(ctx context.Context) error {
	s.stopping.Store(true)
	s.ready.Store(false)
	s.mu.Lock()
	srv, done := s.http, s.done
	s.mu.Unlock()
	if srv == nil {
		return nil
	}
	err := srv.Shutdown(ctx)
	if err != nil {
		_ = srv.Close()
	}
	<-done
	return err
}

// ServeHTTP routes GET and HEAD on the four exact paths (query ignored);
// anything else is 404 `not found`.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		respond(w, r, http.StatusNotFound, contentTypeText, []byte("not found"))
		return
	}
	switch r.URL.Path {
	case PathHealthz:
		respond(w, r, http.StatusOK, contentTypeText, []byte("ok"))
	case PathReadyz:
		if s.Ready() {
			respond(w, r, http.StatusOK, contentTypeText, []byte("ready"))
		} else {
			respond(w, r, http.StatusServiceUnavailable, contentTypeText, []byte("not ready"))
		}
	case PathMetrics:
		s.serveMetrics(w, r)
	case PathJWKS:
		body := []byte(emptyJWKS)
		if s.opts.JWKS != nil {
			body = s.opts.JWKS()
		}
		respond(w, r, http.StatusOK, contentTypeJSON, body)
	default:
		respond(w, r, http.StatusNotFound, contentTypeText, []byte("not found"))
	}
}

// serveMetrics renders the registry in the text format 0.0.4 whatever the
// Accept header asks, uncompressed, so the content type is always the one
// §8 fixes.
func (s *Server) serveMetrics(w http.ResponseWriter, r *http.Request) {
	families, err := s.opts.Metrics.Gatherer().Gather()
	if err != nil {
		s.log.Error("gathering metrics", slog.String("error", err.Error()))
		if len(families) == 0 {
			respond(w, r, http.StatusInternalServerError, contentTypeText, []byte("internal error"))
			return
		}
	}
	var buf bytes.Buffer
	for _, mf := range families {
		if _, err := expfmt.MetricFamilyToText(&buf, mf); err != nil {
			s.log.Error("encoding metrics", slog.String("error", err.Error()))
			respond(w, r, http.StatusInternalServerError, contentTypeText, []byte("internal error"))
			return
		}
	}
	respond(w, r, http.StatusOK, contentTypeMetrics, buf.Bytes())
}

// respond writes a complete response with an exact Content-Length; for
// HEAD the headers are the same and the body is left out.
func respond(w http.ResponseWriter, r *http.Request, status int, contentType string, body []byte) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}

package server

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"sync"
	"time"

	"github.com/grumpydb/grumpydb/engine"
	"github.com/grumpydb/grumpydb/server/internal/auth"
	"github.com/grumpydb/grumpydb/server/internal/config"
	"github.com/grumpydb/grumpydb/server/internal/dispatch"
	"github.com/grumpydb/grumpydb/server/internal/limits"
	"github.com/grumpydb/grumpydb/server/internal/observe"
	"github.com/grumpydb/grumpydb/server/internal/session"
)

// Options configure Open.
type Options struct {
	// Config is the merged, validated configuration (TOML + flags).
	Config *config.Config
	// BootstrapPassword is the resolved §5.5 password, "" if none.
	BootstrapPassword string
	// Logger receives the server's logs; nil discards them.
	Logger *slog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// EngineOptions override the engine's defaults (tests use NoSync);
	// nil means engine.DefaultOptions().
	EngineOptions *engine.Options
}

// Server is a running single-node server.
type Server struct {
	cfg  *config.Config
	log  *slog.Logger
	now  func() time.Time
	lock *config.Lock
	id   *config.NodeIdentity

	auth    *auth.Store
	store   *engine.Store
	exec    *dispatch.Executor
	metrics *observe.Metrics
	http    *observe.Server
	tls     *tls.Config

	ln       net.Listener
	caps     *limits.ConnCaps
	sessCfg  *session.Config
	sessions *session.Registry

	handlers   sync.WaitGroup
	acceptCtx  context.Context
	stopAccept context.CancelFunc
	served     bool
	closeOnce  sync.Once
	closeErr   error
}

// Addr is the client listener's address.
func (s *Server) Addr() net.Addr { return s.ln.Addr() }

// HTTPAddr is the observability listener's address, nil when disabled.
func (s *Server) HTTPAddr() net.Addr {
	if s.http == nil {
		return nil
	}
	return s.http.Addr()
}

// Identity is the node identity.
func (s *Server) Identity() *config.NodeIdentity { return s.id }

// Auth is the auth store (tests read the peer token from it).
func (s *Server) Auth() *auth.Store { return s.auth }

// Sessions is the number of open client sessions.
func (s *Server) Sessions() int { return s.sessions.Len() }

// Serve accepts connections until ctx ends, then shuts down gracefully
// (§2.5) and returns. The returned error is that of closing the engine.
func (s *Server) Serve(ctx context.Context) error {
	s.served = true
	acceptDone := make(chan struct{})
	go func() {
		defer close(acceptDone)
		s.acceptLoop()
	}()
	<-ctx.Done()
	s.log.Info("shutting down")
	if s.http != nil {
		s.http.SetReady(false)
	}
	s.stopAccept()
	_ = s.ln.Close()
	<-acceptDone
	drained := s.sessions.Drain()
	timeout := s.cfg.ShutdownTimeout()
	select {
	case <-drained:
	case <-time.After(timeout):
		s.log.Warn("shutdown timeout: cutting the remaining connections", "open", s.sessions.Len())
		s.sessions.CloseAll()
	}
	s.waitHandlers(timeout + 5*time.Second)
	return s.Close()
}

// waitHandlers waits for the connection goroutines, at most d.
func (s *Server) waitHandlers(d time.Duration) {
	done := make(chan struct{})
	go func() {
		s.handlers.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(d):
		s.log.Warn("connection handlers still running at close")
	}
}

// Close stops the HTTP server, flushes and closes the engine and releases
// the data-directory lock. Serve calls it; it is idempotent.
func (s *Server) Close() error {
	s.closeOnce.Do(func() {
		if s.stopAccept != nil {
			s.stopAccept()
		}
		if s.ln != nil {
			_ = s.ln.Close()
		}
		var errs []error
		if s.http != nil {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			if err := s.http.Shutdown(ctx); err != nil {
				errs = append(errs, err)
			}
			cancel()
		}
		if s.store != nil {
			if err := s.store.Close(); err != nil && !errors.Is(err, engine.ErrClosed) {
				errs = append(errs, fmt.Errorf("closing the engine: %w", err))
			}
		}
		if s.lock != nil {
			_ = s.lock.Release()
		}
		s.closeErr = errors.Join(errs...)
		if s.closeErr == nil && s.served {
			s.log.Info("stopped")
		}
	})
	return s.closeErr
}

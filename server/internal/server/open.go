package server

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"time"

	"github.com/grumpydb/grumpydb/engine"
	"github.com/grumpydb/grumpydb/server/internal/auth"
	"github.com/grumpydb/grumpydb/server/internal/config"
	"github.com/grumpydb/grumpydb/server/internal/dispatch"
	"github.com/grumpydb/grumpydb/server/internal/limits"
	"github.com/grumpydb/grumpydb/server/internal/observe"
	"github.com/grumpydb/grumpydb/server/internal/session"
	"github.com/grumpydb/grumpydb/server/internal/tlsutil"
)

// ErrUnsupportedFormat is the startup refusal of a data directory written
// in another storage format (§9.3).
var ErrUnsupportedFormat = auth.ErrUnsupportedFormat

// Open performs the startup sequence of §9.3 up to "ready": on success
// the client and HTTP listeners are bound and /readyz answers 200; call
// Serve to accept. On failure everything acquired is released.
func Open(ctx context.Context, opts Options) (_ *Server, err error) {
	cfg := opts.Config
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	s := &Server{cfg: cfg, log: log, now: now}
	defer func() {
		if err != nil {
			_ = s.Close()
		}
	}()

	// The [[cluster.peers]] check reads an existing identity, if any.
	dataDir := cfg.Server.DataDir
	existing, rerr := config.ReadNodeIdentity(dataDir)
	if rerr != nil && !errors.Is(rerr, fs.ErrNotExist) {
		return nil, rerr
	}
	if err := cfg.CheckCluster(existing); err != nil {
		return nil, err
	}
	if cfg.Source == "" {
		log.Info("no configuration file; using the defaults")
	} else {
		log.Info("configuration loaded", "file", cfg.Source)
	}

	// Data directory, created if missing, then locked (§7.4).
	if err := os.MkdirAll(dataDir, 0o755); err != nil {
		return nil, fmt.Errorf("cannot create data directory %s: %w", dataDir, err)
	}
	if s.lock, err = config.LockDataDir(dataDir); err != nil {
		return nil, err
	}

	// Node identity (§9.4).
	id, created, err := config.LoadOrCreateNodeIdentity(dataDir, now())
	if err != nil {
		return nil, err
	}
	if created {
		log.Info("node identity created", "node_id", id.NodeID, "cluster_id", id.ClusterID)
	}
	s.id = id

	// Auth store: keys, bootstrap, peer user (§5).
	s.auth, err = auth.Open(auth.Options{
		DataDir:           dataDir,
		Algorithm:         cfg.JWTAlgorithm(),
		AccessTTLSecs:     int64(cfg.Auth.AccessTokenTTLSecs),
		RefreshTTLSecs:    int64(cfg.Auth.RefreshTokenTTLSecs),
		BootstrapPassword: opts.BootstrapPassword,
		Logger:            log,
		Now:               now,
	})
	if err != nil {
		return nil, err
	}

	// Engine.
	eo := engine.DefaultOptions()
	if opts.EngineOptions != nil {
		cp := *opts.EngineOptions
		eo = &cp
	}
	if eo.Logger == nil {
		eo.Logger = log
	}
	if s.store, err = engine.OpenStore(dataDir, eo); err != nil {
		return nil, err
	}

	s.sessions = session.NewRegistry()
	var writers []dispatch.Writer
	for _, w := range cfg.Cluster.Writers {
		writers = append(writers, dispatch.Writer{Collection: w.Collection, NodeID: w.NodeID})
	}
	s.exec = dispatch.New(dispatch.Options{
		Store:    s.store,
		Auth:     s.auth,
		Sessions: s.sessions,
		Topology: dispatch.TopologyJSON(id.ClusterID, id.NodeID, cfg.Server.Bind, int64(cfg.Cluster.VnodesPerNode), writers),
		Logger:   log,
	})
	if err := s.openDatabases(); err != nil {
		return nil, err
	}

	// Metrics, then HTTP with /readyz 503.
	s.metrics = observe.NewMetrics(observe.MetricsOptions{
		NodeID:      id.NodeID,
		ClusterID:   id.ClusterID,
		EngineStats: s.exec.EngineStats,
	})
	if cfg.HTTPEnabled() {
		s.http = observe.NewServer(observe.ServerOptions{
			Addr:    cfg.HTTP.Bind,
			Metrics: s.metrics,
			JWKS:    s.auth.JWKS,
			Logger:  log,
		})
		if err := s.http.Start(ctx); err != nil {
			return nil, err
		}
		log.Info("HTTP listening", "addr", s.http.Addr().String())
	}

	// TLS material and the client listener.
	if cfg.TLS.Enabled {
		m, err := tlsutil.Load(tlsutil.Options{
			DataDir:  dataDir,
			CertFile: cfg.TLS.CertFile,
			KeyFile:  cfg.TLS.KeyFile,
			Logger:   log,
			Now:      now,
		})
		if err != nil {
			return nil, err
		}
		s.tls = tlsutil.ServerConfig(m.Certificate)
	}
	s.acceptCtx, s.stopAccept = context.WithCancel(context.Background())
	var lc net.ListenConfig
	if s.ln, err = lc.Listen(ctx, "tcp", cfg.Server.Bind); err != nil {
		return nil, fmt.Errorf("cannot listen on %s: %w", cfg.Server.Bind, err)
	}
	s.caps = limits.NewConnCaps(cfg.GlobalConnCap(), int(cfg.Limits.MaxConnsPerIP))
	s.sessCfg = &session.Config{
		Exec:        s.exec,
		Metrics:     s.metrics,
		Commands:    limits.NewCommandLimiter(cfg.CommandsPerSecPerIP(), cfg.CommandsBurstPerIP(), now),
		Logins:      limits.NewLoginBackoff(int(cfg.Limits.FailedLoginsPerMinPerIP), now),
		IdleTimeout: cfg.IdleTimeout(),
		Logger:      log,
	}
	if s.http != nil {
		s.http.SetReady(true)
	}
	log.Info("ready", "addr", s.ln.Addr().String(), "tls", s.tls != nil,
		"node_id", id.NodeID, "version", observe.ServerVersion)
	return s, nil
}

// openDatabases opens every database of every tenant, so a database in
// another storage format stops startup (§9.3) and the metrics see every
// buffer pool from the start.
func (s *Server) openDatabases() error {
	tenants, err := s.store.Tenants()
	if err != nil {
		return err
	}
	for _, t := range tenants {
		dbs, err := s.store.Databases(t)
		if err != nil {
			return err
		}
		for _, d := range dbs {
			if err := s.exec.Preopen(t, d); err != nil {
				if isFormatError(err) {
					return fmt.Errorf("%w: %s: %v", ErrUnsupportedFormat, filepath.Join(t, d), err)
				}
				if errors.Is(err, engine.ErrLocked) || errors.Is(err, engine.ErrDatabaseNotFound) {
					if errors.Is(err, engine.ErrLocked) {
						return err
					}
					continue
				}
				s.log.Error("cannot open database", "tenant", t, "database", d, "err", err)
			}
		}
	}
	return nil
}

// isFormatError recognises the engine's refusal of a file it did not
// write (another storage format).
func isFormatError(err error) bool {
	return errors.Is(err, engine.ErrUnsupportedFormat)
}

package main

import (
	"context"

	"github.com/grumpydb/grumpydb/server/internal/config"
	"github.com/grumpydb/grumpydb/server/internal/server"
)

// configFlags turns the parsed command line into config.Flags.
func configFlags(p *parsedArgs) *config.Flags {
	f := &config.Flags{
		NoHTTP: p.has("no-http"),
		TLS:    p.has("tls"),
		NoTLS:  p.has("no-tls"),
	}
	ptr := func(name string) *string {
		if v, ok := p.value(name); ok {
			return &v
		}
		return nil
	}
	f.ConfigPath = ptr("config")
	f.DataDir = ptr("data")
	f.Bind = ptr("bind")
	f.HTTPBind = ptr("http-bind")
	f.TLSCert = ptr("tls-cert")
	f.TLSKey = ptr("tls-key")
	f.BootstrapPassword = ptr("bootstrap-password")
	f.LogFormat = ptr("log-format")
	return f
}

// loadConfig is the first startup step (§9.3): defaults, TOML, flags,
// validation.
func loadConfig(f *config.Flags) (*config.Config, error) {
	cfg, err := config.Load(f.ConfigFile())
	if err != nil {
		return nil, err
	}
	cfg.ApplyFlags(f)
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return cfg, nil
}

// serve runs the server until ctx ends (SIGINT, SIGTERM).
func serve(ctx context.Context, e *env, p *parsedArgs) error {
	f := configFlags(p)
	log := newLogger(e.stderr, f)
	cfg, err := loadConfig(f)
	if err != nil {
		return err
	}
	pw, _ := f.ResolveBootstrapPassword(e.getenv)
	srv, err := server.Open(ctx, server.Options{Config: cfg, BootstrapPassword: pw, Logger: log})
	if err != nil {
		return err
	}
	return srv.Serve(ctx)
}

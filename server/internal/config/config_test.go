package config

import (
	"reflect"
	"testing"
	"time"
)

// TestDefaultsMatchSpec pins every §9.1 default.
func TestDefaultsMatchSpec(t *testing.T) {
	want := &Config{
		Server: Server{Bind: "0.0.0.0:6380", DataDir: "./data", MaxConnections: 1024,
			IdleTimeoutSecs: 0, ShutdownTimeoutSecs: 30},
		TLS:  TLS{Enabled: false, HandshakeTimeoutSecs: 10},
		Auth: Auth{AccessTokenTTLSecs: 3600, RefreshTokenTTLSecs: 604800, JWTAlgorithm: "rs256"},
		Limits: Limits{CommandsPerSecPerIP: 100, CommandsBurstPerIP: 200, FailedLoginsPerMinPerIP: 5,
			MaxConnsPerIP: 100, MaxConnsGlobal: 10000, BypassLoopback: true},
		HTTP:    HTTP{Bind: "0.0.0.0:6381"},
		Cluster: Cluster{VnodesPerNode: 256, GCGraceSeconds: 864000, MaxLagSeconds: 5},
	}
	got := Defaults()
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Defaults() =\n%+v\nwant\n%+v", got, want)
	}
	if got.Cluster.ClusterID != nil || got.Cluster.Peers != nil || got.Cluster.Writers != nil {
		t.Fatal("cluster_id, peers and writers must default to unset")
	}
	if err := got.Validate(); err != nil {
		t.Fatalf("defaults do not validate: %v", err)
	}
	// Defaults returns a fresh value each time.
	got.Server.Bind = "x"
	if Defaults().Server.Bind != "0.0.0.0:6380" {
		t.Fatal("Defaults shares state between calls")
	}
}

func TestGlobalConnCap(t *testing.T) {
	cases := []struct {
		maxConns, global uint32
		want             int
	}{
		{1024, 10000, 1024}, // the defaults
		{0, 10000, 10000},   // max_connections 0: no cap
		{20000, 10000, 10000},
		{5, 7, 5},
		{7, 0, 0},
	}
	for _, c := range cases {
		cfg := Defaults()
		cfg.Server.MaxConnections = c.maxConns
		cfg.Limits.MaxConnsGlobal = c.global
		if got := cfg.GlobalConnCap(); got != c.want {
			t.Errorf("max_connections=%d max_conns_global=%d: cap %d, want %d", c.maxConns, c.global, got, c.want)
		}
	}
}

func TestCommandLimitsZeroCountsAsOne(t *testing.T) {
	cfg := Defaults()
	if cfg.CommandsPerSecPerIP() != 100 || cfg.CommandsBurstPerIP() != 200 {
		t.Fatalf("defaults: %v/%v", cfg.CommandsPerSecPerIP(), cfg.CommandsBurstPerIP())
	}
	cfg.Limits.CommandsPerSecPerIP = 0
	cfg.Limits.CommandsBurstPerIP = 0
	if cfg.CommandsPerSecPerIP() != 1 || cfg.CommandsBurstPerIP() != 1 {
		t.Fatalf("zero: %v/%v, want 1/1", cfg.CommandsPerSecPerIP(), cfg.CommandsBurstPerIP())
	}
}

func TestDurations(t *testing.T) {
	cfg := Defaults()
	if cfg.IdleTimeout() != 0 || cfg.ShutdownTimeout() != 30*time.Second || cfg.HandshakeTimeout() != 10*time.Second {
		t.Fatalf("got %v %v %v", cfg.IdleTimeout(), cfg.ShutdownTimeout(), cfg.HandshakeTimeout())
	}
	cfg.Server.IdleTimeoutSecs = 1<<32 - 1
	if cfg.IdleTimeout() != time.Duration(1<<32-1)*time.Second || cfg.IdleTimeout() <= 0 {
		t.Fatalf("max idle timeout %v", cfg.IdleTimeout())
	}
}

func TestJWTAlgorithm(t *testing.T) {
	for in, want := range map[string]string{
		"rs256": "rs256", "hs256": "hs256", "HS256": "hs256", "Hs256": "hs256",
		"": "rs256", "es256": "rs256", "hs512": "rs256", " hs256": "rs256",
	} {
		cfg := Defaults()
		cfg.Auth.JWTAlgorithm = in
		if got := cfg.JWTAlgorithm(); got != want {
			t.Errorf("jwt_algorithm %q: %q, want %q", in, got, want)
		}
	}
}

func TestHTTPEnabled(t *testing.T) {
	cfg := Defaults()
	if !cfg.HTTPEnabled() {
		t.Fatal("HTTP must be on by default")
	}
	cfg.HTTP.Bind = ""
	if cfg.HTTPEnabled() {
		t.Fatal(`http.bind "" must disable HTTP`)
	}
}

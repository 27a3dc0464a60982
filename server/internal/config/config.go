package config

import (
	"strings"
	"time"
)

// DefaultPath is the configuration file read when --config is not given
// (§9.1: ./grumpydb.toml, relative to the working directory).
const DefaultPath = "grumpydb.toml"

// Config is the whole server configuration: the TOML schema of §9.1 with the
// command-line overrides of §9.2 applied on top. Every TOML key has a field;
// fields tagged `toml:"-"` are not settable from the file.
type Config struct {
	Server  Server  `toml:"server"`
	TLS     TLS     `toml:"tls"`
	Auth    Auth    `toml:"auth"`
	Limits  Limits  `toml:"limits"`
	HTTP    HTTP    `toml:"http"`
	Cluster Cluster `toml:"cluster"`

	// Source is the file the configuration was read from, or "" when that
	// file did not exist and the defaults are in use (the caller logs it).
	Source string `toml:"-"`
}

// Server is the [server] table.
type Server struct {
	// Bind is the client-protocol listen address, host:port; host names
	// are resolved when listening.
	Bind string `toml:"bind"`
	// DataDir is the data directory (§7.2).
	DataDir string `toml:"data_dir"`
	// MaxConnections caps the global connection limit when > 0 (§2.2).
	MaxConnections uint32 `toml:"max_connections"`
	// IdleTimeoutSecs closes idle connections; 0 disables (§2.5).
	IdleTimeoutSecs uint32 `toml:"idle_timeout_secs"`
	// ShutdownTimeoutSecs bounds the drain at shutdown (§2.5).
	ShutdownTimeoutSecs uint32 `toml:"shutdown_timeout_secs"`
}

// TLS is the [tls] table (§2.6).
type TLS struct {
	Enabled              bool   `toml:"enabled"`
	HandshakeTimeoutSecs uint32 `toml:"handshake_timeout_secs"`
	// CertFile and KeyFile are the configured paths; "" means not
	// configured, so the default under <data_dir>/_auth applies (see
	// package tlsutil for the rules).
	CertFile string `toml:"cert_file"`
	KeyFile  string `toml:"key_file"`
}

// Auth is the [auth] table (§5.2).
type Auth struct {
	// AccessTokenTTLSecs and RefreshTokenTTLSecs are used only when
	// jwt/config.json is created.
	AccessTokenTTLSecs  uint32 `toml:"access_token_ttl_secs"`
	RefreshTokenTTLSecs uint32 `toml:"refresh_token_ttl_secs"`
	// JWTAlgorithm is as written; use (*Config).JWTAlgorithm for its
	// meaning.
	JWTAlgorithm string `toml:"jwt_algorithm"`
}

// Limits is the [limits] table (§5.6).
type Limits struct {
	CommandsPerSecPerIP     uint32 `toml:"commands_per_sec_per_ip"`
	CommandsBurstPerIP      uint32 `toml:"commands_burst_per_ip"`
	FailedLoginsPerMinPerIP uint32 `toml:"failed_logins_per_min_per_ip"`
	MaxConnsPerIP           uint32 `toml:"max_conns_per_ip"`
	MaxConnsGlobal          uint32 `toml:"max_conns_global"`
	BypassLoopback          bool   `toml:"bypass_loopback"`
}

// HTTP is the [http] table (§8).
type HTTP struct {
	// Bind is a literal IP:port; "" disables the HTTP server.
	Bind string `toml:"bind"`
}

// Cluster is the [cluster] table (§9.1, §11).
type Cluster struct {
	// ClusterID is nil when the key is absent.
	ClusterID *string `toml:"cluster_id"`
	// ListenPeer is the peer-port address; "" is off.
	ListenPeer     string   `toml:"listen_peer"`
	VnodesPerNode  uint32   `toml:"vnodes_per_node"`
	GCGraceSeconds uint32   `toml:"gc_grace_seconds"`
	MaxLagSeconds  uint32   `toml:"max_lag_seconds"`
	Peers          []Peer   `toml:"peers"`
	Writers        []Writer `toml:"writers"`
}

// Peer is one [[cluster.peers]] entry.
type Peer struct {
	// NodeID and Addr (the peer's client address) are required.
	NodeID string `toml:"node_id"`
	Addr   string `toml:"addr"`
	// The rest are accepted and not used yet.
	Status           string   `toml:"status"`
	LastSeenAtUnix   uint64   `toml:"last_seen_at_unix"`
	VnodeAssignments []uint32 `toml:"vnode_assignments"`
}

// Writer is one [[cluster.writers]] entry.
type Writer struct {
	// Collection is a collection name or "*".
	Collection string `toml:"collection"`
	NodeID     string `toml:"node_id"`
}

// Defaults returns the configuration used when no file exists and no flag
// is given: every default of §9.1.
func Defaults() *Config {
	return &Config{
		Server: Server{
			Bind:                "0.0.0.0:6380",
			DataDir:             "./data",
			MaxConnections:      1024,
			IdleTimeoutSecs:     0,
			ShutdownTimeoutSecs: 30,
		},
		TLS: TLS{
			Enabled:              false,
			HandshakeTimeoutSecs: 10,
		},
		Auth: Auth{
			AccessTokenTTLSecs:  3600,
			RefreshTokenTTLSecs: 604800,
			JWTAlgorithm:        "rs256",
		},
		Limits: Limits{
			CommandsPerSecPerIP:     100,
			CommandsBurstPerIP:      200,
			FailedLoginsPerMinPerIP: 5,
			MaxConnsPerIP:           100,
			MaxConnsGlobal:          10000,
			BypassLoopback:          true,
		},
		HTTP: HTTP{Bind: "0.0.0.0:6381"},
		Cluster: Cluster{
			VnodesPerNode:  256,
			GCGraceSeconds: 864000,
			MaxLagSeconds:  5,
		},
	}
}

// GlobalConnCap is the global connection cap of §2.2:
// min(limits.max_conns_global, server.max_connections) when
// server.max_connections > 0, else limits.max_conns_global.
func (c *Config) GlobalConnCap() int {
	g := c.Limits.MaxConnsGlobal
	if m := c.Server.MaxConnections; m > 0 && m < g {
		g = m
	}
	return int(g)
}

// CommandsPerSecPerIP is the command token bucket's refill rate; 0 counts
// as 1 (§5.6).
func (c *Config) CommandsPerSecPerIP() float64 {
	return float64(max(c.Limits.CommandsPerSecPerIP, 1))
}

// CommandsBurstPerIP is the command token bucket's size; 0 counts as 1.
func (c *Config) CommandsBurstPerIP() int {
	return int(max(c.Limits.CommandsBurstPerIP, 1))
}

// IdleTimeout is server.idle_timeout_secs; 0 means off.
func (c *Config) IdleTimeout() time.Duration {
	return seconds(c.Server.IdleTimeoutSecs)
}

// ShutdownTimeout is server.shutdown_timeout_secs.
func (c *Config) ShutdownTimeout() time.Duration {
	return seconds(c.Server.ShutdownTimeoutSecs)
}

// HandshakeTimeout is tls.handshake_timeout_secs.
func (c *Config) HandshakeTimeout() time.Duration {
	return seconds(c.TLS.HandshakeTimeoutSecs)
}

// JWTAlgorithm is the algorithm a fresh auth store uses (§5.2): "hs256"
// when auth.jwt_algorithm is hs256 in any case, "rs256" for any other value.
func (c *Config) JWTAlgorithm() string {
	if strings.EqualFold(c.Auth.JWTAlgorithm, "hs256") {
		return "hs256"
	}
	return "rs256"
}

// HTTPEnabled reports whether the observability server is to run.
func (c *Config) HTTPEnabled() bool { return c.HTTP.Bind != "" }

// seconds converts a TOML seconds value; a uint32 always fits in a
// Duration (about 136 years against 292).
func seconds(s uint32) time.Duration {
	return time.Duration(s) * time.Second
}

package config

import (
	"errors"
	"testing"
)

func TestValidate(t *testing.T) {
	cases := []struct {
		name   string
		modify func(*Config)
		msg    string // "" = valid
	}{
		{"defaults", func(*Config) {}, ""},
		{"host name bind", func(c *Config) { c.Server.Bind = "localhost:6380" }, ""},
		{"ipv6 bind", func(c *Config) { c.Server.Bind = "[::1]:0" }, ""},
		{"empty host bind", func(c *Config) { c.Server.Bind = ":6380" }, ""},
		{"bind without port", func(c *Config) { c.Server.Bind = "127.0.0.1" },
			"config: invalid setting: server.bind: invalid address '127.0.0.1': missing port in address"},
		{"bind bad port", func(c *Config) { c.Server.Bind = "127.0.0.1:99999" },
			"config: invalid setting: server.bind: invalid address '127.0.0.1:99999': invalid port '99999'"},
		{"bind empty", func(c *Config) { c.Server.Bind = "" },
			"config: invalid setting: server.bind: invalid address '': missing port in address"},
		{"data dir empty", func(c *Config) { c.Server.DataDir = "" },
			"config: invalid setting: server.data_dir must not be empty"},
		{"http disabled", func(c *Config) { c.HTTP.Bind = "" }, ""},
		{"http ipv6", func(c *Config) { c.HTTP.Bind = "[::1]:6381" }, ""},
		{"http host name", func(c *Config) { c.HTTP.Bind = "localhost:6381" },
			"config: invalid setting: http.bind: invalid address 'localhost:6381': expected a literal IP:port"},
		{"http no port", func(c *Config) { c.HTTP.Bind = "127.0.0.1" },
			"config: invalid setting: http.bind: invalid address '127.0.0.1': expected a literal IP:port"},
		{"listen_peer bad", func(c *Config) { c.Cluster.ListenPeer = "nope" },
			"config: invalid setting: cluster.listen_peer: invalid address 'nope': missing port in address"},
		{"peer without node_id", func(c *Config) { c.Cluster.Peers = []Peer{{Addr: "a:1"}} },
			"config: invalid setting: cluster.peers[0]: node_id is required"},
		{"peer without addr", func(c *Config) { c.Cluster.Peers = []Peer{{NodeID: "a", Addr: "a:1"}, {NodeID: "b"}} },
			"config: invalid setting: cluster.peers[1]: addr is required"},
		{"writer without collection", func(c *Config) { c.Cluster.Writers = []Writer{{NodeID: "n"}} },
			"config: invalid setting: cluster.writers[0]: collection is required"},
		{"writer without node", func(c *Config) { c.Cluster.Writers = []Writer{{Collection: "*"}} },
			"config: invalid setting: cluster.writers[0]: node_id is required"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg := Defaults()
			c.modify(cfg)
			err := cfg.Validate()
			if c.msg == "" {
				if err != nil {
					t.Fatalf("unexpected error %v", err)
				}
				return
			}
			if err == nil || err.Error() != c.msg || !errors.Is(err, ErrInvalid) {
				t.Fatalf("got %v, want %q", err, c.msg)
			}
		})
	}
}

func TestCheckCluster(t *testing.T) {
	id := &NodeIdentity{NodeID: "node-a", ClusterID: "6f1c2b0e-8d5a-4c1e-9b7a-2f3d4e5f6a7b", IdentityVersion: 1}
	other := "11111111-2222-4333-8444-555555555555"
	upper := "6F1C2B0E-8D5A-4C1E-9B7A-2F3D4E5F6A7B"
	cases := []struct {
		name   string
		id     *NodeIdentity
		modify func(*Config)
		want   error
	}{
		{"no peers", id, func(*Config) {}, nil},
		{"no peers, no identity", nil, func(*Config) {}, nil},
		{"local peer", id, func(c *Config) { c.Cluster.Peers = []Peer{{NodeID: "node-a", Addr: "x:1"}} }, nil},
		{"foreign peer", id, func(c *Config) {
			c.Cluster.Peers = []Peer{{NodeID: "node-a", Addr: "x:1"}, {NodeID: "node-b", Addr: "y:1"}}
		}, ErrClusterUnavailable},
		{"peer without identity", nil, func(c *Config) { c.Cluster.Peers = []Peer{{NodeID: "node-a", Addr: "x:1"}} },
			ErrClusterUnavailable},
		{"cluster_id ignored without listen_peer", id, func(c *Config) { c.Cluster.ClusterID = &other }, nil},
		{"cluster_id mismatch", id, func(c *Config) {
			c.Cluster.ClusterID = &other
			c.Cluster.ListenPeer = "127.0.0.1:7000"
		}, ErrClusterIDMismatch},
		{"cluster_id matches in other case", id, func(c *Config) {
			c.Cluster.ClusterID = &upper
			c.Cluster.ListenPeer = "127.0.0.1:7000"
		}, nil},
		{"cluster_id unset with listen_peer", id, func(c *Config) { c.Cluster.ListenPeer = "127.0.0.1:7000" }, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg := Defaults()
			c.modify(cfg)
			err := cfg.CheckCluster(c.id)
			if c.want == nil && err != nil || c.want != nil && !errors.Is(err, c.want) {
				t.Fatalf("got %v, want %v", err, c.want)
			}
		})
	}
	cfg := Defaults()
	cfg.Cluster.Peers = []Peer{{NodeID: "zz", Addr: "a:1"}}
	if got := cfg.CheckCluster(id).Error(); got !=
		"cluster mode is not available yet: remove [[cluster.peers]] entries for other nodes" {
		t.Fatalf("peer message %q", got)
	}
	cfg = Defaults()
	cfg.Cluster.ClusterID = &other
	cfg.Cluster.ListenPeer = "127.0.0.1:7000"
	want := "config: cluster_id mismatch: cluster.cluster_id '" + other +
		"' does not match the node identity's cluster_id '" + id.ClusterID + "'"
	if got := cfg.CheckCluster(id).Error(); got != want {
		t.Fatalf("mismatch message %q, want %q", got, want)
	}
}

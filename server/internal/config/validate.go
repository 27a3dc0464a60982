package config

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strconv"
)

// Validate checks the merged configuration (after ApplyFlags): addresses
// well formed (server.bind host:port, http.bind a literal IP:port or "",
// cluster.listen_peer host:port or ""), a data directory named, and every
// [[cluster.peers]] and [[cluster.writers]] entry complete. Errors wrap
// ErrInvalid and name the key. The checks that need the node identity are
// in CheckCluster.
func (c *Config) Validate() error {
	if c.Server.DataDir == "" {
		return fmt.Errorf("%w: server.data_dir must not be empty", ErrInvalid)
	}
	if err := checkHostPort(c.Server.Bind); err != nil {
		return fmt.Errorf("%w: server.bind: invalid address '%s': %s", ErrInvalid, c.Server.Bind, err)
	}
	if b := c.HTTP.Bind; b != "" {
		if _, err := netip.ParseAddrPort(b); err != nil {
			return fmt.Errorf("%w: http.bind: invalid address '%s': expected a literal IP:port", ErrInvalid, b)
		}
	}
	if lp := c.Cluster.ListenPeer; lp != "" {
		if err := checkHostPort(lp); err != nil {
			return fmt.Errorf("%w: cluster.listen_peer: invalid address '%s': %s", ErrInvalid, lp, err)
		}
	}
	for i, p := range c.Cluster.Peers {
		if p.NodeID == "" {
			return fmt.Errorf("%w: cluster.peers[%d]: node_id is required", ErrInvalid, i)
		}
		if p.Addr == "" {
			return fmt.Errorf("%w: cluster.peers[%d]: addr is required", ErrInvalid, i)
		}
	}
	for i, w := range c.Cluster.Writers {
		if w.Collection == "" {
			return fmt.Errorf("%w: cluster.writers[%d]: collection is required", ErrInvalid, i)
		}
		if w.NodeID == "" {
			return fmt.Errorf("%w: cluster.writers[%d]: node_id is required", ErrInvalid, i)
		}
	}
	return nil
}

// CheckCluster applies the §9.1 rules that involve the node identity:
//
//   - until cluster mode exists, every [[cluster.peers]] entry must name the
//     local node; otherwise the error is ErrClusterUnavailable itself, whose
//     text is the exact startup message. With id nil (no node.json yet) the
//     local node has no id, so any entry fails.
//   - with cluster.listen_peer set, a configured cluster.cluster_id must
//     equal node.json's (ErrClusterIDMismatch).
func (c *Config) CheckCluster(id *NodeIdentity) error {
	for _, p := range c.Cluster.Peers {
		if id == nil || p.NodeID != id.NodeID {
			return ErrClusterUnavailable
		}
	}
	if id != nil && c.Cluster.ListenPeer != "" && c.Cluster.ClusterID != nil &&
		!SameUUID(*c.Cluster.ClusterID, id.ClusterID) {
		return fmt.Errorf("%w: cluster.cluster_id '%s' does not match the node identity's cluster_id '%s'",
			ErrClusterIDMismatch, *c.Cluster.ClusterID, id.ClusterID)
	}
	return nil
}

// checkHostPort accepts host:port with a numeric port 0–65535 (the host
// may be empty, a name or an IP; names are resolved when listening).
func checkHostPort(addr string) error {
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		var ae *net.AddrError
		if errors.As(err, &ae) {
			return errors.New(ae.Err)
		}
		return err
	}
	if _, err := strconv.ParseUint(port, 10, 16); err != nil {
		return fmt.Errorf("invalid port '%s'", port)
	}
	return nil
}

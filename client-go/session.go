package client

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/grumpydb/grumpydb/protocol"
)

// Identity is the caller as WHOAMI reports it.
type Identity struct {
	// User and Tenant name the caller.
	User, Tenant string
	// Roles are the assignments, each "<role>:<scope>" as §6.6 renders them.
	Roles []string
}

// Whoami asks the server who the caller of a connection is.
func (c *Client) Whoami(ctx context.Context) (Identity, error) {
	resp, err := c.exec(ctx, call{}, []byte("WHOAMI"), nil)
	if err != nil {
		return Identity{}, err
	}
	if resp.Kind != protocol.KindSimple {
		return Identity{}, unexpected(resp, "+USER …")
	}
	return parseWhoami(resp.Text)
}

// parseWhoami parses "USER <sub> TENANT <tenant> ROLES <list>". The role
// list itself may contain spaces (scope renderings do), so it is split on
// commas that start a new "<role>:" assignment.
func parseWhoami(s string) (Identity, error) {
	rest, ok := strings.CutPrefix(s, "USER ")
	if !ok {
		return Identity{}, fmt.Errorf("%w: WHOAMI answered %.80q", ErrProtocol, s)
	}
	user, rest, ok1 := strings.Cut(rest, " TENANT ")
	i := strings.LastIndex(rest, " ROLES ")
	if !ok1 || i < 0 {
		return Identity{}, fmt.Errorf("%w: WHOAMI answered %.80q", ErrProtocol, s)
	}
	id := Identity{User: user, Tenant: rest[:i]}
	list := rest[i+len(" ROLES "):]
	for list != "" {
		// An assignment ends at the next ",<role>:" where <role> is a
		// lower-case word; commas inside quoted scope names stay.
		end := len(list)
		for j := 1; j < len(list); j++ {
			if list[j] == ',' && startsRole(list[j+1:]) {
				end = j
				break
			}
		}
		id.Roles = append(id.Roles, list[:end])
		list = strings.TrimPrefix(list[end:], ",")
	}
	return id, nil
}

// startsRole reports whether s starts with "<role>:" for a role name of
// [a-z_].
func startsRole(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ':':
			return i > 0
		case c == '_' || (c >= 'a' && c <= 'z'):
		default:
			return false
		}
	}
	return false
}

// Topology is the cluster layout TOPOLOGY reports (PROTOCOL.md §4.8).
// Unknown fields are ignored.
type Topology struct {
	ClusterID     string   `json:"cluster_id"`
	LocalNodeID   string   `json:"local_node_id"`
	N             int      `json:"n"`
	Peers         []Peer   `json:"peers"`
	VnodesPerNode int      `json:"vnodes_per_node"`
	Writers       []Writer `json:"writers"`
	// Leader is the leader's node id in cluster mode; nil otherwise.
	Leader *string `json:"leader"`
}

// Peer is one cluster member.
type Peer struct {
	NodeID string `json:"node_id"`
	Addr   string `json:"addr"`
}

// Writer is one configured writer assignment.
type Writer struct {
	Collection string `json:"collection"`
	NodeID     string `json:"node_id"`
}

// Topology fetches the server's topology.
func (c *Client) Topology(ctx context.Context) (Topology, error) {
	resp, err := c.exec(ctx, call{}, []byte("TOPOLOGY"), nil)
	if err != nil {
		return Topology{}, err
	}
	b, null, err := expectBulk(resp)
	if err == nil && null {
		err = unexpected(resp, "a topology bulk")
	}
	if err != nil {
		return Topology{}, err
	}
	var t Topology
	if err := json.Unmarshal(b, &t); err != nil {
		return Topology{}, fmt.Errorf("%w: TOPOLOGY: %w", ErrProtocol, err)
	}
	return t, nil
}

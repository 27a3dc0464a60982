package client

import (
	"testing"
)

func TestSessionBasics(t *testing.T) {
	s := sharedServer(t)
	c := adminClient(t, s, nil)
	if err := c.Ping(ctx(t)); err != nil {
		t.Fatal(err)
	}
	id, err := c.Whoami(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	if id.User != "admin" || id.Tenant != "_system" || len(id.Roles) != 1 || id.Roles[0] != "server_admin:Server" {
		t.Fatalf("whoami %+v", id)
	}
	top, err := c.Topology(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	if top.N != 1 || len(top.Peers) != 1 || top.Peers[0].Addr != s.addr() || top.Peers[0].NodeID != top.LocalNodeID || top.VnodesPerNode != 256 {
		t.Fatalf("topology %+v", top)
	}
	if cl := c.Claims(); cl.Subject != "admin" || cl.Tenant != "_system" || cl.TokenType != "access" || !cl.ExpiresAt.After(cl.IssuedAt) {
		t.Fatalf("claims %+v", cl)
	}
}

package auth

import (
	"context"
	"encoding/hex"
	"fmt"
	"io"

	"github.com/grumpydb/grumpydb/server/internal/rbac"
)

// Built-in identities of §5.5.
const (
	// SystemTenant holds the bootstrap admin and the peer user.
	SystemTenant = "_system"
	// AdminUser is the bootstrap administrator, server_admin on Server.
	AdminUser = "admin"
	// ClusterPeerUser is the built-in peer identity, cluster_peer on
	// Server.
	ClusterPeerUser = "_cluster/local-bootstrap"
	// ClusterPeerTokenTTLSecs is the lifetime of the peer token written
	// at each start: 365 days.
	ClusterPeerTokenTTLSecs int64 = 365 * 24 * 3600
	// shortBootstrapPassword: shorter bootstrap passwords only warn.
	shortBootstrapPassword = 8
)

// checkBootstrap decides, before anything is written, whether the
// bootstrap admin must be created: true when no user holds server_admin on
// any scope. Without a password that is ErrBootstrapRefused; an existing
// _system/admin (necessarily without server_admin) is
// `user already exists: _system/admin`.
func (s *Store) checkBootstrap(password string) (bool, error) {
	for _, e := range s.users {
		if e.user.HasRole(rbac.RoleServerAdmin) {
			return false, nil
		}
	}
	if password == "" {
		return false, ErrBootstrapRefused
	}
	if err := s.checkFreeLocked(userKey{SystemTenant, AdminUser}); err != nil {
		return false, err
	}
	return true, nil
}

// createAdmin creates _system/admin with server_admin on Server.
func (s *Store) createAdmin(password string) error {
	if len(password) < shortBootstrapPassword {
		s.log.Warn("bootstrap password is shorter than 8 bytes", "tenant", SystemTenant, "user", AdminUser)
	}
	hash, err := s.hash(context.Background(), password)
	if err != nil {
		return err
	}
	k := userKey{SystemTenant, AdminUser}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.insertLocked(User{
		Username: AdminUser, Tenant: SystemTenant, PasswordHash: hash,
		Roles:     []rbac.Assignment{{Role: rbac.RoleServerAdmin, Scope: rbac.ServerScope()}},
		CreatedAt: s.createdAtLocked(k),
	}); err != nil {
		return err
	}
	s.log.Info("created bootstrap administrator", "tenant", SystemTenant, "user", AdminUser)
	return nil
}

// ensureClusterPeer creates _system/_cluster/local-bootstrap (cluster_peer
// on Server, random 64-hex password) if absent, then writes a fresh
// 365-day access token for it, with its current roles, to
// jwt/cluster_peer.token (0600, no trailing newline).
func (s *Store) ensureClusterPeer() error {
	k := userKey{SystemTenant, ClusterPeerUser}
	s.mu.RLock()
	_, exists := s.users[k]
	s.mu.RUnlock()
	if !exists {
		raw := make([]byte, 32)
		if _, err := io.ReadFull(s.rand, raw); err != nil {
			return fmt.Errorf("auth: generating peer password: %w", err)
		}
		hash, err := s.hash(context.Background(), hex.EncodeToString(raw))
		if err != nil {
			return err
		}
		s.mu.Lock()
		err = s.insertLocked(User{
			Username: ClusterPeerUser, Tenant: SystemTenant, PasswordHash: hash,
			Roles:     []rbac.Assignment{{Role: rbac.RoleClusterPeer, Scope: rbac.ServerScope()}},
			CreatedAt: s.createdAtLocked(k),
		})
		s.mu.Unlock()
		if err != nil {
			return err
		}
	}
	u, _ := s.User(SystemTenant, ClusterPeerUser)
	tok, _, err := s.issue(u, TokenAccess, ClusterPeerTokenTTLSecs, s.now())
	if err != nil {
		return err
	}
	jwtDir := s.path(jwtDirName)
	if err := tightenPath(s.path(jwtDirName, clusterPeerFileName), s.log); err != nil {
		return err
	}
	if err := writeFileAtomic(jwtDir, clusterPeerFileName, []byte(tok), secretMode); err != nil {
		return err
	}
	s.peerToken = tok
	return nil
}

// ClusterPeerToken is the access token written to jwt/cluster_peer.token
// at Open.
func (s *Store) ClusterPeerToken() string { return s.peerToken }

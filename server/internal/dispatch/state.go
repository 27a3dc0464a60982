package dispatch

import (
	"sync"

	"github.com/grumpydb/grumpydb/server/internal/auth"
	"github.com/grumpydb/grumpydb/server/internal/rbac"
)

// State is one connection's state (§5.1): the caller's claims after LOGIN
// or TOKEN, and the current database after USE. It is safe for concurrent
// use: the connection's own goroutine changes it, and DROP USER on another
// connection may clear its caller.
type State struct {
	mu       sync.Mutex
	caller   *rbac.Principal
	database string
}

// Caller returns the current caller, nil when not authenticated. The
// returned principal is never modified afterwards, so it is a stable
// snapshot.
func (s *State) Caller() *rbac.Principal {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.caller
}

// SetCaller makes the claims' identity the caller.
func (s *State) SetCaller(c auth.Claims) {
	p := c.Principal()
	s.mu.Lock()
	s.caller = p
	s.mu.Unlock()
}

// ClearCallerIf clears the caller if it is user in tenant, reporting
// whether it did. The current database is kept.
func (s *State) ClearCallerIf(tenant, user string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.caller != nil && s.caller.Tenant == tenant && s.caller.Subject == user {
		s.caller = nil
		return true
	}
	return false
}

// Database returns the current database, "" if none.
func (s *State) Database() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.database
}

// SetDatabase selects db.
func (s *State) SetDatabase(db string) {
	s.mu.Lock()
	s.database = db
	s.mu.Unlock()
}

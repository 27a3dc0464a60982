package auth

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/grumpydb/grumpydb/server/internal/rbac"
)

// User returns a copy of the record of (tenant, name).
func (s *Store) User(tenant, name string) (User, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	e, ok := s.users[userKey{tenant, name}]
	if !ok {
		return User{}, false
	}
	return e.user.clone(), true
}

// CreateUser adds spec's user with an argon2id hash of password and no
// roles (§4.7), persisting the record before it returns. An existing user,
// or one whose file name (§5.4) another user already has, is
// `user already exists: <tenant>/<user>`. The hash runs under the store's
// password-check bound, waiting for a slot while ctx allows.
func (s *Store) CreateUser(ctx context.Context, spec UserSpec, password string) error {
	k := userKey{spec.Tenant, spec.User}
	s.mu.RLock()
	err := s.checkFreeLocked(k)
	s.mu.RUnlock()
	if err != nil {
		return err
	}
	hash, err := s.hash(ctx, password)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.insertLocked(User{
		Username: spec.User, Tenant: spec.Tenant, PasswordHash: hash,
		Roles: []rbac.Assignment{}, CreatedAt: s.createdAtLocked(k),
	})
}

// DropUser removes spec's user (§4.7): `user not found: <tenant>/<user>`
// if absent; otherwise allow is called with the record (under the store
// lock, so it must not call back into the store) and its error, typically
// the no-escalation refusal of rbac.Principal.CanDropUser, aborts the
// drop. A nil allow permits it. On success the record file is removed
// durably and the dropped user is returned; from then on its tokens fail
// TOKEN (`invalid token: unknown user`) and REFRESH (`invalid
// credentials`), also after a re-creation. Ending the user's open
// sessions (§5.1) is the server's part.
func (s *Store) DropUser(spec UserSpec, allow func(User) error) (User, error) {
	k := userKey{spec.Tenant, spec.User}
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.users[k]
	if !ok {
		return User{}, fmt.Errorf("%w: %s", ErrUserNotFound, spec)
	}
	if allow != nil {
		if err := allow(e.user.clone()); err != nil {
			return User{}, err
		}
	}
	if err := removeFileDurably(s.path(usersDirName), e.file); err != nil {
		return User{}, fmt.Errorf("auth: removing user record: %w", err)
	}
	delete(s.users, k)
	for name, owner := range s.files {
		if owner == k {
			delete(s.files, name)
		}
	}
	// Tokens of this incarnation carry iat ≤ max(now, created_at); a
	// re-creation must be created later than that (see createdAtLocked).
	s.pruneDroppedLocked()
	s.dropped[k] = max(s.now().Unix(), e.user.CreatedAt, s.dropped[k])
	return e.user.clone(), nil
}

// Grant appends (a.Role, a.Scope) to spec's user and persists it at once
// (identical assignments may accumulate). A missing user is
// `user not found: <spec as typed>` (spec.Text; `<tenant>/<user>` when
// Text is empty). The unknown-role and no-escalation checks that precede
// it in §4.7 are the caller's (rbac.ParseRole, Principal.CanGrant).
func (s *Store) Grant(spec UserSpec, a rbac.Assignment) error {
	return s.updateRoles(spec, func(roles []rbac.Assignment) []rbac.Assignment {
		return append(roles, a)
	})
}

// Revoke removes every assignment equal to a from spec's user; it
// succeeds even if none matched. Errors as Grant.
func (s *Store) Revoke(spec UserSpec, a rbac.Assignment) error {
	return s.updateRoles(spec, func(roles []rbac.Assignment) []rbac.Assignment {
		return slices.DeleteFunc(roles, func(x rbac.Assignment) bool { return x == a })
	})
}

func (s *Store) updateRoles(spec UserSpec, change func([]rbac.Assignment) []rbac.Assignment) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.users[userKey{spec.Tenant, spec.User}]
	if !ok {
		text := spec.Text
		if text == "" {
			text = spec.String()
		}
		return fmt.Errorf("%w: %s", ErrUserNotFound, text)
	}
	u := e.user.clone()
	u.Roles = change(u.Roles)
	if slices.Equal(u.Roles, e.user.Roles) {
		return nil // nothing changed (a REVOKE that matched nothing)
	}
	return s.rewriteLocked(e, u)
}

// ListUsers is LIST USERS for tenant: one line per user,
// `<user>@<tenant>:<role>,<role>…` (role names only, possibly none after
// the colon), sorted by username bytes.
func (s *Store) ListUsers(tenant string) []string {
	s.mu.RLock()
	var users []User
	for k, e := range s.users {
		if k.tenant == tenant {
			users = append(users, e.user)
		}
	}
	s.mu.RUnlock()
	sort.Slice(users, func(i, j int) bool { return users[i].Username < users[j].Username })
	lines := make([]string, len(users))
	for i, u := range users {
		lines[i] = u.Username + "@" + u.Tenant + ":" + strings.Join(u.RoleNames(), ",")
	}
	return lines
}

// checkFreeLocked refuses a key that exists or whose file name is taken.
func (s *Store) checkFreeLocked(k userKey) error {
	if _, ok := s.users[k]; ok {
		return fmt.Errorf("%w: %s/%s", ErrUserExists, k.tenant, k.user)
	}
	if _, taken := s.files[userFileName(k.tenant, k.user)]; taken {
		return fmt.Errorf("%w: %s/%s", ErrUserExists, k.tenant, k.user)
	}
	return nil
}

// insertLocked persists a new record, then adds it to the table.
func (s *Store) insertLocked(u User) error {
	k := userKey{u.Tenant, u.Username}
	if err := s.checkFreeLocked(k); err != nil {
		return err
	}
	name := userFileName(u.Tenant, u.Username)
	data, err := encodeUser(u)
	if err != nil {
		return err
	}
	if err := writeFileAtomic(s.path(usersDirName), name, data, secretMode); err != nil {
		return fmt.Errorf("auth: writing user record: %w", err)
	}
	s.users[k] = &userEntry{user: u.clone(), file: name}
	s.files[name] = k
	return nil
}

// rewriteLocked persists u over e's file, then replaces e's record.
func (s *Store) rewriteLocked(e *userEntry, u User) error {
	data, err := encodeUser(u)
	if err != nil {
		return err
	}
	if err := writeFileAtomic(s.path(usersDirName), e.file, data, secretMode); err != nil {
		return fmt.Errorf("auth: writing user record: %w", err)
	}
	e.user = u.clone()
	return nil
}

// createdAtLocked is the created_at of a new incarnation of k: now, but
// later than any iat a dropped incarnation's tokens can carry, so that a
// user dropped and re-created within one second does not revive its old
// tokens (§4.3: valid iff created_at ≤ iat).
func (s *Store) createdAtLocked(k userKey) int64 {
	now := s.now().Unix()
	if floor, ok := s.dropped[k]; ok && now <= floor {
		return floor + 1
	}
	return now
}

// pruneDroppedLocked forgets floors that are in the past: a new creation
// would get a later created_at anyway.
func (s *Store) pruneDroppedLocked() {
	now := s.now().Unix()
	for k, floor := range s.dropped {
		if floor < now {
			delete(s.dropped, k)
		}
	}
}

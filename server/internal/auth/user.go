package auth

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/grumpydb/grumpydb/server/internal/rbac"
)

// User is a user record (§5.4), stored as users/<tenant>__<user>.json.
// Field order is the file's member order.
type User struct {
	Username     string            `json:"username"`
	Tenant       string            `json:"tenant"`
	PasswordHash string            `json:"password_hash"`
	Roles        []rbac.Assignment `json:"roles"`
	CreatedAt    int64             `json:"created_at"` // unix seconds
}

// clone returns a copy sharing no slice with u.
func (u User) clone() User {
	u.Roles = cloneRoles(u.Roles)
	return u
}

// RoleNames lists the role of each assignment in order, as LIST USERS
// shows them.
func (u User) RoleNames() []string {
	names := make([]string, len(u.Roles))
	for i, a := range u.Roles {
		names[i] = string(a.Role)
	}
	return names
}

// HasRole reports whether u holds role r on any scope.
func (u User) HasRole(r rbac.Role) bool {
	for _, a := range u.Roles {
		if a.Role == r {
			return true
		}
	}
	return false
}

// userFileName is <tenant>__<user>.json with '/' and '\' in either part
// replaced by "__" (§5.4). Distinct users can share a file name; the store
// refuses the second.
func userFileName(tenant, user string) string {
	return escapeFilePart(tenant) + "__" + escapeFilePart(user) + ".json"
}

func escapeFilePart(s string) string {
	return strings.NewReplacer("/", "__", `\`, "__").Replace(s)
}

// encodeUser renders a record: pretty JSON (two-space indent), roles
// always an array, and a final newline.
func encodeUser(u User) ([]byte, error) {
	u.Roles = cloneRoles(u.Roles)
	b, err := json.MarshalIndent(u, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// errBadRecord marks a user file that cannot be read as a record; such
// files are skipped at load with a warning.
var errBadRecord = errors.New("auth: unreadable user record")

// decodeUser parses a record. username, tenant, password_hash and
// created_at are required and must be well-typed; a missing or null roles
// is no roles. Unknown members are ignored.
func decodeUser(data []byte) (User, error) {
	var w struct {
		Username     *string            `json:"username"`
		Tenant       *string            `json:"tenant"`
		PasswordHash *string            `json:"password_hash"`
		Roles        *[]rbac.Assignment `json:"roles"`
		CreatedAt    *int64             `json:"created_at"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&w); err != nil {
		return User{}, fmt.Errorf("%w: %v", errBadRecord, err)
	}
	if dec.More() {
		return User{}, fmt.Errorf("%w: trailing data", errBadRecord)
	}
	if w.Username == nil || w.Tenant == nil || w.PasswordHash == nil || w.CreatedAt == nil {
		return User{}, fmt.Errorf("%w: username, tenant, password_hash and created_at are required", errBadRecord)
	}
	u := User{Username: *w.Username, Tenant: *w.Tenant, PasswordHash: *w.PasswordHash, CreatedAt: *w.CreatedAt}
	if w.Roles != nil {
		u.Roles = *w.Roles
	}
	u.Roles = cloneRoles(u.Roles)
	return u, nil
}

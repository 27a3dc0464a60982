package client

import (
	"context"
	"fmt"
	"strings"

	"github.com/grumpydb/grumpydb/protocol"
)

// Administrative calls: databases, users, grants, tenants. They need the
// roles of PROTOCOL.md §6.3 and run on any pooled connection; those whose
// meaning depends on a selected database (Grant and Revoke with a bare
// resource name) run on one with no database selected.

// admin runs an administrative request.
func (c *Client) admin(ctx context.Context, r *request, noDB bool) (protocol.Response, error) {
	line, err := r.line()
	return c.exec(ctx, call{noDB: noDB}, line, err)
}

// adminOK runs an administrative request answered by "+OK".
func (c *Client) adminOK(ctx context.Context, r *request, noDB bool) error {
	resp, err := c.admin(ctx, r, noDB)
	if err != nil {
		return err
	}
	return expectSimple(resp, "OK")
}

// adminList runs an administrative request answered by an array.
func (c *Client) adminList(ctx context.Context, r *request) ([]string, error) {
	resp, err := c.admin(ctx, r, false)
	if err != nil {
		return nil, err
	}
	return expectStrings(resp)
}

// CreateDatabase creates a database in the caller's tenant.
func (c *Client) CreateDatabase(ctx context.Context, name string) error {
	return c.adminOK(ctx, newRequest("CREATE DATABASE").rest("database", name), false)
}

// DropDatabase drops a database and everything in it.
func (c *Client) DropDatabase(ctx context.Context, name string) error {
	return c.adminOK(ctx, newRequest("DROP DATABASE").rest("database", name), false)
}

// ListDatabases returns the database names of the caller's tenant, sorted.
func (c *Client) ListDatabases(ctx context.Context) ([]string, error) {
	return c.adminList(ctx, newRequest("LIST DATABASES"))
}

// CreateUser creates a user without roles. user is a user_spec: "alice"
// (the caller's tenant) or "alice@acme".
func (c *Client) CreateUser(ctx context.Context, user, password string) error {
	return c.adminOK(ctx, newRequest("CREATE USER").word("user", user).rest("password", password), false)
}

// DropUser drops a user; its tokens stop working and its connections lose
// their authentication.
func (c *Client) DropUser(ctx context.Context, user string) error {
	return c.adminOK(ctx, newRequest("DROP USER").rest("user", user), false)
}

// User is one entry of ListUsers.
type User struct {
	Name, Tenant string
	Roles        []string
}

// ListUsers lists the users of tenant ("" for the caller's), sorted by name.
func (c *Client) ListUsers(ctx context.Context, tenant string) ([]User, error) {
	r := newRequest("LIST USERS")
	if tenant != "" {
		r.rest("tenant", tenant)
	}
	lines, err := c.adminList(ctx, r)
	if err != nil {
		return nil, err
	}
	users := make([]User, 0, len(lines))
	for _, l := range lines {
		u, err := parseUserEntry(l)
		if err != nil {
			return nil, err
		}
		users = append(users, u)
	}
	return users, nil
}

// parseUserEntry parses "<user>@<tenant>:<role>,<role>…". Tenants are
// valid names (no '@' or ':'), so the split is at the last '@' and the
// first ':' after it.
func parseUserEntry(s string) (User, error) {
	at := strings.LastIndexByte(s, '@')
	if at < 0 {
		return User{}, fmt.Errorf("%w: LIST USERS entry %.80q", ErrProtocol, s)
	}
	tenant, roles, ok := strings.Cut(s[at+1:], ":")
	if !ok {
		return User{}, fmt.Errorf("%w: LIST USERS entry %.80q", ErrProtocol, s)
	}
	u := User{Name: s[:at], Tenant: tenant}
	if roles != "" {
		u.Roles = strings.Split(roles, ",")
	}
	return u, nil
}

// Grant grants role on resource (PROTOCOL.md §6.5: "@acme" for the
// tenant, "mydb" for a database, "users:mydb" for one collection) to the
// user. A bare name always means a database here; use
// Database.GrantCollection for a collection of a database.
func (c *Client) Grant(ctx context.Context, role, resource, user string) error {
	return c.adminOK(ctx, newRequest("GRANT").word("role", role).word("ON", "ON").word("resource", resource).word("TO", "TO").word("user", user), true)
}

// Revoke removes every equal assignment Grant made; it succeeds even if
// none matched.
func (c *Client) Revoke(ctx context.Context, role, resource, user string) error {
	return c.adminOK(ctx, newRequest("REVOKE").word("role", role).word("ON", "ON").word("resource", resource).word("FROM", "FROM").word("user", user), true)
}

// CreateTenant creates a tenant (server_admin only).
func (c *Client) CreateTenant(ctx context.Context, name string) error {
	return c.adminOK(ctx, newRequest("CREATE TENANT").rest("tenant", name), false)
}

// DropTenant deletes a tenant's data; its users remain.
func (c *Client) DropTenant(ctx context.Context, name string) error {
	return c.adminOK(ctx, newRequest("DROP TENANT").rest("tenant", name), false)
}

// ListTenants returns the tenant names, sorted.
func (c *Client) ListTenants(ctx context.Context) ([]string, error) {
	return c.adminList(ctx, newRequest("LIST TENANTS"))
}

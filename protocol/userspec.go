package protocol

import "strings"

// SplitUserSpec splits a user_spec (PROTOCOL.md §4.7) at its first '@':
// "alice" gives ("alice", "", false), meaning the caller's tenant;
// "alice@acme" gives ("alice", "acme", true); "a@b@c" gives ("a", "b@c",
// true). Names are not validated.
func SplitUserSpec(spec string) (user, tenant string, hasTenant bool) {
	return strings.Cut(spec, "@")
}

// ListUsersTenant returns the tenant named by LIST USERS' argument
// (Command.Tenant): one leading '@' is dropped, so "acme" and "@acme" both
// give "acme". An empty result means the caller's tenant.
func ListUsersTenant(arg string) string {
	return strings.TrimPrefix(arg, "@")
}

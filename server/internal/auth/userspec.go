package auth

import "strings"

// UserSpec names a user on the wire (§4.7): `alice` is alice in the
// caller's tenant, `alice@acme` alice in acme, split at the first `@`
// (`a@b@c` is user a in tenant b@c).
type UserSpec struct {
	Tenant string
	User   string
	// Text is the spec as typed, used by GRANT and REVOKE in
	// `user not found: <spec>`.
	Text string
}

// ParseUserSpec reads a user_spec. Names are not validated (§7.1 does not
// apply to users).
func ParseUserSpec(text, callerTenant string) UserSpec {
	if user, tenant, ok := strings.Cut(text, "@"); ok {
		return UserSpec{Tenant: tenant, User: user, Text: text}
	}
	return UserSpec{Tenant: callerTenant, User: text, Text: text}
}

// ListUsersTenant resolves LIST USERS' optional argument: `acme` or
// `@acme` (one leading `@` dropped); no argument (given false) means the
// caller's tenant.
func ListUsersTenant(arg string, given bool, callerTenant string) string {
	if !given {
		return callerTenant
	}
	return strings.TrimPrefix(arg, "@")
}

// String is `<tenant>/<user>`, the form of user errors.
func (s UserSpec) String() string { return s.Tenant + "/" + s.User }

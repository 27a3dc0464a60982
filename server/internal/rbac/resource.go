package rbac

import "strings"

// ParseResource reads the `ON <resource>` word of GRANT and REVOKE
// (§6.5) into a scope:
//
//	@acme                          Tenant
//	users:mydb, users:mydb@acme    Collection(mydb, users)  (split at the first ':')
//	mydb, mydb@acme                Database(mydb)           when currentDB is ""
//	name, name@acme                Collection(currentDB, name) otherwise
//
// The text is first split at its last `@` and the tenant part dropped:
// scopes apply in the grantee's own tenant. Names are taken as they are:
// PROTOCOL.md does not apply the naming rules (§7.1) here and existence is
// not checked. Server, AllDatabases and AllCollections cannot be written.
// The only error is ErrEmptyResource for an empty text.
func ParseResource(text, currentDB string) (Scope, error) {
	if text == "" {
		return Scope{}, ErrEmptyResource
	}
	left := text
	if i := strings.LastIndexByte(text, '@'); i >= 0 {
		left = text[:i]
	}
	if left == "" {
		return TenantScope(), nil
	}
	if coll, db, ok := strings.Cut(left, ":"); ok {
		return CollectionScope(db, coll), nil
	}
	if currentDB == "" {
		return DatabaseScope(left), nil
	}
	return CollectionScope(currentDB, left), nil
}

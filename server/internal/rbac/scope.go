package rbac

import (
	"encoding/json"
	"fmt"
)

// ScopeKind tells which of the six scope forms (§5.2) a Scope is.
type ScopeKind uint8

// The six scope kinds. The zero ScopeKind is invalid.
const (
	ScopeServer ScopeKind = iota + 1
	ScopeTenant
	ScopeAllDatabases
	ScopeDatabase
	ScopeAllCollections
	ScopeCollection
)

// Scope is both what an assignment applies to and what a command targets
// (§6.2). Scopes carry no tenant: every scope but Server lies in the tenant
// of the user holding it, and every target but Server in the caller's
// tenant.
//
// Database is set for ScopeDatabase, ScopeAllCollections and
// ScopeCollection; Collection for ScopeCollection only. The other fields
// are empty. Scope is comparable with ==.
type Scope struct {
	Kind       ScopeKind
	Database   string
	Collection string
}

// ServerScope is the Server scope.
func ServerScope() Scope { return Scope{Kind: ScopeServer} }

// TenantScope is the Tenant scope.
func TenantScope() Scope { return Scope{Kind: ScopeTenant} }

// AllDatabasesScope is the AllDatabases scope.
func AllDatabasesScope() Scope { return Scope{Kind: ScopeAllDatabases} }

// DatabaseScope is the Database(d) scope.
func DatabaseScope(d string) Scope { return Scope{Kind: ScopeDatabase, Database: d} }

// AllCollectionsScope is the AllCollections(d) scope.
func AllCollectionsScope(d string) Scope { return Scope{Kind: ScopeAllCollections, Database: d} }

// CollectionScope is the Collection(d, c) scope.
func CollectionScope(d, c string) Scope {
	return Scope{Kind: ScopeCollection, Database: d, Collection: c}
}

// Valid reports whether s is one of the six forms with only its own
// fields set.
func (s Scope) Valid() bool {
	switch s.Kind {
	case ScopeServer, ScopeTenant, ScopeAllDatabases:
		return s.Database == "" && s.Collection == ""
	case ScopeDatabase, ScopeAllCollections:
		return s.Collection == ""
	case ScopeCollection:
		return true
	}
	return false
}

// Covers reports whether an assignment on s reaches target t (the §6.2
// table). Invalid scopes cover nothing and are covered by nothing.
func (s Scope) Covers(t Scope) bool {
	if !s.Valid() || !t.Valid() {
		return false
	}
	switch s.Kind {
	case ScopeServer:
		return true
	case ScopeTenant:
		return t.Kind != ScopeServer
	case ScopeAllDatabases:
		return t.Kind >= ScopeAllDatabases
	case ScopeDatabase:
		return t.Kind >= ScopeDatabase && t.Database == s.Database
	case ScopeAllCollections:
		return t.Kind >= ScopeAllCollections && t.Database == s.Database
	case ScopeCollection:
		return t.Kind == ScopeCollection && t.Database == s.Database && t.Collection == s.Collection
	}
	return false
}

// scopeJSON is the wire form of a scope in tokens and user records.
type scopeJSON struct {
	Type       string  `json:"type"`
	Name       *string `json:"name,omitempty"`
	Database   *string `json:"database,omitempty"`
	Collection *string `json:"collection,omitempty"`
}

// MarshalJSON writes the §5.2 form of s, e.g.
// {"type":"collection","database":"d","collection":"c"}.
func (s Scope) MarshalJSON() ([]byte, error) {
	if !s.Valid() {
		return nil, fmt.Errorf("%w: kind %d", ErrInvalidScope, s.Kind)
	}
	var w scopeJSON
	switch s.Kind {
	case ScopeServer:
		w.Type = "server"
	case ScopeTenant:
		w.Type = "tenant"
	case ScopeAllDatabases:
		w.Type = "all_databases"
	case ScopeDatabase:
		w.Type, w.Name = "database", &s.Database
	case ScopeAllCollections:
		w.Type, w.Database = "all_collections", &s.Database
	case ScopeCollection:
		w.Type, w.Database, w.Collection = "collection", &s.Database, &s.Collection
	}
	return json.Marshal(w)
}

// UnmarshalJSON reads one of the six §5.2 forms. The members a form needs
// must be present and strings; members it does not use are ignored.
func (s *Scope) UnmarshalJSON(data []byte) error {
	var w scopeJSON
	if err := json.Unmarshal(data, &w); err != nil {
		return fmt.Errorf("%w: %v", ErrInvalidScope, err)
	}
	need := func(field string, v *string) (string, error) {
		if v == nil {
			return "", fmt.Errorf("%w: %q scope needs %q", ErrInvalidScope, w.Type, field)
		}
		return *v, nil
	}
	var out Scope
	var err error
	switch w.Type {
	case "server":
		out = ServerScope()
	case "tenant":
		out = TenantScope()
	case "all_databases":
		out = AllDatabasesScope()
	case "database":
		out.Kind = ScopeDatabase
		out.Database, err = need("name", w.Name)
	case "all_collections":
		out.Kind = ScopeAllCollections
		out.Database, err = need("database", w.Database)
	case "collection":
		out.Kind = ScopeCollection
		if out.Database, err = need("database", w.Database); err == nil {
			out.Collection, err = need("collection", w.Collection)
		}
	default:
		return fmt.Errorf("%w: unknown type %q", ErrInvalidScope, w.Type)
	}
	if err != nil {
		return err
	}
	*s = out
	return nil
}

package config

import (
	"errors"
	"fmt"
)

// Sentinel errors. Every error this package returns wraps exactly one of
// them; match with errors.Is. Their own texts never appear alone: the
// wrapping errors carry the exact messages of PROTOCOL.md.
var (
	// ErrUnknownKey: the TOML file holds a key or table the schema lacks.
	ErrUnknownKey = errors.New("config: unknown key")
	// ErrSyntax: the TOML file does not parse.
	ErrSyntax = errors.New("config: syntax error")
	// ErrType: a TOML value has the wrong type or is out of range.
	ErrType = errors.New("config: invalid value")
	// ErrRead: the TOML file exists but cannot be read.
	ErrRead = errors.New("config: cannot read file")
	// ErrInvalid: a setting is well typed but not acceptable (Validate).
	ErrInvalid = errors.New("config: invalid setting")
	// ErrClusterUnavailable: [[cluster.peers]] names a node other than
	// the local one (§9.1).
	ErrClusterUnavailable = errors.New("cluster mode is not available yet: remove [[cluster.peers]] entries for other nodes")
	// ErrClusterIDMismatch: cluster.cluster_id differs from node.json's
	// while cluster.listen_peer is set (§9.1).
	ErrClusterIDMismatch = errors.New("config: cluster_id mismatch")
	// ErrMalformedIdentity: _cluster/node.json cannot be used (§9.4).
	ErrMalformedIdentity = errors.New("malformed node.json")
	// ErrIdentityVersion: node.json has an identity_version this server
	// does not know (§9.4).
	ErrIdentityVersion = errors.New("unknown identity version")
	// ErrIdentityExists: CreateNodeIdentity found a node.json already.
	ErrIdentityExists = errors.New("identity already exists")
	// ErrInvalidUUID: a string is not a UUID.
	ErrInvalidUUID = errors.New("invalid UUID")
	// ErrLocked: a lock file is held by another opener (§7.4).
	ErrLocked = errors.New("database is locked by another process")
)

// FileError is a problem in the TOML file, located by line. Its text is
// `config <file>: line <n>: <detail>` (§9.1), for example
// `config grumpydb.toml: line 3: unknown key 'server.bnd'`.
type FileError struct {
	// Path is the file as it was named to Load.
	Path string
	// Line is 1-based; 0 when no line applies (a read error).
	Line int
	// Key is the dotted key concerned, "" when the parser could not tell.
	Key string
	// Detail is the text after the location.
	Detail string
	// Kind is the sentinel (ErrUnknownKey, ErrSyntax, ErrType or ErrRead).
	Kind error
}

// Error renders the §9.1 message.
func (e *FileError) Error() string {
	if e.Line <= 0 {
		return fmt.Sprintf("config %s: %s", e.Path, e.Detail)
	}
	return fmt.Sprintf("config %s: line %d: %s", e.Path, e.Line, e.Detail)
}

// Unwrap returns the sentinel, so errors.Is(err, ErrUnknownKey) works.
func (e *FileError) Unwrap() error { return e.Kind }

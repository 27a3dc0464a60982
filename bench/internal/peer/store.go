package peer

import (
	"errors"

	"github.com/google/uuid"
)

// Sentinel errors.
var (
	// ErrVerify means an engine returned a wrong result: the run fails.
	ErrVerify = errors.New("peer: verification failed")
	// ErrBadIndexKey means a secondary-index key could not be parsed.
	ErrBadIndexKey = errors.New("peer: malformed index key")
	// ErrNotEmpty means indexes were asked for on a store that has
	// documents (the peers only index from the start).
	ErrNotEmpty = errors.New("peer: indexes must be created on an empty store")
	// ErrUnknown means an unknown engine or workload was named.
	ErrUnknown = errors.New("peer: unknown name")
)

// Store is one engine's store in a directory. Methods used inside timed
// regions return counts (the decoded or copied documents themselves are
// produced and dropped, as a caller would use them); the map-returning
// methods exist for the untimed deep checks. A Store is safe for
// concurrent reads; writes may be concurrent too (C2).
type Store interface {
	// Insert writes one document in its own durable transaction.
	Insert(d *Doc) error
	// Load writes docs in one durable transaction.
	Load(docs []Doc) error
	// CreateIndexes creates the email and age indexes (on an empty store).
	CreateIndexes() error
	// Count returns the number of documents.
	Count() (int, error)
	// Get reads one document: GrumpyDB decodes it, peers return a copy of
	// the bytes. It returns the number of fields or bytes (> 0).
	Get(key uuid.UUID) (int, error)
	// ScanDecoded decodes every document in key order; it checks the
	// order and returns the count.
	ScanDecoded() (int, error)
	// ScanRaw reads every document without decoding (a copy of the
	// bytes; GrumpyDB, which has no raw scan, decodes).
	ScanRaw() (int, error)
	// QueryEmail returns the number of documents with that email, each
	// decoded.
	QueryEmail(email string) (int, error)
	// QueryAge returns the number of documents with lo ≤ age < hi, each
	// decoded.
	QueryAge(lo, hi int) (int, error)
	// Doc, EmailDocs and AgeDocs return decoded documents as JSON maps,
	// for verification.
	Doc(key uuid.UUID) (map[string]any, error)
	EmailDocs(email string) ([]map[string]any, error)
	AgeDocs(lo, hi int) ([]map[string]any, error)
	// Close closes the store, flushing what its engine flushes on close.
	Close() error
}

// Engine names an engine and opens its stores.
type Engine struct {
	Name string
	// Open opens (creating if needed) the store in dir.
	Open func(dir string) (Store, error)
	// NeedsValues is set for GrumpyDB, whose input is engine values.
	NeedsValues bool
	// Finds is set for the engines with a query language (GrumpyDB's
	// Find, SQLite's SQL): the only ones the find workloads Q1–Q3 run.
	Finds bool
}

// Engines returns every engine, GrumpyDB first.
func Engines() []Engine {
	return []Engine{
		{Name: "GrumpyDB", Open: openGrumpy, NeedsValues: true, Finds: true},
		{Name: "bbolt", Open: openBolt},
		{Name: "SQLite", Open: openSQLite, Finds: true},
		{Name: "Pebble", Open: openPebble},
	}
}

// EngineByName finds an engine (case-insensitive).
func EngineByName(name string) (Engine, error) {
	for _, e := range Engines() {
		if equalFold(e.Name, name) {
			return e, nil
		}
	}
	return Engine{}, errors.Join(ErrUnknown, errors.New("engine "+name))
}

func equalFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i]|0x20, b[i]|0x20
		if x != y {
			return false
		}
	}
	return true
}

package repl

import (
	"context"

	"github.com/google/uuid"
	"github.com/grumpydb/grumpydb/engine"
)

// Backend is what the shell runs statements against: the engine on local
// disk (Embedded) or a server over the Go client (Connected). Every method
// except Use and Close acts on the database selected by the last
// successful Use; the shell never calls them before one. Errors carry the
// engine's (or server's) message text, which the shell prints as is.
type Backend interface {
	// Use selects (opening or creating) database name. On failure the
	// previous selection stays.
	Use(ctx context.Context, name string) error
	// Close releases the backend (closes the open database).
	Close() error

	CreateCollection(ctx context.Context, name string) error
	DropCollection(ctx context.Context, name string) error
	Collections(ctx context.Context) ([]string, error)
	Flush(ctx context.Context) error

	// Insert stores one document, creating the collection first if it
	// does not exist.
	Insert(ctx context.Context, collection string, doc engine.Document) error
	// InsertMany stores every document in one transaction, creating the
	// collection first if it does not exist.
	InsertMany(ctx context.Context, collection string, docs []engine.Document) error
	// Get returns the document, with found false when the key is absent.
	Get(ctx context.Context, collection string, id uuid.UUID) (doc engine.Value, found bool, err error)
	Replace(ctx context.Context, collection string, id uuid.UUID, doc engine.Value) error
	Delete(ctx context.Context, collection string, id uuid.UUID) error
	Count(ctx context.Context, collection string) (int, error)

	// Find runs the filter and the raw options object (null for none)
	// and returns the results, without an added _id. With "explain" it
	// returns one document with the nil key holding the plan.
	Find(ctx context.Context, collection string, filter, options engine.Value) ([]engine.Document, error)
	// FindCount counts the documents the filter matches.
	FindCount(ctx context.Context, collection string, filter engine.Value) (int, error)
	// KeysBetween returns the keys in [lo, hi] (the id-prefix look-up).
	KeysBetween(ctx context.Context, collection string, lo, hi uuid.UUID) ([]uuid.UUID, error)

	CreateIndex(ctx context.Context, collection, name, field string) error
	DropIndex(ctx context.Context, collection, name string) error
	Indexes(ctx context.Context, collection string) ([]string, error)
	Query(ctx context.Context, collection, index string, v engine.Value) ([]engine.Document, error)
	QueryRange(ctx context.Context, collection, index string, lo, hi engine.Value) ([]engine.Document, error)

	// Resolve returns the document with references resolved to depth
	// hops, found false when absent.
	Resolve(ctx context.Context, collection string, id uuid.UUID, depth int) (doc engine.Value, found bool, err error)
	Compact(ctx context.Context, collection string) (int, error)
	Stats(ctx context.Context, collection string) (engine.CollectionStats, error)
}

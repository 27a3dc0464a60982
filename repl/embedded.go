package repl

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"

	"github.com/google/uuid"
	"github.com/grumpydb/grumpydb/engine"
)

// Embedded is the Backend of embedded mode: each database is the engine
// directory <root>/<name>/, opened (and created) on Use.
type Embedded struct {
	root string
	name string
	db   *engine.DB
	opts *engine.Options
}

// NewEmbedded returns an embedded backend over the data root. Nothing is
// created until the first Use. opts may be nil (engine defaults).
func NewEmbedded(root string, opts *engine.Options) *Embedded {
	o := engine.DefaultOptions()
	if opts != nil {
		c := *opts
		o = &c
	}
	o.CreateIfMissing = true
	return &Embedded{root: root, opts: o}
}

// Use opens <root>/<name>/ and closes the previously open database.
func (e *Embedded) Use(_ context.Context, name string) error {
	if err := engine.ValidateName(name); err != nil {
		return err
	}
	if e.db != nil && e.name == name {
		return nil
	}
	db, err := engine.Open(filepath.Join(e.root, name), e.opts)
	if err != nil {
		return err
	}
	if e.db != nil {
		_ = e.db.Close()
	}
	e.db, e.name = db, name
	return nil
}

// Close closes the open database, if any.
func (e *Embedded) Close() error {
	if e.db == nil {
		return nil
	}
	err := e.db.Close()
	e.db = nil
	return err
}

// CreateCollection implements Backend.
func (e *Embedded) CreateCollection(_ context.Context, name string) error {
	return e.db.CreateCollection(name)
}

// DropCollection implements Backend.
func (e *Embedded) DropCollection(_ context.Context, name string) error {
	return e.db.DropCollection(name)
}

// Collections implements Backend.
func (e *Embedded) Collections(_ context.Context) ([]string, error) { return e.db.Collections() }

// Flush implements Backend.
func (e *Embedded) Flush(_ context.Context) error { return e.db.Flush() }

// Insert implements Backend, creating the collection when missing.
func (e *Embedded) Insert(ctx context.Context, collection string, doc engine.Document) error {
	return e.InsertMany(ctx, collection, []engine.Document{doc})
}

// InsertMany implements Backend, creating the collection when missing.
func (e *Embedded) InsertMany(_ context.Context, collection string, docs []engine.Document) error {
	return e.db.Update(func(tx *engine.Tx) error {
		if !tx.HasCollection(collection) {
			if err := tx.CreateCollection(collection); err != nil {
				return err
			}
		}
		return tx.InsertMany(collection, docs)
	})
}

// Get implements Backend.
func (e *Embedded) Get(_ context.Context, collection string, id uuid.UUID) (engine.Value, bool, error) {
	v, err := e.db.Get(collection, id)
	if errors.Is(err, engine.ErrKeyNotFound) {
		return engine.Value{}, false, nil
	}
	return v, err == nil, err
}

// Replace implements Backend.
func (e *Embedded) Replace(_ context.Context, collection string, id uuid.UUID, doc engine.Value) error {
	return e.db.Replace(collection, id, doc)
}

// Delete implements Backend.
func (e *Embedded) Delete(_ context.Context, collection string, id uuid.UUID) error {
	return e.db.Delete(collection, id)
}

// Count implements Backend.
func (e *Embedded) Count(_ context.Context, collection string) (int, error) {
	return e.db.Count(collection)
}

// Find implements Backend through the engine's Find.
func (e *Embedded) Find(ctx context.Context, collection string, filter, options engine.Value) ([]engine.Document, error) {
	var opts engine.FindOptions
	if options.Kind() != engine.KindNull {
		o, err := engine.ParseFindOptions(options)
		if err != nil {
			return nil, err
		}
		opts = o
	}
	it, err := e.db.Find(ctx, collection, filter, opts)
	if err != nil {
		return nil, err
	}
	var out []engine.Document
	for it.Next() {
		out = append(out, it.Document())
	}
	if err := it.Close(); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// FindCount implements Backend.
func (e *Embedded) FindCount(ctx context.Context, collection string, filter engine.Value) (int, error) {
	n, err := e.db.FindCount(ctx, collection, filter)
	if err == nil {
		err = ctx.Err()
	}
	return n, err
}

// KeysBetween implements Backend with one primary-index range scan.
func (e *Embedded) KeysBetween(ctx context.Context, collection string, lo, hi uuid.UUID) ([]uuid.UUID, error) {
	var keys []uuid.UUID
	err := e.db.View(func(tx *engine.Tx) error {
		if !tx.HasCollection(collection) {
			return fmt.Errorf("%w: %s", engine.ErrCollectionNotFound, collection)
		}
		it := tx.Scan(ctx, collection, lo, hi)
		for it.Next() {
			keys = append(keys, it.Document().ID)
		}
		return it.Close()
	})
	if err == nil {
		err = ctx.Err()
	}
	return keys, err
}

// CreateIndex implements Backend.
func (e *Embedded) CreateIndex(_ context.Context, collection, name, field string) error {
	return e.db.CreateIndex(collection, name, field)
}

// DropIndex implements Backend.
func (e *Embedded) DropIndex(_ context.Context, collection, name string) error {
	return e.db.DropIndex(collection, name)
}

// Indexes implements Backend.
func (e *Embedded) Indexes(_ context.Context, collection string) ([]string, error) {
	infos, err := e.db.Indexes(collection)
	if err != nil {
		return nil, err
	}
	names := make([]string, len(infos))
	for i, in := range infos {
		names[i] = in.Name
	}
	return names, nil
}

// Query implements Backend.
func (e *Embedded) Query(_ context.Context, collection, index string, v engine.Value) ([]engine.Document, error) {
	return e.db.Query(collection, index, v)
}

// QueryRange implements Backend.
func (e *Embedded) QueryRange(_ context.Context, collection, index string, lo, hi engine.Value) ([]engine.Document, error) {
	return e.db.QueryRange(collection, index, lo, hi)
}

// Resolve implements Backend.
func (e *Embedded) Resolve(ctx context.Context, collection string, id uuid.UUID, depth int) (engine.Value, bool, error) {
	v, err := e.db.ResolveDeep(collection, id, depth)
	if errors.Is(err, engine.ErrKeyNotFound) {
		return engine.Value{}, false, nil
	}
	if err != nil {
		return engine.Value{}, false, err
	}
	return v, true, ctx.Err()
}

// Compact implements Backend.
func (e *Embedded) Compact(_ context.Context, collection string) (int, error) {
	return e.db.Compact(collection)
}

// Stats implements Backend.
func (e *Embedded) Stats(_ context.Context, collection string) (engine.CollectionStats, error) {
	return e.db.CollectionStats(collection)
}

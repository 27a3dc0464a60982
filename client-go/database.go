package client

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/google/uuid"
	"github.com/grumpydb/grumpydb/engine"
	"github.com/grumpydb/grumpydb/protocol"
)

// Database is a handle on one database of the caller's tenant. It holds
// no connection: each call takes a pooled connection and selects the
// database on it (USE) if that connection has another one selected. USE
// creates a missing database when the caller may (PROTOCOL.md §4.3).
// Documents go in as any Go value engine.ValueOf accepts (an engine.Value
// as is) and come out as engine.Value, so integers stay integers and
// floats floats.
type Database struct {
	c    *Client
	name string
}

// Database returns a handle on the named database. Nothing is sent until
// the first call.
func (c *Client) Database(name string) *Database { return &Database{c: c, name: name} }

// Name returns the database's name.
func (d *Database) Name() string { return d.name }

// exec runs a request in this database.
func (d *Database) exec(ctx context.Context, r *request) (protocol.Response, error) {
	line, err := r.line()
	return d.c.exec(ctx, call{db: d.name}, line, err)
}

// ok runs a request answered by "+OK".
func (d *Database) ok(ctx context.Context, r *request) error {
	resp, err := d.exec(ctx, r)
	if err != nil {
		return err
	}
	return expectSimple(resp, "OK")
}

// CreateCollection creates a collection.
func (d *Database) CreateCollection(ctx context.Context, name string) error {
	return d.ok(ctx, newRequest("CREATE COLLECTION").rest("collection", name))
}

// DropCollection drops a collection with its documents and indexes.
func (d *Database) DropCollection(ctx context.Context, name string) error {
	return d.ok(ctx, newRequest("DROP COLLECTION").rest("collection", name))
}

// ListCollections returns the collection names, sorted.
func (d *Database) ListCollections(ctx context.Context) ([]string, error) {
	resp, err := d.exec(ctx, newRequest("LIST COLLECTIONS"))
	if err != nil {
		return nil, err
	}
	return expectStrings(resp)
}

// Insert stores doc under key; ErrKeyExists if the key is taken.
func (d *Database) Insert(ctx context.Context, coll string, key uuid.UUID, doc any) error {
	return d.ok(ctx, newRequest("INSERT").word("collection", coll).key(key).json(doc, false))
}

// Get returns the document under key, or an error matching ErrKeyNotFound.
func (d *Database) Get(ctx context.Context, coll string, key uuid.UUID) (engine.Value, error) {
	resp, err := d.exec(ctx, newRequest("GET").word("collection", coll).key(key))
	if err != nil {
		return engine.Value{}, err
	}
	return bulkDocument(resp, key)
}

// bulkDocument decodes a GET/RESOLVE answer; a null bulk is ErrKeyNotFound.
func bulkDocument(resp protocol.Response, key uuid.UUID) (engine.Value, error) {
	b, null, err := expectBulk(resp)
	if err != nil {
		return engine.Value{}, err
	}
	if null {
		return engine.Value{}, newServerError(fmt.Sprintf("key %s not found", key))
	}
	v, err := engine.ParseJSON(b)
	if err != nil {
		return engine.Value{}, fmt.Errorf("%w: document: %w", ErrProtocol, err)
	}
	return v, nil
}

// Update replaces the document under key; ErrKeyNotFound if there is none.
func (d *Database) Update(ctx context.Context, coll string, key uuid.UUID, doc any) error {
	return d.ok(ctx, newRequest("UPDATE").word("collection", coll).key(key).json(doc, false))
}

// PutWithVC stores doc under key whether or not one exists (an upsert),
// with a vector clock the server validates as JSON but otherwise ignores
// in single-node mode (nil sends {}).
func (d *Database) PutWithVC(ctx context.Context, coll string, key uuid.UUID, doc, vectorClock any) error {
	if vectorClock == nil {
		vectorClock = engine.Object()
	}
	return d.ok(ctx, newRequest("PUT_WITH_VC").word("collection", coll).key(key).json(doc, false).json(vectorClock, true))
}

// Delete removes the document under key; ErrKeyNotFound if there is none.
func (d *Database) Delete(ctx context.Context, coll string, key uuid.UUID) error {
	return d.ok(ctx, newRequest("DELETE").word("collection", coll).key(key))
}

// Scan returns every document of the collection, in key order.
func (d *Database) Scan(ctx context.Context, coll string) ([]Document, error) {
	return d.docs(ctx, newRequest("SCAN").word("collection", coll))
}

// ScanRange returns the documents with start ≤ key ≤ end, in key order.
func (d *Database) ScanRange(ctx context.Context, coll string, start, end uuid.UUID) ([]Document, error) {
	return d.docs(ctx, newRequest("SCAN").word("collection", coll).key(start).key(end))
}

// docs runs a request answered by an array of documents.
func (d *Database) docs(ctx context.Context, r *request) ([]Document, error) {
	resp, err := d.exec(ctx, r)
	if err != nil {
		return nil, err
	}
	return expectDocuments(resp)
}

// Count returns the number of documents in the collection.
func (d *Database) Count(ctx context.Context, coll string) (int64, error) {
	resp, err := d.exec(ctx, newRequest("COUNT").rest("collection", coll))
	if err != nil {
		return 0, err
	}
	return expectInt(resp)
}

// KeyedDocument is one document of an InsertMany batch.
type KeyedDocument struct {
	Key uuid.UUID
	Doc any
}

// InsertMany inserts the documents in one atomic, durable transaction and
// returns how many were inserted. If any key exists or repeats, nothing
// is inserted. The whole batch must fit one 1 MiB request line.
func (d *Database) InsertMany(ctx context.Context, coll string, docs []KeyedDocument) (int64, error) {
	pairs := make([]engine.Value, len(docs))
	for i, kd := range docs {
		v, err := engine.ValueOf(kd.Doc)
		if err != nil {
			return 0, fmt.Errorf("%w: document %d: %w", ErrInvalidValue, i, err)
		}
		pairs[i] = engine.Array(engine.String(kd.Key.String()), v)
	}
	resp, err := d.exec(ctx, newRequest("INSERTMANY").word("collection", coll).json(engine.Array(pairs...), false))
	if err != nil {
		return 0, err
	}
	return expectOKCount(resp)
}

// CreateIndex indexes the dotted field path of the collection's documents.
func (d *Database) CreateIndex(ctx context.Context, coll, index, path string) error {
	return d.ok(ctx, newRequest("CREATE INDEX").word("collection", coll).word("index", index).rest("field path", path))
}

// DropIndex drops an index.
func (d *Database) DropIndex(ctx context.Context, coll, index string) error {
	return d.ok(ctx, newRequest("DROP INDEX").word("collection", coll).rest("index", index))
}

// ListIndexes returns the collection's index names in creation order.
func (d *Database) ListIndexes(ctx context.Context, coll string) ([]string, error) {
	resp, err := d.exec(ctx, newRequest("LIST INDEXES").rest("collection", coll))
	if err != nil {
		return nil, err
	}
	return expectStrings(resp)
}

// Query returns the documents whose indexed value equals value.
func (d *Database) Query(ctx context.Context, coll, index string, value any) ([]Document, error) {
	return d.docs(ctx, newRequest("QUERY").word("collection", coll).word("index", index).json(value, false))
}

// QueryRange returns the documents with an indexed value in [start, end).
func (d *Database) QueryRange(ctx context.Context, coll, index string, start, end any) ([]Document, error) {
	return d.docs(ctx, newRequest("QUERYRANGE").word("collection", coll).word("index", index).json(start, true).json(end, false))
}

// Resolve returns the document under key with its references replaced by
// the documents they name, depth hops deep (REPL.md §10; depth < 0 means
// the server's default, 1). A missing document is ErrKeyNotFound; a cycle
// ErrCyclicReference.
func (d *Database) Resolve(ctx context.Context, coll string, key uuid.UUID, depth int) (engine.Value, error) {
	r := newRequest("RESOLVE").word("collection", coll).key(key)
	if depth >= 0 {
		r.word("depth", fmt.Sprint(depth))
	}
	resp, err := d.exec(ctx, r)
	if err != nil {
		return engine.Value{}, err
	}
	return bulkDocument(resp, key)
}

// CollectionStats are a collection's statistics (REPL.md §5.3).
type CollectionStats struct {
	Documents int64 `json:"documents"`
	Pool      struct {
		Capacity int64 `json:"capacity"`
		Cached   int64 `json:"cached"`
		Reads    int64 `json:"reads"`
		Writes   int64 `json:"writes"`
	} `json:"pool"`
}

// Stats returns the collection's statistics.
func (d *Database) Stats(ctx context.Context, coll string) (CollectionStats, error) {
	var s CollectionStats
	resp, err := d.exec(ctx, newRequest("STATS").rest("collection", coll))
	if err != nil {
		return s, err
	}
	b, null, err := expectBulk(resp)
	if err == nil && null {
		err = unexpected(resp, "a stats bulk")
	}
	if err != nil {
		return s, err
	}
	if err := json.Unmarshal(b, &s); err != nil {
		return s, fmt.Errorf("%w: STATS: %w", ErrProtocol, err)
	}
	return s, nil
}

// Compact rewrites the collection and returns the live documents kept.
func (d *Database) Compact(ctx context.Context, coll string) (int64, error) {
	resp, err := d.exec(ctx, newRequest("COMPACT").rest("collection", coll))
	if err != nil {
		return 0, err
	}
	return expectOKCount(resp)
}

// Flush makes every collection of the database durable and checkpoints
// its log.
func (d *Database) Flush(ctx context.Context) error {
	return d.ok(ctx, newRequest("FLUSH"))
}

// SnapshotHLC returns the database's hybrid logical clock.
func (d *Database) SnapshotHLC(ctx context.Context) (int64, error) {
	resp, err := d.exec(ctx, newRequest("SNAPSHOT_HLC"))
	if err != nil {
		return 0, err
	}
	return expectInt(resp)
}

// GrantCollection grants role on one collection of this database to the
// user (user_spec "alice" or "alice@acme").
func (d *Database) GrantCollection(ctx context.Context, role, coll, user string) error {
	return d.ok(ctx, newRequest("GRANT").word("role", role).word("ON", "ON").word("collection", coll).word("TO", "TO").word("user", user))
}

// RevokeCollection revokes what GrantCollection granted.
func (d *Database) RevokeCollection(ctx context.Context, role, coll, user string) error {
	return d.ok(ctx, newRequest("REVOKE").word("role", role).word("ON", "ON").word("collection", coll).word("FROM", "FROM").word("user", user))
}

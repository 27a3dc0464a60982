package repl

import (
	"context"
	"errors"
	"net"
	"strconv"
	"time"

	"github.com/google/uuid"
	client "github.com/grumpydb/grumpydb/client-go"
	"github.com/grumpydb/grumpydb/engine"
)

// ConnectOptions say where connected mode connects and whom it logs in
// as (REPL.md §1, §1.3).
type ConnectOptions struct {
	// Host (a name or IP literal) and Port locate the server.
	Host string
	Port int
	// Tenant, User and Password are sent with LOGIN.
	Tenant, User, Password string
	// TLS turns TLS on; CAFile (a PEM file) replaces the system roots;
	// Insecure skips verification.
	TLS      bool
	CAFile   string
	Insecure bool
	// DialTimeout bounds connecting and the TLS handshake (0: 10 s).
	DialTimeout time.Duration
}

// Addr returns host:port as the shell prints it.
func (o ConnectOptions) Addr() string { return net.JoinHostPort(o.Host, strconv.Itoa(o.Port)) }

// quitTimeout bounds the QUIT sent when the shell leaves.
const quitTimeout = 2 * time.Second

// Connected is the Backend of connected mode: every statement becomes one
// request to a grumpydb-server through the Go client (REPL.md §12.2),
// plus one FIND first when an id prefix is resolved. It holds one
// connection; after a lost connection the next statement reconnects,
// sends LOGIN with the same credentials and selects the current database
// again (§12.5).
type Connected struct {
	opts ConnectOptions
	c    *client.Client
	db   *client.Database
	// lost is set when a statement failed with a lost connection: the
	// next one first logs in again (§12.5).
	lost bool
}

// Connect connects to the server, reads its banner and logs in (§1.3).
// Its errors read exactly as the shell prints them after "Error: " and
// wrap ErrConnect, ErrTLSHandshake or ErrAuthentication.
func Connect(ctx context.Context, opts ConnectOptions) (*Connected, error) {
	c, err := client.Connect(ctx, client.Options{
		Host:               opts.Host,
		Port:               opts.Port,
		TLS:                opts.TLS || opts.Insecure || opts.CAFile != "",
		CAFile:             opts.CAFile,
		InsecureSkipVerify: opts.Insecure,
		DialTimeout:        opts.DialTimeout,
		PoolSize:           1,
	})
	if err != nil {
		return nil, startupError(opts.Addr(), err)
	}
	if err := c.Login(ctx, opts.Tenant, opts.User, opts.Password); err != nil {
		_ = c.Close()
		var se *client.Error
		if errors.As(err, &se) {
			return nil, newError(ErrAuthentication, "authentication failed: %s", se.Message)
		}
		return nil, startupError(opts.Addr(), err)
	}
	return &Connected{opts: opts, c: c}, nil
}

// Close sends QUIT and closes the connection.
func (cb *Connected) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), quitTimeout)
	defer cancel()
	return cb.c.Quit(ctx)
}

// run sends one statement's request(s) through req. When the session's
// token no longer works — a reconnect after the access and refresh
// tokens expired — it logs in again with the same credentials (§12.5)
// and runs req once more; the server refused the first attempt, so
// nothing ran twice. The error is the shell's (see requestError).
func (cb *Connected) run(ctx context.Context, req func() error) error {
	if cb.lost {
		// Reconnect first: connect and LOGIN (the client dials on
		// demand), then the statement, which selects the database again.
		if err := cb.login(ctx); err != nil {
			return err
		}
		cb.lost = false
	}
	err := req()
	if needsLogin(err) {
		if lerr := cb.login(ctx); lerr != nil {
			return lerr
		}
		err = req()
	}
	err = requestError(cb.opts.Addr(), err)
	if errors.Is(err, ErrConnectionLost) {
		cb.lost = true
	}
	return err
}

// login sends LOGIN with the session's credentials; its error is the
// shell's.
func (cb *Connected) login(ctx context.Context) error {
	err := cb.c.Login(ctx, cb.opts.Tenant, cb.opts.User, cb.opts.Password)
	if err == nil {
		return nil
	}
	var se *client.Error
	if errors.As(err, &se) {
		return newError(ErrAuthentication, "authentication failed: %s", se.Message)
	}
	err = requestError(cb.opts.Addr(), err)
	if errors.Is(err, ErrConnectionLost) {
		cb.lost = true
	}
	return err
}

// needsLogin reports whether err says the session must log in again.
func needsLogin(err error) bool {
	return errors.Is(err, client.ErrTokenExpired) || errors.Is(err, client.ErrInvalidToken) ||
		errors.Is(err, client.ErrNotAuthenticated)
}

// Use implements Backend: USE <name>.
func (cb *Connected) Use(ctx context.Context, name string) error {
	db := cb.c.Database(name)
	if err := cb.run(ctx, func() error { return db.Use(ctx) }); err != nil {
		return err
	}
	cb.db = db
	return nil
}

// CreateCollection implements Backend: CREATE COLLECTION.
func (cb *Connected) CreateCollection(ctx context.Context, name string) error {
	if err := checkWord(name); err != nil {
		return err
	}
	return cb.run(ctx, func() error { return cb.db.CreateCollection(ctx, name) })
}

// DropCollection implements Backend: DROP COLLECTION.
func (cb *Connected) DropCollection(ctx context.Context, name string) error {
	if err := checkWord(name); err != nil {
		return err
	}
	return cb.run(ctx, func() error { return cb.db.DropCollection(ctx, name) })
}

// Collections implements Backend: LIST COLLECTIONS.
func (cb *Connected) Collections(ctx context.Context) (names []string, err error) {
	err = cb.run(ctx, func() (err error) { names, err = cb.db.ListCollections(ctx); return })
	return names, err
}

// Flush implements Backend: FLUSH.
func (cb *Connected) Flush(ctx context.Context) error {
	return cb.run(ctx, func() error { return cb.db.Flush(ctx) })
}

// createdRetry runs write; after a "collection not found" answer it
// sends CREATE COLLECTION and runs write once more (§12.1).
func (cb *Connected) createdRetry(ctx context.Context, collection string, write func() error) error {
	return cb.run(ctx, func() error {
		err := write()
		if !errors.Is(err, client.ErrCollectionNotFound) {
			return err
		}
		if cerr := cb.db.CreateCollection(ctx, collection); cerr != nil && !errors.Is(cerr, client.ErrAlreadyExists) {
			return cerr
		}
		return write()
	})
}

// Insert implements Backend: INSERT c <uuid> <json>.
func (cb *Connected) Insert(ctx context.Context, collection string, doc engine.Document) error {
	return cb.createdRetry(ctx, collection, func() error {
		return cb.db.Insert(ctx, collection, doc.ID, doc.Value)
	})
}

// InsertMany implements Backend: INSERTMANY c [["<uuid>",<json>],…].
func (cb *Connected) InsertMany(ctx context.Context, collection string, docs []engine.Document) error {
	batch := make([]client.KeyedDocument, len(docs))
	for i, d := range docs {
		batch[i] = client.KeyedDocument{Key: d.ID, Doc: d.Value}
	}
	return cb.createdRetry(ctx, collection, func() error {
		_, err := cb.db.InsertMany(ctx, collection, batch)
		return err
	})
}

// Get implements Backend: GET c <uuid>, $-1 being not found.
func (cb *Connected) Get(ctx context.Context, collection string, id uuid.UUID) (v engine.Value, found bool, err error) {
	err = cb.run(ctx, func() (err error) {
		v, err = cb.db.Get(ctx, collection, id)
		found = err == nil
		if errors.Is(err, client.ErrKeyNotFound) {
			err = nil
		}
		return err
	})
	return v, found, err
}

// Replace implements Backend: UPDATE c <uuid> <json>.
func (cb *Connected) Replace(ctx context.Context, collection string, id uuid.UUID, doc engine.Value) error {
	return cb.run(ctx, func() error { return cb.db.Update(ctx, collection, id, doc) })
}

// Delete implements Backend: DELETE c <uuid>.
func (cb *Connected) Delete(ctx context.Context, collection string, id uuid.UUID) error {
	return cb.run(ctx, func() error { return cb.db.Delete(ctx, collection, id) })
}

// Count implements Backend: COUNT c.
func (cb *Connected) Count(ctx context.Context, collection string) (int, error) {
	var n int64
	err := cb.run(ctx, func() (err error) { n, err = cb.db.Count(ctx, collection); return })
	return int(n), err
}

// Find implements Backend: FIND c <filter> [<options>], the options sent
// as written. The wire-only option "count" is refused as the embedded
// shell refuses it, since the shell's find has no such option.
func (cb *Connected) Find(ctx context.Context, collection string, filter, options engine.Value) ([]engine.Document, error) {
	var opts any
	if options.Kind() != engine.KindNull {
		if _, ok := options.Get("count"); ok {
			if _, err := engine.ParseFindOptions(options); err != nil {
				return nil, err
			}
		}
		opts = options
	}
	var docs []client.Document
	var plan engine.Value
	err := cb.run(ctx, func() (err error) { docs, plan, err = cb.db.FindValue(ctx, collection, filter, opts); return })
	if err != nil {
		return nil, err
	}
	if docs == nil && plan.Kind() != engine.KindNull {
		return []engine.Document{{Value: plan}}, nil
	}
	return engineDocs(docs), nil
}

// FindCount implements Backend: FIND c <filter> {"count":true}.
func (cb *Connected) FindCount(ctx context.Context, collection string, filter engine.Value) (int, error) {
	var n int64
	err := cb.run(ctx, func() (err error) { n, err = cb.db.CountMatching(ctx, collection, filter, nil); return })
	return int(n), err
}

// KeysBetween implements Backend with the id-prefix FIND of §12.2.
func (cb *Connected) KeysBetween(ctx context.Context, collection string, lo, hi uuid.UUID) ([]uuid.UUID, error) {
	filter, options := prefixFind(lo, hi)
	var docs []client.Document
	err := cb.run(ctx, func() (err error) { docs, _, err = cb.db.FindValue(ctx, collection, filter, options); return })
	if err != nil {
		return nil, err
	}
	keys := make([]uuid.UUID, len(docs))
	for i, d := range docs {
		keys[i] = d.Key
	}
	return keys, nil
}

// prefixFind builds the filter and options of the id-prefix look-up:
// {"_id":{"$gte":"<lo>","$lte":"<hi>"}} {"projection":{"_id":1}}.
func prefixFind(lo, hi uuid.UUID) (filter, options engine.Value) {
	filter = engine.Object(engine.Field{Key: "_id", Value: engine.Object(
		engine.Field{Key: "$gte", Value: engine.String(lo.String())},
		engine.Field{Key: "$lte", Value: engine.String(hi.String())},
	)})
	options = engine.Object(engine.Field{Key: "projection", Value: engine.Object(
		engine.Field{Key: "_id", Value: engine.Int(1)},
	)})
	return filter, options
}

// CreateIndex implements Backend: CREATE INDEX c n f.
func (cb *Connected) CreateIndex(ctx context.Context, collection, name, field string) error {
	if err := checkWord(name); err != nil {
		return err
	}
	return cb.run(ctx, func() error { return cb.db.CreateIndex(ctx, collection, name, field) })
}

// DropIndex implements Backend: DROP INDEX c n.
func (cb *Connected) DropIndex(ctx context.Context, collection, name string) error {
	if err := checkWord(name); err != nil {
		return err
	}
	return cb.run(ctx, func() error { return cb.db.DropIndex(ctx, collection, name) })
}

// Indexes implements Backend: LIST INDEXES c.
func (cb *Connected) Indexes(ctx context.Context, collection string) (names []string, err error) {
	err = cb.run(ctx, func() (err error) { names, err = cb.db.ListIndexes(ctx, collection); return })
	return names, err
}

// Query implements Backend: QUERY c n <v>.
func (cb *Connected) Query(ctx context.Context, collection, index string, v engine.Value) ([]engine.Document, error) {
	if err := checkWord(index); err != nil {
		return nil, err
	}
	var docs []client.Document
	err := cb.run(ctx, func() (err error) { docs, err = cb.db.Query(ctx, collection, index, v); return })
	return engineDocs(docs), err
}

// QueryRange implements Backend: QUERYRANGE c n <s> <e>.
func (cb *Connected) QueryRange(ctx context.Context, collection, index string, lo, hi engine.Value) ([]engine.Document, error) {
	if err := checkWord(index); err != nil {
		return nil, err
	}
	var docs []client.Document
	err := cb.run(ctx, func() (err error) { docs, err = cb.db.QueryRange(ctx, collection, index, lo, hi); return })
	return engineDocs(docs), err
}

// Resolve implements Backend: RESOLVE c <uuid> [<depth>], the depth
// omitted for 1 (the server's default, as resolve sends it).
func (cb *Connected) Resolve(ctx context.Context, collection string, id uuid.UUID, depth int) (v engine.Value, found bool, err error) {
	d := depth
	if d == 1 {
		d = -1
	}
	err = cb.run(ctx, func() (err error) {
		v, err = cb.db.Resolve(ctx, collection, id, d)
		found = err == nil
		if errors.Is(err, client.ErrKeyNotFound) {
			err = nil
		}
		return err
	})
	return v, found, err
}

// Compact implements Backend: COMPACT c.
func (cb *Connected) Compact(ctx context.Context, collection string) (int, error) {
	var n int64
	err := cb.run(ctx, func() (err error) { n, err = cb.db.Compact(ctx, collection); return })
	return int(n), err
}

// Stats implements Backend: STATS c.
func (cb *Connected) Stats(ctx context.Context, collection string) (engine.CollectionStats, error) {
	var s client.CollectionStats
	if err := cb.run(ctx, func() (err error) { s, err = cb.db.Stats(ctx, collection); return }); err != nil {
		return engine.CollectionStats{}, err
	}
	return engine.CollectionStats{
		Documents:    int(s.Documents),
		PoolCapacity: s.Pool.Capacity,
		PoolCached:   int(s.Pool.Cached),
		PoolReads:    uint64(max(s.Pool.Reads, 0)),
		PoolWrites:   uint64(max(s.Pool.Writes, 0)),
	}, nil
}

// engineDocs converts result rows.
func engineDocs(docs []client.Document) []engine.Document {
	if docs == nil {
		return nil
	}
	out := make([]engine.Document, len(docs))
	for i, d := range docs {
		out[i] = engine.Document{ID: d.Key, Value: d.Value}
	}
	return out
}

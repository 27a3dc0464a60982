package client

import (
	"context"
	"fmt"

	"github.com/grumpydb/grumpydb/engine"
)

// SortKey is one sort criterion of Find.
type SortKey struct {
	// Path is the dotted field path.
	Path string
	// Desc sorts descending.
	Desc bool
}

// FindOptions are the options of Find (REPL.md §9.6). The zero value
// means none: key order, everything, whole documents.
type FindOptions struct {
	// Sort orders the results by these paths, in this order; ties go by key.
	Sort []SortKey
	// Skip drops the first Skip results after sorting.
	Skip int64
	// Limit keeps at most Limit results (0: no limit).
	Limit int64
	// Projection keeps (true) or drops (false) paths; mixing the two is
	// an error except for "_id". Inclusion adds "_id" unless it is
	// excluded.
	Projection map[string]bool
}

// value renders the options object, with count for the wire-only option.
func (o *FindOptions) value(count, explain bool) (engine.Value, bool) {
	var fs []engine.Field
	if o != nil {
		if len(o.Sort) > 0 {
			keys := make([]engine.Value, len(o.Sort))
			for i, k := range o.Sort {
				dir := int64(1)
				if k.Desc {
					dir = -1
				}
				keys[i] = engine.Array(engine.String(k.Path), engine.Int(dir))
			}
			fs = append(fs, engine.Field{Key: "sort", Value: engine.Array(keys...)})
		}
		if o.Skip != 0 {
			fs = append(fs, engine.Field{Key: "skip", Value: engine.Int(o.Skip)})
		}
		if o.Limit != 0 {
			fs = append(fs, engine.Field{Key: "limit", Value: engine.Int(o.Limit)})
		}
		if o.Projection != nil {
			p, _ := engine.ValueOf(o.Projection) // map[string]bool always converts
			fs = append(fs, engine.Field{Key: "projection", Value: p})
		}
	}
	if count {
		fs = append(fs, engine.Field{Key: "count", Value: engine.Bool(true)})
	}
	if explain {
		fs = append(fs, engine.Field{Key: "explain", Value: engine.Bool(true)})
	}
	return engine.Object(fs...), len(fs) > 0
}

// findRequest builds FIND <coll> <filter> [<options>]. A nil filter
// matches everything.
func findRequest(coll string, filter any, opts *FindOptions, count, explain bool) *request {
	if filter == nil {
		filter = engine.Object()
	}
	r := newRequest("FIND").word("collection", coll).json(filter, false)
	if o, ok := opts.value(count, explain); ok {
		r.json(o, false)
	}
	return r
}

// Find returns the documents matching filter (REPL.md §9: a Go map,
// struct or engine.Value such as {"age": {"$gte": 18}}; nil matches all),
// after opts. Results carry their keys; projection applies to the values.
func (d *Database) Find(ctx context.Context, coll string, filter any, opts *FindOptions) ([]Document, error) {
	return d.docs(ctx, findRequest(coll, filter, opts, false, false))
}

// FindOne returns the first document Find would return with Limit 1, or an
// error matching ErrNotFound when none matches.
func (d *Database) FindOne(ctx context.Context, coll string, filter any, opts *FindOptions) (Document, error) {
	o := FindOptions{Limit: 1}
	if opts != nil {
		o = *opts
		o.Limit = 1
	}
	docs, err := d.Find(ctx, coll, filter, &o)
	if err != nil {
		return Document{}, err
	}
	if len(docs) == 0 {
		return Document{}, fmt.Errorf("%w: no document matches the filter", ErrNotFound)
	}
	return docs[0], nil
}

// CountMatching returns how many documents match filter, after opts'
// Skip and Limit (sort and projection do not matter).
func (d *Database) CountMatching(ctx context.Context, coll string, filter any, opts *FindOptions) (int64, error) {
	resp, err := d.exec(ctx, findRequest(coll, filter, opts, true, false))
	if err != nil {
		return 0, err
	}
	return expectInt(resp)
}

// Explain returns the plan the server chose for the query: an object with
// "plan", "index", "bounds", "examined" and "returned".
func (d *Database) Explain(ctx context.Context, coll string, filter any, opts *FindOptions) (engine.Value, error) {
	resp, err := d.exec(ctx, findRequest(coll, filter, opts, false, true))
	if err != nil {
		return engine.Value{}, err
	}
	if resp.Kind == 0 {
		return engine.Value{}, unexpected(resp, "a plan")
	}
	// The plan comes as one bulk, or as a one-element array holding it.
	b, null, err := expectBulk(resp)
	if err != nil && len(resp.Array) == 1 {
		b, null, err = resp.Array[0].Bulk, resp.Array[0].Null, nil
	}
	if err == nil && null {
		err = unexpected(resp, "a plan")
	}
	if err != nil {
		return engine.Value{}, err
	}
	v, err := engine.ParseJSON(b)
	if err != nil {
		return engine.Value{}, fmt.Errorf("%w: plan: %w", ErrProtocol, err)
	}
	return v, nil
}

package client

import (
	"context"

	"github.com/grumpydb/grumpydb/engine"
	"github.com/grumpydb/grumpydb/protocol"
)

// Calls the grumpy shell's connected mode needs (REPL.md §12): selecting a
// database explicitly, FIND with the options object passed through as
// written, and a goodbye that sends QUIT.

// Use selects the database now: it sends USE on a pooled connection and
// returns the server's answer, so a missing database is created (when the
// caller may, PROTOCOL.md §4.3) or refused at once instead of on the
// first call that needs it. Later calls on that connection do not repeat
// the USE.
func (d *Database) Use(ctx context.Context) error {
	line, err := newRequest("USE").rest("database", d.name).line()
	if err != nil {
		return err
	}
	if err := d.c.autoRefresh(ctx); err != nil {
		return err
	}
	tok := d.c.token()
	if tok == "" {
		return ErrNoToken
	}
	cn, err := d.c.pool.get(ctx)
	if err != nil {
		return err
	}
	defer d.c.pool.put(cn)
	if err := d.c.prepare(ctx, cn, tok, ""); err != nil {
		return err
	}
	resp, err := cn.do(ctx, line)
	if err != nil {
		return err
	}
	if err := expectSimple(resp, "OK"); err != nil {
		return err
	}
	cn.db = d.name
	return nil
}

// FindValue runs FIND with the filter and the options object given as
// values (anything engine.ValueOf accepts; a nil options sends none) and
// sent as written, so the key order of "sort" and every option the
// server knows ("explain" and "count" included) pass through unchanged
// and the server alone judges them. A list answer comes back as docs;
// the one-bulk answer to "explain": true comes back as plan, with docs
// nil. Use CountMatching for "count".
func (d *Database) FindValue(ctx context.Context, coll string, filter, options any) (docs []Document, plan engine.Value, err error) {
	if filter == nil {
		filter = engine.Object()
	}
	r := newRequest("FIND").word("collection", coll).json(filter, false)
	if options != nil {
		r.json(options, false)
	}
	resp, err := d.exec(ctx, r)
	if err != nil {
		return nil, engine.Value{}, err
	}
	if resp.Kind == protocol.KindBulk && !resp.Null {
		v, err := engine.ParseJSON(resp.Bulk)
		if err != nil {
			return nil, engine.Value{}, unexpected(resp, "a plan")
		}
		return nil, v, nil
	}
	docs, err = expectDocuments(resp)
	return docs, engine.Value{}, err
}

// Quit says goodbye: it sends QUIT on every idle connection (the server
// answers +BYE and closes), then closes the client like Close. Errors
// while saying goodbye are ignored; the connections are closed anyway.
func (c *Client) Quit(ctx context.Context) error {
	p := c.pool
	p.mu.Lock()
	idle := p.idle
	p.idle, p.closed = nil, true
	p.mu.Unlock()
	for _, cn := range idle {
		_, _ = cn.do(ctx, []byte("QUIT"))
		cn.close()
	}
	return nil
}

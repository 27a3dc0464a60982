package dispatch

import (
	"context"
	"errors"
	"strconv"

	"github.com/google/uuid"
	"github.com/grumpydb/grumpydb/engine"
	"github.com/grumpydb/grumpydb/protocol"
	"github.com/grumpydb/grumpydb/server/internal/rbac"
	"github.com/grumpydb/grumpydb/server/internal/wireerr"
)

// find is FIND c filter [options] (§11a, REPL.md §12.3): the filter and
// options JSON, then the engine's query (index use where an index fits).
// The reply is an array of `<uuid> <json>`, an integer with "count": true,
// or one bulk holding the plan with "explain": true.
func (x *Executor) find(ctx context.Context, r Request, dst []byte) ([]byte, error) {
	db, err := x.withDB(r)
	if err != nil {
		return dst, err
	}
	filterText, optionsText, err := splitFindArgs(r.Cmd.JSON)
	if err != nil {
		return dst, err
	}
	filter, err := parseDoc(filterText)
	if err != nil {
		return dst, err
	}
	var opts engine.FindOptions
	count := false
	if optionsText != "" {
		ov, err := parseDoc(optionsText)
		if err != nil {
			return dst, err
		}
		if opts, count, err = engine.ParseWireFindOptions(ov); err != nil {
			return dst, err
		}
	}
	var a docArray
	n := 0
	err = db.View(func(tx *engine.Tx) error {
		if count {
			var err error
			n, err = tx.FindCountWith(ctx, r.Cmd.Collection, filter, opts)
			return err
		}
		it, err := tx.Find(ctx, r.Cmd.Collection, filter, opts)
		if err != nil {
			return err
		}
		for it.Next() {
			d := it.Document()
			if opts.Explain {
				a.body = appendJSONBulk(a.body, d.Value)
				continue
			}
			a.add(d.ID, d.Value)
		}
		return it.Close()
	})
	switch {
	case err != nil:
		return dst, err
	case count:
		return protocol.AppendInteger(dst, int64(n)), nil
	case opts.Explain:
		return append(dst, a.body...), nil
	}
	return a.appendTo(dst), nil
}

// Resolution limits (REPL.md §12.3).
const (
	maxResolveDepth     = 256
	defaultResolveDepth = 1
)

// parseDepth reads RESOLVE's optional depth: decimal digits, 0–256.
func parseDepth(text string) (int, error) {
	if text == "" {
		return defaultResolveDepth, nil
	}
	if len(text) > 3 {
		return 0, wireerr.ErrInvalidDepth
	}
	n := 0
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c < '0' || c > '9' {
			return 0, wireerr.ErrInvalidDepth
		}
		n = n*10 + int(c-'0')
	}
	if n > maxResolveDepth {
		return 0, wireerr.ErrInvalidDepth
	}
	return n, nil
}

// resolve is RESOLVE c k [depth] (§11a): the document with references up
// to depth hops replaced, $-1 when it does not exist. The caller needs Read
// on every collection resolution reads, checked before the engine
// resolves.
func (x *Executor) resolve(r Request, dst []byte) ([]byte, error) {
	db, id, err := x.keyed(r)
	if err != nil {
		return dst, err
	}
	depth, err := parseDepth(r.Cmd.Depth)
	if err != nil {
		return dst, err
	}
	cur := r.State.Database()
	var out engine.Value
	found := true
	err = db.View(func(tx *engine.Tx) error {
		root, err := tx.Get(r.Cmd.Collection, id)
		if errors.Is(err, engine.ErrKeyNotFound) {
			found = false
			return nil
		}
		if err != nil {
			return err
		}
		w := resolveWalk{tx: tx, caller: r.Caller, db: cur}
		w.size = len(engine.AppendJSON(nil, root))
		if err := w.value(root, depth, []refTarget{{r.Cmd.Collection, id}}); err != nil {
			return err
		}
		if w.size > protocol.MaxBulk {
			// Refused before the engine builds it: a fan of references
			// can make the resolved value far larger than memory.
			return wireerr.ResolvedTooLarge(w.size, protocol.MaxBulk)
		}
		out, err = tx.ResolveDeep(r.Cmd.Collection, id, depth)
		return err
	})
	if err != nil {
		return dst, err
	}
	if !found {
		return protocol.AppendNullBulk(dst), nil
	}
	js := engine.AppendJSON(nil, out)
	if len(js) > protocol.MaxBulk {
		return dst, wireerr.ResolvedTooLarge(len(js), protocol.MaxBulk)
	}
	return protocol.AppendBulk(dst, js), nil
}

type refTarget struct {
	coll string
	id   uuid.UUID
}

// resolveWalk visits the references resolution will follow, in the
// engine's order (REPL.md §10): it checks Read on each target collection,
// reports cycles, and bounds the work — every reference replaced adds at
// least one byte to the result, so more than MaxBulk of them cannot fit.
type resolveWalk struct {
	tx       *engine.Tx
	caller   *rbac.Principal
	db       string
	replaced int
	// size is the resolved document's compact JSON length: the root's,
	// plus for each replaced reference its target's minus its own.
	size int
	buf  []byte
}

func (w *resolveWalk) value(v engine.Value, depth int, path []refTarget) error {
	switch v.Kind() {
	case engine.KindArray:
		for _, e := range v.Elems() {
			if err := w.value(e, depth, path); err != nil {
				return err
			}
		}
	case engine.KindObject:
		for _, f := range v.Fields() {
			if err := w.value(f.Value, depth, path); err != nil {
				return err
			}
		}
	case engine.KindRef:
		if depth <= 0 {
			return nil
		}
		t := refTarget{v.RefCollection(), v.RefID()}
		for _, p := range path {
			if p == t {
				return errCycle(t)
			}
		}
		if err := w.caller.Check(rbac.ActionRead, rbac.CollectionScope(w.db, t.coll)); err != nil {
			return err
		}
		doc, err := w.tx.Get(t.coll, t.id)
		if errors.Is(err, engine.ErrKeyNotFound) || errors.Is(err, engine.ErrCollectionNotFound) {
			return nil // a dangling reference stays as it is
		}
		if err != nil {
			return err
		}
		w.replaced++
		w.buf = engine.AppendJSON(w.buf[:0], doc)
		w.size += len(w.buf)
		w.buf = engine.AppendJSON(w.buf[:0], v)
		w.size -= len(w.buf)
		if w.replaced > protocol.MaxBulk {
			return wireerr.ResolvedTooLarge(w.replaced, protocol.MaxBulk)
		}
		return w.value(doc, depth-1, append(path[:len(path):len(path)], t))
	}
	return nil
}

func errCycle(t refTarget) error {
	return &cycleError{t}
}

// cycleError reads `cyclic reference detected: <c>/<uuid>`, like the
// engine's.
type cycleError struct{ t refTarget }

func (e *cycleError) Error() string {
	return engine.ErrCyclicReference.Error() + ": " + e.t.coll + "/" + e.t.id.String()
}

func (e *cycleError) Unwrap() error { return engine.ErrCyclicReference }

// stats is STATS c (§11a, REPL.md §5.3).
func (x *Executor) stats(r Request, dst []byte) ([]byte, error) {
	cs, err := collectionRead(x, r, (*engine.DB).CollectionStats)
	if err != nil {
		return dst, err
	}
	b := append([]byte(nil), `{"documents":`...)
	b = strconv.AppendInt(b, int64(cs.Documents), 10)
	b = append(b, `,"pool":{"cached":`...)
	b = strconv.AppendInt(b, int64(cs.PoolCached), 10)
	b = append(b, `,"capacity":`...)
	b = strconv.AppendInt(b, cs.PoolCapacity, 10)
	b = append(b, `,"reads":`...)
	b = strconv.AppendUint(b, cs.PoolReads, 10)
	b = append(b, `,"writes":`...)
	b = strconv.AppendUint(b, cs.PoolWrites, 10)
	b = append(b, "}}"...)
	return protocol.AppendBulk(dst, b), nil
}

// insertMany is INSERTMANY c [["<uuid>",<doc>],…] (§11a): JSON, shape,
// keys, then one durable transaction — all or nothing.
func (x *Executor) insertMany(r Request, dst []byte) ([]byte, error) {
	db, batch, err := x.withDBDoc(r, r.Cmd.JSON)
	if err != nil {
		return dst, err
	}
	if batch.Kind() != engine.KindArray || batch.Len() == 0 {
		return dst, wireerr.ErrInsertManyShape
	}
	for _, e := range batch.Elems() {
		if e.Kind() != engine.KindArray || e.Len() != 2 || e.Index(0).Kind() != engine.KindString {
			return dst, wireerr.ErrInsertManyShape
		}
	}
	docs := make([]engine.Document, batch.Len())
	for i, e := range batch.Elems() {
		id, err := parseKey(e.Index(0).Str())
		if err != nil {
			return dst, err
		}
		docs[i] = engine.Document{ID: id, Value: e.Index(1)}
	}
	if err := write(r, db, func(tx *engine.Tx) error { return tx.InsertMany(r.Cmd.Collection, docs) }); err != nil {
		return dst, err
	}
	return protocol.AppendSimple(dst, "OK "+strconv.Itoa(len(docs))), nil
}

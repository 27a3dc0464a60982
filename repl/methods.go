package repl

import (
	"context"
	"fmt"
	"strconv"

	"github.com/google/uuid"
	"github.com/grumpydb/grumpydb/engine"
)

// method is one callable of §5: its parameter names (the first min
// required) and its implementation.
type method struct {
	name   string
	params []string
	min    int
	run    func(ctx context.Context, sh *Shell, c *call) (string, error)
}

func (m *method) checkCount(n int) error {
	max := len(m.params)
	if n >= m.min && n <= max {
		return nil
	}
	if m.min == max {
		word := "arguments"
		if max == 1 {
			word = "argument"
		}
		return newError(ErrArgs, "%s expects %d %s, got %d", m.name, max, word, n)
	}
	return newError(ErrArgs, "%s expects %d to %d arguments, got %d", m.name, m.min, max, n)
}

// lookupMethod finds the method a statement calls.
func lookupMethod(st *Statement) (*method, bool) {
	table := collMethods()
	if st.Kind == KindDBMethod {
		table = dbMethods()
	}
	for i := range table {
		if table[i].name == st.Method {
			return &table[i], true
		}
	}
	return nil, false
}

// dbMethods returns the db.<method>() calls.
func dbMethods() []method {
	return []method{
		{name: "createCollection", params: []string{"name"}, min: 1, run: func(ctx context.Context, sh *Shell, c *call) (string, error) {
			name, err := c.str(0)
			if err != nil {
				return "", err
			}
			if err := sh.backend.CreateCollection(ctx, name); err != nil {
				return "", err
			}
			return "Collection " + strconv.Quote(name) + " created", nil
		}},
		{name: "dropCollection", params: []string{"name"}, min: 1, run: func(ctx context.Context, sh *Shell, c *call) (string, error) {
			name, err := c.str(0)
			if err != nil {
				return "", err
			}
			if err := sh.backend.DropCollection(ctx, name); err != nil {
				return "", err
			}
			return "Collection " + strconv.Quote(name) + " dropped", nil
		}},
		{name: "collections", run: func(ctx context.Context, sh *Shell, _ *call) (string, error) {
			names, err := sh.backend.Collections(ctx)
			if err != nil {
				return "", err
			}
			return FormatStrings(names), nil
		}},
		{name: "flush", run: func(ctx context.Context, sh *Shell, _ *call) (string, error) {
			if err := sh.backend.Flush(ctx); err != nil {
				return "", err
			}
			return "Flushed", nil
		}},
	}
}

// collMethods returns the db.<c>.<method>() calls.
func collMethods() []method {
	return []method{
		{name: "insert", params: []string{"doc"}, min: 1, run: runInsert},
		{name: "insertMany", params: []string{"docs"}, min: 1, run: runInsertMany},
		{name: "get", params: []string{"id"}, min: 1, run: runGet},
		{name: "find", params: []string{"filter", "options"}, run: runFind},
		{name: "findOne", params: []string{"filter", "options"}, run: runFindOne},
		{name: "count", params: []string{"filter"}, run: runCount},
		{name: "update", params: []string{"id", "doc"}, min: 2, run: runUpdate},
		{name: "delete", params: []string{"id"}, min: 1, run: runDelete},
		{name: "createIndex", params: []string{"name", "field"}, min: 2, run: runCreateIndex},
		{name: "dropIndex", params: []string{"name"}, min: 1, run: runDropIndex},
		{name: "indexes", run: func(ctx context.Context, sh *Shell, c *call) (string, error) {
			names, err := sh.backend.Indexes(ctx, c.coll)
			if err != nil {
				return "", err
			}
			return FormatStrings(names), nil
		}},
		{name: "query", params: []string{"index", "value"}, min: 2, run: runQuery},
		{name: "queryRange", params: []string{"index", "start", "end"}, min: 3, run: runQuery},
		{name: "resolve", params: []string{"id"}, min: 1, run: runResolve},
		{name: "resolveDeep", params: []string{"id", "depth"}, min: 1, run: runResolve},
		{name: "compact", run: func(ctx context.Context, sh *Shell, c *call) (string, error) {
			n, err := sh.backend.Compact(ctx, c.coll)
			if err != nil {
				return "", err
			}
			return fmt.Sprintf("Compacted: %d documents preserved", n), nil
		}},
		{name: "stats", run: func(ctx context.Context, sh *Shell, c *call) (string, error) {
			s, err := sh.backend.Stats(ctx, c.coll)
			if err != nil {
				return "", err
			}
			return FormatValue(engine.Object(
				engine.Field{Key: "documents", Value: engine.Int(int64(s.Documents))},
				engine.Field{Key: "pool", Value: engine.Object(
					engine.Field{Key: "cached", Value: engine.Int(int64(s.PoolCached))},
					engine.Field{Key: "capacity", Value: engine.Int(s.PoolCapacity)},
					engine.Field{Key: "reads", Value: engine.Int(int64(s.PoolReads))},
					engine.Field{Key: "writes", Value: engine.Int(int64(s.PoolWrites))},
				)},
			)), nil
		}},
	}
}

// prepareInsert turns one written document into a key and stored value.
func prepareInsert(doc engine.Value) (engine.Document, error) {
	if err := checkReserved(doc); err != nil {
		return engine.Document{}, err
	}
	rest, id, ok, err := splitID(doc)
	if err != nil {
		return engine.Document{}, err
	}
	if !ok {
		id, err = uuid.NewRandom()
		if err != nil {
			return engine.Document{}, err
		}
	}
	return engine.Document{ID: id, Value: rest}, nil
}

func insertedLines(docs []engine.Document) string {
	out := ""
	for i, d := range docs {
		if i > 0 {
			out += "\n"
		}
		out += "Inserted: " + d.ID.String()
	}
	return out
}

func runInsert(ctx context.Context, sh *Shell, c *call) (string, error) {
	v, err := c.value(0)
	if err != nil {
		return "", err
	}
	d, err := prepareInsert(v)
	if err != nil {
		return "", err
	}
	if err := sh.backend.Insert(ctx, c.coll, d); err != nil {
		return "", err
	}
	return insertedLines([]engine.Document{d}), nil
}

func runInsertMany(ctx context.Context, sh *Shell, c *call) (string, error) {
	v, err := c.value(0)
	if err != nil {
		return "", err
	}
	if v.Kind() != engine.KindArray || v.Len() == 0 {
		return "", newError(ErrArgs, "insertMany: docs must be a non-empty array")
	}
	docs := make([]engine.Document, 0, v.Len())
	seen := map[uuid.UUID]bool{}
	for _, e := range v.Elems() {
		d, err := prepareInsert(e)
		if err != nil {
			return "", err
		}
		if seen[d.ID] {
			return "", newError(ErrArgs, "duplicate _id %s in insertMany", d.ID)
		}
		seen[d.ID] = true
		docs = append(docs, d)
	}
	if err := sh.backend.InsertMany(ctx, c.coll, docs); err != nil {
		return "", err
	}
	return insertedLines(docs), nil
}

func runGet(ctx context.Context, sh *Shell, c *call) (string, error) {
	id, err := c.id(ctx, sh, 0)
	if err != nil {
		return "", err
	}
	doc, found, err := sh.backend.Get(ctx, c.coll, id)
	if err != nil {
		return "", err
	}
	if !found {
		return "null", nil
	}
	return FormatDocument(id, doc, true), nil
}

// findArgs reads the filter and options of find/findOne/count.
func findArgs(c *call) (filter, options engine.Value, err error) {
	filter, err = c.valueOr(0, engine.Object())
	if err != nil {
		return
	}
	options, err = c.valueOr(1, engine.Null())
	return
}

// keepsID reports whether the options' projection keeps _id (no _id: 0).
func keepsID(options engine.Value) bool {
	p, ok := options.Get("projection")
	if !ok {
		return true
	}
	v, ok := p.Get("_id")
	if !ok {
		return true
	}
	switch v.Kind() {
	case engine.KindBool:
		return v.Bool()
	case engine.KindInt:
		return v.Int() != 0
	case engine.KindFloat:
		return v.Float() != 0
	}
	return true
}

func isExplain(options engine.Value) bool {
	v, ok := options.Get("explain")
	return ok && v.Kind() == engine.KindBool && v.Bool()
}

func runFind(ctx context.Context, sh *Shell, c *call) (string, error) {
	filter, options, err := findArgs(c)
	if err != nil {
		return "", err
	}
	docs, err := sh.backend.Find(ctx, c.coll, filter, options)
	if err != nil {
		return "", err
	}
	if isExplain(options) && len(docs) == 1 {
		return FormatValue(docs[0].Value), nil
	}
	return FormatList(docs, keepsID(options)), nil
}

// withLimitOne returns the options with "limit" forced to 1.
func withLimitOne(options engine.Value) engine.Value {
	if options.Kind() != engine.KindObject {
		if options.Kind() == engine.KindNull {
			return engine.Object(engine.Field{Key: "limit", Value: engine.Int(1)})
		}
		return options // let the engine reject it
	}
	var fs []engine.Field
	for _, f := range options.Fields() {
		if f.Key != "limit" {
			fs = append(fs, f)
		}
	}
	return engine.Object(append(fs, engine.Field{Key: "limit", Value: engine.Int(1)})...)
}

func runFindOne(ctx context.Context, sh *Shell, c *call) (string, error) {
	filter, options, err := findArgs(c)
	if err != nil {
		return "", err
	}
	options = withLimitOne(options)
	docs, err := sh.backend.Find(ctx, c.coll, filter, options)
	if err != nil {
		return "", err
	}
	if isExplain(options) && len(docs) == 1 {
		return FormatValue(docs[0].Value), nil
	}
	if len(docs) == 0 {
		return "null", nil
	}
	return FormatDocument(docs[0].ID, docs[0].Value, keepsID(options)), nil
}

func runCount(ctx context.Context, sh *Shell, c *call) (string, error) {
	if !c.has(0) {
		n, err := sh.backend.Count(ctx, c.coll)
		return strconv.Itoa(n), err
	}
	filter, err := c.value(0)
	if err != nil {
		return "", err
	}
	n, err := sh.backend.FindCount(ctx, c.coll, filter)
	return strconv.Itoa(n), err
}

func runUpdate(ctx context.Context, sh *Shell, c *call) (string, error) {
	id, err := c.id(ctx, sh, 0)
	if err != nil {
		return "", err
	}
	doc, err := c.value(1)
	if err != nil {
		return "", err
	}
	if err := checkReserved(doc); err != nil {
		return "", err
	}
	if idv, ok := doc.Get("_id"); ok && doc.Kind() == engine.KindObject {
		given, perr := uuid.Parse(idv.Str())
		if idv.Kind() != engine.KindString || perr != nil || given != id {
			return "", newError(ErrArgs, "_id does not match the document being updated")
		}
		doc, _, _, _ = splitID(doc)
	}
	if err := sh.backend.Replace(ctx, c.coll, id, doc); err != nil {
		return "", err
	}
	return "Updated: " + id.String(), nil
}

func runDelete(ctx context.Context, sh *Shell, c *call) (string, error) {
	id, err := c.id(ctx, sh, 0)
	if err != nil {
		return "", err
	}
	if err := sh.backend.Delete(ctx, c.coll, id); err != nil {
		return "", err
	}
	return "Deleted: " + id.String(), nil
}

func runCreateIndex(ctx context.Context, sh *Shell, c *call) (string, error) {
	name, err := c.str(0)
	if err != nil {
		return "", err
	}
	field, err := c.str(1)
	if err != nil {
		return "", err
	}
	if err := sh.backend.CreateIndex(ctx, c.coll, name, field); err != nil {
		return "", err
	}
	return "Index " + strconv.Quote(name) + " created on field " + quoteString(field), nil
}

func runDropIndex(ctx context.Context, sh *Shell, c *call) (string, error) {
	name, err := c.str(0)
	if err != nil {
		return "", err
	}
	if err := sh.backend.DropIndex(ctx, c.coll, name); err != nil {
		return "", err
	}
	return "Index " + strconv.Quote(name) + " dropped", nil
}

func runQuery(ctx context.Context, sh *Shell, c *call) (string, error) {
	index, err := c.str(0)
	if err != nil {
		return "", err
	}
	lo, err := c.value(1)
	if err != nil {
		return "", err
	}
	var docs []engine.Document
	if c.method.name == "query" {
		docs, err = sh.backend.Query(ctx, c.coll, index, lo)
	} else {
		var hi engine.Value
		if hi, err = c.value(2); err != nil {
			return "", err
		}
		docs, err = sh.backend.QueryRange(ctx, c.coll, index, lo, hi)
	}
	if err != nil {
		return "", err
	}
	return FormatList(docs, true), nil
}

func runResolve(ctx context.Context, sh *Shell, c *call) (string, error) {
	depth := 1
	if c.method.name == "resolveDeep" {
		depth = engine.DefaultResolveDepth
		if c.has(1) {
			v, err := c.value(1)
			if err != nil || v.Kind() != engine.KindInt || v.Int() < 0 || v.Int() > 256 {
				return "", newError(ErrArgs, "resolveDeep: depth must be an integer from 0 to 256")
			}
			depth = int(v.Int())
		}
	}
	id, err := c.id(ctx, sh, 0)
	if err != nil {
		return "", err
	}
	doc, found, err := sh.backend.Resolve(ctx, c.coll, id, depth)
	if err != nil {
		return "", err
	}
	if !found {
		return "null", nil
	}
	if n := len(engine.AppendJSON(nil, doc)); n > maxResolved {
		return "", newError(ErrTooLarge, "resolved document too large: %d bytes (max %d)", n, maxResolved)
	}
	return FormatDocument(id, doc, true), nil
}

package repl

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/grumpydb/grumpydb/engine"
)

// maxResolved is the largest resolved document, as JSON, the shell prints
// (the wire's bulk limit, REPL.md §12.3).
const maxResolved = 16 << 20

// Result is what one statement produced.
type Result struct {
	Output string // printed on stdout followed by a newline; "" prints nothing
	Exit   bool   // exit or quit
	Clear  bool   // clear the screen
}

// Shell runs statements against a Backend and formats their results. It
// remembers the selected database; it is not safe for concurrent use.
type Shell struct {
	backend Backend
	db      string
}

// NewShell returns a shell over b with no database selected.
func NewShell(b Backend) *Shell { return &Shell{backend: b} }

// Database returns the selected database name ("" before any use).
func (sh *Shell) Database() string { return sh.db }

// Close closes the backend.
func (sh *Shell) Close() error { return sh.backend.Close() }

// Run parses and runs one statement (as cut by Split).
func (sh *Shell) Run(ctx context.Context, text string) (Result, error) {
	st, err := Parse(text)
	if err != nil {
		return Result{}, err
	}
	return sh.Exec(ctx, st)
}

// Exec runs one parsed statement.
func (sh *Shell) Exec(ctx context.Context, st *Statement) (Result, error) {
	switch st.Kind {
	case KindExit:
		return Result{Exit: true}, nil
	case KindClear:
		return Result{Clear: true}, nil
	case KindHelp:
		return Result{Output: Help(st.Topic)}, nil
	case KindUse:
		if err := engine.ValidateName(st.Name); err != nil {
			return Result{}, err
		}
		if err := sh.backend.Use(ctx, st.Name); err != nil {
			return Result{}, err
		}
		sh.db = st.Name
		return Result{Output: "Switched to database " + strconv.Quote(st.Name)}, nil
	}
	m, ok := lookupMethod(st)
	if !ok {
		prefix := "db."
		if st.Kind == KindCollMethod {
			prefix += st.Collection + "."
		}
		return Result{}, newError(ErrStatement, "unknown method: %s%s() (type 'help' for the list)", prefix, st.Method)
	}
	if err := m.checkCount(len(st.Args)); err != nil {
		return Result{}, err
	}
	if sh.db == "" {
		return Result{}, ErrNoDatabase
	}
	out, err := m.run(ctx, sh, &call{method: m, coll: st.Collection, args: st.Args})
	if err != nil {
		if ctx.Err() != nil {
			return Result{}, ErrInterrupted
		}
		return Result{}, err
	}
	return Result{Output: out}, nil
}

// call is one method invocation being run.
type call struct {
	method *method
	coll   string
	args   []Arg
}

// has reports whether argument i was given.
func (c *call) has(i int) bool { return i < len(c.args) }

// str returns argument i as a name, field or id: a bare word or a string.
func (c *call) str(i int) (string, error) {
	a := c.args[i]
	if a.HasBare {
		return a.Bare, nil
	}
	if a.HasValue && a.Value.Kind() == engine.KindString {
		return a.Value.Str(), nil
	}
	return "", newError(ErrArgs, "%s: %s must be a string", c.method.name, c.method.params[i])
}

// value returns argument i as a relaxed-JSON value.
func (c *call) value(i int) (engine.Value, error) {
	a := c.args[i]
	if !a.HasValue {
		return engine.Value{}, a.ValueErr
	}
	return a.Value, nil
}

// valueOr returns argument i, or def when it was not given.
func (c *call) valueOr(i int, def engine.Value) (engine.Value, error) {
	if !c.has(i) {
		return def, nil
	}
	return c.value(i)
}

// id resolves argument i to one key (§6), looking prefixes up.
func (c *call) id(ctx context.Context, sh *Shell, i int) (uuid.UUID, error) {
	text, err := c.str(i)
	if err != nil {
		return uuid.Nil, err
	}
	spec, err := ParseID(text)
	if err != nil {
		return uuid.Nil, err
	}
	if spec.Full {
		return spec.ID, nil
	}
	keys, err := sh.backend.KeysBetween(ctx, c.coll, spec.Lo, spec.Hi)
	if err != nil {
		return uuid.Nil, err
	}
	switch len(keys) {
	case 0:
		return uuid.Nil, newError(ErrNoMatch, "no document matches id prefix '%s'", text)
	case 1:
		return keys[0], nil
	default:
		return uuid.Nil, newError(ErrAmbiguous, "ambiguous id prefix '%s': %d matches", text, len(keys))
	}
}

// checkReserved refuses top-level field names starting with '$' (§5.1).
func checkReserved(doc engine.Value) error {
	for _, f := range doc.Fields() {
		if strings.HasPrefix(f.Key, "$") {
			return newError(ErrArgs, "field names starting with '$' are reserved (%s)", f.Key)
		}
	}
	return nil
}

// splitID takes a document's top-level _id out (§5.1): it returns the
// document without it and the UUID, if there was one.
func splitID(doc engine.Value) (engine.Value, uuid.UUID, bool, error) {
	idv, ok := doc.Get("_id")
	if !ok || doc.Kind() != engine.KindObject {
		return doc, uuid.Nil, false, nil
	}
	if idv.Kind() != engine.KindString {
		return doc, uuid.Nil, false, newError(ErrArgs, "_id must be a UUID string")
	}
	id, err := uuid.Parse(idv.Str())
	if err != nil {
		return doc, uuid.Nil, false, newError(ErrArgs, "_id must be a UUID string")
	}
	var rest []engine.Field
	for _, f := range doc.Fields() {
		if f.Key != "_id" {
			rest = append(rest, f)
		}
	}
	return engine.Object(rest...), id, true, nil
}

// completionTimeout bounds the collection listing behind tab completion
// (a round trip in connected mode).
const completionTimeout = 2 * time.Second

// CollectionNames lists the current database's collections for
// completion (nil before any use or on error).
func (sh *Shell) CollectionNames() []string {
	if sh.db == "" {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), completionTimeout)
	defer cancel()
	names, err := sh.backend.Collections(ctx)
	if err != nil {
		return nil
	}
	return names
}

// Prompt returns the prompt for the current state (§3.2); continuation is
// set while a statement is incomplete.
func (sh *Shell) Prompt(continuation bool) string {
	switch {
	case continuation:
		return "...> "
	case sh.db == "":
		return "grumpy> "
	default:
		return "grumpy [" + sh.db + "]> "
	}
}

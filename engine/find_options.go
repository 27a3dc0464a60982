package engine

// Find options (REPL.md §9.6): sort, skip, limit, projection and explain,
// read from the option document or set directly. Every error wraps
// ErrInvalidOptions and reads "invalid find options: <detail>".

import (
	"fmt"
	"math"
)

// FindOptions shape a Find. The zero value means: key order, no skip, no
// limit, no projection.
type FindOptions struct {
	// Sort orders the results by these paths, the first deciding first;
	// ties are broken by ascending key. Empty: key order.
	Sort []SortKey
	// Skip drops the first Skip results after sorting (>= 0).
	Skip int
	// Limit keeps at most Limit results after skipping (>= 0; 0 means no
	// limit).
	Limit int
	// Projection, when not nil, reshapes each returned document.
	Projection *Projection
	// Explain makes Find return the plan instead of the documents: one
	// Document with the nil key whose value is Plan.Value().
	Explain bool
	// SortMemoryBytes bounds the memory an in-memory sort may use before
	// it spills runs to temporary files. 0 (or less) means
	// DefaultSortMemoryBytes.
	SortMemoryBytes int64
	// TempDir is where spilled sort runs go. "" means os.TempDir().
	TempDir string
}

// SortKey is one sort criterion: a dotted path, ascending unless Desc.
type SortKey struct {
	Path string
	Desc bool
}

// DefaultSortMemoryBytes is the sort memory budget used when
// FindOptions.SortMemoryBytes is 0.
const DefaultSortMemoryBytes = 32 << 20

func optionsErr(detail string) error { return fmt.Errorf("%w: %s", ErrInvalidOptions, detail) }

// The descriptions of the "<option> must be <description>" errors.
const (
	textSortMust       = "sort must be an object {path: 1 | -1, …} or an array [[path, 1 | -1], …]"
	textSkipMust       = "skip must be an integer >= 0"
	textLimitMust      = "limit must be an integer >= 0"
	textExplainMust    = "explain must be a boolean"
	textProjectionMust = "projection must be an object {path: 1 | 0 | true | false, …}"
	textOptionsMust    = "options must be an object"
	textCountMust      = "count must be a boolean"
)

// ParseFindOptions reads the option document of §9.6: an object with the
// optional keys sort (an object {path: 1 | -1, …} read in written order,
// or an array [[path, 1 | -1], …]), skip and limit (integers >= 0),
// projection (§9.6) and explain (a boolean). An empty sort or projection
// object means none.
func ParseFindOptions(v Value) (FindOptions, error) {
	o, _, err := parseFindOptions(v, false)
	return o, err
}

// ParseWireFindOptions reads the options of the wire's FIND (PROTOCOL
// §11a, REPL.md §12.3): those of ParseFindOptions plus "count", a boolean
// asking for the number of results instead of the documents.
func ParseWireFindOptions(v Value) (opts FindOptions, count bool, err error) {
	return parseFindOptions(v, true)
}

func parseFindOptions(v Value, wire bool) (FindOptions, bool, error) {
	var o FindOptions
	count := false
	if v.Kind() != KindObject {
		return o, false, optionsErr(textOptionsMust)
	}
	for _, f := range v.Fields() {
		var err error
		switch f.Key {
		case "sort":
			o.Sort, err = parseSort(f.Value)
		case "skip":
			o.Skip, err = parseCount(f.Value, textSkipMust)
		case "limit":
			o.Limit, err = parseCount(f.Value, textLimitMust)
		case "explain":
			if f.Value.Kind() != KindBool {
				return o, false, optionsErr(textExplainMust)
			}
			o.Explain = f.Value.Bool()
		case "projection":
			o.Projection, err = ParseProjection(f.Value)
		case "count":
			if !wire {
				return o, false, optionsErr(`unknown option "count"`)
			}
			if f.Value.Kind() != KindBool {
				return o, false, optionsErr(textCountMust)
			}
			count = f.Value.Bool()
		default:
			return o, false, optionsErr(`unknown option "` + f.Key + `"`)
		}
		if err != nil {
			return o, false, err
		}
	}
	return o, count, nil
}

func parseCount(v Value, must string) (int, error) {
	if v.Kind() != KindInt || v.Int() < 0 {
		return 0, optionsErr(must)
	}
	if v.Int() > math.MaxInt32 {
		return math.MaxInt32, nil // beyond any result a query can give in practice
	}
	return int(v.Int()), nil
}

// sortDirection reads 1 (ascending) or -1 (descending), as an integer or
// an integral float.
func sortDirection(v Value) (desc, ok bool) {
	switch {
	case v.Kind() == KindInt && v.Int() == 1, v.Kind() == KindFloat && v.Float() == 1:
		return false, true
	case v.Kind() == KindInt && v.Int() == -1, v.Kind() == KindFloat && v.Float() == -1:
		return true, true
	}
	return false, false
}

func parseSort(v Value) ([]SortKey, error) {
	var keys []SortKey
	add := func(path string, dir Value) error {
		desc, ok := sortDirection(dir)
		if !ok {
			return optionsErr(textSortMust)
		}
		if _, err := splitPath(path); err != nil {
			return optionsErr(err.Error())
		}
		keys = append(keys, SortKey{Path: path, Desc: desc})
		return nil
	}
	switch v.Kind() {
	case KindObject:
		for _, f := range v.Fields() {
			if err := add(f.Key, f.Value); err != nil {
				return nil, err
			}
		}
	case KindArray:
		for _, e := range v.Elems() {
			if e.Kind() != KindArray || e.Len() != 2 || e.Index(0).Kind() != KindString {
				return nil, optionsErr(textSortMust)
			}
			if err := add(e.Index(0).Str(), e.Index(1)); err != nil {
				return nil, err
			}
		}
	default:
		return nil, optionsErr(textSortMust)
	}
	return keys, nil
}

// checkOptions validates options built in Go rather than parsed.
func checkOptions(o *FindOptions) (*sortSpec, error) {
	if o.Skip < 0 {
		return nil, optionsErr(textSkipMust)
	}
	if o.Limit < 0 {
		return nil, optionsErr(textLimitMust)
	}
	return compileSort(o.Sort)
}

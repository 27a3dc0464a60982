package engine

// Field paths (REPL.md §9.2, §9.7).
//
// A path is split on '.' into segments. Resolving it against a document
// gives the values reached: for each segment and each current value, an
// object yields its member of that name; an array with a segment of decimal
// digits ("0", "7": no sign, no leading zero) yields that element; an array
// with any other segment yields that member of each element that is an
// object; anything else yields nothing. The path "_id", which reaches the
// document key, is the caller's business: here it is an ordinary field.

import (
	"errors"
	"strings"
)

// splitPath splits a field path on '.'. An empty segment (an empty path,
// "a..b", a leading or trailing dot) is an error reading
// `bad field path "<path>"`, which callers wrap in ErrInvalidFilter or
// ErrInvalidOptions.
func splitPath(p string) ([]string, error) {
	segs := strings.Split(p, ".")
	for _, s := range segs {
		if s == "" {
			return nil, errors.New(`bad field path "` + p + `"`)
		}
	}
	return segs, nil
}

// resolvePath returns the values doc reaches through segs, in document
// order (nil if the path is missing). No segments reach doc itself.
func resolvePath(doc Value, segs []string) []Value {
	cur := []Value{doc}
	var next []Value
	for _, seg := range segs {
		idx, isIndex := arrayIndex(seg)
		next = next[:0]
		for _, v := range cur {
			switch v.kind {
			case KindObject:
				if m, ok := v.Get(seg); ok {
					next = append(next, m)
				}
			case KindArray:
				elems := v.elems()
				if isIndex {
					if idx < len(elems) {
						next = append(next, elems[idx])
					}
					continue
				}
				for _, e := range elems {
					if m, ok := e.Get(seg); ok {
						next = append(next, m)
					}
				}
			}
		}
		if len(next) == 0 {
			return nil
		}
		cur, next = next, cur
	}
	return cur
}

// arrayIndex parses a segment of decimal digits without a leading zero. A
// number too large for an int reports an index no array reaches.
func arrayIndex(seg string) (int, bool) {
	if seg == "" || seg[0] < '0' || seg[0] > '9' || seg[0] == '0' && len(seg) > 1 {
		return 0, false
	}
	const maxIndex = 1 << 40 // beyond any array a document can hold
	n := 0
	for i := 0; i < len(seg); i++ {
		c := seg[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		if n < maxIndex {
			n = n*10 + int(c-'0')
		}
	}
	return n, true
}

// indexEntries returns the values a secondary index on the path segs holds
// for doc (REPL.md §9.7): each value reached contributes itself, except an
// array, which contributes each of its elements (an element that is an
// array or object is one entry; an empty array contributes nothing).
// Duplicates (Equal) are dropped, the first kept. noValue is true when
// nothing is contributed: the document then has one "no value" entry.
func indexEntries(doc Value, segs []string) (vals []Value, noValue bool) {
	for _, v := range resolvePath(doc, segs) {
		if v.kind == KindArray {
			vals = append(vals, v.elems()...)
		} else {
			vals = append(vals, v)
		}
	}
	if len(vals) == 0 {
		return nil, true
	}
	return dedupValues(vals), false
}

// dedupValues removes values Equal to an earlier one, in place.
func dedupValues(vs []Value) []Value {
	if len(vs) < 2 {
		return vs
	}
	out := vs[:0]
	if len(vs) <= smallObjectFields {
	small:
		for _, v := range vs {
			for _, o := range out {
				if Equal(o, v) {
					continue small
				}
			}
			out = append(out, v)
		}
		return out
	}
	// Equal values have identical index keys, so the keys identify them.
	seen := make(map[string]struct{}, len(vs))
	var key []byte
	for _, v := range vs {
		key = appendIndexKey(key[:0], v)
		if _, dup := seen[string(key)]; dup {
			continue
		}
		seen[string(key)] = struct{}{}
		out = append(out, v)
	}
	return out
}

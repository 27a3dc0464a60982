package engine

// Find filters (REPL.md §9.1–9.3): compiling a filter document once into a
// tree that Filter.Match evaluates against (key, document) pairs.
//
// A filter is an object. Its entries all hold (implicit AND); each is a
// field condition (path: condition) or one of the logical operators $and,
// $or (non-empty arrays of filters) and $not (a filter). A condition is an
// operator object when it is a non-empty object whose keys all start with
// '$' (except a reference literal: an object whose only key is "$ref"),
// otherwise a literal compared whole ($eq). Null operands of the range
// operators are settled here: $gte/$lte null compile to $eq null, $gt/$lt
// null to an operator that never holds. Every error wraps ErrInvalidFilter
// and reads "invalid filter: <detail>" with the texts of §9.

import (
	"fmt"
	"math"
	"strings"

	"github.com/google/uuid"
)

// Filter is a compiled find filter. It is immutable and safe for concurrent
// use.
type Filter struct {
	root *filterNode
}

type filterKind uint8

const (
	filterAnd   filterKind = iota // every kid holds
	filterOr                      // some kid holds
	filterNot                     // the one kid does not hold
	filterField                   // every op holds for the values path reaches
)

type filterNode struct {
	kind filterKind
	kids []*filterNode
	// Field conditions.
	path string
	segs []string
	isID bool // the first segment is "_id": the path starts at the key
	ops  []fieldOp
}

type opKind uint8

const (
	opEq opKind = iota
	opNe
	opGt
	opGte
	opLt
	opLte
	opIn
	opNin
	opExists
	opNot
	opNever // $gt/$lt null: holds for nothing
)

type fieldOp struct {
	kind   opKind
	val    Value     // $eq $ne $gt $gte $lt $lte
	list   []Value   // $in $nin
	exists bool      // $exists
	not    []fieldOp // $not
}

// The error texts of §9 that are shared by several places.
const (
	textNotFilter    = "filter must be an object"
	textNotOperator  = "$not needs an operator object such as {$gt: 5}"
	textNestedFilter = "filter nested too deeply"
)

func filterErr(detail string) error { return fmt.Errorf("%w: %s", ErrInvalidFilter, detail) }

// ParseFilter compiles a filter document (§9.1). The empty object matches
// every document; an omitted filter is the empty object. Errors wrap
// ErrInvalidFilter.
func ParseFilter(v Value) (*Filter, error) {
	if hasNonFinite(v) {
		return nil, filterErr(textNonFinite)
	}
	n, err := compileFilter(v, 0)
	if err != nil {
		return nil, err
	}
	return &Filter{root: n}, nil
}

// textNonFinite is the detail for a NaN or infinite operand: such values
// are never stored, and they have no place in the value order, so a filter
// holding one would match differently with and without an index.
const textNonFinite = "NaN and infinities cannot be compared"

// hasNonFinite reports whether v holds a NaN or infinite float anywhere
// (only filters built in Go can: JSON has no spelling for them).
func hasNonFinite(v Value) bool {
	switch v.Kind() {
	case KindFloat:
		f := v.Float()
		return math.IsNaN(f) || math.IsInf(f, 0)
	case KindArray:
		for _, e := range v.Elems() {
			if hasNonFinite(e) {
				return true
			}
		}
	case KindObject:
		for _, f := range v.Fields() {
			if hasNonFinite(f.Value) {
				return true
			}
		}
	}
	return false
}

// topFields returns the top-level document fields the filter's paths start
// with ("_id" reaches the key, not a field, so it is not one of them). A
// document's match depends on those fields only. It returns nil for a
// filter that matches everything.
func (f *Filter) topFields() map[string]struct{} {
	if f.MatchAll() {
		return nil
	}
	set := map[string]struct{}{}
	var walk func(n *filterNode)
	walk = func(n *filterNode) {
		if n.kind == filterField {
			if !n.isID {
				set[n.segs[0]] = struct{}{}
			}
			return
		}
		for _, k := range n.kids {
			walk(k)
		}
	}
	walk(f.root)
	return set
}

// MatchAll reports whether the filter matches every document (it is {}).
func (f *Filter) MatchAll() bool {
	return f == nil || f.root.kind == filterAnd && len(f.root.kids) == 0
}

func compileFilter(v Value, depth int) (*filterNode, error) {
	if v.Kind() != KindObject {
		return nil, filterErr(textNotFilter)
	}
	if depth >= MaxDepth {
		return nil, filterErr(textNestedFilter)
	}
	node := &filterNode{kind: filterAnd}
	for _, f := range v.Fields() {
		var kid *filterNode
		var err error
		if strings.HasPrefix(f.Key, "$") {
			kid, err = compileLogical(f.Key, f.Value, depth)
		} else {
			kid, err = compileField(f.Key, f.Value, depth)
		}
		if err != nil {
			return nil, err
		}
		node.kids = append(node.kids, kid)
	}
	return node, nil
}

func compileLogical(op string, operand Value, depth int) (*filterNode, error) {
	switch op {
	case "$and", "$or":
		if operand.Kind() != KindArray || operand.Len() == 0 {
			return nil, filterErr(op + " needs a non-empty array of filters")
		}
		node := &filterNode{kind: filterAnd}
		if op == "$or" {
			node.kind = filterOr
		}
		for _, e := range operand.Elems() {
			kid, err := compileFilter(e, depth+1)
			if err != nil {
				return nil, err
			}
			node.kids = append(node.kids, kid)
		}
		return node, nil
	case "$not":
		if operand.Kind() != KindObject || operand.Len() == 0 {
			return nil, filterErr(textNotOperator)
		}
		kid, err := compileFilter(operand, depth+1)
		if err != nil {
			return nil, err
		}
		return &filterNode{kind: filterNot, kids: []*filterNode{kid}}, nil
	}
	return nil, filterErr("unknown operator " + op)
}

// conditionKind classifies a condition value (§9.1).
type conditionKind uint8

const (
	condLiteral conditionKind = iota
	condOperators
	condMixed
)

func classifyCondition(v Value) conditionKind {
	fs := v.Fields()
	if len(fs) == 0 {
		return condLiteral // not an object, or {}: a literal
	}
	if len(fs) == 1 && fs[0].Key == "$ref" {
		return condLiteral // a reference literal in its object form
	}
	dollars := 0
	for _, f := range fs {
		if strings.HasPrefix(f.Key, "$") {
			dollars++
		}
	}
	switch dollars {
	case 0:
		return condLiteral
	case len(fs):
		return condOperators
	}
	return condMixed
}

func errMixed(path string) error {
	return filterErr(`cannot mix operators and fields in the condition for "` + path + `"`)
}

func compileField(path string, cond Value, depth int) (*filterNode, error) {
	segs, err := splitPath(path)
	if err != nil {
		return nil, filterErr(err.Error())
	}
	node := &filterNode{kind: filterField, path: path, segs: segs, isID: segs[0] == "_id"}
	switch classifyCondition(cond) {
	case condLiteral:
		node.ops = []fieldOp{{kind: opEq, val: cond}}
	case condMixed:
		return nil, errMixed(path)
	default:
		if node.ops, err = compileOps(path, cond, depth); err != nil {
			return nil, err
		}
	}
	return node, nil
}

func compileOps(path string, obj Value, depth int) ([]fieldOp, error) {
	if depth >= MaxDepth {
		return nil, filterErr(textNestedFilter)
	}
	var ops []fieldOp
	for _, f := range obj.Fields() {
		v := f.Value
		var op fieldOp
		switch f.Key {
		case "$eq":
			op = fieldOp{kind: opEq, val: v}
		case "$ne":
			op = fieldOp{kind: opNe, val: v}
		case "$gt", "$lt":
			op = fieldOp{kind: opGt, val: v}
			if f.Key == "$lt" {
				op.kind = opLt
			}
			if v.Kind() == KindNull {
				op = fieldOp{kind: opNever}
			}
		case "$gte", "$lte":
			op = fieldOp{kind: opGte, val: v}
			if f.Key == "$lte" {
				op.kind = opLte
			}
			if v.Kind() == KindNull {
				op = fieldOp{kind: opEq, val: v}
			}
		case "$in", "$nin":
			if v.Kind() != KindArray {
				return nil, filterErr(f.Key + " needs an array")
			}
			op = fieldOp{kind: opIn, list: v.Elems()}
			if f.Key == "$nin" {
				op.kind = opNin
			}
		case "$exists":
			if v.Kind() != KindBool {
				return nil, filterErr("$exists needs a boolean")
			}
			op = fieldOp{kind: opExists, exists: v.Bool()}
		case "$not":
			switch classifyCondition(v) {
			case condMixed:
				return nil, errMixed(path)
			case condLiteral:
				return nil, filterErr(textNotOperator)
			}
			inner, err := compileOps(path, v, depth+1)
			if err != nil {
				return nil, err
			}
			op = fieldOp{kind: opNot, not: inner}
		default:
			return nil, filterErr("unknown operator " + f.Key)
		}
		ops = append(ops, op)
	}
	return ops, nil
}

// Match reports whether the document doc stored under id matches the
// filter. The path "_id" reaches the key as its canonical string; a longer
// path starting with "_id" reaches nothing. A nil Filter matches
// everything.
func (f *Filter) Match(id uuid.UUID, doc Value) bool {
	if f == nil {
		return true
	}
	t := matchTarget{id: id, doc: doc}
	return f.root.match(&t)
}

// matchTarget is one document being matched, with its key's string made
// once.
type matchTarget struct {
	id    uuid.UUID
	doc   Value
	idStr Value
	hasID bool
}

func (t *matchTarget) reach(n *filterNode) []Value {
	if !n.isID {
		return resolvePath(t.doc, n.segs)
	}
	if len(n.segs) > 1 {
		return nil
	}
	if !t.hasID {
		t.idStr, t.hasID = String(t.id.String()), true
	}
	return []Value{t.idStr}
}

func (n *filterNode) match(t *matchTarget) bool {
	switch n.kind {
	case filterAnd:
		for _, k := range n.kids {
			if !k.match(t) {
				return false
			}
		}
		return true
	case filterOr:
		for _, k := range n.kids {
			if k.match(t) {
				return true
			}
		}
		return false
	case filterNot:
		return !n.kids[0].match(t)
	}
	return opsHold(n.ops, t.reach(n))
}

func opsHold(ops []fieldOp, reached []Value) bool {
	for i := range ops {
		if !ops[i].holds(reached) {
			return false
		}
	}
	return true
}

// holds evaluates one operator against the values a path reached (§9.3).
func (op *fieldOp) holds(reached []Value) bool {
	switch op.kind {
	case opEq:
		return eqHolds(reached, op.val)
	case opNe:
		return !eqHolds(reached, op.val)
	case opGt, opGte, opLt, opLte:
		return rangeHolds(reached, op.kind, op.val)
	case opIn:
		return inHolds(reached, op.list)
	case opNin:
		return !inHolds(reached, op.list)
	case opExists:
		return (len(reached) > 0) == op.exists
	case opNot:
		return !opsHold(op.not, reached)
	}
	return false // opNever
}

// eqHolds: some reached value, or an element of a reached array, equals v;
// a null v also holds when nothing is reached.
func eqHolds(reached []Value, v Value) bool {
	if len(reached) == 0 {
		return v.Kind() == KindNull
	}
	for _, r := range reached {
		if Equal(r, v) {
			return true
		}
		for _, e := range r.Elems() {
			if Equal(e, v) {
				return true
			}
		}
	}
	return false
}

func inHolds(reached []Value, list []Value) bool {
	for _, v := range list {
		if eqHolds(reached, v) {
			return true
		}
	}
	return false
}

// rangeHolds: some reached value, or an element of a reached array, of v's
// class compares with v as the operator requires.
func rangeHolds(reached []Value, k opKind, v Value) bool {
	test := func(x Value) bool {
		if !SameClass(x, v) {
			return false
		}
		c := Compare(x, v)
		switch k {
		case opGt:
			return c > 0
		case opGte:
			return c >= 0
		case opLt:
			return c < 0
		}
		return c <= 0
	}
	for _, r := range reached {
		if test(r) {
			return true
		}
		for _, e := range r.Elems() {
			if test(e) {
				return true
			}
		}
	}
	return false
}

// conjuncts appends the field conditions that must all hold for the filter
// to match: the top-level ones and those of nested $and, not those under
// $or or $not.
func (n *filterNode) conjuncts(dst []*filterNode) []*filterNode {
	switch n.kind {
	case filterAnd:
		for _, k := range n.kids {
			dst = k.conjuncts(dst)
		}
	case filterField:
		dst = append(dst, n)
	}
	return dst
}

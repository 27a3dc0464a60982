package engine

// Projections (REPL.md §9.6, §9.7).
//
// A projection is an object {path: 1 | 0 | true | false, …}. All values
// true (apart from "_id") is an inclusion: keep only those paths. All false
// is an exclusion: drop those paths. The key's "_id" is kept unless
// "_id": 0 (it is not part of the stored document: the engine never adds
// it, unless Projection.AddID asks for the shell's display form). Paths are
// applied as a tree, in the document's field order:
//
//   - an object keeps (inclusion) or loses (exclusion) the listed members;
//     a member listed with a longer path is projected further when it is an
//     object or an array, and otherwise dropped (inclusion) or kept
//     (exclusion);
//   - an array is walked element by element with the same paths: object
//     and array elements are projected (an object keeps its place even when
//     nothing of it is left), other elements are dropped under inclusion and
//     kept under exclusion; nested arrays are walked the same way;
//   - a digit segment ("0", "7") meeting an array also selects that element
//     (as in filter paths): the element is then projected with the rest of
//     that path, kept whole (inclusion) or dropped (exclusion) when the path
//     ends there. Meeting an object it is an ordinary field name.
//
// A path listed together with a longer path below it ("a" and "a.b") acts
// as the shorter one. Paths whose first segment is "_id" other than "_id"
// itself name nothing (the path "_id" is the key). A non-object document
// projects to {} under inclusion and is unchanged under exclusion.

import (
	"strconv"

	"github.com/google/uuid"
)

// Projection is a compiled projection. Build it with ParseProjection; it is
// immutable apart from AddID and safe for concurrent use. A nil Projection
// leaves documents unchanged, and so does a zero one apart from AddID.
type Projection struct {
	// AddID puts "_id": "<canonical key>" first in every projected object
	// document, as the shell displays documents, unless the projection has
	// "_id": 0; the document's own top-level "_id" field, if any, then
	// gives way. The wire never sets it.
	AddID bool

	mode   projMode
	root   *projNode
	dropID bool
}

type projMode uint8

const (
	projNone projMode = iota
	projInclude
	projExclude
)

// projNode is a node of the path tree. leaf: the path ends here (the value
// is kept whole or dropped whole). walk is the node restricted to its
// non-digit members, applied to the elements of an array; elem[i] is walk
// merged with the digit member i, applied to element i.
type projNode struct {
	leaf bool
	done bool // finish has run
	kids map[string]*projNode
	walk *projNode
	elem map[int]*projNode
}

// ParseProjection compiles a projection object (§9.6). An empty object
// gives nil (no projection). Errors wrap ErrInvalidOptions.
func ParseProjection(v Value) (*Projection, error) {
	if v.Kind() != KindObject {
		return nil, optionsErr(textProjectionMust)
	}
	if v.Len() == 0 {
		return nil, nil
	}
	p := &Projection{root: &projNode{}}
	incl, excl := false, false
	for _, f := range v.Fields() {
		keep, ok := projectionFlag(f.Value)
		if !ok {
			return nil, optionsErr(textProjectionMust)
		}
		segs, err := splitPath(f.Key)
		if err != nil {
			return nil, optionsErr(err.Error())
		}
		if f.Key == "_id" {
			p.dropID = !keep
			continue
		}
		if keep {
			incl = true
		} else {
			excl = true
		}
		if incl && excl {
			return nil, optionsErr("projection cannot mix inclusion and exclusion")
		}
		if segs[0] != "_id" {
			p.root.add(segs)
		}
	}
	switch {
	case incl:
		p.mode = projInclude
	case excl:
		p.mode = projExclude
	case p.dropID:
		p.mode = projExclude // {_id: 0}: the document unchanged, no key
	default:
		p.mode = projInclude // {_id: 1}: only the key
	}
	p.root.finish()
	return p, nil
}

func projectionFlag(v Value) (keep, ok bool) {
	switch v.Kind() {
	case KindBool:
		return v.Bool(), true
	case KindInt:
		switch v.Int() {
		case 1:
			return true, true
		case 0:
			return false, true
		}
	case KindFloat:
		switch v.Float() {
		case 1:
			return true, true
		case 0:
			return false, true
		}
	}
	return false, false
}

func (n *projNode) add(segs []string) {
	// No document is deeper than MaxDepth: a longer path reaches nothing
	// past that depth, but still keeps (or walks) the containers on its way.
	leaf := true
	if len(segs) > MaxDepth+1 {
		segs, leaf = segs[:MaxDepth+1], false
	}
	for _, s := range segs {
		if n.leaf {
			return // a shorter path already covers this one
		}
		if n.kids == nil {
			n.kids = map[string]*projNode{}
		}
		k := n.kids[s]
		if k == nil {
			k = &projNode{}
			n.kids[s] = k
		}
		n = k
	}
	if leaf {
		n.leaf, n.kids = true, nil
	}
}

// maxProjectionDepth bounds the recursion of project on values deeper than
// any stored document.
const maxProjectionDepth = MaxDepth + 2

// finish computes walk and elem for n and its subtree, once per node.
func (n *projNode) finish() {
	if n.done || n.leaf {
		return
	}
	n.done = true
	n.walk = n
	for s := range n.kids {
		if _, isIndex := arrayIndex(s); isIndex {
			n.walk = &projNode{}
			break
		}
	}
	if n.walk != n {
		for s, k := range n.kids {
			if _, isIndex := arrayIndex(s); !isIndex {
				if n.walk.kids == nil {
					n.walk.kids = map[string]*projNode{}
				}
				n.walk.kids[s] = k
			}
		}
		n.walk.finish() // has no digit members: its own walk
	}
	for s, k := range n.kids {
		k.finish()
		if i, isIndex := arrayIndex(s); isIndex && s == strconv.Itoa(i) {
			if n.elem == nil {
				n.elem = map[int]*projNode{}
			}
			e := mergeProj(n.walk, k)
			e.finish()
			n.elem[i] = e
		}
	}
}

// mergeProj returns a node listing the paths of both a and b.
func mergeProj(a, b *projNode) *projNode {
	if a.leaf || b.leaf {
		return &projNode{leaf: true}
	}
	m := &projNode{kids: map[string]*projNode{}}
	for s, k := range a.kids {
		m.kids[s] = k
	}
	for s, k := range b.kids {
		if o := m.kids[s]; o != nil {
			m.kids[s] = mergeProj(o, k)
		} else {
			m.kids[s] = k
		}
	}
	return m
}

// KeepsID reports whether the projection keeps the key (no "_id": 0); a
// nil projection does.
func (p *Projection) KeepsID() bool { return p == nil || !p.dropID }

// Apply returns the projection of doc, stored under id.
func (p *Projection) Apply(id uuid.UUID, doc Value) Value {
	if p == nil {
		return doc
	}
	out := doc
	switch p.mode {
	case projInclude:
		if doc.Kind() != KindObject {
			out = Value{kind: KindObject}
		} else {
			out = p.root.project(doc, 0, true)
		}
	case projExclude:
		if doc.Kind() == KindObject {
			out = p.root.project(doc, 0, false)
		}
	}
	if p.AddID && !p.dropID && out.Kind() == KindObject {
		fs := make([]Field, 0, out.Len()+1)
		fs = append(fs, Field{Key: "_id", Value: String(id.String())})
		for _, f := range out.Fields() {
			if f.Key != "_id" {
				fs = append(fs, f)
			}
		}
		out = objectValue(fs)
	}
	return out
}

// project applies n to an object or array v: it keeps only the listed paths
// when incl is set and drops them otherwise. A member n does not list is
// dropped under inclusion and kept under exclusion; a listed member or any
// array element is handled by applyTo. Values nested deeper than
// maxProjectionDepth, and values that are not containers, come back as
// they are.
func (n *projNode) project(v Value, depth int, incl bool) Value {
	if depth > maxProjectionDepth {
		return v
	}
	switch v.Kind() {
	case KindObject:
		var fs []Field
		for _, f := range v.Fields() {
			k := n.kids[f.Key]
			if k == nil {
				if !incl {
					fs = append(fs, f)
				}
				continue
			}
			if pv, keep := k.applyTo(f.Value, depth, incl); keep {
				fs = append(fs, Field{Key: f.Key, Value: pv})
			}
		}
		return objectValue(fs)
	case KindArray:
		var es []Value
		for i, e := range v.Elems() {
			if pv, keep := n.elemNode(i).applyTo(e, depth, incl); keep {
				es = append(es, pv)
			}
		}
		return arrayValue(es)
	}
	return v
}

// applyTo projects a member or element e met at depth, n being the node
// listed for it, and reports whether it stays: a leaf keeps e whole under
// inclusion and drops it under exclusion, a container is projected further
// with n, and any other value is dropped under inclusion and kept under
// exclusion.
func (n *projNode) applyTo(e Value, depth int, incl bool) (Value, bool) {
	switch {
	case n.leaf:
		return e, incl
	case isContainer(e):
		return n.project(e, depth+1, incl), true
	default:
		return e, !incl
	}
}

// elemNode returns the node applied to element i of an array met at n.
func (n *projNode) elemNode(i int) *projNode {
	if e := n.elem[i]; e != nil {
		return e
	}
	if n.walk != nil {
		return n.walk
	}
	return &projNode{}
}

func isContainer(v Value) bool { return v.Kind() == KindObject || v.Kind() == KindArray }

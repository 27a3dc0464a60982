package engine

// Struct fields as object members, shared by ValueOf and Decode.
//
// Exported fields become members in declaration order. The member name
// comes from the `grumpy:"name,omitempty"` tag or, when a field has no
// grumpy tag, from its `json` tag, else the Go field name; the tag "-"
// skips the field (while "-," names it "-"); the option omitempty leaves
// out false, 0, "", nil and empty arrays, slices and maps. An embedded struct (or pointer to struct)
// without a tag name has its fields inlined; when two fields end up with
// the same name, the one nested least deep wins, and between equally deep
// ones the first declared.

import (
	"reflect"
	"strings"
)

// goField describes one struct field mapped to an object member.
type goField struct {
	name      string
	index     []int // reflect field index path, through inlined embedded structs
	omitEmpty bool
}

// fieldCache memoises struct layouts for the duration of one ValueOf or
// Decode call (the package keeps no state between calls).
type fieldCache map[reflect.Type][]goField

func (c fieldCache) fields(t reflect.Type) []goField {
	if fs, ok := c[t]; ok {
		return fs
	}
	var all []goField
	depths := map[string]int{}
	collectFields(t, nil, 0, &all, depths, map[reflect.Type]bool{})
	fs := make([]goField, 0, len(all))
	taken := map[string]bool{}
	for _, f := range all {
		// all is in declaration order, so the first field met at the least
		// depth of its name wins.
		if taken[f.name] || len(f.index)-1 != depths[f.name] {
			continue
		}
		taken[f.name] = true
		fs = append(fs, f)
	}
	c[t] = fs
	return fs
}

// lookup returns the field of t named name.
func (c fieldCache) lookup(t reflect.Type, name string) (goField, bool) {
	for _, f := range c.fields(t) {
		if f.name == name {
			return f, true
		}
	}
	return goField{}, false
}

// collectFields appends the fields of struct t, in declaration order, with
// inlined embedded structs, to all, recording each name's least depth.
// visiting guards against embedding cycles through pointers.
func collectFields(t reflect.Type, prefix []int, depth int, all *[]goField, depths map[string]int, visiting map[reflect.Type]bool) {
	if visiting[t] {
		return
	}
	visiting[t] = true
	defer delete(visiting, t)
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		tag, ok := sf.Tag.Lookup("grumpy")
		if !ok {
			tag = sf.Tag.Get("json")
		}
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",") // `json:"-,"` names a field "-"
		index := append(append([]int(nil), prefix...), i)
		if sf.Anonymous && name == "" {
			ft := sf.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				collectFields(ft, index, depth+1, all, depths, visiting)
				continue
			}
		}
		if !sf.IsExported() {
			continue
		}
		if name == "" {
			name = sf.Name
		}
		omit := false
		for _, o := range strings.Split(opts, ",") {
			omit = omit || o == "omitempty"
		}
		*all = append(*all, goField{name: name, index: index, omitEmpty: omit})
		if d, seen := depths[name]; !seen || depth < d {
			depths[name] = depth
		}
	}
}

// isEmptyGo reports whether v counts as empty for omitempty.
func isEmptyGo(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Bool:
		return !v.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int() == 0
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return v.Uint() == 0
	case reflect.Float32, reflect.Float64:
		return v.Float() == 0
	case reflect.Interface, reflect.Pointer:
		return v.IsNil()
	}
	return false
}

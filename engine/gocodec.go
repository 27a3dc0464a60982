package engine

// Conversion from Go values (ValueOf). The reverse, Value.Decode, is in
// gocodec_decode.go.

import (
	"encoding"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"

	"github.com/google/uuid"
)

// Reference is the Go form of a reference value: ValueOf turns it into a
// reference, and Decode turns a reference into it.
type Reference struct {
	Collection string
	ID         uuid.UUID
}

// maxPointerHops bounds a chain of pointers and interfaces followed to
// reach one value, so a pointer cycle cannot loop forever.
const maxPointerHops = 64

// ValueOf converts a Go value to a Value:
//
//   - nil, nil pointers, nil interfaces, nil slices and nil maps → null;
//   - bool → bool; every int and uint kind → int (a uint above MaxInt64 is
//     an error); float32 and float64 → float;
//   - string → string; []byte and [N]byte → bytes;
//   - other slices and arrays → array;
//   - maps with string keys → object, keys sorted by their UTF-8 bytes;
//   - structs → object of their exported fields in declaration order. A
//     field's member name comes from its `grumpy:"name,omitempty"` tag or,
//     without a grumpy tag, its `json` tag, else the field name; the tag
//     "-" skips the field and omitempty leaves out false, 0, "", nil and
//     empty slices, maps and arrays. Embedded structs without a tag name
//     are inlined (the least deeply nested field of a name wins, then the
//     first declared);
//   - pointers and interfaces → what they point at;
//   - Value → itself; Reference → reference; uuid.UUID → its canonical
//     string; any other encoding.TextMarshaler → its text as a string.
//
// Other kinds (channels, functions, complex numbers, maps with other keys)
// and nesting deeper than MaxDepth are errors wrapping ErrInvalidValue.
// ValueOf does not check content rules such as NaN or UTF-8;
// ValidateDocument does.
func ValueOf(x any) (Value, error) {
	c := goEncoder{fields: fieldCache{}}
	return c.value(x, 0)
}

// goEncoder holds the state of one ValueOf call.
type goEncoder struct {
	fields fieldCache
}

// value converts x found at depth (the number of enclosing arrays and
// objects), trying common concrete types before reflection.
func (c *goEncoder) value(x any, depth int) (Value, error) {
	switch x := x.(type) {
	case nil:
		return Value{}, nil
	case Value:
		return x, nil
	case bool:
		return Bool(x), nil
	case int:
		return Int(int64(x)), nil
	case int64:
		return Int(x), nil
	case float64:
		return Float(x), nil
	case string:
		return String(x), nil
	case []byte:
		if x == nil {
			return Value{}, nil
		}
		return Bytes(x), nil
	case uuid.UUID:
		return String(x.String()), nil
	case Reference:
		return Ref(x.Collection, x.ID), nil
	}
	return c.reflect(reflect.ValueOf(x), depth)
}

func (c *goEncoder) reflect(v reflect.Value, depth int) (Value, error) {
	for hops := 0; v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface; hops++ {
		if v.IsNil() {
			return Value{}, nil
		}
		if hops == maxPointerHops {
			return Value{}, fmt.Errorf("%w: pointer chain too long (a cycle?) at %s", ErrInvalidValue, v.Type())
		}
		if v.Kind() == reflect.Pointer && v.Type().Implements(reflect.TypeFor[encoding.TextMarshaler]()) && !isSpecialType(v.Type().Elem()) {
			return marshalText(v)
		}
		v = v.Elem()
	}
	if !v.IsValid() {
		return Value{}, nil
	}
	t := v.Type()
	switch t {
	case reflect.TypeFor[Value](), reflect.TypeFor[Reference](), reflect.TypeFor[uuid.UUID]():
		return c.value(v.Interface(), depth)
	}
	if t.Implements(reflect.TypeFor[encoding.TextMarshaler]()) {
		return marshalText(v)
	}
	if v.CanAddr() && reflect.PointerTo(t).Implements(reflect.TypeFor[encoding.TextMarshaler]()) {
		return marshalText(v.Addr())
	}
	switch t.Kind() {
	case reflect.Bool:
		return Bool(v.Bool()), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return Int(v.Int()), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		u := v.Uint()
		if u > math.MaxInt64 {
			return Value{}, fmt.Errorf("%w: integer %d overflows int64", ErrInvalidValue, u)
		}
		return Int(int64(u)), nil
	case reflect.Float32, reflect.Float64:
		return Float(v.Float()), nil
	case reflect.String:
		return String(v.String()), nil
	case reflect.Slice:
		if v.IsNil() {
			return Value{}, nil
		}
		if t.Elem().Kind() == reflect.Uint8 {
			return Bytes(v.Bytes()), nil
		}
		return c.array(v, depth)
	case reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			b := make([]byte, v.Len())
			reflect.Copy(reflect.ValueOf(b), v)
			return Bytes(b), nil
		}
		return c.array(v, depth)
	case reflect.Map:
		if v.IsNil() {
			return Value{}, nil
		}
		return c.object(v, depth)
	case reflect.Struct:
		return c.structValue(v, depth)
	}
	return Value{}, fmt.Errorf("%w: cannot convert Go type %s", ErrInvalidValue, t)
}

// isSpecialType reports whether t is converted by ValueOf's own rules even
// though it may implement encoding.TextMarshaler.
func isSpecialType(t reflect.Type) bool {
	return t == reflect.TypeFor[uuid.UUID]() || t == reflect.TypeFor[Value]() || t == reflect.TypeFor[Reference]()
}

func marshalText(v reflect.Value) (Value, error) {
	text, err := v.Interface().(encoding.TextMarshaler).MarshalText()
	if err != nil {
		return Value{}, fmt.Errorf("%w: %s: %v", ErrInvalidValue, v.Type(), err)
	}
	return String(string(text)), nil
}

func errGoTooDeep() error {
	return fmt.Errorf("%w: nesting deeper than %d", ErrInvalidValue, MaxDepth)
}

func (c *goEncoder) array(v reflect.Value, depth int) (Value, error) {
	if depth >= MaxDepth {
		return Value{}, errGoTooDeep()
	}
	n := v.Len()
	if n == 0 {
		return Value{kind: KindArray}, nil
	}
	elems := make([]Value, n)
	for i := range elems {
		e, err := c.reflect(v.Index(i), depth+1)
		if err != nil {
			return Value{}, err
		}
		elems[i] = e
	}
	return arrayValue(elems), nil
}

func (c *goEncoder) object(v reflect.Value, depth int) (Value, error) {
	if depth >= MaxDepth {
		return Value{}, errGoTooDeep()
	}
	t := v.Type()
	if t.Key().Kind() != reflect.String {
		return Value{}, fmt.Errorf("%w: cannot convert Go map with %s keys (string keys only)", ErrInvalidValue, t.Key())
	}
	fs := make([]Field, 0, v.Len())
	for it := v.MapRange(); it.Next(); {
		e, err := c.reflect(it.Value(), depth+1)
		if err != nil {
			return Value{}, err
		}
		fs = append(fs, Field{Key: it.Key().String(), Value: e})
	}
	slices.SortFunc(fs, func(a, b Field) int { return strings.Compare(a.Key, b.Key) })
	return objectValue(fs), nil
}

func (c *goEncoder) structValue(v reflect.Value, depth int) (Value, error) {
	if depth >= MaxDepth {
		return Value{}, errGoTooDeep()
	}
	gfs := c.fields.fields(v.Type())
	fs := make([]Field, 0, len(gfs))
	for _, gf := range gfs {
		fv, ok := fieldByIndex(v, gf.index)
		if !ok || gf.omitEmpty && isEmptyGo(fv) {
			continue
		}
		e, err := c.reflect(fv, depth+1)
		if err != nil {
			return Value{}, err
		}
		fs = append(fs, Field{Key: gf.name, Value: e})
	}
	return objectValue(fs), nil
}

// fieldByIndex follows index through v, reporting false when it crosses a
// nil embedded pointer.
func fieldByIndex(v reflect.Value, index []int) (reflect.Value, bool) {
	for i, x := range index {
		if i > 0 && v.Kind() == reflect.Pointer {
			if v.IsNil() {
				return reflect.Value{}, false
			}
			v = v.Elem()
		}
		v = v.Field(x)
	}
	return v, true
}

package engine

// Conversion to Go values (Value.Decode).

import (
	"encoding"
	"fmt"
	"math"
	"reflect"
)

// Decode stores v into the Go value dst points at (dst must be a non-nil
// pointer). Targets and what they accept:
//
//   - *Value: v itself; Reference: a reference;
//   - bool: a bool; string: a string; []byte and [N]byte: bytes (of length
//     N for an array);
//   - every int and uint kind: an int in range, or a float with an integral
//     value in range; float32 and float64: a float, or an int (converted,
//     rounding if needed; a float32 out of range is an error);
//   - slices: an array; Go arrays: an array of the same length;
//   - maps with string keys: an object (members added to an existing map);
//   - structs: an object, members matched to fields by exact name (see
//     gocodec_fields.go), unknown members ignored;
//   - pointers: allocated when nil, then filled;
//   - any (empty interface): map[string]any, []any, int64, float64, string,
//     bool, nil, []byte or Reference;
//   - encoding.TextUnmarshaler (uuid.UUID, time.Time, …): a string.
//
// null stores the target's zero value. Anything else is an error wrapping
// ErrInvalidValue; dst may then be partly filled.
func (v Value) Decode(dst any) error {
	rv := reflect.ValueOf(dst)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return fmt.Errorf("%w: Decode needs a non-nil pointer, not %T", ErrInvalidValue, dst)
	}
	d := goDecoder{fields: fieldCache{}}
	return d.into(rv.Elem(), v)
}

// goDecoder holds the state of one Decode call.
type goDecoder struct {
	fields fieldCache
}

func mismatch(v Value, t reflect.Type) error {
	return fmt.Errorf("%w: cannot decode %s into Go type %s", ErrInvalidValue, v.kind, t)
}

func (d *goDecoder) into(dst reflect.Value, v Value) error {
	t := dst.Type()
	switch t {
	case reflect.TypeFor[Value]():
		dst.Set(reflect.ValueOf(v))
		return nil
	case reflect.TypeFor[Reference]():
		switch v.kind {
		case KindRef:
			dst.Set(reflect.ValueOf(Reference{Collection: v.RefCollection(), ID: v.RefID()}))
		case KindNull:
			dst.SetZero()
		default:
			return mismatch(v, t)
		}
		return nil
	}
	if t.Kind() == reflect.Pointer {
		if v.kind == KindNull {
			dst.SetZero()
			return nil
		}
		if dst.IsNil() {
			dst.Set(reflect.New(t.Elem()))
		}
		return d.into(dst.Elem(), v)
	}
	if v.kind == KindNull {
		dst.SetZero()
		return nil
	}
	if v.kind == KindString && dst.CanAddr() && reflect.PointerTo(t).Implements(reflect.TypeFor[encoding.TextUnmarshaler]()) {
		u := dst.Addr().Interface().(encoding.TextUnmarshaler)
		if err := u.UnmarshalText([]byte(v.str())); err != nil {
			return fmt.Errorf("%w: decoding into %s: %v", ErrInvalidValue, t, err)
		}
		return nil
	}
	switch t.Kind() {
	case reflect.Interface:
		if t.NumMethod() != 0 {
			return mismatch(v, t)
		}
		x := toAny(v)
		if x == nil {
			dst.SetZero()
		} else {
			dst.Set(reflect.ValueOf(x))
		}
		return nil
	case reflect.Bool:
		if v.kind != KindBool {
			return mismatch(v, t)
		}
		dst.SetBool(v.num != 0)
		return nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		i, ok := intOf(v)
		if !ok || dst.OverflowInt(i) {
			return d.rangeErr(v, t)
		}
		dst.SetInt(i)
		return nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		u, ok := uintOf(v)
		if !ok || dst.OverflowUint(u) {
			return d.rangeErr(v, t)
		}
		dst.SetUint(u)
		return nil
	case reflect.Float32, reflect.Float64:
		var f float64
		switch v.kind {
		case KindFloat:
			f = math.Float64frombits(v.num)
		case KindInt:
			f = float64(int64(v.num))
		default:
			return mismatch(v, t)
		}
		if dst.OverflowFloat(f) {
			return d.rangeErr(v, t)
		}
		dst.SetFloat(f)
		return nil
	case reflect.String:
		if v.kind != KindString {
			return mismatch(v, t)
		}
		dst.SetString(v.str())
		return nil
	case reflect.Slice:
		return d.slice(dst, v)
	case reflect.Array:
		return d.array(dst, v)
	case reflect.Map:
		return d.mapValue(dst, v)
	case reflect.Struct:
		return d.structValue(dst, v)
	}
	return mismatch(v, t)
}

func (d *goDecoder) rangeErr(v Value, t reflect.Type) error {
	if v.kind != KindInt && v.kind != KindFloat {
		return mismatch(v, t)
	}
	return fmt.Errorf("%w: number %s does not fit Go type %s", ErrInvalidValue, v, t)
}

// intOf returns v as an int64: an int, or a float with an integral value in
// the int64 range.
func intOf(v Value) (int64, bool) {
	switch v.kind {
	case KindInt:
		return int64(v.num), true
	case KindFloat:
		f := math.Float64frombits(v.num)
		if f != math.Trunc(f) || f < -twoTo63 || f >= twoTo63 {
			return 0, false
		}
		return int64(f), true
	}
	return 0, false
}

// uintOf returns v as a uint64: a non-negative int, or a non-negative float
// with an integral value in the uint64 range.
func uintOf(v Value) (uint64, bool) {
	switch v.kind {
	case KindInt:
		if int64(v.num) < 0 {
			return 0, false
		}
		return v.num, true
	case KindFloat:
		f := math.Float64frombits(v.num)
		if f != math.Trunc(f) || f < 0 || f >= 2*twoTo63 {
			return 0, false
		}
		return uint64(f), true
	}
	return 0, false
}

func (d *goDecoder) slice(dst reflect.Value, v Value) error {
	t := dst.Type()
	if t.Elem().Kind() == reflect.Uint8 && v.kind == KindBytes {
		b := reflect.MakeSlice(t, int(v.num), int(v.num))
		reflect.Copy(b, reflect.ValueOf(v.str()))
		dst.Set(b)
		return nil
	}
	if v.kind != KindArray {
		return mismatch(v, t)
	}
	elems := v.elems()
	s := reflect.MakeSlice(t, len(elems), len(elems))
	for i, e := range elems {
		if err := d.into(s.Index(i), e); err != nil {
			return err
		}
	}
	dst.Set(s)
	return nil
}

func (d *goDecoder) array(dst reflect.Value, v Value) error {
	t := dst.Type()
	if t.Elem().Kind() == reflect.Uint8 && v.kind == KindBytes {
		if int(v.num) != t.Len() {
			return fmt.Errorf("%w: cannot decode %d bytes into Go type %s", ErrInvalidValue, v.num, t)
		}
		reflect.Copy(dst, reflect.ValueOf(v.str()))
		return nil
	}
	if v.kind != KindArray {
		return mismatch(v, t)
	}
	if int(v.num) != t.Len() {
		return fmt.Errorf("%w: cannot decode an array of %d elements into Go type %s", ErrInvalidValue, v.num, t)
	}
	for i, e := range v.elems() {
		if err := d.into(dst.Index(i), e); err != nil {
			return err
		}
	}
	return nil
}

func (d *goDecoder) mapValue(dst reflect.Value, v Value) error {
	t := dst.Type()
	if v.kind != KindObject || t.Key().Kind() != reflect.String {
		return mismatch(v, t)
	}
	fs := v.fields()
	if dst.IsNil() {
		dst.Set(reflect.MakeMapWithSize(t, len(fs)))
	}
	for _, f := range fs {
		e := reflect.New(t.Elem()).Elem()
		if err := d.into(e, f.Value); err != nil {
			return err
		}
		dst.SetMapIndex(reflect.ValueOf(f.Key).Convert(t.Key()), e)
	}
	return nil
}

func (d *goDecoder) structValue(dst reflect.Value, v Value) error {
	t := dst.Type()
	if v.kind != KindObject {
		return mismatch(v, t)
	}
	for _, f := range v.fields() {
		gf, ok := d.fields.lookup(t, f.Key)
		if !ok {
			continue
		}
		fv, err := settableField(dst, gf.index)
		if err != nil {
			return err
		}
		if err := d.into(fv, f.Value); err != nil {
			return err
		}
	}
	return nil
}

// settableField follows index through dst, allocating nil embedded
// pointers on the way.
func settableField(v reflect.Value, index []int) (reflect.Value, error) {
	for i, x := range index {
		if i > 0 && v.Kind() == reflect.Pointer {
			if v.IsNil() {
				if !v.CanSet() {
					return reflect.Value{}, fmt.Errorf("%w: cannot set embedded pointer to unexported struct %s", ErrInvalidValue, v.Type().Elem())
				}
				v.Set(reflect.New(v.Type().Elem()))
			}
			v = v.Elem()
		}
		v = v.Field(x)
	}
	return v, nil
}

// toAny converts v to the natural Go value of its kind.
func toAny(v Value) any {
	switch v.kind {
	case KindBool:
		return v.num != 0
	case KindInt:
		return int64(v.num)
	case KindFloat:
		return math.Float64frombits(v.num)
	case KindString:
		return v.str()
	case KindBytes:
		return []byte(v.str())
	case KindRef:
		return Reference{Collection: v.RefCollection(), ID: v.RefID()}
	case KindArray:
		elems := v.elems()
		out := make([]any, len(elems))
		for i, e := range elems {
			out[i] = toAny(e)
		}
		return out
	case KindObject:
		fs := v.fields()
		out := make(map[string]any, len(fs))
		for _, f := range fs {
			out[f.Key] = toAny(f.Value)
		}
		return out
	}
	return nil
}

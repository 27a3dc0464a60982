package engine

// The value model.
//
// A Value is one GrumpyDB value: null, bool, int64, float64, string, bytes,
// array, object (fields kept in written order) or reference. Documents are
// Values; decoding a stored document is on the hot path of every point get
// and full scan, so the representation is chosen for size and allocation
// count:
//
//   - A Value is three machine words (24 bytes on 64-bit platforms): a data
//     pointer, a 64-bit word and the kind. Scalars live entirely in the word
//     (bool as 0/1, int64 as its two's complement bits, float64 as its IEEE
//     bits), so they never box or allocate.
//   - Strings, bytes and references point at immutable string memory: the
//     pointer is the first byte, the word the length. A reference is the
//     collection name immediately followed by the 16 UUID bytes. Decoding
//     copies the stored bytes once and points every string of the document
//     into that one copy.
//   - Arrays and objects point at the first element of a []Value or []Field
//     that is never modified after construction; the word is the length.
//
// Invariants: a Value is immutable once built (the slices returned by Elems
// and Fields must not be modified); the zero Value is null; an object built
// by Object, ParseJSON or DecodeValue never holds two fields with the same
// key. Values do not compare meaningfully with == or reflect.DeepEqual; use
// Equal and Compare.

import (
	"math"
	"unsafe"

	"github.com/google/uuid"
)

// Kind is the type of a Value.
type Kind uint8

// The kinds of Value. The zero Kind is KindNull.
const (
	KindNull   Kind = iota // null
	KindBool               // true or false
	KindInt                // int64
	KindFloat              // float64, never NaN or infinite once validated
	KindString             // UTF-8 text
	KindBytes              // opaque bytes (engine-only; written as "<N bytes>" in JSON)
	KindArray              // ordered list of values
	KindObject             // ordered list of fields with distinct keys
	KindRef                // reference to a document: collection name and UUID
)

// String returns the lower-case name of the kind ("null", "bool", "int", …).
func (k Kind) String() string {
	switch k {
	case KindNull:
		return "null"
	case KindBool:
		return "bool"
	case KindInt:
		return "int"
	case KindFloat:
		return "float"
	case KindString:
		return "string"
	case KindBytes:
		return "bytes"
	case KindArray:
		return "array"
	case KindObject:
		return "object"
	case KindRef:
		return "reference"
	}
	return "unknown"
}

// Value is an immutable GrumpyDB value. The zero Value is null. See the
// constructors (Null, Bool, Int, Float, String, Bytes, Array, Object, Ref)
// and accessors below.
type Value struct {
	ptr  unsafe.Pointer // string data, or first element of []Value / []Field
	num  uint64         // scalar bits, or the length of what ptr points at
	kind Kind
}

// Field is one member of an object: a key and its value.
type Field struct {
	Key   string
	Value Value
}

// uuidLen is the number of bytes of a UUID, stored after a reference's
// collection name.
const uuidLen = 16

// Null returns the null value (the zero Value).
func Null() Value { return Value{} }

// Bool returns a boolean value.
func Bool(b bool) Value {
	if b {
		return Value{num: 1, kind: KindBool}
	}
	return Value{kind: KindBool}
}

// Int returns an integer value.
func Int(i int64) Value { return Value{num: uint64(i), kind: KindInt} }

// Float returns a floating-point value. NaN and infinities can be built but
// are refused by ValidateDocument.
func Float(f float64) Value { return Value{num: math.Float64bits(f), kind: KindFloat} }

// String returns a string value. The string should be valid UTF-8;
// ValidateDocument refuses it otherwise.
func String(s string) Value { return stringValue(KindString, s) }

// Bytes returns a bytes value holding a copy of b.
func Bytes(b []byte) Value { return stringValue(KindBytes, string(b)) }

// Array returns an array of the given elements (copied).
func Array(vs ...Value) Value {
	if len(vs) == 0 {
		return Value{kind: KindArray}
	}
	return arrayValue(append([]Value(nil), vs...))
}

// Object returns an object of the given fields (copied), in the given order.
// If a key occurs more than once, the last value is kept at the position of
// the first occurrence, as when parsing JSON.
func Object(fs ...Field) Value {
	if len(fs) == 0 {
		return Value{kind: KindObject}
	}
	return objectValue(dedupFields(append([]Field(nil), fs...)))
}

// Ref returns a reference to document id of collection. The collection name
// should follow the naming rules (ValidateName); ValidateDocument refuses it
// otherwise.
func Ref(collection string, id uuid.UUID) Value {
	b := make([]byte, 0, len(collection)+uuidLen)
	b = append(b, collection...)
	b = append(b, id[:]...)
	return stringValue(KindRef, string(b))
}

// stringValue points a Value of kind k at the bytes of s without copying.
func stringValue(k Kind, s string) Value {
	return Value{ptr: unsafe.Pointer(unsafe.StringData(s)), num: uint64(len(s)), kind: k}
}

// arrayValue wraps elems without copying; the caller hands over ownership.
func arrayValue(elems []Value) Value {
	if len(elems) == 0 {
		return Value{kind: KindArray}
	}
	return Value{ptr: unsafe.Pointer(unsafe.SliceData(elems)), num: uint64(len(elems)), kind: KindArray}
}

// objectValue wraps fs without copying or deduplicating; the caller hands
// over ownership and guarantees the keys are distinct.
func objectValue(fs []Field) Value {
	if len(fs) == 0 {
		return Value{kind: KindObject}
	}
	return Value{ptr: unsafe.Pointer(unsafe.SliceData(fs)), num: uint64(len(fs)), kind: KindObject}
}

// str returns the string memory of a string, bytes or reference value.
func (v Value) str() string { return unsafe.String((*byte)(v.ptr), int(v.num)) }

// elems returns the elements of an array value (capacity = length).
func (v Value) elems() []Value { return unsafe.Slice((*Value)(v.ptr), int(v.num)) }

// fields returns the fields of an object value (capacity = length).
func (v Value) fields() []Field { return unsafe.Slice((*Field)(v.ptr), int(v.num)) }

// Kind returns the kind of v.
func (v Value) Kind() Kind { return v.kind }

// Bool returns the boolean of a bool value, false for any other kind.
func (v Value) Bool() bool { return v.kind == KindBool && v.num != 0 }

// Int returns the integer of an int value, 0 for any other kind (floats are
// not converted).
func (v Value) Int() int64 {
	if v.kind != KindInt {
		return 0
	}
	return int64(v.num)
}

// Float returns the float of a float value, 0 for any other kind (integers
// are not converted).
func (v Value) Float() float64 {
	if v.kind != KindFloat {
		return 0
	}
	return math.Float64frombits(v.num)
}

// Str returns the text of a string value, "" for any other kind.
func (v Value) Str() string {
	if v.kind != KindString {
		return ""
	}
	return v.str()
}

// BytesValue returns a copy of the bytes of a bytes value, nil for any
// other kind.
func (v Value) BytesValue() []byte {
	if v.kind != KindBytes {
		return nil
	}
	return []byte(v.str())
}

// Len returns the number of elements of an array, of fields of an object,
// of bytes of a string or bytes value, and 0 for any other kind.
func (v Value) Len() int {
	switch v.kind {
	case KindArray, KindObject, KindString, KindBytes:
		return int(v.num)
	}
	return 0
}

// Index returns element i of an array, or null if v is not an array or i is
// out of range.
func (v Value) Index(i int) Value {
	if v.kind != KindArray || i < 0 || uint64(i) >= v.num {
		return Value{}
	}
	return v.elems()[i]
}

// Elems returns the elements of an array (nil for any other kind). The
// slice is shared with v and must not be modified.
func (v Value) Elems() []Value {
	if v.kind != KindArray {
		return nil
	}
	return v.elems()
}

// Fields returns the fields of an object in written order (nil for any
// other kind). The slice is shared with v and must not be modified.
func (v Value) Fields() []Field {
	if v.kind != KindObject {
		return nil
	}
	return v.fields()
}

// Get returns the value of the field key of an object. ok is false if v is
// not an object or has no such field.
func (v Value) Get(key string) (val Value, ok bool) {
	if v.kind != KindObject {
		return Value{}, false
	}
	for _, f := range v.fields() {
		if f.Key == key {
			return f.Value, true
		}
	}
	return Value{}, false
}

// RefCollection returns the collection name of a reference, "" for any
// other kind.
func (v Value) RefCollection() string {
	if v.kind != KindRef || v.num < uuidLen {
		return ""
	}
	s := v.str()
	return s[:len(s)-uuidLen]
}

// RefID returns the document UUID of a reference, the nil UUID for any
// other kind.
func (v Value) RefID() uuid.UUID {
	var id uuid.UUID
	if v.kind != KindRef || v.num < uuidLen {
		return id
	}
	s := v.str()
	copy(id[:], s[len(s)-uuidLen:])
	return id
}

// String returns the compact JSON form of v (PROTOCOL §3.2).
func (v Value) String() string { return string(AppendJSON(nil, v)) }

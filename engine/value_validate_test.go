package engine

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/google/uuid"
)

// nested returns v inside depth arrays.
func nestedArrays(depth int, v Value) Value {
	for i := 0; i < depth; i++ {
		v = Array(v)
	}
	return v
}

// nestedObjects returns v inside depth objects {"k": …}.
func nestedObjects(depth int, v Value) Value {
	for i := 0; i < depth; i++ {
		v = Object(Field{"k", v})
	}
	return v
}

func TestValidateDocument(t *testing.T) {
	id := uuid.New()
	tests := []struct {
		name    string
		v       Value
		err     string // "" for valid
		wrapped error
	}{
		{"null", Null(), "", nil},
		{"scalar root", Int(5), "", nil},
		{"bytes", Bytes([]byte{0xff}), "", nil},
		{"negative zero", Float(math.Copysign(0, -1)), "", nil},
		{"max float", Float(math.MaxFloat64), "", nil},
		{"ref", Ref("users", id), "", nil},
		{"ref _default", Ref("_default", id), "", nil},
		{"depth 128 arrays", nestedArrays(128, Int(1)), "", nil},
		{"depth 128 objects", nestedObjects(128, Null()), "", nil},
		{"depth 128 empty", nestedArrays(127, Array()), "", nil},
		{"NaN", Float(math.NaN()), "invalid value: NaN and infinities cannot be stored", ErrInvalidValue},
		{"+Inf nested", Array(Int(1), Object(Field{"x", Float(math.Inf(1))})), "invalid value: NaN and infinities cannot be stored", ErrInvalidValue},
		{"-Inf", Float(math.Inf(-1)), "invalid value: NaN and infinities cannot be stored", ErrInvalidValue},
		{"bad UTF-8 string", String("a\xffb"), "invalid value: string is not valid UTF-8", ErrInvalidValue},
		{"surrogate bytes", String("\xed\xa0\x80"), "invalid value: string is not valid UTF-8", ErrInvalidValue},
		{"bad UTF-8 key", Object(Field{"\xc3", Null()}), "invalid value: object key is not valid UTF-8", ErrInvalidValue},
		{"depth 129 arrays", nestedArrays(129, Int(1)), "invalid value: nesting deeper than 128", ErrInvalidValue},
		{"depth 129 objects", nestedObjects(129, Null()), "invalid value: nesting deeper than 128", ErrInvalidValue},
		{"depth 129 empty", nestedArrays(128, Object()), "invalid value: nesting deeper than 128", ErrInvalidValue},
		{"ref empty name", Ref("", id), "invalid name: name cannot be empty", ErrInvalidName},
		{"ref upper", Array(Ref("Users", id)), "invalid name: invalid character 'U': only [a-z0-9_] allowed", ErrInvalidName},
		{"ref reserved", Ref("_users", id), "invalid name: names starting with '_' are reserved", ErrInvalidName},
		{"ref long", Ref(strings.Repeat("x", 65), id), "invalid name: name too long: 65 chars (max 64)", ErrInvalidName},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := ValidateDocument(tc.v)
			if tc.err == "" {
				if err != nil {
					t.Fatalf("ValidateDocument = %v, want nil", err)
				}
				return
			}
			if err == nil || err.Error() != tc.err || !errors.Is(err, tc.wrapped) {
				t.Fatalf("ValidateDocument = %v, want %q wrapping %v", err, tc.err, tc.wrapped)
			}
		})
	}
}

func TestValidateRepeatedKey(t *testing.T) {
	v := Object(Field{"a", Int(1)}, Field{"b", Int(2)})
	v.Fields()[1].Key = "a" // breaks the documented contract on purpose
	if err := ValidateDocument(v); !errors.Is(err, ErrInvalidValue) {
		t.Fatalf("ValidateDocument of a repeated key = %v", err)
	}
}

func TestValidateSizes(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 16 MiB documents")
	}
	wantTooLarge := func(t *testing.T, v Value, n int) {
		t.Helper()
		err := ValidateDocument(v)
		want := "document too large: " + strconv.Itoa(n) + " bytes (max 16777216)"
		if err == nil || err.Error() != want || !errors.Is(err, ErrDocumentTooLarge) {
			t.Fatalf("ValidateDocument = %v, want %q", err, want)
		}
	}
	// A string of n bytes encodes in 1 format byte + 1 tag + 4 length bytes
	// + n; its JSON form is n + 2 for plain letters, 2n + 2 for quotes.
	fits := strings.Repeat("a", MaxDocumentSize-6)
	v := String(fits)
	if err := ValidateDocument(v); err != nil {
		t.Fatalf("document at the encoded limit: %v", err)
	}
	if n := encodedSize(v); n != len(AppendEncoded(nil, v)) || n != MaxDocumentSize {
		t.Fatalf("encodedSize = %d", n)
	}
	wantTooLarge(t, String(fits+"a"), MaxDocumentSize+1)
	// Both sizes over the limit: the encoded size is the one reported.
	wantTooLarge(t, String(fits+"abcdefghij"), MaxDocumentSize+10)
	// Quotes: the encoding fits, the JSON form does not.
	quotes := strings.Repeat(`"`, MaxDocumentSize/2-1)
	if err := ValidateDocument(String(quotes)); err != nil {
		t.Fatalf("document at the JSON limit: %v", err)
	}
	wantTooLarge(t, String(quotes+`"`), MaxDocumentSize+2)
	// Control characters are written \u00xx: 6 JSON bytes each.
	ctl := strings.Repeat("\x01", MaxDocumentSize/6+1)
	wantTooLarge(t, String(ctl), 2+6*(MaxDocumentSize/6+1))
	// Bytes: the encoding is over the limit, the JSON "<N bytes>" tiny.
	wantTooLarge(t, Bytes(make([]byte, MaxDocumentSize)), MaxDocumentSize+6)
	// Content errors come before size errors.
	if err := ValidateDocument(Array(String(fits+"abc"), Float(math.NaN()))); !errors.Is(err, ErrInvalidValue) {
		t.Fatalf("NaN in a large document: %v", err)
	}
}

func TestCheckDocumentReturnsEncodedSize(t *testing.T) {
	v := Object(Field{"a", String("xyz")})
	n, err := checkDocument(v)
	if err != nil || n != len(AppendEncoded(nil, v)) {
		t.Fatalf("checkDocument = %d, %v; encoded %d", n, err, len(AppendEncoded(nil, v)))
	}
}

package engine

import (
	"fmt"
	"math"
	"unicode/utf8"
)

// Limits on stored documents (PROTOCOL §3.3).
const (
	// MaxDepth is the deepest nesting of arrays and objects in a document:
	// a scalar root is depth 0, [] and {} are depth 1, [[1]] is depth 2.
	MaxDepth = 128
	// MaxDocumentSize is the largest document, in bytes, both in the storage
	// encoding (AppendEncoded) and in compact JSON (AppendJSON).
	MaxDocumentSize = 16 << 20
)

// ValidateDocument reports whether v may be stored as a document. It refuses
// NaN and infinite floats, strings and object keys that are not valid UTF-8,
// repeated object keys, nesting deeper than MaxDepth, and references whose
// collection name breaks the naming rules (ValidateName; the error is then
// ValidateName's), all wrapping ErrInvalidValue unless noted. It then checks
// the encoded size and, after it, the compact JSON size against
// MaxDocumentSize: "document too large: <n> bytes (max 16777216)", wrapping
// ErrDocumentTooLarge.
func ValidateDocument(v Value) error {
	_, err := checkDocument(v)
	return err
}

// checkDocument is ValidateDocument that also returns the encoded size.
func checkDocument(v Value) (encodedLen int, err error) {
	if err := validateValue(v, 0); err != nil {
		return 0, err
	}
	n := encodedSize(v)
	if n > MaxDocumentSize {
		return n, tooLarge(n)
	}
	if j := jsonSize(v); j > MaxDocumentSize {
		return n, tooLarge(j)
	}
	return n, nil
}

func tooLarge(n int) error {
	return fmt.Errorf("%w: %d bytes (max %d)", ErrDocumentTooLarge, n, MaxDocumentSize)
}

// validateValue checks the content rules of ValidateDocument for v found at
// the given depth (the number of arrays and objects enclosing it).
func validateValue(v Value, depth int) error {
	switch v.kind {
	case KindNull, KindBool, KindInt, KindBytes:
		return nil
	case KindFloat:
		f := math.Float64frombits(v.num)
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return fmt.Errorf("%w: NaN and infinities cannot be stored", ErrInvalidValue)
		}
		return nil
	case KindString:
		if !utf8.ValidString(v.str()) {
			return fmt.Errorf("%w: string is not valid UTF-8", ErrInvalidValue)
		}
		return nil
	case KindRef:
		if v.num < uuidLen {
			return fmt.Errorf("%w: malformed reference", ErrInvalidValue)
		}
		return ValidateName(v.RefCollection())
	case KindArray:
		if depth >= MaxDepth {
			return errTooDeep()
		}
		for _, e := range v.elems() {
			if err := validateValue(e, depth+1); err != nil {
				return err
			}
		}
		return nil
	case KindObject:
		if depth >= MaxDepth {
			return errTooDeep()
		}
		fs := v.fields()
		for _, f := range fs {
			if !utf8.ValidString(f.Key) {
				return fmt.Errorf("%w: object key is not valid UTF-8", ErrInvalidValue)
			}
			if err := validateValue(f.Value, depth+1); err != nil {
				return err
			}
		}
		if hasDuplicateKeys(fs) {
			return fmt.Errorf("%w: object has a repeated key", ErrInvalidValue)
		}
		return nil
	}
	return fmt.Errorf("%w: unknown kind %d", ErrInvalidValue, v.kind)
}

func errTooDeep() error {
	return fmt.Errorf("%w: nesting deeper than %d", ErrInvalidValue, MaxDepth)
}

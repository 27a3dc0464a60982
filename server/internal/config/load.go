package config

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"reflect"
	"strings"

	toml "github.com/pelletier/go-toml/v2"
)

// Load reads the TOML file at path (§9.1) over the defaults. A missing file
// is not an error: the defaults are returned with Source "" so the caller
// can log it. Any other problem is a *FileError naming the file and, when
// it concerns the content, the line and key.
//
// Load does not apply flags or validate; the caller runs ApplyFlags and then
// Validate.
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return Defaults(), nil
	}
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, &FileError{Path: path, Detail: err.Error(), Kind: ErrRead}
	}
	c, err := Parse(path, data)
	if err != nil {
		return nil, err
	}
	c.Source = path
	return c, nil
}

// Parse decodes TOML document data, named name in messages, over the
// defaults with strict checking: an unknown key or table, a syntax error or
// a wrongly typed value is a *FileError. When several keys are unknown the
// first by line is reported. (go-toml names an unknown key inside an inline
// table relative to that table; its line is still exact.)
func Parse(name string, data []byte) (*Config, error) {
	c := Defaults()
	dec := toml.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	err := dec.Decode(c)
	if err == nil {
		return c, nil
	}
	var strict *toml.StrictMissingError
	if errors.As(err, &strict) && len(strict.Errors) > 0 {
		first := &strict.Errors[0]
		for i := range strict.Errors {
			if lineOf(&strict.Errors[i]) < lineOf(first) {
				first = &strict.Errors[i]
			}
		}
		key := joinKey(first.Key())
		return nil, &FileError{
			Path: name, Line: lineOf(first), Key: key,
			Detail: fmt.Sprintf("unknown key '%s'", key),
			Kind:   ErrUnknownKey,
		}
	}
	var de *toml.DecodeError
	if errors.As(err, &de) {
		return nil, decodeFailure(name, de)
	}
	return nil, &FileError{Path: name, Detail: strings.TrimPrefix(err.Error(), "toml: "), Kind: ErrSyntax}
}

func lineOf(e *toml.DecodeError) int {
	line, _ := e.Position()
	return line
}

func joinKey(k toml.Key) string { return strings.Join(k, ".") }

// decodeFailure turns a go-toml DecodeError into our message. A value
// aimed at a known field is reported against our schema (expected type,
// range); anything else is a syntax error in the library's words.
func decodeFailure(name string, de *toml.DecodeError) *FileError {
	msg := strings.TrimPrefix(de.Error(), "toml: ")
	key := joinKey(de.Key())
	fe := &FileError{Path: name, Line: lineOf(de), Key: key, Detail: msg, Kind: ErrSyntax}
	field, ok := schemaField(de.Key())
	if !ok {
		return fe
	}
	fe.Kind = ErrType
	want := describeType(field)
	if found, isMismatch := mismatchFound(msg); isMismatch {
		fe.Detail = fmt.Sprintf("invalid type for key '%s': expected %s, found %s", key, want, found)
		return fe
	}
	if lo, hi, isInt := intRange(field); isInt {
		fe.Detail = fmt.Sprintf("invalid value for key '%s': expected an integer from %d to %d", key, lo, hi)
		return fe
	}
	fe.Detail = fmt.Sprintf("invalid value for key '%s': %s", key, msg)
	return fe
}

// mismatchFound extracts the TOML type from go-toml's
// "cannot decode TOML <type> into …" message.
func mismatchFound(msg string) (string, bool) {
	const prefix = "cannot decode TOML "
	if !strings.HasPrefix(msg, prefix) {
		return "", false
	}
	rest := msg[len(prefix):]
	if i := strings.Index(rest, " into "); i > 0 {
		return rest[:i], true
	}
	return "value", true
}

// schemaField finds the Go type the TOML key k decodes into, walking the
// Config struct by toml tags and through arrays of tables.
func schemaField(k toml.Key) (reflect.Type, bool) {
	t := reflect.TypeFor[Config]()
	for _, part := range k {
		for t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Struct {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct {
			return nil, false
		}
		f, ok := fieldByTag(t, part)
		if !ok {
			return nil, false
		}
		t = f.Type
	}
	return t, len(k) > 0
}

func fieldByTag(t reflect.Type, name string) (reflect.StructField, bool) {
	for i := range t.NumField() {
		f := t.Field(i)
		tag, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
		if tag == name && tag != "-" {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

func describeType(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Pointer:
		return describeType(t.Elem())
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uint,
		reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Int:
		return "integer"
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Struct {
			return "array of tables"
		}
		return "array of " + describeType(t.Elem()) + "s"
	case reflect.Struct:
		return "table"
	default:
		return t.Kind().String()
	}
}

// intRange reports the bounds of an integer field (or of the elements of an
// integer array).
func intRange(t reflect.Type) (lo int64, hi uint64, ok bool) {
	if t.Kind() == reflect.Slice || t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uint:
		// For 64 bits the shift wraps to 0 and the subtraction to MaxUint64.
		return 0, 1<<t.Bits() - 1, true
	case reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Int:
		return -1 << (t.Bits() - 1), 1<<(t.Bits()-1) - 1, true
	}
	return 0, 0, false
}

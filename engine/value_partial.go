package engine

import (
	"encoding/binary"
	"fmt"
)

// Partial decoding, for filters.
//
// A filter only reaches the top-level fields its paths start with, so a
// scan can decide on a document after decoding just those: decodeFields
// walks the others without building them. A document that matches is then
// decoded in full, with every rule of the encoding checked, before it is
// returned; the walk checks the structure it passes over but not the
// UTF-8 of skipped text or the uniqueness of keys.

// decodeFields decodes, of the stored document b, the top-level fields
// whose keys are in keep, in written order. ok is false when the document
// is not an object: the caller then decodes it whole. Errors wrap
// ErrCorrupt; it never panics on any input.
func decodeFields(b []byte, keep map[string]struct{}) (v Value, ok bool, err error) {
	if len(b) < 2 || b[0] != formatV1 || b[1] != tagObject {
		return Value{}, false, nil
	}
	w := walker{b: b, pos: 2}
	n, err := w.count(2)
	if err != nil {
		return Value{}, false, err
	}
	var fs []Field
	for range n {
		key, err := w.text()
		if err != nil {
			return Value{}, false, err
		}
		start := w.pos
		if err := w.skip(1); err != nil {
			return Value{}, false, err
		}
		if _, want := keep[string(key)]; !want {
			continue
		}
		d := decoder{s: string(b[start:w.pos])}
		fv, err := d.value(1)
		if err != nil {
			return Value{}, false, err
		}
		fs = append(fs, Field{Key: string(key), Value: fv})
	}
	if w.pos != len(b) {
		return Value{}, false, w.fail("trailing bytes after the value")
	}
	if len(fs) == 0 {
		return Value{kind: KindObject}, true, nil
	}
	return objectValue(fs), true, nil
}

// walker steps over encoded values without building them.
type walker struct {
	b   []byte
	pos int
}

func (w *walker) fail(what string) error {
	return fmt.Errorf("%w: %s at offset %d", ErrCorrupt, what, w.pos)
}

// count reads a uvarint length that needs at least min bytes per unit.
func (w *walker) count(min int) (int, error) {
	u, n := binary.Uvarint(w.b[w.pos:])
	if n <= 0 {
		return 0, w.fail("bad length")
	}
	w.pos += n
	if u > uint64(len(w.b)-w.pos)/uint64(min) {
		return 0, w.fail("length beyond the end")
	}
	return int(u), nil
}

// text reads a length-prefixed run of bytes.
func (w *walker) text() ([]byte, error) {
	n, err := w.count(1)
	if err != nil {
		return nil, err
	}
	s := w.b[w.pos : w.pos+n]
	w.pos += n
	return s, nil
}

// skip steps over one value at nesting depth.
func (w *walker) skip(depth int) error {
	if w.pos >= len(w.b) {
		return w.fail("truncated value")
	}
	tag := w.b[w.pos]
	w.pos++
	switch tag {
	case tagNull, tagFalse, tagTrue:
		return nil
	case tagInt:
		_, n := binary.Uvarint(w.b[w.pos:])
		if n <= 0 {
			return w.fail("bad integer")
		}
		w.pos += n
		return nil
	case tagFloat:
		if len(w.b)-w.pos < 8 {
			return w.fail("truncated float")
		}
		w.pos += 8
		return nil
	case tagString, tagBytes:
		_, err := w.text()
		return err
	case tagRef:
		if _, err := w.text(); err != nil {
			return err
		}
		if len(w.b)-w.pos < uuidLen {
			return w.fail("truncated reference")
		}
		w.pos += uuidLen
		return nil
	case tagArray, tagObject:
		if depth >= MaxDepth {
			return w.fail("nesting deeper than 128")
		}
		per := 1
		if tag == tagObject {
			per = 2
		}
		n, err := w.count(per)
		if err != nil {
			return err
		}
		for range n {
			if tag == tagObject {
				if _, err := w.text(); err != nil {
					return err
				}
			}
			if err := w.skip(depth + 1); err != nil {
				return err
			}
		}
		return nil
	}
	w.pos--
	return w.fail(fmt.Sprintf("unknown value tag 0x%02x", tag))
}

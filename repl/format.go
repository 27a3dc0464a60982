package repl

import (
	"math"
	"strconv"
	"strings"

	"github.com/google/uuid"
	"github.com/grumpydb/grumpydb/engine"
)

// FormatValue prints v on one line by the rules of REPL.md §8.1.
func FormatValue(v engine.Value) string {
	var b strings.Builder
	writeValue(&b, v)
	return b.String()
}

func writeValue(b *strings.Builder, v engine.Value) {
	switch v.Kind() {
	case engine.KindNull:
		b.WriteString("null")
	case engine.KindBool:
		b.WriteString(strconv.FormatBool(v.Bool()))
	case engine.KindInt:
		b.WriteString(strconv.FormatInt(v.Int(), 10))
	case engine.KindFloat:
		b.WriteString(FormatFloat(v.Float()))
	case engine.KindString:
		b.WriteString(quoteString(v.Str()))
	case engine.KindBytes:
		b.WriteString(`"<` + strconv.Itoa(len(v.BytesValue())) + ` bytes>"`)
	case engine.KindRef:
		b.WriteString(`$ref(` + quoteString(v.RefCollection()) + `, "` + v.RefID().String() + `")`)
	case engine.KindArray:
		b.WriteByte('[')
		for i, e := range v.Elems() {
			if i > 0 {
				b.WriteString(", ")
			}
			writeValue(b, e)
		}
		b.WriteByte(']')
	case engine.KindObject:
		writeFields(b, v.Fields())
	}
}

func writeFields(b *strings.Builder, fs []engine.Field) {
	if len(fs) == 0 {
		b.WriteString("{}")
		return
	}
	b.WriteString("{ ")
	for i, f := range fs {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(quoteString(f.Key))
		b.WriteString(": ")
		writeValue(b, f.Value)
	}
	b.WriteString(" }")
}

// FormatFloat prints a float so that it re-reads as a float (§8.1):
// integral values below 1e16 get ".0", plain decimals between 1e-5 and
// 1e16, exponent form otherwise.
func FormatFloat(f float64) string {
	a := math.Abs(f)
	if a < 1e16 && f == math.Trunc(f) {
		return strconv.FormatFloat(f, 'f', 1, 64)
	}
	if a >= 1e-5 && a < 1e16 {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	s := strconv.FormatFloat(f, 'e', -1, 64)
	mant, exp, _ := strings.Cut(s, "e")
	neg := strings.HasPrefix(exp, "-")
	exp = strings.TrimLeft(strings.TrimLeft(exp, "+-"), "0")
	if exp == "" {
		exp = "0"
	}
	if neg {
		exp = "-" + exp
	}
	return mant + "e" + exp
}

// quoteString writes s as a double-quoted string with only the escapes of
// §8.1; everything else, non-ASCII included, is raw.
func quoteString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			if r < 0x20 || r == 0x7f {
				b.WriteString(`\u00`)
				b.WriteByte("0123456789abcdef"[r>>4])
				b.WriteByte("0123456789abcdef"[r&15])
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}

// FormatDocument prints a document with "_id" first (§8.2). A non-object
// document, or one with its own top-level "_id", is wrapped as
// { "_id": …, "_value": … }. With withID false the document prints as is.
func FormatDocument(id uuid.UUID, doc engine.Value, withID bool) string {
	if !withID {
		return FormatValue(doc)
	}
	idField := engine.Field{Key: "_id", Value: engine.String(id.String())}
	_, hasID := doc.Get("_id")
	var b strings.Builder
	if doc.Kind() != engine.KindObject || hasID {
		writeFields(&b, []engine.Field{idField, {Key: "_value", Value: doc}})
		return b.String()
	}
	writeFields(&b, append([]engine.Field{idField}, doc.Fields()...))
	return b.String()
}

// FormatList prints a document list (§8.2): "[]", one document on one
// line, or one document per indented line.
func FormatList(docs []engine.Document, withID bool) string {
	switch len(docs) {
	case 0:
		return "[]"
	case 1:
		return "[" + FormatDocument(docs[0].ID, docs[0].Value, withID) + "]"
	}
	var b strings.Builder
	b.WriteString("[\n")
	for i, d := range docs {
		b.WriteString("  ")
		b.WriteString(FormatDocument(d.ID, d.Value, withID))
		if i < len(docs)-1 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteByte(']')
	return b.String()
}

// FormatStrings prints names as a one-line array: ["a", "b"] or [].
func FormatStrings(names []string) string {
	vs := make([]engine.Value, len(names))
	for i, n := range names {
		vs[i] = engine.String(n)
	}
	return FormatValue(engine.Array(vs...))
}

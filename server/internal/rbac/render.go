package rbac

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// String renders s as in WHOAMI and denial texts (§6.6): `Server`,
// `Tenant`, `AllDatabases`, `Database { name: "<d>" }`,
// `AllCollections { database: "<d>" }`,
// `Collection { database: "<d>", collection: "<c>" }`, with the names
// quoted by QuoteName.
func (s Scope) String() string {
	switch s.Kind {
	case ScopeServer:
		return "Server"
	case ScopeTenant:
		return "Tenant"
	case ScopeAllDatabases:
		return "AllDatabases"
	case ScopeDatabase:
		return "Database { name: " + QuoteName(s.Database) + " }"
	case ScopeAllCollections:
		return "AllCollections { database: " + QuoteName(s.Database) + " }"
	case ScopeCollection:
		return "Collection { database: " + QuoteName(s.Database) +
			", collection: " + QuoteName(s.Collection) + " }"
	}
	return "Scope(?)"
}

// QuoteName writes name between double quotes as §6.6 requires: `"` and
// `\` become `\"` and `\\`; TAB, CR, LF and NUL become `\t`, `\r`, `\n`,
// `\0`; every other control character (Unicode category Cc: U+0001–U+001F
// and U+007F–U+009F) becomes `\u{<hex>}` with lower-case hex digits and no
// leading zeros. Everything else, including invalid UTF-8 bytes (which
// the wire never delivers), is copied as it is.
func QuoteName(name string) string {
	var b strings.Builder
	b.Grow(len(name) + 2)
	b.WriteByte('"')
	for i := 0; i < len(name); {
		r, size := utf8.DecodeRuneInString(name[i:])
		if r == utf8.RuneError && size == 1 {
			r = -1 // invalid byte: copied through
		}
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == 0:
			b.WriteString(`\0`)
		case r >= 0 && unicode.IsControl(r):
			b.WriteString(`\u{`)
			b.WriteString(strconv.FormatInt(int64(r), 16))
			b.WriteByte('}')
		default:
			b.WriteString(name[i : i+size])
		}
		i += size
	}
	b.WriteByte('"')
	return b.String()
}

// String renders the assignment as `<role>:<scope>`, e.g.
// `read_only:Database { name: "demo" }`.
func (a Assignment) String() string { return string(a.Role) + ":" + a.Scope.String() }

// RenderAssignments joins the rendered assignments with `,` and no space,
// in the order given: the <list> of WHOAMI (§4.3). No assignments give "".
func RenderAssignments(as []Assignment) string {
	parts := make([]string, len(as))
	for i, a := range as {
		parts[i] = a.String()
	}
	return strings.Join(parts, ",")
}

// WhoamiText is the WHOAMI reply without its leading `+`:
// `USER <sub> TENANT <tenant> ROLES <list>`. With no roles the text ends in
// `ROLES ` (trailing space). CR/LF in the names are left for the
// response writer's line-safety escaping (§3.1).
func WhoamiText(p Principal) string {
	return "USER " + p.Subject + " TENANT " + p.Tenant + " ROLES " + RenderAssignments(p.Assignments)
}

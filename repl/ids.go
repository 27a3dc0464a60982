package repl

import (
	"strings"

	"github.com/google/uuid"
)

// minPrefix is the fewest hex digits an id prefix may have (REPL.md §6).
const minPrefix = 4

// IDSpec is a parsed id argument: a full UUID, or a prefix standing for the
// key range [Lo, Hi].
type IDSpec struct {
	Full   bool
	ID     uuid.UUID // when Full
	Lo, Hi uuid.UUID // when a prefix
	Text   string    // as written
}

// ParseID reads an id argument: a full UUID in any usual spelling, or at
// least four leading hex digits of the canonical form, with hyphens only
// where the canonical form has them.
func ParseID(text string) (IDSpec, error) {
	if id, err := uuid.Parse(text); err == nil {
		return IDSpec{Full: true, ID: id, Text: text}, nil
	}
	bad := newError(ErrBadID, "invalid id '%s': expected a UUID or at least 4 leading hex digits of one", text)
	var hex []byte
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case c == '-':
			// canonical hyphens sit at string offsets 8, 13, 18, 23
			if i != 8 && i != 13 && i != 18 && i != 23 {
				return IDSpec{}, bad
			}
		case c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F':
			if i == 8 || i == 13 || i == 18 || i == 23 {
				return IDSpec{}, bad
			}
			hex = append(hex, c|0x20)
		default:
			return IDSpec{}, bad
		}
	}
	if len(hex) < minPrefix || len(hex) > 32 {
		return IDSpec{}, bad
	}
	p := string(hex)
	lo, err1 := uuid.Parse(p + strings.Repeat("0", 32-len(p)))
	hi, err2 := uuid.Parse(p + strings.Repeat("f", 32-len(p)))
	if err1 != nil || err2 != nil {
		return IDSpec{}, bad
	}
	return IDSpec{Lo: lo, Hi: hi, Text: text}, nil
}

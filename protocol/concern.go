package protocol

// Concern holds the consistency prefixes of a command (PROTOCOL.md §4.9):
// READ_CONCERN R=<n> and WRITE_CONCERN W=<n>, each at most once, in either
// order. The parser only checks the grammar; Command.CheckConcern performs
// the server's step-6 validation.
type Concern struct {
	// HasRead reports whether a READ_CONCERN prefix was given.
	HasRead bool
	// Read is the n of R=<n> (0–65535); meaningful only when HasRead.
	Read uint16
	// HasWrite reports whether a WRITE_CONCERN prefix was given.
	HasWrite bool
	// Write is the n of W=<n> (0–65535); meaningful only when HasWrite.
	Write uint16
}

// IsZero reports whether no prefix was given.
func (c Concern) IsZero() bool { return !c.HasRead && !c.HasWrite }

// CheckConcern performs the single-node validation of step 6 of the
// per-line pipeline (PROTOCOL.md §2.4, §4.9): with any prefix, a command
// that is not a data command fails with ErrConcernNotData; an R or W other
// than 1 (an absent one counts as 1) fails with ErrConcernUnsupported. The
// returned sentinels' texts are the wire messages.
func (c *Command) CheckConcern() error {
	if c.Concern.IsZero() {
		return nil
	}
	if !c.Verb.IsDataCommand() {
		return ErrConcernNotData
	}
	if (c.Concern.HasRead && c.Concern.Read != 1) || (c.Concern.HasWrite && c.Concern.Write != 1) {
		return ErrConcernUnsupported
	}
	return nil
}

// Prefix keywords and their token letters.
const (
	readConcernKeyword  = "READ_CONCERN"
	writeConcernKeyword = "WRITE_CONCERN"
)

// parseConcernPrefixes consumes up to two consistency prefixes from the
// front of the normalised line s and returns the verb word (possibly
// empty: "prefixes alone") and the rest after it.
func parseConcernPrefixes(s string, c *Concern) (verb, rest string, err error) {
	verb, rest = cutWord(s)
	for range 2 {
		var keyword string
		var letter byte
		var seen *bool
		var value *uint16
		switch {
		case keywordIs(verb, readConcernKeyword):
			keyword, letter, seen, value = readConcernKeyword, 'R', &c.HasRead, &c.Read
		case keywordIs(verb, writeConcernKeyword):
			keyword, letter, seen, value = writeConcernKeyword, 'W', &c.HasWrite, &c.Write
		default:
			return verb, rest, nil
		}
		if *seen {
			return "", "", errMissing(keyword + " specified more than once")
		}
		token, after := cutWord(rest)
		n, ok := parseConcernToken(token, letter)
		if !ok {
			return "", "", errMissing(keyword + " requires " + string(letter) + "=<n>")
		}
		*seen, *value = true, n
		verb, rest = cutWord(after)
	}
	return verb, rest, nil
}

// parseConcernToken parses "<letter>=<n>": the letter in either case, '=',
// an optional '+', one or more ASCII digits with a value of 0–65535.
func parseConcernToken(tok string, letter byte) (uint16, bool) {
	if len(tok) < 3 || (tok[0] != letter && tok[0] != letter+('a'-'A')) || tok[1] != '=' {
		return 0, false
	}
	digits := tok[2:]
	if digits[0] == '+' {
		digits = digits[1:]
	}
	if digits == "" {
		return 0, false
	}
	n := 0
	for i := 0; i < len(digits); i++ {
		d := digits[i]
		if d < '0' || d > '9' {
			return 0, false
		}
		n = n*10 + int(d-'0')
		if n > 65535 {
			return 0, false
		}
	}
	return uint16(n), true
}

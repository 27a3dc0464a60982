package dispatch

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/grumpydb/grumpydb/engine"
)

// splitFindArgs splits FIND's rest of line into the filter and the
// optional options JSON texts (REPL.md §12.3): two JSON values separated
// by optional whitespace, either possibly containing spaces. Only the
// boundaries are found here; the texts are parsed by engine.ParseJSON, so
// a malformed first value is reported by the parser, whole. Text after
// the options is `invalid JSON: trailing characters after options`.
func splitFindArgs(rest string) (filter, options string, err error) {
	rest = strings.TrimLeftFunc(rest, unicode.IsSpace)
	end, ok := jsonValueEnd(rest)
	if !ok {
		return rest, "", nil
	}
	filter = rest[:end]
	options = strings.TrimSpace(strings.TrimLeftFunc(rest[end:], unicode.IsSpace))
	if options == "" {
		return filter, "", nil
	}
	oend, ok := jsonValueEnd(options)
	if !ok {
		return filter, options, nil
	}
	if strings.TrimFunc(options[oend:], unicode.IsSpace) != "" {
		return "", "", fmt.Errorf("%w: trailing characters after options", engine.ErrInvalidJSON)
	}
	return filter, options[:oend], nil
}

// jsonValueEnd returns the length of the object or array that s starts
// with, tracking nesting outside strings; false when s does not start with
// one or it is not closed (the parser then reports the problem).
func jsonValueEnd(s string) (int, bool) {
	if s == "" || (s[0] != '{' && s[0] != '[') {
		return 0, false
	}
	depth, inString := 0, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if inString {
			switch c {
			case '\\':
				i++
			case '"':
				inString = false
			}
			continue
		}
		switch c {
		case '"':
			inString = true
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				return i + 1, true
			}
		}
	}
	return 0, false
}

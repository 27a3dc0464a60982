package repl

import "strings"

// Split cuts text into statements (REPL.md §4.1). A statement ends at a ';'
// or a line break at depth 0: outside strings and comments, with every
// bracket closed. A line break inside a string also ends the statement (its
// parse then reports the unterminated string). Statements holding only
// whitespace and comments are dropped; each returned statement has its
// leading and trailing whitespace trimmed.
//
// rest is the unfinished tail: text after the last statement end that is
// still open (a bracket or block comment). With final set, a non-blank tail
// is returned as a last statement instead, and rest is empty.
func Split(text string, final bool) (stmts []string, rest string) {
	src := []rune(text)
	start := 0
	depth := 0
	var quote rune
	inLine, inBlock, content := false, false, false
	emit := func(end int) {
		if content {
			stmts = append(stmts, strings.Trim(string(src[start:end]), " \t\r\n"))
		}
		start = end + 1
		depth, content = 0, false
	}
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case inLine:
			if c == '\n' {
				inLine = false
				if depth == 0 {
					emit(i)
				}
			}
		case inBlock:
			if c == '*' && i+1 < len(src) && src[i+1] == '/' {
				inBlock = false
				i++
			}
		case quote != 0:
			switch c {
			case '\\':
				if i+1 < len(src) && src[i+1] != '\n' {
					i++
				}
			case quote:
				quote = 0
			case '\n':
				quote = 0
				emit(i)
			}
		case c == '/' && i+1 < len(src) && src[i+1] == '/':
			inLine = true
			i++
		case c == '/' && i+1 < len(src) && src[i+1] == '*':
			inBlock = true
			i++
		case c == '"' || c == '\'':
			quote = c
			content = true
		case c == '(' || c == '[' || c == '{':
			depth++
			content = true
		case c == ')' || c == ']' || c == '}':
			if depth > 0 {
				depth--
			}
			content = true
		case (c == ';' || c == '\n') && depth == 0:
			emit(i)
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
		default:
			content = true
		}
	}
	if start < len(src) {
		open := depth > 0 || inBlock
		if final || !open {
			if content {
				stmts = append(stmts, strings.Trim(string(src[start:]), " \t\r\n"))
			}
			return stmts, ""
		}
		return stmts, string(src[start:])
	}
	return stmts, ""
}

// HistoryEntry turns a (possibly multi-line) statement into one history
// line: its // comments are removed and its line breaks become single
// spaces (REPL.md §3.3).
func HistoryEntry(stmt string) string {
	src := []rune(stmt)
	var b strings.Builder
	var quote rune
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case quote != 0:
			b.WriteRune(c)
			if c == '\\' && i+1 < len(src) {
				i++
				b.WriteRune(src[i])
			} else if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
			b.WriteRune(c)
		case c == '/' && i+1 < len(src) && src[i+1] == '/':
			for i < len(src) && src[i] != '\n' {
				i++
			}
			i--
		case c == '/' && i+1 < len(src) && src[i+1] == '*':
			j := i + 2
			for j+1 < len(src) && !(src[j] == '*' && src[j+1] == '/') {
				j++
			}
			b.WriteString(string(src[i:min(j+2, len(src))]))
			i = j + 1
		default:
			b.WriteRune(c)
		}
	}
	lines := strings.Split(b.String(), "\n")
	for i := range lines {
		lines[i] = strings.TrimSpace(lines[i])
	}
	var kept []string
	for _, l := range lines {
		if l != "" {
			kept = append(kept, l)
		}
	}
	return strings.Join(kept, " ")
}

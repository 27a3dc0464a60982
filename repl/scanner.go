package repl

import "fmt"

// SyntaxError is a parse failure at a position within one statement. Line
// and Col count from 1; Col counts characters (runes).
type SyntaxError struct {
	Line, Col int
	Detail    string
}

// Error returns "syntax error at <line>:<col>: <detail>".
func (e *SyntaxError) Error() string {
	return fmt.Sprintf("syntax error at %d:%d: %s", e.Line, e.Col, e.Detail)
}

// Unwrap returns ErrSyntax.
func (e *SyntaxError) Unwrap() error { return ErrSyntax }

// scanner is a cursor over the runes of one statement, shared by the
// statement grammar and the relaxed-JSON reader.
type scanner struct {
	src []rune
	pos int
}

func newScanner(s string) *scanner { return &scanner{src: []rune(s)} }

func (s *scanner) eof() bool { return s.pos >= len(s.src) }

func (s *scanner) peek() rune {
	if s.pos >= len(s.src) {
		return 0
	}
	return s.src[s.pos]
}

func (s *scanner) peekAt(off int) rune {
	if s.pos+off >= len(s.src) {
		return 0
	}
	return s.src[s.pos+off]
}

// lineCol returns the 1-based line and column of rune offset p.
func (s *scanner) lineCol(p int) (int, int) {
	line, col := 1, 1
	for i := 0; i < p && i < len(s.src); i++ {
		if s.src[i] == '\n' {
			line++
			col = 1
		} else {
			col++
		}
	}
	return line, col
}

// errAt builds a syntax error at rune offset p.
func (s *scanner) errAt(p int, format string, args ...any) error {
	l, c := s.lineCol(p)
	return &SyntaxError{Line: l, Col: c, Detail: fmt.Sprintf(format, args...)}
}

// errEOF is the error for input that ends too early.
func (s *scanner) errEOF() error {
	return s.errAt(len(s.src), "unexpected end of input")
}

// skipSpace skips whitespace and comments. An unclosed block comment is an
// unexpected end of input.
func (s *scanner) skipSpace() error {
	for s.pos < len(s.src) {
		switch c := s.src[s.pos]; {
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
			s.pos++
		case c == '/' && s.peekAt(1) == '/':
			for s.pos < len(s.src) && s.src[s.pos] != '\n' {
				s.pos++
			}
		case c == '/' && s.peekAt(1) == '*':
			s.pos += 2
			for {
				if s.pos+1 >= len(s.src) {
					s.pos = len(s.src)
					return s.errEOF()
				}
				if s.src[s.pos] == '*' && s.src[s.pos+1] == '/' {
					s.pos += 2
					break
				}
				s.pos++
			}
		default:
			return nil
		}
	}
	return nil
}

// describe names the token at the cursor for error messages.
func (s *scanner) describe() string {
	if s.eof() {
		return "end of input"
	}
	return fmt.Sprintf("'%c'", s.peek())
}

func isIdentStart(c rune) bool {
	return c == '_' || c == '$' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func isIdentPart(c rune) bool { return isIdentStart(c) || c >= '0' && c <= '9' }

func isWordChar(c rune) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func isBareChar(c rune) bool { return isWordChar(c) || c == '-' || c == '.' }

// word reads a run of [A-Za-z0-9_] and returns it ("" if none).
func (s *scanner) word() string {
	start := s.pos
	for s.pos < len(s.src) && isWordChar(s.src[s.pos]) {
		s.pos++
	}
	return string(s.src[start:s.pos])
}

package repl

import (
	"errors"
	"strings"

	"github.com/grumpydb/grumpydb/engine"
)

// Kind is the kind of a parsed statement.
type Kind int

// The statement kinds of REPL.md §4.2.
const (
	KindExit       Kind = iota + 1 // exit or quit
	KindClear                      // clear
	KindHelp                       // help [topic]
	KindUse                        // use <db>
	KindDBMethod                   // db.<method>(args)
	KindCollMethod                 // db.<collection>.<method>(args)
)

// Arg is one call argument. A bare word sets Bare (and HasBare); a value
// that parsed as relaxed JSON sets Value (and HasValue), otherwise ValueErr
// holds why it did not. Both may be set (a bare word such as 1234 is also
// a number); the parameter kind decides which is used.
type Arg struct {
	Bare     string
	HasBare  bool
	Value    engine.Value
	HasValue bool
	ValueErr error
}

// Statement is one parsed statement.
type Statement struct {
	Kind       Kind
	Topic      string // KindHelp
	Name       string // KindUse: the database name
	Collection string // KindCollMethod
	Method     string // KindDBMethod, KindCollMethod
	Args       []Arg
}

func stmtErr(format string, args ...any) error {
	return newError(ErrStatement, format, args...)
}

// Parse parses one statement (as cut by Split) by the grammar of §4.2.
func Parse(text string) (*Statement, error) {
	s := newScanner(text)
	if err := s.skipSpace(); err != nil {
		return nil, err
	}
	if s.eof() {
		return nil, s.errEOF()
	}
	start := s.pos
	w := s.word()
	if w == "" {
		return nil, unknownCommand(s, start)
	}
	st := &Statement{}
	switch w {
	case "exit", "quit":
		st.Kind = KindExit
	case "clear":
		st.Kind = KindClear
	case "help":
		st.Kind = KindHelp
		if err := s.skipSpace(); err != nil {
			return nil, err
		}
		ts := s.pos
		for !s.eof() && !strings.ContainsRune(" \t\r\n", s.peek()) {
			if s.peek() == '/' && (s.peekAt(1) == '/' || s.peekAt(1) == '*') {
				break
			}
			s.pos++
		}
		st.Topic = string(s.src[ts:s.pos])
	case "use":
		st.Kind = KindUse
		if err := s.skipSpace(); err != nil {
			return nil, err
		}
		switch c := s.peek(); {
		case s.eof():
			return nil, stmtErr("usage: use <database_name>")
		case c == '"' || c == '\'':
			name, err := s.str()
			if err != nil {
				return nil, err
			}
			st.Name = name
		case isBareChar(c):
			ns := s.pos
			for !s.eof() && isBareChar(s.peek()) {
				s.pos++
			}
			st.Name = string(s.src[ns:s.pos])
		default:
			return nil, s.errAt(s.pos, "expected a database name")
		}
	case "db":
		if err := parseDB(s, st); err != nil {
			return nil, err
		}
	default:
		return nil, unknownCommand(s, start)
	}
	if err := s.skipSpace(); err != nil {
		return nil, err
	}
	if !s.eof() {
		return nil, stmtErr("unexpected text after statement: %s", strings.TrimSpace(string(s.src[s.pos:])))
	}
	return st, nil
}

func unknownCommand(s *scanner, start int) error {
	end := start
	for end < len(s.src) && !strings.ContainsRune(" \t\r\n;(", s.src[end]) {
		end++
	}
	if end == start {
		end = start + 1
	}
	return stmtErr("unknown command: %s", string(s.src[start:end]))
}

func (s *scanner) expectChar(c rune) error {
	if err := s.skipSpace(); err != nil {
		return err
	}
	if s.eof() {
		return s.errEOF()
	}
	if s.peek() != c {
		return s.errAt(s.pos, "expected '%c'", c)
	}
	s.pos++
	return nil
}

// parseDB parses the rest of "db.<method>(…)" or "db.<c>.<method>(…)".
func parseDB(s *scanner, st *Statement) error {
	if err := s.expectChar('.'); err != nil {
		return err
	}
	if err := s.skipSpace(); err != nil {
		return err
	}
	wpos := s.pos
	first := s.word()
	if first == "" {
		if s.eof() {
			return s.errEOF()
		}
		return s.errAt(wpos, "expected a collection or method name")
	}
	if err := s.skipSpace(); err != nil {
		return err
	}
	switch {
	case s.eof():
		return s.errEOF()
	case s.peek() == '(':
		st.Kind = KindDBMethod
		st.Method = first
	case s.peek() == '.':
		s.pos++
		if err := s.skipSpace(); err != nil {
			return err
		}
		mpos := s.pos
		m := s.word()
		if m == "" {
			if s.eof() {
				return s.errEOF()
			}
			return s.errAt(mpos, "expected a method name")
		}
		st.Kind = KindCollMethod
		st.Collection = first
		st.Method = m
		if err := s.skipSpace(); err != nil {
			return err
		}
		if s.eof() {
			return s.errEOF()
		}
		if s.peek() != '(' {
			return s.errAt(s.pos, "expected '('")
		}
	default:
		return s.errAt(s.pos, "expected '(' or '.'")
	}
	s.pos++ // (
	args, err := s.args()
	if err != nil {
		return err
	}
	st.Args = args
	return nil
}

// args reads "[arg {, arg} [,]] )" after the opening parenthesis.
func (s *scanner) args() ([]Arg, error) {
	var out []Arg
	for {
		if err := s.skipSpace(); err != nil {
			return nil, err
		}
		if s.eof() {
			return nil, s.errEOF()
		}
		if s.peek() == ')' {
			s.pos++
			return out, nil
		}
		a, err := s.arg()
		if err != nil {
			return nil, err
		}
		out = append(out, a)
		if err := s.skipSpace(); err != nil {
			return nil, err
		}
		if s.eof() {
			return nil, s.errEOF()
		}
		switch s.peek() {
		case ',':
			s.pos++
		case ')':
			s.pos++
			return out, nil
		default:
			return nil, s.errAt(s.pos, "expected ',' or ')'")
		}
	}
}

// arg reads one argument, as a bare word, a relaxed-JSON value, or both.
func (s *scanner) arg() (Arg, error) {
	start := s.pos
	var a Arg
	bareEnd := -1
	if isBareChar(s.peek()) {
		p := s.pos
		for p < len(s.src) && isBareChar(s.src[p]) {
			p++
		}
		save := s.pos
		s.pos = p
		if err := s.skipSpace(); err == nil && !s.eof() && (s.peek() == ',' || s.peek() == ')') {
			bareEnd = p
			a.Bare, a.HasBare = string(s.src[start:p]), true
		}
		s.pos = save
	}
	v, err := s.value(0)
	switch {
	case err == nil && (bareEnd < 0 || s.pos == bareEnd):
		a.Value, a.HasValue = v, true
	case err == nil:
		a.ValueErr = s.errAt(start, "unexpected bare word")
	default:
		var se *SyntaxError
		if bareEnd >= 0 && errors.As(err, &se) {
			a.ValueErr = s.errAt(start, "unexpected bare word '%s'", a.Bare)
		} else {
			a.ValueErr = err
		}
		if bareEnd < 0 {
			return Arg{}, err
		}
	}
	if bareEnd >= 0 {
		s.pos = bareEnd
	}
	return a, nil
}

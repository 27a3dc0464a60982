package repl

import (
	"errors"
	"fmt"
)

// Sentinel errors of the shell. Each error the shell itself produces wraps
// one of them (match with errors.Is); its text is exactly the message of
// REPL.md that follows "Error: ", with no package prefix. Engine errors
// pass through unchanged.
var (
	// ErrSyntax is wrapped by every *SyntaxError.
	ErrSyntax = errors.New("syntax error")
	// ErrValue: relaxed-JSON value errors without a position (duplicate
	// key, numbers out of range, bad $ref).
	ErrValue = errors.New("invalid value")
	// ErrStatement: unknown command or method, trailing text, use usage.
	ErrStatement = errors.New("bad statement")
	// ErrArgs: wrong number or kind of arguments, bad _id, reserved fields.
	ErrArgs = errors.New("bad arguments")
	// ErrNoDatabase: a statement that needs a database before any use.
	ErrNoDatabase = errors.New("no database selected. Use: use <database_name>")
	// ErrBadID: an id argument that is neither a UUID nor a prefix.
	ErrBadID = errors.New("invalid id")
	// ErrNoMatch: an id prefix that matches no document.
	ErrNoMatch = errors.New("no document matches id prefix")
	// ErrAmbiguous: an id prefix that matches several documents.
	ErrAmbiguous = errors.New("ambiguous id prefix")
	// ErrInterrupted: a statement cancelled by Ctrl-C.
	ErrInterrupted = errors.New("Interrupted")
	// ErrTooLarge: a resolved document larger than the bulk limit.
	ErrTooLarge = errors.New("resolved document too large")
)

// msgError is an error whose text is msg and which wraps a sentinel.
type msgError struct {
	sentinel error
	msg      string
}

func (e *msgError) Error() string { return e.msg }
func (e *msgError) Unwrap() error { return e.sentinel }

// newError returns an error reading exactly format(args) that wraps
// sentinel.
func newError(sentinel error, format string, args ...any) error {
	return &msgError{sentinel: sentinel, msg: fmt.Sprintf(format, args...)}
}

package protocol

import "errors"

// Sentinel errors. Errors that reach the wire (parse errors, framing,
// consistency checks) have Error() texts that are exactly the wire message
// the server writes after "-ERR "; the others start with "protocol: ".
var (
	// ErrEmptyCommand is the kind of the parse error for a blank line.
	ErrEmptyCommand = errors.New("empty command")

	// ErrUnknownCommand is the kind of the parse error for an unknown verb
	// or sub-keyword.
	ErrUnknownCommand = errors.New("unknown command")

	// ErrMissingArgument is the kind of every other parse error
	// ("missing argument: <text>").
	ErrMissingArgument = errors.New("missing argument")

	// ErrLineTooLong is returned by Reader.ReadLine for a line longer than
	// MaxLine bytes, terminator included. Its text is the wire message.
	ErrLineTooLong = errors.New("line too long")

	// ErrInvalidUTF8 is returned by Reader.ReadLine for a line that is not
	// valid UTF-8. The server closes the connection without a response.
	ErrInvalidUTF8 = errors.New("protocol: request line is not valid UTF-8")

	// ErrConcernNotData is returned by Command.CheckConcern when a
	// consistency prefix precedes a command that is not a data command.
	ErrConcernNotData = errors.New("consistency concerns are only supported for data commands")

	// ErrConcernUnsupported is returned by Command.CheckConcern when a
	// prefix asks for R or W other than 1 (single-node servers).
	ErrConcernUnsupported = errors.New("v5 only supports R=1, W=1")

	// ErrMalformedResponse is returned by ReadResponse for bytes that are
	// not a valid response.
	ErrMalformedResponse = errors.New("protocol: malformed response")

	// ErrResponseTooLarge is returned by ReadResponse for a response line
	// or bulk longer than a server may send.
	ErrResponseTooLarge = errors.New("protocol: response too large")

	// ErrServer matches (with errors.Is) every *ServerError.
	ErrServer = errors.New("protocol: server error")
)

// ParseError is the error returned by Parse. Its Error() is the exact wire
// text ("empty command", "unknown command: FOO", "missing argument: INSERT
// requires <uuid>") and it unwraps to its Kind, one of ErrEmptyCommand,
// ErrUnknownCommand or ErrMissingArgument.
type ParseError struct {
	// Kind is ErrEmptyCommand, ErrUnknownCommand or ErrMissingArgument.
	Kind error
	// Detail is the text after "unknown command: " or "missing argument: ";
	// empty for ErrEmptyCommand.
	Detail string
}

// Error returns the wire text of the parse error.
func (e *ParseError) Error() string {
	if e.Kind == ErrEmptyCommand {
		return ErrEmptyCommand.Error()
	}
	return e.Kind.Error() + ": " + e.Detail
}

// Unwrap returns the error's kind.
func (e *ParseError) Unwrap() error { return e.Kind }

func errEmpty() error { return &ParseError{Kind: ErrEmptyCommand} }

func errUnknown(typed string) error {
	return &ParseError{Kind: ErrUnknownCommand, Detail: typed}
}

func errMissing(text string) error {
	return &ParseError{Kind: ErrMissingArgument, Detail: text}
}

// ServerError is an "-ERR" response turned into a Go error by
// Response.Err. Its Error() is the message after "ERR ", as clients show it.
type ServerError struct {
	// Message is the error text after "-ERR ".
	Message string
}

// Error returns the server's message.
func (e *ServerError) Error() string { return e.Message }

// Is reports whether target is ErrServer.
func (e *ServerError) Is(target error) bool { return target == ErrServer }

package rbac

import "errors"

// Sentinel errors. Their texts are the wire texts of PROTOCOL.md §4.11, so
// an error returned by this package can be written to a client as
// "-ERR " + err.Error() without further formatting. Match them with
// errors.Is.
var (
	// ErrNotAuthenticated is returned for a command that needs a caller
	// when the connection has none.
	ErrNotAuthenticated = errors.New("not authenticated")

	// ErrAccessDenied prefixes every denial: a missing permission
	// (§6.3), and the no-escalation refusals (§6.4).
	ErrAccessDenied = errors.New("access denied")

	// ErrUnknownRole is returned by ParseRole for anything other than the
	// six exact lower-case role names.
	ErrUnknownRole = errors.New("unknown role")

	// ErrUnknownCommand is returned by Authorize for a verb that is not in
	// the command table: a programming error in the caller, never a wire
	// text.
	ErrUnknownCommand = errors.New("rbac: verb not in the command table")

	// ErrEmptyResource is returned by ParseResource for an empty resource
	// word (the protocol parser answers `GRANT requires <resource>` first).
	ErrEmptyResource = errors.New("rbac: empty resource")

	// ErrInvalidScope is returned when decoding a scope or assignment
	// from JSON that is not one of the six forms of §5.2.
	ErrInvalidScope = errors.New("rbac: invalid scope")
)

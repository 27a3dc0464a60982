package repl

import (
	"context"
	"errors"
	"net"
	"os"
	"strings"
	"unicode"

	client "github.com/grumpydb/grumpydb/client-go"
	"github.com/grumpydb/grumpydb/engine"
)

// Errors of connected mode (REPL.md §1.3, §12.4, §12.5). Their texts are
// the spec's messages; the server's own "-ERR" messages pass through as
// the client's *client.Error, whose text is the message.
var (
	// ErrConnect: "cannot connect to <host>:<port>: <reason>".
	ErrConnect = errors.New("cannot connect")
	// ErrTLSHandshake: "TLS handshake with <host>:<port> failed: <reason>".
	ErrTLSHandshake = errors.New("TLS handshake failed")
	// ErrAuthentication: "authentication failed: <server message>".
	ErrAuthentication = errors.New("authentication failed")
	// ErrConnectionLost: "connection lost: <reason>".
	ErrConnectionLost = errors.New("connection lost")
	// ErrRequestTooLarge: "request too large for the server (<n> bytes,
	// limit 1048576)".
	ErrRequestTooLarge = errors.New("request too large for the server")
)

// clientPrefix starts the text of the client's own sentinels.
const clientPrefix = "grumpydb: "

// startupError words a failure to connect (§1.3).
func startupError(addr string, err error) error {
	msg := strings.TrimPrefix(err.Error(), client.ErrConnection.Error()+": ")
	if reason, ok := strings.CutPrefix(msg, "TLS handshake with "+addr+": "); ok {
		return newError(ErrTLSHandshake, "TLS handshake with %s failed: %s", addr, reason)
	}
	return newError(ErrConnect, "cannot connect to %s: %s", addr, connectReason(msg, err))
}

// connectReason is the innermost useful reason of a dial error: the
// system call's error ("connection refused") or the resolver's.
func connectReason(msg string, err error) string {
	var se *os.SyscallError
	if errors.As(err, &se) {
		return se.Err.Error()
	}
	var dns *net.DNSError
	if errors.As(err, &dns) {
		return dns.Error()
	}
	var op *net.OpError
	if errors.As(err, &op) {
		return op.Err.Error()
	}
	return strings.TrimPrefix(msg, clientPrefix)
}

// requestError turns the client's error for one statement into the
// shell's: a server answer stays as it is (its text is the server's
// message), a context error stays (the shell reports it as Interrupted),
// a failed reconnect reads "cannot connect to …", any other connection
// failure "connection lost: <reason>", and the client's own refusals lose
// the "grumpydb: " prefix.
func requestError(addr string, err error) error {
	if err == nil {
		return nil
	}
	var se *client.Error
	switch {
	case errors.As(err, &se):
		return se
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return err
	case errors.Is(err, client.ErrRequestTooLarge):
		return newError(ErrRequestTooLarge, "%s", strings.TrimPrefix(err.Error(), clientPrefix))
	case errors.Is(err, client.ErrConnection):
		msg := strings.TrimPrefix(err.Error(), client.ErrConnection.Error()+": ")
		if strings.HasPrefix(msg, "dial ") || strings.HasPrefix(msg, "TLS handshake with ") {
			return startupError(addr, err)
		}
		return newError(ErrConnectionLost, "connection lost: %s", msg)
	case errors.Is(err, client.ErrClosed):
		return newError(ErrConnectionLost, "connection lost: the connection is closed")
	}
	return newError(ErrStatement, "%s", strings.TrimPrefix(err.Error(), clientPrefix))
}

// checkWord returns the engine's verdict on a name the client could not
// send as one word (empty, or holding whitespace), so that connected mode
// fails with the text embedded mode prints; other names go to the server.
func checkWord(name string) error {
	if name != "" && strings.IndexFunc(name, unicode.IsSpace) < 0 {
		return nil
	}
	return engine.ValidateName(name)
}

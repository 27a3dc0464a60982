// Package protocol is GrumpyDB's wire format: the line framing, command
// grammar and response encoding of PROTOCOL.md (§1–§4, §11a) and the
// extension verbs of REPL.md §12.3. It is shared by the server and the Go
// client and depends on nothing but the standard library — not even on the
// engine.
//
// A server loop is, in outline:
//
//	r, w := protocol.NewReader(conn), protocol.NewWriter(conn)
//	line, err := r.ReadLine()                // ErrLineTooLong: answer it; ErrInvalidUTF8: close
//	cmd, err := protocol.Parse(string(line)) // a *ParseError's Error() is the -ERR message
//	err = cmd.CheckConcern()                 // step 6; its Error() is the -ERR message too
//	w.WriteSimple("OK")                      // or WriteError(err.Error()), WriteBulk, …
//	w.Flush()                                // when no further input is buffered
//
// string(line) copies the line out of the Reader's buffer, which the next
// ReadLine reuses; the Command's fields are substrings of that copy.
//
// The pieces, in the order a request flows through them:
//
//   - Reader frames request lines (§2.3): one line per LF, a CR before the
//     LF dropped, at most one MaxLine-byte line buffered, over-long lines
//     discarded unread and reported as ErrLineTooLong, invalid UTF-8
//     reported as ErrInvalidUTF8 (after the length check), and a partial
//     last line returned before io.EOF.
//   - Parse turns a line into a Command: Unicode White_Space separates
//     words, keywords fold ASCII case only, the consistency prefixes of
//     §4.9 are split off, and every grammar error is a *ParseError whose
//     Error() is the exact §4.10 wire text. Command.CheckConcern performs
//     the step-6 validation of the prefixes.
//   - AppendSimple, AppendError, AppendInteger, AppendBulk, AppendNullBulk,
//     AppendArrayHeader and the buffering Writer encode responses (§3.1).
//   - ReadResponse decodes them for clients; Response.Err turns "-ERR"
//     into a *ServerError; Command.AppendLine renders a command as a line.
//
// Invariants:
//
//   - Parse checks grammar only. UUIDs, JSON, names, depths and the other
//     argument values are returned raw, as typed, because the server must
//     check them in the order §4.5 fixes (and some of those checks come
//     after authorisation).
//   - Parse never panics, allocates nothing on success (fields are
//     substrings of the line), and is stable: for every command c it
//     returns, Parse(string(c.AppendLine(nil))) returns c again.
//   - Reader never holds more than MaxLine bytes of input (plus a one-byte
//     probe), whatever the stream.
//   - No encoded response line or bulk contains a raw CR or LF: in simple
//     strings, errors and bulks they are written as the two characters
//     `\r` / `\n`. JSON never contains them, so JSON bulks are unchanged.
//   - Errors are sentinels matched with errors.Is. Those that reach the
//     wire (ErrLineTooLong, ErrConcernNotData, ErrConcernUnsupported and
//     every *ParseError) have the wire message as their Error() text; the
//     others start with "protocol: ".
//   - Nothing here does I/O beyond the io.Reader / io.Writer it is given,
//     and nothing holds package-level mutable state.
package protocol

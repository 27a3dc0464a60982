// Package session runs one client connection: the banner, the framing of
// request lines and the per-line pipeline of PROTOCOL.md §2.4, in its
// exact order —
//
//	 1 per-IP command rate limit (not for exempt peers)
//	 2 line too long
//	 3 invalid UTF-8 (close, no response)
//	 4 parse
//	 5 error streak := 0
//	 6 consistency prefixes
//	 7 QUIT   8 PING
//	 9 LOGIN back-off
//	10 authorisation
//	11 execute (package dispatch)
//	12 LOGIN outcome recorded
//	13 response written
//
// — with the two 11-strike rules, the idle timeout and graceful shutdown
// (§2.5). Registry tracks the open sessions, so DROP USER can end a user's
// sessions (§5.1) and shutdown can drain them.
//
// Invariants:
//   - Responses are written strictly in request order, one per line
//     (none for an invalid UTF-8 line, which closes the connection).
//   - Output is buffered and flushed whenever the session is about to wait
//     for input, so pipelined requests cost one write per batch while an
//     interactive client never waits for a response that sits in a buffer.
//   - A response that acknowledges a write is never written before the
//     write is durable. Document writes (INSERT, UPDATE, DELETE,
//     PUT_WITH_VC, INSERTMANY) are run with deferred durability
//     (engine.Durable): applied at once, their responses held, and made
//     durable together — one fsync for the group — before the output is
//     flushed, before any other command runs (so it sees them), and after
//     at most 64 of them. If that fsync fails, each held response becomes
//     the error. A pipelining client's writes thus share their fsyncs the
//     way concurrent clients' do.
//   - A panic anywhere in a command is answered `internal error: …` and the
//     connection goes on; a panic in the loop itself closes only this
//     connection.
//   - Once shutdown begins, no new line is started: the command in flight
//     finishes and is answered, then the connection closes.
package session

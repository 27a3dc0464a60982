// Package repl is grumpy, the GrumpyDB shell (REPL.md): it reads
// statements such as db.users.find({ age: { $gt: 30 } }), runs them
// against a database and prints their results.
//
// # Layers
//
//   - Split cuts input (typed lines, --eval text, piped stdin) into
//     statements at ';' or line breaks at depth 0 (§4.1).
//   - Parse reads one statement by the grammar of §4.2; ParseValue reads
//     the relaxed JSON of §7. Both share one rune scanner, so syntax errors
//     report "syntax error at <line>:<col>" within the statement.
//   - Shell runs a parsed statement against a Backend and formats the
//     result (§5, §6, §8, §10). Embedded is the Backend over engine
//     directories <data>/<db>/; Connected (connected.go) is the Backend
//     over the Go client (client-go) and a grumpydb-server: each statement
//     becomes one request of §12.2 (plus one FIND to resolve an id prefix,
//     and CREATE COLLECTION plus one retry for a first insert), whose
//     answer is printed by the same formatting code.
//   - Runner feeds a Shell from --eval text, a reader or the interactive
//     line editor (readline), prints results on stdout and "Error: …" on
//     stderr, and handles signals (§3).
//
// # Invariants
//
//   - Every error the shell prints is one line; its text is the spec's
//     message (shell errors), the engine's text (engine errors) or, in
//     connected mode, the server's message without "ERR " (which is the
//     engine's text for the same failure). Shell errors match the
//     sentinels of errors.go and connected_errors.go with errors.Is.
//   - Both modes print the same bytes for the same statements: connected
//     mode sends filters and options as written and lets the server's
//     engine evaluate them, and decodes answers into engine values.
//   - Filters, options, resolution and index semantics are the engine's
//     (engine.Find and friends); the shell never evaluates a filter itself.
//   - A statement that fails changes nothing it did not commit: writes are
//     single engine transactions (insertMany included).
//   - Bad input never panics: the parsers return errors (fuzzed).
//   - The open database (embedded) or the connection, after QUIT
//     (connected), is closed on every way out: exit, Ctrl-D, end of input,
//     SIGTERM, SIGHUP and SIGINT when not interactive.
package repl

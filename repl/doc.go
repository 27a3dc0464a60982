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
//     directories <data>/<db>/; connected mode will add a Backend over the
//     Go client without touching the rest.
//   - Runner feeds a Shell from --eval text, a reader or the interactive
//     line editor (readline), prints results on stdout and "Error: …" on
//     stderr, and handles signals (§3).
//
// # Invariants
//
//   - Every error the shell prints is one line; its text is the spec's
//     message (shell errors) or the engine's text (engine errors), matched
//     with errors.Is against the sentinels of errors.go.
//   - Filters, options, resolution and index semantics are the engine's
//     (engine.Find and friends); the shell never evaluates a filter itself.
//   - A statement that fails changes nothing it did not commit: writes are
//     single engine transactions (insertMany included).
//   - Bad input never panics: the parsers return errors (fuzzed).
//   - The open database is closed on every way out: exit, Ctrl-D, end of
//     input, SIGTERM, SIGHUP and SIGINT when not interactive.
package repl

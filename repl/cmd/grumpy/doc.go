// Command grumpy is the GrumpyDB shell (REPL.md §1). In embedded mode it
// opens databases under --data (default ./grumpy-data) through the engine;
// --eval runs statements and exits, piped stdin is read to EOF, and a
// terminal gets the interactive session with line editing and history.
// Connected mode (--host) is accepted on the command line and validated,
// but not available yet: it fails with exit status 2.
package main

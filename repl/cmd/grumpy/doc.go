// Command grumpy is the GrumpyDB shell (REPL.md §1). In embedded mode it
// opens databases under --data (default ./grumpy-data) through the engine;
// in connected mode (--host) it logs in to a grumpydb-server (--port,
// --tenant, --user, --password or GRUMPYDB_PASSWORD or a prompt without
// echo, --tls, --tls-ca, --tls-insecure) and sends each statement as one
// request. Either way --eval runs statements and exits, piped stdin is
// read to EOF, and a terminal gets the interactive session with line
// editing and history.
package main

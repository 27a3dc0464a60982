// Command grumpydb-server is GrumpyDB's server (PROTOCOL.md §9–§10).
//
//	grumpydb-server [<subcommand> <arguments>] [<flags>]
//
// With no subcommand it runs the single-node server. Subcommands:
// `check --data <dir>` (consistency check of every database),
// `cluster init --data <dir> [--cluster-id <uuid>]` (node identity),
// `snapshot` and `restore` (argument checks only in this build).
//
// Flags may come before or after the subcommand and its positionals; `--`
// ends them; the last occurrence of a flag wins; `--no-tls` and
// `--no-http` win wherever they appear. Usage errors print `Error: …` and
// the usage on stderr and exit 2; the errors of §10 exit 1; `--help` and
// `--version` print on stdout and exit 0.
//
// The command line is first normalised by parseArgs (so the §9.2 rules
// hold whatever order the user chose), then handed to urfave/cli for
// routing and help.
package main

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/urfave/cli/v2"
)

// version is the server version (PROTOCOL.md constants table).
const version = "5.0.0"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args, os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}

// env is what a run sees of the process.
type env struct {
	stdout, stderr io.Writer
	getenv         func(string) string
}

// run is the whole command: it returns the exit status.
func run(ctx context.Context, argv []string, stdout, stderr io.Writer, getenv func(string) string) int {
	e := &env{stdout: stdout, stderr: stderr, getenv: getenv}
	p, err := parseArgs(argv[1:])
	if err != nil {
		fmt.Fprintf(stderr, "Error: %s\n", trimUsage(err))
		if errors.Is(err, errUsage) {
			showUsage(ctx, stderr, nil)
			return 2
		}
		return 1
	}
	if p.has("version") && !p.has("help") {
		fmt.Fprintln(stdout, "grumpydb-server "+version)
		return 0
	}
	app := newApp(e, p)
	if err := app.RunContext(ctx, p.cliArgs("grumpydb-server")); err != nil {
		fmt.Fprintf(stderr, "Error: %s\n", err)
		return 1
	}
	return 0
}

// trimUsage drops the errUsage marker from a usage error's text.
func trimUsage(err error) string {
	msg := err.Error()
	prefix := errUsage.Error() + ": "
	if len(msg) > len(prefix) && msg[:len(prefix)] == prefix {
		return msg[len(prefix):]
	}
	return msg
}

// showUsage prints the usage (of sub, if given) on w.
func showUsage(ctx context.Context, w io.Writer, sub []string) {
	app := newApp(&env{stdout: w, stderr: w, getenv: func(string) string { return "" }}, &parsedArgs{})
	args := append(append([]string{"grumpydb-server"}, sub...), "--help")
	_ = app.RunContext(ctx, args)
}

// commonFlags are accepted with every subcommand (§9.2).
func commonFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "config", Usage: "TOML configuration `file` (default ./grumpydb.toml)"},
		&cli.StringFlag{Name: "data", Usage: "data `directory` (server.data_dir)"},
		&cli.StringFlag{Name: "bind", Usage: "client listen `address` (server.bind)"},
		&cli.StringFlag{Name: "http-bind", Usage: "HTTP observability `address` (http.bind)"},
		&cli.BoolFlag{Name: "no-http", Usage: "disable the HTTP server"},
		&cli.BoolFlag{Name: "tls", Usage: "enable TLS on the client listener"},
		&cli.StringFlag{Name: "tls-cert", Usage: "TLS certificate `file` (enables TLS)"},
		&cli.StringFlag{Name: "tls-key", Usage: "TLS private key `file` (enables TLS)"},
		&cli.BoolFlag{Name: "no-tls", Usage: "disable TLS whatever else says"},
		&cli.StringFlag{Name: "bootstrap-password", Usage: "create _system/admin with this `password` on first start"},
		&cli.StringFlag{Name: "log-format", Usage: "log format `json|text` (default text on a terminal, else json)"},
	}
}

// newApp builds the urfave/cli application over the normalised args.
func newApp(e *env, p *parsedArgs) *cli.App {
	return &cli.App{
		Name:            "grumpydb-server",
		Usage:           "the GrumpyDB document database server",
		UsageText:       "grumpydb-server [<subcommand> <arguments>] [<flags>]",
		Version:         version,
		HideVersion:     true,
		HideHelpCommand: true,
		Writer:          e.stdout,
		ErrWriter:       e.stderr,
		ExitErrHandler:  func(*cli.Context, error) {},
		Flags:           append(commonFlags(), &cli.BoolFlag{Name: "version", Usage: "print the version and exit"}),
		Action:          func(c *cli.Context) error { return serve(c.Context, e, p) },
		Commands: []*cli.Command{
			{
				Name:      "check",
				Usage:     "check the consistency of every database",
				UsageText: "grumpydb-server check --data <dir>",
				Flags:     commonFlags(),
				Action:    func(c *cli.Context) error { return check(e, p) },
			},
			{
				Name:      "snapshot",
				Usage:     "archive a stopped data directory",
				UsageText: "grumpydb-server snapshot --data <dir> <DEST>",
				Flags:     commonFlags(),
				Action:    func(c *cli.Context) error { return snapshot(e, p) },
			},
			{
				Name:      "restore",
				Usage:     "restore a data directory from a snapshot",
				UsageText: "grumpydb-server restore --data <dir> [--force] <SRC>",
				Flags:     append(commonFlags(), &cli.BoolFlag{Name: "force", Usage: "replace a non-empty target"}),
				Action:    func(c *cli.Context) error { return restore(e, p) },
			},
			{
				Name:            "cluster",
				Usage:           "cluster administration",
				UsageText:       "grumpydb-server cluster init --data <dir> [--cluster-id <uuid>]",
				HideHelpCommand: true,
				Subcommands: []*cli.Command{{
					Name:      "init",
					Usage:     "create the node identity",
					UsageText: "grumpydb-server cluster init --data <dir> [--cluster-id <uuid>]",
					Flags:     append(commonFlags(), &cli.StringFlag{Name: "cluster-id", Usage: "cluster `uuid` (default: a new one)"}),
					Action:    func(c *cli.Context) error { return clusterInit(e, p) },
				}},
			},
		},
	}
}

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/grumpydb/grumpydb/repl"
	"github.com/urfave/cli/v2"
)

// version is the shell's version (REPL.md §1).
const version = "5.0.0"

// defaultData is the default --data root.
const defaultData = "./grumpy-data"

// usage is what --help prints.
const usage = `Usage:
  grumpy [--data DIR] [--eval STATEMENTS]                              embedded
  grumpy --host HOST [--port N] [--tenant T] [--user U] [--password P]
         [--tls] [--tls-ca FILE] [--tls-insecure] [--eval STATEMENTS]  connected

Flags:
  --data DIR, -d DIR    Embedded mode: root of the database directories (default ./grumpy-data)
  --eval TEXT, -e TEXT  Run the statements in TEXT and exit
  --host HOST           Connected mode: the server's host name or IP address
  --port N              Server port, 1-65535 (default 6380)
  --tenant T            Tenant to log in to
  --user U              User name
  --password P          Password (else GRUMPYDB_PASSWORD, else a prompt)
  --tls                 Connect with TLS, verifying against the system roots
  --tls-ca FILE         Verify the server against the PEM certificate(s) in FILE (implies --tls)
  --tls-insecure        TLS without verifying the certificate (implies --tls)
  --no-tls              Plain TCP (the default)
  --embedded            Force embedded mode even if --host is given
  --version             Print the version and exit
  --help, -h            Print this usage and exit
`

// usageError is a command-line mistake: exit 2 with the hint line.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func main() {
	os.Exit(run(os.Args, os.Stdin, os.Stdout, os.Stderr))
}

func newApp(stdout, stderr io.Writer, action cli.ActionFunc) *cli.App {
	return &cli.App{
		Name:                  "grumpy",
		HideHelp:              true,
		HideVersion:           true,
		Writer:                stdout,
		ErrWriter:             stderr,
		ExitErrHandler:        func(*cli.Context, error) {},
		OnUsageError:          func(_ *cli.Context, err error, _ bool) error { return &usageError{err.Error()} },
		CustomAppHelpTemplate: usage,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "data", Aliases: []string{"d"}, Value: defaultData},
			&cli.StringFlag{Name: "eval", Aliases: []string{"e"}},
			&cli.StringFlag{Name: "host"},
			&cli.IntFlag{Name: "port", Value: 6380},
			&cli.StringFlag{Name: "tenant"},
			&cli.StringFlag{Name: "user"},
			&cli.StringFlag{Name: "password"},
			&cli.BoolFlag{Name: "tls"},
			&cli.StringFlag{Name: "tls-ca"},
			&cli.BoolFlag{Name: "tls-insecure"},
			&cli.BoolFlag{Name: "no-tls"},
			&cli.BoolFlag{Name: "embedded"},
			&cli.BoolFlag{Name: "version"},
			&cli.BoolFlag{Name: "help", Aliases: []string{"h"}},
		},
		Action: action,
	}
}

func run(args []string, stdin *os.File, stdout, stderr *os.File) int {
	code := repl.ExitOK
	app := newApp(stdout, stderr, func(c *cli.Context) error {
		code = action(c, stdin, stdout, stderr)
		return nil
	})
	if err := app.Run(args); err != nil {
		fmt.Fprintln(stderr, "Error: "+usageMessage(err))
		fmt.Fprintln(stderr, "Run 'grumpy --help' for usage.")
		return repl.ExitUsage
	}
	return code
}

// usageMessage rewords the flag package's parse errors with the flag
// spelled as users write it (--name, or -x for a one-letter alias).
func usageMessage(err error) string {
	msg := err.Error()
	var ue *usageError
	if errors.As(err, &ue) {
		msg = ue.msg
	}
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: "); ok {
		return "unknown flag: " + spell(name)
	}
	if name, ok := strings.CutPrefix(msg, "flag needs an argument: "); ok {
		return "flag " + spell(name) + " needs a value"
	}
	return msg
}

// spell writes a flag name with one dash for a single letter, two
// otherwise.
func spell(name string) string {
	name = strings.TrimLeft(name, "-")
	if len(name) == 1 {
		return "-" + name
	}
	return "--" + name
}

func usageFail(stderr io.Writer, format string, args ...any) int {
	fmt.Fprintf(stderr, "Error: "+format+"\n", args...)
	fmt.Fprintln(stderr, "Run 'grumpy --help' for usage.")
	return repl.ExitUsage
}

func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func action(c *cli.Context, stdin, stdout, stderr *os.File) int {
	if c.Args().Len() > 0 {
		return usageFail(stderr, "unexpected argument: %s", c.Args().First())
	}
	if c.Bool("help") {
		fmt.Fprint(stdout, usage)
		return repl.ExitOK
	}
	if c.Bool("version") {
		fmt.Fprintln(stdout, "grumpy "+version)
		return repl.ExitOK
	}
	if c.Bool("no-tls") {
		for _, f := range []string{"tls", "tls-ca", "tls-insecure"} {
			if c.IsSet(f) {
				return usageFail(stderr, "--no-tls cannot be combined with --%s", f)
			}
		}
	}
	connected := c.IsSet("host") && !c.Bool("embedded")
	if !connected && !c.Bool("embedded") {
		for _, f := range []string{"port", "tenant", "user", "password", "tls", "tls-ca", "tls-insecure"} {
			if c.IsSet(f) {
				return usageFail(stderr, "--%s requires --host", f)
			}
		}
	}
	if connected {
		if c.IsSet("data") {
			return usageFail(stderr, "--data cannot be used in connected mode")
		}
		if p := c.Int("port"); p < 1 || p > 65535 {
			return usageFail(stderr, "--port must be from 1 to 65535, got %d", p)
		}
		return runConnected(c, stdin, stdout, stderr)
	}
	data := c.String("data")
	interactive := !c.IsSet("eval") && isTerminal(stdin)
	banner := func() {
		fmt.Fprintf(stdout, "GrumpyDB shell %s (embedded mode, data in %s)\n", version, data)
		fmt.Fprintln(stdout, "Type 'help' for commands, 'exit' to quit.")
		fmt.Fprintln(stdout)
	}
	return runShell(c, repl.NewEmbedded(data, nil), interactive, banner, stdin, stdout, stderr)
}

// connectTimeout bounds connecting, the TLS handshake and the banner.
const connectTimeout = 10 * time.Second

// runConnected fills in the credentials, connects and logs in (REPL.md
// §1.2, §1.3), then runs the shell over the server.
func runConnected(c *cli.Context, stdin, stdout, stderr *os.File) int {
	var ask prompter
	if isTerminal(stdin) && isTerminal(stderr) {
		ask = terminalPrompter(stdin, stderr)
	}
	cr, err := resolveCredentials(credentialFlags{
		tenant: c.String("tenant"), tenantSet: c.IsSet("tenant"),
		user: c.String("user"), userSet: c.IsSet("user"),
		password: c.String("password"), passwordSet: c.IsSet("password"),
	}, os.LookupEnv, ask)
	if err != nil {
		fmt.Fprintln(stderr, "Error: "+err.Error())
		return repl.ExitUsage
	}
	opts := repl.ConnectOptions{
		Host: c.String("host"), Port: c.Int("port"),
		Tenant: cr.tenant, User: cr.user, Password: cr.password,
		TLS: c.Bool("tls"), CAFile: c.String("tls-ca"), Insecure: c.Bool("tls-insecure"),
		DialTimeout: connectTimeout,
	}
	if opts.Insecure {
		fmt.Fprintln(stderr, "Warning: TLS certificate not verified")
	}
	ctx, cancel := context.WithTimeout(context.Background(), connectTimeout)
	backend, err := repl.Connect(ctx, opts)
	cancel()
	if err != nil {
		fmt.Fprintln(stderr, "Error: "+err.Error())
		return repl.ExitUsage
	}
	interactive := !c.IsSet("eval") && isTerminal(stdin)
	banner := func() {
		fmt.Fprintln(stdout, connectedLine(opts))
		fmt.Fprintf(stdout, "Authenticated as %s@%s\n", cr.user, cr.tenant)
		fmt.Fprintln(stdout)
	}
	return runShell(c, backend, interactive, banner, stdin, stdout, stderr)
}

// connectedLine is the first banner line of connected mode (§3.1).
func connectedLine(o repl.ConnectOptions) string {
	line := "Connected to GrumpyDB at " + o.Addr()
	switch {
	case o.Insecure:
		line += " (TLS, unverified)"
	case o.TLS || o.CAFile != "":
		line += " (TLS)"
	}
	return line
}

// runShell runs the statements of --eval, of piped stdin or of the
// interactive session against backend; banner prints the interactive
// banner. Every way out closes the backend.
func runShell(c *cli.Context, backend repl.Backend, interactive bool, banner func(), stdin, stdout, stderr *os.File) int {
	sh := repl.NewShell(backend)
	r := &repl.Runner{
		Shell:          sh,
		Stdout:         stdout,
		Stderr:         stderr,
		StdoutTerminal: isTerminal(stdout),
		Exit:           os.Exit,
	}
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	go func() {
		for s := range sigs {
			go r.HandleSignal(s, interactive)
		}
	}()
	switch {
	case c.IsSet("eval"):
		return r.RunText(c.String("eval"))
	case !interactive:
		return r.RunReader(stdin)
	}
	banner()
	return r.RunInteractive(repl.LoadHistory(repl.HistoryPath(os.LookupEnv)))
}

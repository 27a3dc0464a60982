package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/grumpydb/grumpydb/repl"
	"golang.org/x/term"
)

// errNoTerminal is a missing credential with no terminal to ask on.
var errNoTerminal = errors.New("no terminal to prompt on")

// credentials are what LOGIN sends.
type credentials struct {
	tenant, user, password string
}

// prompter asks for one credential; secret turns echo off.
type prompter func(label string, secret bool) (string, error)

// credentialFlags are the connection flags as given (set tells which).
type credentialFlags struct {
	tenant, user, password          string
	tenantSet, userSet, passwordSet bool
}

// resolveCredentials fills in each missing credential in the order of
// REPL.md §1.2: the flag, then (password only) GRUMPYDB_PASSWORD, then a
// prompt when ask is non-nil, else an error naming the flag.
func resolveCredentials(f credentialFlags, lookupEnv func(string) (string, bool), ask prompter) (credentials, error) {
	var cr credentials
	fill := func(dst *string, val string, set bool, flag, label string, secret bool) error {
		if set {
			*dst = val
			return nil
		}
		if secret {
			if v, ok := lookupEnv("GRUMPYDB_PASSWORD"); ok {
				*dst = v
				return nil
			}
		}
		if ask == nil {
			return fmt.Errorf("--%s is required (%w)", flag, errNoTerminal)
		}
		v, err := ask(label, secret)
		*dst = v
		return err
	}
	if err := fill(&cr.tenant, f.tenant, f.tenantSet, "tenant", "Tenant: ", false); err != nil {
		return cr, err
	}
	if err := fill(&cr.user, f.user, f.userSet, "user", "Username: ", false); err != nil {
		return cr, err
	}
	if err := fill(&cr.password, f.password, f.passwordSet, "password", "Password: ", true); err != nil {
		return cr, err
	}
	return cr, nil
}

// terminalPrompter asks on the terminal: the label on stderr, the answer
// read from stdin, with echo off for a secret. The terminal state is
// restored afterwards, also when Ctrl-C (or SIGTERM) ends the process
// during the prompt.
func terminalPrompter(stdin, stderr *os.File) prompter {
	return func(label string, secret bool) (string, error) {
		fmt.Fprint(stderr, label)
		if !secret {
			return readLine(stdin)
		}
		fd := int(stdin.Fd())
		state, err := term.GetState(fd)
		if err != nil {
			return "", err
		}
		sigs := make(chan os.Signal, 1)
		signal.Notify(sigs, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
		done := make(chan struct{})
		go func() {
			select {
			case s := <-sigs:
				_ = term.Restore(fd, state)
				fmt.Fprintln(stderr)
				code := repl.ExitInterrupt
				switch s {
				case syscall.SIGTERM:
					code = repl.ExitTerm
				case syscall.SIGHUP:
					code = repl.ExitHangup
				}
				os.Exit(code)
			case <-done:
			}
		}()
		pw, err := term.ReadPassword(fd)
		signal.Stop(sigs)
		close(done)
		_ = term.Restore(fd, state)
		fmt.Fprintln(stderr)
		return string(pw), err
	}
}

// readLine reads one line from r byte by byte (so that nothing after it
// is consumed before the line editor takes over), without its line end.
func readLine(r io.Reader) (string, error) {
	var b strings.Builder
	var c [1]byte
	for {
		n, err := r.Read(c[:])
		if n == 1 {
			if c[0] == '\n' {
				return strings.TrimSuffix(b.String(), "\r"), nil
			}
			b.WriteByte(c[0])
		}
		if err != nil {
			if err == io.EOF && b.Len() > 0 {
				return b.String(), nil
			}
			return b.String(), err
		}
	}
}

package repl

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"syscall"
)

// Exit statuses of REPL.md §1.4.
const (
	ExitOK        = 0
	ExitFailed    = 1
	ExitUsage     = 2
	ExitInterrupt = 130
	ExitTerm      = 143
	ExitHangup    = 129
)

// clearScreen is what "clear" writes to a terminal.
const clearScreen = "\x1b[2J\x1b[H"

// Runner drives a Shell: it feeds it statements, prints results and
// errors, and handles signals. One Runner serves one process run.
type Runner struct {
	Shell          *Shell
	Stdout, Stderr io.Writer
	StdoutTerminal bool // "clear" only acts on a terminal
	// Exit ends the process (os.Exit in the binary). It is called from the
	// signal path after the database is closed.
	Exit func(code int)

	// blankAfter, set by RunInteractive, prints an empty line after each
	// statement's output or error, as the README's sessions show.
	blankAfter bool

	mu       sync.Mutex // held while a statement runs
	cancel   context.CancelFunc
	stopping int           // exit code of a pending signal exit, 0 if none
	onStop   func()        // extra clean-up on a signal exit (line editor)
	cmu      sync.Mutex    // guards cancel, stopping, onStop
	block    chan struct{} // never closed: parks the loop during a signal exit
}

// exec runs one statement, printing its output or error. It reports
// whether the statement failed and whether it asked to exit.
func (r *Runner) exec(text string) (failed, exit bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.cmu.Lock()
	if r.stopping != 0 {
		r.cmu.Unlock()
		r.mu.Unlock()
		<-r.parked()
	}
	ctx, cancel := context.WithCancel(context.Background())
	r.cancel = cancel
	r.cmu.Unlock()
	defer func() {
		r.cmu.Lock()
		r.cancel = nil
		r.cmu.Unlock()
		cancel()
	}()
	res, err := r.Shell.Run(ctx, text)
	if err != nil {
		if errors.Is(err, ErrInterrupted) {
			fmt.Fprintln(r.Stderr, "Interrupted")
		} else {
			fmt.Fprintln(r.Stderr, "Error: "+err.Error())
		}
		if r.blankAfter {
			fmt.Fprintln(r.Stdout)
		}
		return true, false
	}
	if res.Clear && r.StdoutTerminal {
		fmt.Fprint(r.Stdout, clearScreen)
	}
	if res.Output != "" {
		fmt.Fprintln(r.Stdout, res.Output)
		if r.blankAfter {
			fmt.Fprintln(r.Stdout)
		}
	}
	return false, res.Exit
}

func (r *Runner) parked() chan struct{} {
	if r.block == nil {
		r.block = make(chan struct{})
	}
	return r.block
}

// Interrupt cancels the running statement, if any (Ctrl-C while a
// statement runs in an interactive session).
func (r *Runner) Interrupt() {
	r.cmu.Lock()
	defer r.cmu.Unlock()
	if r.cancel != nil {
		r.cancel()
	}
}

// Stop ends the process with code after cancelling the running statement
// and closing the database (SIGTERM, SIGHUP, and SIGINT when not
// interactive). It does not return.
func (r *Runner) Stop(code int) {
	r.cmu.Lock()
	if r.stopping == 0 {
		r.stopping = code
	}
	if r.cancel != nil {
		r.cancel()
	}
	onStop := r.onStop
	r.cmu.Unlock()
	r.mu.Lock() // wait for the running statement to finish
	if onStop != nil {
		onStop()
	}
	_ = r.Shell.Close()
	r.Exit(code)
}

// HandleSignal maps a signal to its action (§3.4, §3.5).
func (r *Runner) HandleSignal(sig os.Signal, interactive bool) {
	switch sig {
	case syscall.SIGTERM:
		r.Stop(ExitTerm)
	case syscall.SIGHUP:
		r.Stop(ExitHangup)
	case os.Interrupt:
		if interactive {
			r.Interrupt()
		} else {
			r.Stop(ExitInterrupt)
		}
	}
}

// RunText runs the statements of text (--eval) and returns the exit
// status: 0, or 1 at the first failure. It closes the shell.
func (r *Runner) RunText(text string) int {
	defer r.closeShell()
	stmts, _ := Split(text, true)
	for _, st := range stmts {
		failed, exit := r.exec(st)
		if failed {
			return ExitFailed
		}
		if exit {
			return ExitOK
		}
	}
	return ExitOK
}

// RunReader runs the statements read from in until EOF (piped stdin),
// statement by statement as lines arrive, and returns the exit status.
// It closes the shell.
func (r *Runner) RunReader(in io.Reader) int {
	defer r.closeShell()
	br := bufio.NewReader(in)
	buf := ""
	for {
		line, err := br.ReadString('\n')
		buf += line
		final := err != nil
		stmts, rest := Split(buf, final)
		buf = rest
		for _, st := range stmts {
			failed, exit := r.exec(st)
			if failed {
				return ExitFailed
			}
			if exit {
				return ExitOK
			}
		}
		if final {
			return ExitOK
		}
	}
}

func (r *Runner) closeShell() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if err := r.Shell.Close(); err != nil {
		fmt.Fprintln(r.Stderr, "Error: "+err.Error())
	}
}

package repl

import (
	"errors"
	"fmt"
	"strings"
	"sync/atomic"

	"github.com/ergochat/readline"
)

// emptyInterruptHint is printed for Ctrl-C on an empty prompt (§3.4).
const emptyInterruptHint = "(use 'exit' or Ctrl-D to quit)"

// RunInteractive runs the line-editing session (§3): prompts, history,
// Ctrl-C and Ctrl-D, multi-line input and tab completion. The banner is
// the caller's. It returns the exit status (0) and closes the shell.
func (r *Runner) RunInteractive(history *History) int {
	defer r.closeShell()
	r.blankAfter = true
	var lineLen atomic.Int64
	comp := &Completer{Collections: r.Shell.CollectionNames}
	rl, err := readline.NewFromConfig(&readline.Config{
		Prompt:                 r.Shell.Prompt(false),
		HistoryLimit:           maxHistory,
		DisableAutoSaveHistory: true,
		AutoComplete:           comp,
		InterruptPrompt:        "^C",
		EOFPrompt:              "\n", // readline maps this to no text before the line break
		Listener: func(line []rune, pos int, key rune) ([]rune, int, bool) {
			lineLen.Store(int64(len(line)))
			return nil, 0, false
		},
	})
	if err != nil {
		fmt.Fprintln(r.Stderr, "Error: "+err.Error())
		return ExitFailed
	}
	r.cmu.Lock()
	r.onStop = func() { _ = rl.Close() }
	r.cmu.Unlock()
	defer func() { _ = rl.Close() }()
	for _, e := range history.Entries() {
		_ = rl.SaveToHistory(e)
	}
	buf := ""
	for {
		rl.SetPrompt(r.Shell.Prompt(buf != ""))
		lineLen.Store(0)
		line, err := rl.ReadLine()
		if errors.Is(err, readline.ErrInterrupt) {
			if buf == "" && lineLen.Load() == 0 {
				fmt.Fprintln(r.Stdout, emptyInterruptHint)
			}
			buf = ""
			continue
		}
		if err != nil { // io.EOF: Ctrl-D on an empty line, or the editor closed
			return ExitOK
		}
		buf += line + "\n"
		stmts, rest := Split(buf, false)
		buf = rest
		if strings.TrimSpace(buf) == "" {
			buf = ""
		}
		for _, st := range stmts {
			if history.Add(HistoryEntry(st)) {
				_ = rl.SaveToHistory(HistoryEntry(st))
			}
			if _, exit := r.exec(st); exit {
				return ExitOK
			}
		}
	}
}

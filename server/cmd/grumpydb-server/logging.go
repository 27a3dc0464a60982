package main

import (
	"io"
	"log/slog"
	"os"

	"github.com/grumpydb/grumpydb/server/internal/config"
)

// newLogger returns the process logger on w: text on a terminal, JSON
// otherwise, unless --log-format says (§9.2).
func newLogger(w io.Writer, f *config.Flags) *slog.Logger {
	term := false
	if file, ok := w.(*os.File); ok {
		term = config.IsTerminal(file.Fd())
	}
	opts := &slog.HandlerOptions{Level: slog.LevelInfo}
	if f.ResolveLogFormat(term) == config.LogJSON {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

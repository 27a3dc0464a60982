package main

import (
	"errors"
	"os"

	"github.com/grumpydb/grumpydb/server/internal/config"
)

// snapshot is `snapshot --data <dir> <DEST>` (§10). This build checks the
// arguments and the lock, then reports that archiving is not implemented.
func snapshot(e *env, p *parsedArgs) error {
	if len(p.positionals) == 0 || p.positionals[0] == "" {
		return errors.New("snapshot: missing destination URL")
	}
	dir, ok := p.value("data")
	if !ok || dir == "" {
		return errors.New("snapshot: --data <dir> is required")
	}
	if err := lockIfPresent(dir); err != nil {
		return err
	}
	return errors.New("snapshot: not implemented yet")
}

// lockIfPresent takes and releases the data-directory lock of an existing
// directory, so a running server's directory is refused (§10).
func lockIfPresent(dir string) error {
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return nil
	}
	l, err := config.LockDataDir(dir)
	if err != nil {
		return err
	}
	return l.Release()
}

package main

import "errors"

// restore is `restore --data <dir> [--force] <SRC>` (§10). This build
// checks the arguments and the lock, then reports that restoring is not
// implemented.
func restore(e *env, p *parsedArgs) error {
	if len(p.positionals) == 0 || p.positionals[0] == "" {
		return errors.New("restore: missing source URL")
	}
	dir, ok := p.value("data")
	if !ok || dir == "" {
		return errors.New("restore: --data <dir> is required")
	}
	if err := lockIfPresent(dir); err != nil {
		return err
	}
	return errors.New("restore: not implemented yet")
}

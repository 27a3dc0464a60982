package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/grumpydb/grumpydb/engine"
	"github.com/grumpydb/grumpydb/server/internal/config"
)

// errProblems is check's failure once the problems are printed.
var errProblems = errors.New("check: problems found")

// check is `check --data <dir>` (§10): the engine's consistency check on
// every database, each problem on stdout; exit 1 when there is any.
func check(e *env, p *parsedArgs) error {
	dir, ok := p.value("data")
	if !ok || dir == "" {
		return errors.New("check: --data <dir> is required")
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return fmt.Errorf("check: data directory %s does not exist", dir)
	}
	lock, err := config.LockDataDir(dir)
	if err != nil {
		return err
	}
	defer lock.Release()
	problems := 0
	report := func(where, what string) {
		problems++
		fmt.Fprintf(e.stdout, "%s: %s\n", where, what)
	}
	checked := 0
	for _, t := range validDirs(dir) {
		for _, d := range validDirs(filepath.Join(dir, t)) {
			where := t + "/" + d
			db, err := engine.Open(filepath.Join(dir, t, d), &engine.Options{})
			if errors.Is(err, engine.ErrNotExist) {
				continue // a directory that holds no database
			}
			if errors.Is(err, engine.ErrLocked) {
				return err
			}
			if err != nil {
				report(where, err.Error())
				continue
			}
			checked++
			if cerr := db.Check(); cerr != nil {
				for _, line := range problemLines(cerr) {
					report(where, line)
				}
			}
			if err := db.Close(); err != nil {
				report(where, "close: "+err.Error())
			}
		}
	}
	if problems > 0 {
		return fmt.Errorf("%w: %d in %s", errProblems, problems, dir)
	}
	fmt.Fprintf(e.stderr, "check: %d databases, no problems\n", checked)
	return nil
}

// problemLines splits a Check error into one line per problem.
func problemLines(err error) []string {
	msg := strings.TrimPrefix(err.Error(), engine.ErrCorrupt.Error()+": ")
	var out []string
	for _, l := range strings.Split(msg, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// validDirs lists the subdirectories of dir with valid names (§7.1),
// sorted.
func validDirs(dir string) []string {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []string
	for _, en := range ents {
		if en.IsDir() && engine.ValidateName(en.Name()) == nil {
			out = append(out, en.Name())
		}
	}
	sort.Strings(out)
	return out
}

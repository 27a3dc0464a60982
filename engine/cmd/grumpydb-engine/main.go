// Command grumpydb-engine is a small tool over the embedded engine:
//
//	grumpydb-engine demo [-data DIR]     run a short embedded session
//	grumpydb-engine check DIR            verify every invariant of a database
//
// check opens the database without creating anything, runs Check, prints
// what is wrong and exits 1 if anything is.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/google/uuid"
	"github.com/grumpydb/grumpydb/engine"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "Error:", err)
		os.Exit(1)
	}
}

func run(args []string, out io.Writer) error {
	if len(args) == 0 {
		return errors.New("usage: grumpydb-engine demo [-data DIR] | check DIR")
	}
	switch args[0] {
	case "demo":
		fs := flag.NewFlagSet("demo", flag.ContinueOnError)
		data := fs.String("data", "", "database directory (default: a new temporary one)")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		return demo(*data, out)
	case "check":
		if len(args) != 2 {
			return errors.New("usage: grumpydb-engine check DIR")
		}
		return check(args[1], out)
	}
	return fmt.Errorf("unknown command %q", args[0])
}

func check(dir string, out io.Writer) error {
	db, err := engine.Open(dir, nil)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Check(); err != nil {
		return err
	}
	names, err := db.Collections()
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "%s: ok (%d collections)\n", dir, len(names))
	return nil
}

func demo(dir string, out io.Writer) error {
	if dir == "" {
		tmp, err := os.MkdirTemp("", "grumpydb-demo-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		dir = filepath.Join(tmp, "myapp")
	}
	db, err := engine.Open(dir, &engine.Options{CreateIfMissing: true})
	if err != nil {
		return err
	}
	defer db.Close()
	say := func(format string, a ...any) { fmt.Fprintf(out, format+"\n", a...) }
	say("Opened database %s", dir)
	if !contains(mustList(db), "users") {
		if err := db.CreateCollection("users"); err != nil {
			return err
		}
		say(`Collection "users" created`)
	}
	people := []string{
		`{"name":"Alice","age":30,"email":"alice@example.com"}`,
		`{"name":"Bob","age":25,"tags":["dev","go"]}`,
		`{"name":"Carol","age":30.0,"address":{"city":"Paris"}}`,
	}
	for _, p := range people {
		doc, err := engine.ParseJSON([]byte(p))
		if err != nil {
			return err
		}
		id := uuid.New()
		if err := db.Insert("users", id, doc); err != nil {
			return err
		}
		say("Inserted: %s", id)
	}
	n, err := db.Count("users")
	if err != nil {
		return err
	}
	say("users.count() = %d", n)
	if err := db.CreateIndex("users", "by_age", "age"); err != nil && !errors.Is(err, engine.ErrIndexExists) {
		return err
	}
	say(`Index "by_age" created on field "age"`)
	hits, err := db.Query("users", "by_age", engine.Int(30))
	if err != nil {
		return err
	}
	say("users.query(\"by_age\", 30): %d documents (30 and 30.0 are the same number)", len(hits))
	for _, d := range hits {
		say("  %s %s", d.ID, d.Value)
	}
	if err := db.Check(); err != nil {
		return err
	}
	say("Check: every invariant holds")
	return nil
}

func mustList(db *engine.DB) []string {
	names, _ := db.Collections()
	return names
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// Command grumpybench runs GrumpyDB's engine benchmark workloads (M0, E1–E8
// of BENCHMARKS.md §4.2), their scale variants on the 100,000-document
// stores E3/E3i leave behind (E4s–E8s of §4.4) and the server round trips
// (S1, S2 of §4.5), and prints the record of §6.1: the environment block,
// the command line, the date and the Markdown results table.
//
//	grumpybench -workload all
//	grumpybench -workload E1,E4 -dir /mnt/disk/scratch -samples 5
//	grumpybench -workload S1,S2 -server ./grumpydb-server
//	grumpybench -workload all -reduced      (smoke run, never recorded)
//	grumpybench -workload E3,E3i,E4s,E5s,E6s,E7s,E8s -dir /var/tmp
//
// E4s–E8s read L100/L100i; when E3 (E3i) is not in the same run, the store
// is first built untimed exactly as E3 (E3i) builds it.
//
// S1 and S2 start the real grumpydb-server (built with go build from the
// workspace unless -server names a binary) and, as the loopback anchor,
// redis-server (from PATH unless -redis names one; -redis off skips it;
// when it is not installed its rows say "not run").
//
// Every store lives in a fresh directory grumpybench-* made under -dir (by
// default the current directory, never silently /tmp) and removed at the
// end; -keep keeps it, with the L100/L100i stores E3/E3i leave behind. It
// must be on a disk-backed file system: on tmpfs fsync costs nothing and
// the durable-write figures are void, so statfs is checked and a warning
// printed. A verification failure fails the run (exit status 2).
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/grumpydb/grumpydb/bench/internal/report"
	"github.com/grumpydb/grumpydb/bench/internal/scratch"
	"github.com/grumpydb/grumpydb/bench/internal/workload"
)

func main() {
	if err := run(os.Args, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "grumpybench:", err)
		if errors.Is(err, workload.ErrVerify) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet(args[0], flag.ContinueOnError)
	fl.SetOutput(stderr)
	list := fl.String("workload", "all", "workloads to run: all, or IDs separated by commas (M0,E1,E2,E3,E3i,E4,E5,E6,E7,E8,E4s,E5s,E6s,E7s,E8s,S1,S2)")
	dir := fl.String("dir", "", "parent of the scratch directory, on the file system to measure (default: the current directory)")
	reduced := fl.Bool("reduced", false, "tiny sizes for a smoke run (labelled reduced; never recorded)")
	samples := fl.Int("samples", 0, "override every workload's sample count (0: the §4.1 counts)")
	keep := fl.Bool("keep", false, "keep the scratch directory (with L100/L100i)")
	quiet := fl.Bool("q", false, "no progress lines on stderr")
	server := fl.String("server", "", "grumpydb-server binary for S1/S2 (default: go build it from the workspace)")
	redis := fl.String("redis", "", "redis-server binary for S1/S2's anchor (default: from PATH; off: skip)")
	if err := fl.Parse(args[1:]); err != nil {
		return err
	}
	ws, err := workload.Select(*list)
	if err != nil {
		return err
	}
	work, cleanup, err := scratch.New(*dir, "grumpybench", *keep, stderr)
	if err != nil {
		return err
	}
	defer cleanup()
	scratch.Warn(work, stderr)
	env := report.Collect(work)
	var logw io.Writer = stderr
	if *quiet {
		logw = io.Discard
	}
	r, err := workload.NewRunner(workload.Config{Dir: work, Reduced: *reduced, Samples: *samples, Log: logw,
		Server: *server, Redis: *redis})
	if err != nil {
		return err
	}
	started := time.Now()
	table, runErr := r.Run(ws)
	cmdline := append([]string{"grumpybench"}, args[1:]...)
	if err := report.Header(stdout, "GrumpyDB engine benchmarks", cmdline, started, env, *reduced); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "- Shapes (storage encoding of shape(500)): %s\n", shapeSizes())
	fmt.Fprintf(stdout, "- Elapsed: %v\n\n", time.Since(started).Round(time.Second))
	if err := table.WriteMarkdown(stdout); err != nil {
		return err
	}
	if rm := r.Remarks(); len(rm) > 0 {
		fmt.Fprintln(stdout)
		for _, line := range rm {
			fmt.Fprintf(stdout, "- %s\n", line)
		}
	}
	if runErr != nil {
		fmt.Fprintf(stdout, "\n**RUN FAILED**: %v\n", runErr)
	}
	return runErr
}

// shapeSizes describes the encoded size of each shape.
func shapeSizes() string {
	s := ""
	for i, sh := range workload.AllShapes() {
		if i > 0 {
			s += ", "
		}
		s += fmt.Sprintf("%s %s B", sh, report.Int(workload.EncodedSize(sh, 500)))
	}
	return s
}

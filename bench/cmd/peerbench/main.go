// Command peerbench runs the peer comparison C1–C7 of BENCHMARKS.md §4.6:
// GrumpyDB, bbolt, SQLite (modernc.org/sqlite, WAL, synchronous=FULL) and
// Pebble (Sync writes) in one process, taking turns with the order rotating
// each repetition, 5 repetitions, each row with every engine's median and
// the ratio GrumpyDB ÷ peer; then the peak memory (VmHWM) of a fresh
// process per engine doing C3 → C4 → C5.
//
// Q1–Q3 compare GrumpyDB's Find with the equivalent SQL on SQLite (the
// other engines have no query language and show "—"): Q1 an indexed email
// equality, Q2 an indexed age range sorted by age with limit 10, Q3 both
// as full scans of the unindexed store. Their notes carry each engine's
// plan, GrumpyDB's with the documents it examined.
//
//	peerbench                       everything, full sizes
//	peerbench -only C1,C4 -reps 3   a subset
//	peerbench -only Q1,Q2,Q3 -engines GrumpyDB,SQLite -vmhwm=false
//	                                the find workloads alone
//	peerbench -reduced              smoke run (labelled reduced, never recorded)
//	peerbench -vmhwm=false          skip the memory processes
//
// The stores live in a fresh directory peerbench-* under -dir (default the
// current directory), which must be disk-backed: statfs is checked and a
// warning printed on tmpfs. A verification failure fails the run (exit
// status 2).
package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/grumpydb/grumpydb/bench/internal/peer"
	"github.com/grumpydb/grumpydb/bench/internal/report"
	"github.com/grumpydb/grumpydb/bench/internal/scratch"
)

func main() {
	if err := run(os.Args, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "peerbench:", err)
		if errors.Is(err, peer.ErrVerify) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

// childPrefix starts the one line a memory child prints on stdout.
const childPrefix = "VMHWM "

func run(args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet(args[0], flag.ContinueOnError)
	fl.SetOutput(stderr)
	only := fl.String("only", "", "workloads to run, separated by commas ("+strings.Join(peer.WorkloadIDs(), ",")+"; default all)")
	engines := fl.String("engines", "", "engines to run, separated by commas (GrumpyDB,bbolt,SQLite,Pebble; default all)")
	dir := fl.String("dir", "", "parent of the scratch directory, on the file system to measure (default: the current directory)")
	reduced := fl.Bool("reduced", false, "tiny sizes for a smoke run (labelled reduced; never recorded)")
	reps := fl.Int("reps", 0, "repetitions per engine (default 5; 2 when reduced)")
	vmhwm := fl.Bool("vmhwm", true, "also measure each engine's peak memory in a fresh process (C3→C4→C5)")
	child := fl.String("vmhwm-child", "", "internal: be the memory process of this engine")
	keep := fl.Bool("keep", false, "keep the scratch directory")
	quiet := fl.Bool("q", false, "no progress lines on stderr")
	if err := fl.Parse(args[1:]); err != nil {
		return err
	}
	if *child != "" {
		if *dir == "" {
			return errors.New("-vmhwm-child needs -dir")
		}
		n, err := peer.MemoryChild(*dir, *child, *reduced)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s%d\n", childPrefix, n)
		return nil
	}
	onlyIDs, err := peer.ParseOnly(*only)
	if err != nil {
		return err
	}
	engineNames, err := peer.ParseEngines(*engines)
	if err != nil {
		return err
	}
	work, cleanup, err := scratch.New(*dir, "peerbench", *keep, stderr)
	if err != nil {
		return err
	}
	defer cleanup()
	scratch.Warn(work, stderr)
	env := report.Collect(work)
	env.Durability = "GrumpyDB default (fsync of the WAL per commit, group commit); bbolt default (fdatasync per commit); " +
		"SQLite journal_mode=WAL, synchronous=FULL; Pebble pebble.Sync per commit"
	var logw io.Writer = stderr
	if *quiet {
		logw = io.Discard
	}
	r, err := peer.NewRunner(peer.Config{Dir: work, Reduced: *reduced, Reps: *reps, Only: onlyIDs, Engines: engineNames, Log: logw})
	if err != nil {
		return err
	}
	started := time.Now()
	runErr := r.Run()
	if runErr == nil && *vmhwm {
		runErr = measureMemory(r, work, engineNames, *reduced, logw)
	}
	cmdline := append([]string{"peerbench"}, args[1:]...)
	if err := report.Header(stdout, "GrumpyDB vs bbolt, SQLite, Pebble", cmdline, started, env, *reduced); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "- Peers: %s\n", peerVersions())
	fmt.Fprintf(stdout, "- Repetitions: %d per engine, order rotating; each cell is the median\n", r.Sizes().Reps)
	fmt.Fprintf(stdout, "- Elapsed: %v\n\n", time.Since(started).Round(time.Second))
	if err := r.WriteMarkdown(stdout); err != nil {
		return err
	}
	if sf := r.Shortfalls(); len(sf) > 0 {
		fmt.Fprintln(stdout, "\nTargets missed:")
		for _, s := range sf {
			fmt.Fprintf(stdout, "- %s %s: GrumpyDB ÷ %s = %s, target %g×\n", s.ID, s.Variant, s.Peer, report.Ratio(s.Ratio), s.Target)
		}
	}
	if runErr != nil {
		fmt.Fprintf(stdout, "\n**RUN FAILED**: %v\n", runErr)
	}
	return runErr
}

// measureMemory re-executes this program once per engine (and once for
// the harness alone) as a fresh memory process and records its VmHWM.
func measureMemory(r *peer.Runner, dir string, engines []string, reduced bool, log io.Writer) error {
	if len(engines) == 0 {
		for _, e := range peer.Engines() {
			engines = append(engines, e.Name)
		}
	}
	base, err := childVmHWM(dir, peer.BaselineEngine, reduced, log)
	if err != nil {
		return err
	}
	note := fmt.Sprintf("the harness alone (documents in memory) peaks at %.0f MiB", float64(base)/(1<<20))
	for _, name := range engines {
		n, err := childVmHWM(dir, name, reduced, log)
		if err != nil {
			return err
		}
		fmt.Fprintf(log, "   VmHWM %s: %.0f MiB\n", name, float64(n)/(1<<20))
		r.RecordMemory(name, n, note)
	}
	return nil
}

// childVmHWM runs one memory process and parses its answer.
func childVmHWM(dir, engine string, reduced bool, log io.Writer) (int64, error) {
	exe, err := os.Executable()
	if err != nil {
		return 0, err
	}
	args := []string{"-vmhwm-child", engine, "-dir", dir}
	if reduced {
		args = append(args, "-reduced")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, exe, args...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, log
	if err := cmd.Run(); err != nil {
		return 0, fmt.Errorf("memory process for %s: %w", engine, err)
	}
	sc := bufio.NewScanner(&out)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), childPrefix); ok {
			return strconv.ParseInt(v, 10, 64)
		}
	}
	return 0, fmt.Errorf("memory process for %s printed no %q line", engine, strings.TrimSpace(childPrefix))
}

// peerVersions names the peer modules this binary was built with.
func peerVersions() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	var out []string
	for _, d := range bi.Deps {
		switch d.Path {
		case "go.etcd.io/bbolt", "modernc.org/sqlite", "github.com/cockroachdb/pebble/v2":
			out = append(out, d.Path+" "+d.Version)
		}
	}
	return strings.Join(out, ", ")
}

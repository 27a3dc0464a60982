package report

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/grumpydb/grumpydb/bench/internal/fsinfo"
)

// Env is the machine and environment block of BENCHMARKS.md §1.5.
type Env struct {
	CPU        string
	Cores      int
	RAM        string
	ScratchDir string
	Device     string // source of the mount holding the scratch directory
	FS         string // its file system type
	// MemoryFS is set when the scratch directory is on tmpfs or ramfs,
	// where fsync costs nothing: durable-write figures are then void.
	MemoryFS   bool
	OS         string
	Kernel     string
	GoVersion  string
	GOMAXPROCS int
	Commit     string
	Durability string
}

// Collect describes this machine and the file system of scratchDir. Facts
// it cannot find read "unknown"; it never fails.
func Collect(scratchDir string) Env {
	e := Env{
		CPU:        "unknown",
		Cores:      runtime.NumCPU(),
		RAM:        "unknown",
		ScratchDir: scratchDir,
		Device:     "unknown",
		FS:         "unknown",
		OS:         runtime.GOOS,
		Kernel:     "unknown",
		GoVersion:  runtime.Version(),
		GOMAXPROCS: runtime.GOMAXPROCS(0),
		Commit:     gitCommit(),
		Durability: "fdatasync(2) of the WAL (preallocated ahead of its end) before every commit returns; group commit active",
	}
	if abs, err := filepath.Abs(scratchDir); err == nil {
		e.ScratchDir = abs
	}
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		if v, ok := field(string(b), "model name", ':'); ok {
			e.CPU = v
		}
	}
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		if v, ok := field(string(b), "MemTotal", ':'); ok {
			if kb, err := strconv.ParseInt(strings.TrimSuffix(v, " kB"), 10, 64); err == nil {
				e.RAM = Bytes(kb * 1024)
			}
		}
	}
	if b, err := os.ReadFile("/etc/os-release"); err == nil {
		if v, ok := field(string(b), "PRETTY_NAME", '='); ok {
			e.OS = strings.Trim(v, `"`) + " (" + runtime.GOOS + "/" + runtime.GOARCH + ")"
		}
	}
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		e.Kernel = strings.TrimSpace(string(b))
	}
	if m, err := fsinfo.MountOf(scratchDir); err == nil {
		e.Device, e.FS = m.Source, m.FSType
		e.MemoryFS = fsinfo.MemoryFSType(m.FSType)
	}
	if k, err := fsinfo.Statfs(scratchDir); err == nil {
		if e.FS == "unknown" {
			e.FS = k.Name
		}
		e.MemoryFS = e.MemoryFS || k.Memory
	}
	return e
}

// field returns the value of the first line "key<sep>value" of text, with
// surrounding spaces trimmed.
func field(text, key string, sep byte) (string, bool) {
	for line := range strings.Lines(text) {
		k, v, ok := strings.Cut(line, string(sep))
		if ok && strings.TrimSpace(k) == key {
			return strings.TrimSpace(v), true
		}
	}
	return "", false
}

// gitCommit returns `git rev-parse HEAD` (marked when the work tree has
// changes), or why it is unknown.
func gitCommit() string {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "git", "rev-parse", "HEAD").Output()
	if err != nil {
		return "unknown (git rev-parse HEAD failed)"
	}
	c := strings.TrimSpace(string(out))
	st, err := exec.CommandContext(ctx, "git", "status", "--porcelain", "--untracked-files=no").Output()
	if err == nil && len(strings.TrimSpace(string(st))) > 0 {
		c += " (with uncommitted changes)"
	}
	return c
}

// WriteMarkdown writes the environment block as a Markdown list.
func (e Env) WriteMarkdown(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "- CPU: %s, %d cores; RAM %s\n", e.CPU, e.Cores, e.RAM)
	fmt.Fprintf(&b, "- Storage: scratch dir %s on %s (%s)", e.ScratchDir, e.Device, e.FS)
	if e.MemoryFS {
		b.WriteString(" — WARNING: memory-backed file system, fsync costs nothing; durable figures are void")
	}
	b.WriteString("\n")
	fmt.Fprintf(&b, "- OS: %s, kernel %s\n", e.OS, e.Kernel)
	fmt.Fprintf(&b, "- Go: %s, GOMAXPROCS=%d\n", e.GoVersion, e.GOMAXPROCS)
	fmt.Fprintf(&b, "- Commit: %s\n", e.Commit)
	fmt.Fprintf(&b, "- Durability: %s\n", e.Durability)
	_, err := io.WriteString(w, b.String())
	return err
}

// Header writes the record's preamble: a title, the command line, the date
// (ISO 8601) and the environment block.
func Header(w io.Writer, title string, args []string, now time.Time, e Env, reduced bool) error {
	var b strings.Builder
	fmt.Fprintf(&b, "## %s\n\n", title)
	fmt.Fprintf(&b, "- Date: %s\n", now.Format(time.RFC3339))
	fmt.Fprintf(&b, "- Command: `%s`\n", strings.Join(quoteArgs(args), " "))
	if reduced {
		b.WriteString("- Mode: **reduced** sizes — a smoke run, never to be recorded as figures\n")
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return err
	}
	return e.WriteMarkdown(w)
}

// quoteArgs quotes the arguments that need it for a shell.
func quoteArgs(args []string) []string {
	out := make([]string, len(args))
	for i, a := range args {
		if a == "" || strings.ContainsAny(a, " \t\"'$\\`|&;<>(){}*?") {
			a = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
		out[i] = a
	}
	return out
}

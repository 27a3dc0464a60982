package roundtrip

import (
	"fmt"
	"io"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/google/uuid"
)

// RedisOff as Config.Redis skips the Redis anchor.
const RedisOff = "off"

// Config says where and how big to run S1 and S2.
type Config struct {
	// Dir is an existing scratch directory on the file system to
	// measure: the built binary, the server's data directory and Redis's
	// append-only file go under it.
	Dir string
	// Server is the grumpydb-server binary; "" builds it (BuildServer).
	Server string
	// Redis is the redis-server binary; "" looks it up on PATH, RedisOff
	// skips the anchor. A binary that cannot be found leaves the Redis
	// rows "not run"; one that is found but does not start fails the run.
	Redis string
	// Gets is S1's requests per sample (§4.5: 192,000), a multiple of
	// every connection count.
	Gets int
	// Inserts is S2's requests per sample (§4.5: 3,200), a multiple of
	// every connection count.
	Inserts int
	// Keys and Docs are S1's data set (R10): the keys and the compact
	// JSON of each document.
	Keys []uuid.UUID
	Docs [][]byte
	// InsertDoc returns the compact JSON of S2's document i (small(i)).
	InsertDoc func(i int) []byte
	// Layouts are the configurations to run; nil means Layouts().
	Layouts []Layout
	// Timeout bounds each sample's I/O on every connection; 0 means 10
	// minutes.
	Timeout time.Duration
	// Log receives progress lines; nil discards them.
	Log io.Writer
}

// Layout is one configuration of §4.5: Conns connections, each keeping up
// to Depth requests in flight.
type Layout struct {
	Conns, Depth int
}

// String returns "C=16 P=1".
func (l Layout) String() string { return fmt.Sprintf("C=%d P=%d", l.Conns, l.Depth) }

// Layouts returns the six configurations of each workload, C ∈ {1, 16, 64}
// × P ∈ {1, 16}, in table order.
func Layouts() []Layout {
	var out []Layout
	for _, c := range []int{1, 16, 64} {
		for _, p := range []int{1, 16} {
			out = append(out, Layout{Conns: c, Depth: p})
		}
	}
	return out
}

// ReducedLayouts are the configurations of a smoke run: C ∈ {1, 16} ×
// P ∈ {1, 16}. Each connection costs a LOGIN, a deliberately slow
// password check (Argon2id), so the 64 connections are left to full runs.
func ReducedLayouts() []Layout {
	return []Layout{{1, 1}, {1, 16}, {16, 1}, {16, 16}}
}

// check validates cfg and fills in its defaults.
func (cfg *Config) check() error {
	if cfg.Dir == "" {
		return fmt.Errorf("%w: no scratch directory", ErrConfig)
	}
	// The servers run in directories under Dir: paths handed to them
	// must not depend on the working directory.
	abs, err := filepath.Abs(cfg.Dir)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrConfig, err)
	}
	cfg.Dir = abs
	if len(cfg.Keys) == 0 || len(cfg.Keys) != len(cfg.Docs) {
		return fmt.Errorf("%w: %d keys for %d documents", ErrConfig, len(cfg.Keys), len(cfg.Docs))
	}
	if cfg.InsertDoc == nil {
		return fmt.Errorf("%w: no InsertDoc", ErrConfig)
	}
	if cfg.Layouts == nil {
		cfg.Layouts = Layouts()
	}
	for _, l := range cfg.Layouts {
		if l.Conns < 1 || l.Depth < 1 {
			return fmt.Errorf("%w: configuration %s", ErrConfig, l)
		}
		for _, n := range []int{cfg.Gets, cfg.Inserts} {
			if n <= 0 || n%l.Conns != 0 {
				return fmt.Errorf("%w: %d requests do not split evenly over %d connections", ErrConfig, n, l.Conns)
			}
		}
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 10 * time.Minute
	}
	if cfg.Log == nil {
		cfg.Log = io.Discard
	}
	return nil
}

// redisBinary resolves Config.Redis: the path to run, or "" with the
// reason the anchor does not run.
func (cfg *Config) redisBinary() (bin, why string) {
	switch cfg.Redis {
	case RedisOff:
		return "", "not run: disabled (-redis off)"
	case "":
		p, err := exec.LookPath("redis-server")
		if err != nil {
			return "", "not run: redis-server not installed"
		}
		return p, ""
	}
	p, err := exec.LookPath(cfg.Redis)
	if err != nil {
		return "", fmt.Sprintf("not run: %s not found", cfg.Redis)
	}
	return p, ""
}

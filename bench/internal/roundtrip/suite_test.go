package roundtrip

import (
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/grumpydb/grumpydb/bench/internal/keygen"
	"github.com/grumpydb/grumpydb/bench/internal/report"
	"github.com/grumpydb/grumpydb/protocol"
)

// testServer returns a grumpydb-server binary: $GRUMPYBENCH_SERVER, or
// one built into a temporary directory.
func testServer(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("GRUMPYBENCH_SERVER"); p != "" {
		return p
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command to build grumpydb-server; set GRUMPYBENCH_SERVER")
	}
	bin, err := BuildServer(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return bin
}

// smallJSON is the compact JSON of small(i) (BENCHMARKS.md §2), written
// out by hand so the test does not depend on the workload package.
func smallJSON(i int) []byte {
	return fmt.Appendf(nil, `{"name":"user_%d","age":%d,"active":%t}`, i, i%1000, i%2 == 0)
}

// testConfig is a reduced configuration over n documents of R10's seed.
func testConfig(t *testing.T, bin string, n int, layouts []Layout) Config {
	t.Helper()
	keys, err := keygen.UUIDs(0x5EED0010, n)
	if err != nil {
		t.Fatal(err)
	}
	docs := make([][]byte, n)
	for i := range docs {
		docs[i] = smallJSON(i)
	}
	return Config{
		Dir: t.TempDir(), Server: bin, Gets: 128, Inserts: 64,
		Keys: keys, Docs: docs, InsertDoc: smallJSON, Layouts: layouts,
		Log: testLog{t},
	}
}

type testLog struct{ t *testing.T }

func (l testLog) Write(b []byte) (int, error) {
	l.t.Log(strings.TrimRight(string(b), "\n"))
	return len(b), nil
}

// rowsByVariant indexes rows by variant.
func rowsByVariant(rows []report.Row) map[string]report.Row {
	m := map[string]report.Row{}
	for _, r := range rows {
		m[r.Variant] = r
	}
	return m
}

// TestRealServers runs S1 and S2 for real, reduced, against the built
// grumpydb-server and (when installed) redis-server, then checks that the
// verification catches wrong answers from both.
func TestRealServers(t *testing.T) {
	bin := testServer(t)
	layouts := []Layout{{1, 1}, {1, 16}, {4, 1}, {64, 16}}
	cfg := testConfig(t, bin, 300, layouts)
	// A relative scratch directory, as grumpybench's default (the current
	// directory) gives: the servers run elsewhere and must still find it.
	parent := t.TempDir()
	t.Chdir(parent)
	cfg.Dir = "scratch"
	if err := os.Mkdir(cfg.Dir, 0o755); err != nil {
		t.Fatal(err)
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	}()
	const samples = 2
	s1, err := s.S1(samples)
	if err != nil {
		t.Fatalf("S1: %v", err)
	}
	s2, err := s.S2(samples)
	if err != nil {
		t.Fatalf("S2: %v", err)
	}
	haveRedis := s.rd != nil
	wantDirs := []string{"s-grumpydb/data/grumpydb.lock"}
	if haveRedis {
		wantDirs = append(wantDirs, "s-redis/appendonlydir")
	}
	for _, p := range wantDirs {
		if _, err := os.Stat(filepath.Join(parent, "scratch", p)); err != nil {
			t.Errorf("server files not under the scratch directory: %v", err)
		}
	}
	t.Logf("redis anchor running: %v (%s)", haveRedis, s.redisWhy)
	for _, w := range []struct {
		id   string
		rows []report.Row
	}{{"S1", s1}, {"S2", s2}} {
		byV := rowsByVariant(w.rows)
		for _, l := range layouts {
			for _, label := range []string{"grumpydb", "redis"} {
				v := label + " " + l.String()
				r, ok := byV[v]
				if !ok {
					t.Errorf("%s: no row %q", w.id, v)
					continue
				}
				if r.ID != w.id {
					t.Errorf("%s row %q has ID %q", w.id, v, r.ID)
				}
				if label == "redis" && !haveRedis {
					if !strings.HasPrefix(r.Notes, "not run: ") || !math.IsNaN(r.Stat.Median) {
						t.Errorf("%s %q: %+v, want a not-run row", w.id, v, r)
					}
					continue
				}
				if r.Stat.N != samples || !(r.Stat.Median > 0) || r.Stat.Min > r.Stat.Max {
					t.Errorf("%s %q: stat %+v", w.id, v, r.Stat)
				}
				if label == "grumpydb" && haveRedis && !strings.Contains(r.Notes, "grumpydb/redis ") {
					t.Errorf("%s %q: no ratio in %q", w.id, v, r.Notes)
				}
				_, p50 := byV[v+" · p50"]
				_, p99 := byV[v+" · p99"]
				if (l.Depth == 1) != p50 || p50 != p99 {
					t.Errorf("%s %q: p50 row %v, p99 row %v, P=%d", w.id, v, p50, p99, l.Depth)
				}
				if l.Depth == 1 {
					perSample := map[string]int{"S1": cfg.Gets, "S2": cfg.Inserts}[w.id]
					want := report.Int(samples*perSample) + " "
					if got := byV[v+" · p99"].Count; !strings.HasPrefix(got, want) {
						t.Errorf("%s %q p99 counts %q, want %q… (every request of every sample)", w.id, v, got, want)
					}
				}
			}
		}
	}
	rm := strings.Join(s.Remarks(), "\n")
	for _, want := range []string{"loopback bypass in effect", "no configuration file; using the defaults", "all answered +PONG", "--no-tls --bind 127.0.0.1:"} {
		if !strings.Contains(rm, want) {
			t.Errorf("remarks lack %q:\n%s", want, rm)
		}
	}
	if strings.Contains(rm, s.g.password) {
		t.Error("remarks reveal the bootstrap password")
	}

	gc := s.gp.conns[0]
	t.Run("S2 count check", func(t *testing.T) {
		for _, p := range s.pools() {
			c := p.conns[0]
			if err := checkInsCount(p.t, c, cfg.Inserts); err != nil {
				t.Fatalf("%s after S2: %v", p.t.label(), err)
			}
			if err := p.t.enter(c, spaceS2); err != nil {
				t.Fatal(err)
			}
			extra := uuid.New()
			if r, err := c.do(p.t.insertRequest(nil, extra, smallJSON(0))); err != nil || !okReply(r) {
				t.Fatalf("%s: extra insert: %s, %v", p.t.label(), describe(r), err)
			}
			if err := checkInsCount(p.t, c, cfg.Inserts); !errors.Is(err, ErrVerify) {
				t.Errorf("%s: one document too many: err = %v, want ErrVerify", p.t.label(), err)
			}
		}
	})
	t.Run("S2 refused insert", func(t *testing.T) {
		// Collection ins still holds the last sample's documents: the same
		// keys again must be refused, and the refusal caught.
		w := s2Spec(&s.cfg)
		jobs, err := w.jobs(s.g, Layout{1, 1})
		if err != nil {
			t.Fatal(err)
		}
		_, err = drive([]*conn{gc}, jobs, 1, s.cfg.Timeout)
		if !errors.Is(err, ErrVerify) || !strings.Contains(err.Error(), "already exists") {
			t.Errorf("duplicate insert: err = %v, want ErrVerify naming the refusal", err)
		}
	})
	t.Run("S1 wrong or missing document", func(t *testing.T) {
		w := s1Spec(&s.cfg)
		first := keygen.New(S1Seed).IntN(len(cfg.Keys)) // connection 0's first pick
		key := cfg.Keys[first]
		for _, p := range s.pools() {
			c := p.conns[0]
			if err := p.t.enter(c, spaceS1); err != nil {
				t.Fatal(err)
			}
			jobs, err := w.jobs(p.t, Layout{1, 16})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := drive([]*conn{c}, jobs, 16, s.cfg.Timeout); err != nil {
				t.Fatalf("%s: intact data: %v", p.t.label(), err)
			}
			// A changed document, then a missing one.
			var change, remove []byte
			if p.t.label() == "grumpydb" {
				change = appendLine(nil, &protocol.Command{Verb: protocol.VerbUpdate, Collection: s1Coll, Key: key.String(), JSON: `{"changed":true}`})
				remove = appendLine(nil, &protocol.Command{Verb: protocol.VerbDelete, Collection: s1Coll, Key: key.String()})
			} else {
				change = p.t.insertRequest(nil, key, []byte(`{"changed":true}`))
				remove = []byte("DEL " + key.String() + "\r\n")
			}
			for _, step := range []struct {
				name string
				req  []byte
				want string
			}{{"changed", change, "want \""}, {"missing", remove, "want its bulk"}} {
				r, err := c.do(step.req)
				if err != nil || r.Kind == protocol.KindError {
					t.Fatalf("%s: %s: %s, %v", p.t.label(), step.name, describe(r), err)
				}
				_, err = drive([]*conn{c}, jobs, 1, s.cfg.Timeout)
				if !errors.Is(err, ErrVerify) || !strings.Contains(err.Error(), step.want) {
					t.Errorf("%s: %s document: err = %v, want ErrVerify (%s)", p.t.label(), step.name, err, step.want)
				}
			}
		}
	})
}

// TestRedisNotInstalled runs S1 with no redis-server on PATH: the Redis
// rows say so and the run succeeds.
func TestRedisNotInstalled(t *testing.T) {
	bin := testServer(t)
	cfg := testConfig(t, bin, 50, []Layout{{1, 1}})
	cfg.Gets, cfg.Inserts = 16, 8
	t.Setenv("PATH", t.TempDir())
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, run := range []func(int) ([]report.Row, error){s.S1, s.S2} {
		rows, err := run(1)
		if err != nil {
			t.Fatal(err)
		}
		r, ok := rowsByVariant(rows)["redis C=1 P=1"]
		if !ok || r.Notes != "not run: redis-server not installed" {
			t.Errorf("redis row = %+v, %v", r, ok)
		}
		if g := rowsByVariant(rows)["grumpydb C=1 P=1"]; g.Stat.N != 1 || strings.Contains(g.Notes, "grumpydb/redis") {
			t.Errorf("grumpydb row = %+v", g)
		}
	}
	if err := s.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	if rm := strings.Join(s.Remarks(), "\n"); !strings.Contains(rm, "Redis anchor: not run: redis-server not installed") {
		t.Errorf("remarks:\n%s", rm)
	}
}

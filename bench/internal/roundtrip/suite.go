package roundtrip

import (
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/grumpydb/grumpydb/bench/internal/report"
)

// Suite runs S1 and S2. The servers start on first use and are shared by
// both workloads; Close stops them.
type Suite struct {
	cfg Config

	started  bool
	startErr error // why start failed; every later call returns it
	g        *grumpy
	gp       *pool
	rd       *redis // nil when the anchor does not run
	rp       *pool
	redisWhy string // why the anchor does not run
	s1Loaded bool
	closed   bool
	remarks  []string // kept by Close
}

// New checks cfg and returns a suite; nothing starts until S1 or S2 runs.
func New(cfg Config) (*Suite, error) {
	if err := cfg.check(); err != nil {
		return nil, err
	}
	return &Suite{cfg: cfg}, nil
}

func (s *Suite) logf(format string, args ...any) { fmt.Fprintf(s.cfg.Log, format+"\n", args...) }

// start builds (unless given) and starts grumpydb-server, starts Redis if
// it can, and opens and probes the first connection of each.
func (s *Suite) start() error {
	if s.closed {
		return fmt.Errorf("%w: the suite is closed", ErrConfig)
	}
	if !s.started {
		s.started = true
		s.startErr = s.startServers()
	}
	return s.startErr
}

func (s *Suite) startServers() error {
	bin, origin := s.cfg.Server, "given with -server: "+s.cfg.Server
	if bin == "" {
		t0 := time.Now()
		var err error
		if bin, err = BuildServer(s.cfg.Dir); err != nil {
			return err
		}
		origin = "built from the work tree with `go build " + ServerPackage + "`"
		s.logf("   built %s in %v", bin, time.Since(t0).Round(time.Millisecond))
	}
	g, err := startGrumpy(bin, origin, filepath.Join(s.cfg.Dir, "s-grumpydb"))
	if err != nil {
		return err
	}
	s.g, s.gp = g, &pool{t: g}
	if err := s.openFirst(s.gp); err != nil {
		return err
	}
	s.logf("   grumpydb-server listening on %s; %s", g.addr, g.probed)
	rbin, why := s.cfg.redisBinary()
	if rbin == "" {
		s.redisWhy = why
		s.logf("   Redis anchor %s", why)
		return nil
	}
	rd, err := startRedis(rbin, filepath.Join(s.cfg.Dir, "s-redis"))
	if err != nil {
		return fmt.Errorf("the Redis anchor (-redis off skips it): %w", err)
	}
	s.rd, s.rp = rd, &pool{t: rd}
	if err := s.openFirst(s.rp); err != nil {
		return err
	}
	s.logf("   redis-server listening on %s", rd.addr)
	return nil
}

// openFirst opens a pool's first connection alone (GrumpyDB's first USE
// creates database bench) and probes it.
func (s *Suite) openFirst(p *pool) error {
	if err := p.grow(1); err != nil {
		return err
	}
	return p.t.probe(p.conns[0])
}

// pools returns the pools of the targets that run, GrumpyDB first.
func (s *Suite) pools() []*pool {
	if s.rp != nil {
		return []*pool{s.gp, s.rp}
	}
	return []*pool{s.gp}
}

// S1 runs the GET round trips: the data set is loaded untimed into every
// target, then each configuration runs samples samples per target, the
// targets taking turns sample by sample.
func (s *Suite) S1(samples int) ([]report.Row, error) {
	if samples < 1 {
		return nil, fmt.Errorf("%w: %d samples", ErrConfig, samples)
	}
	if err := s.start(); err != nil {
		return nil, err
	}
	if !s.s1Loaded {
		for _, p := range s.pools() {
			t0 := time.Now()
			if err := p.t.enter(p.conns[0], spaceS1); err != nil {
				return nil, err
			}
			if err := p.t.load(p.conns[0], s.cfg.Keys, s.cfg.Docs); err != nil {
				return nil, fmt.Errorf("%s: loading S1's data set: %w", p.t.label(), err)
			}
			s.logf("   loaded %d documents into %s in %v", len(s.cfg.Keys), p.t.label(), time.Since(t0).Round(time.Millisecond))
		}
		s.s1Loaded = true
	}
	return s.run(s1Spec(&s.cfg), samples)
}

// S2 runs the durable INSERT round trips into a fresh collection per
// sample.
func (s *Suite) S2(samples int) ([]report.Row, error) {
	if samples < 1 {
		return nil, fmt.Errorf("%w: %d samples", ErrConfig, samples)
	}
	if err := s.start(); err != nil {
		return nil, err
	}
	return s.run(s2Spec(&s.cfg), samples)
}

// result is what one target gave for one configuration.
type result struct {
	rates []float64
	lats  []time.Duration
}

// run runs every configuration of w on every target and builds the rows.
func (s *Suite) run(w spec, samples int) ([]report.Row, error) {
	var rows []report.Row
	for _, l := range s.cfg.Layouts {
		type side struct {
			p     *pool
			conns []*conn
			jobs  []job
			res   result
		}
		var sides []*side
		for _, p := range s.pools() {
			conns, err := p.take(l.Conns, w.space)
			if err != nil {
				return nil, err
			}
			jobs, err := w.jobs(p.t, l)
			if err != nil {
				return nil, err
			}
			sides = append(sides, &side{p: p, conns: conns, jobs: jobs})
		}
		for smp := range samples {
			for _, sd := range sides {
				name := fmt.Sprintf("%s %s %s sample %d", w.id, sd.p.t.label(), l, smp)
				if w.before != nil {
					if err := w.before(sd.p.t, sd.conns[0]); err != nil {
						return nil, fmt.Errorf("%s: %w", name, err)
					}
				}
				o, err := drive(sd.conns, sd.jobs, l.Depth, s.cfg.Timeout)
				if err != nil {
					return nil, fmt.Errorf("%s: %w", name, err)
				}
				if w.after != nil {
					if err := w.after(sd.p.t, sd.conns[0]); err != nil {
						return nil, fmt.Errorf("%s: %w", name, err)
					}
				}
				rate := report.Rate(w.total, o.elapsed)
				sd.res.rates = append(sd.res.rates, rate)
				sd.res.lats = append(sd.res.lats, o.lats...)
				s.logf("   %s: %.0f ops/s", name, rate)
			}
		}
		var redisMed float64
		if len(sides) > 1 {
			st, err := report.Summarize(sides[1].res.rates)
			if err != nil {
				return nil, err
			}
			redisMed = st.Median
		}
		for i, sd := range sides {
			anchor := 0.0 // the Redis median a GrumpyDB row is compared with
			if i == 0 {
				anchor = redisMed
			}
			rs, err := w.rows(sd.p.t.label(), l, sd.res, anchor)
			if err != nil {
				return nil, err
			}
			rows = append(rows, rs...)
		}
		if len(sides) == 1 {
			rows = append(rows, report.Row{
				ID: w.id, Variant: "redis " + l.String(), Stat: report.Summary{Median: nan()},
				Point: true, Count: "—", Unit: w.unit, Notes: s.redisWhy,
			})
		}
	}
	return rows, nil
}

// Remarks returns lines for the record: what ran and how, and the
// confirmation that the loopback bypass was in effect.
func (s *Suite) Remarks() []string {
	if s.closed {
		return s.remarks
	}
	if s.g == nil {
		return nil
	}
	out := []string{"S1/S2 server: " + s.g.remark()}
	if s.rd != nil {
		out = append(out, "S1/S2 Redis anchor: "+s.rd.remark())
	} else {
		out = append(out, "S1/S2 Redis anchor: "+s.redisWhy)
	}
	if len(s.cfg.Layouts) != len(Layouts()) {
		var ls []string
		for _, l := range s.cfg.Layouts {
			ls = append(ls, l.String())
		}
		out = append(out, "S1/S2 configurations: only "+strings.Join(ls, ", ")+" (a subset of the 6 per workload)")
	}
	out = append(out, fmt.Sprintf("S1/S2 clients: raw TCP connections in the benchmark process (protocol package encoder and ReadResponse), "+
		"logged in once (banner, LOGIN _system admin, USE %s) and reused by every configuration and sample; "+
		"clients and servers share this machine's %d CPUs", database, runtime.NumCPU()))
	return out
}

// Close closes every connection and stops the servers.
func (s *Suite) Close() error {
	if s.closed {
		return nil
	}
	s.remarks = s.Remarks()
	s.closed = true
	var errs []error
	for _, p := range []*pool{s.gp, s.rp} {
		if p != nil {
			p.close()
		}
	}
	if s.g != nil {
		errs = append(errs, s.g.stop())
	}
	if s.rd != nil {
		errs = append(errs, s.rd.stop())
	}
	s.g, s.rd, s.gp, s.rp = nil, nil, nil, nil
	return errors.Join(errs...)
}

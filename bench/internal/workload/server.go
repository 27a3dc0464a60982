package workload

import (
	"errors"
	"fmt"

	"github.com/google/uuid"
	"github.com/grumpydb/grumpydb/bench/internal/keygen"
	"github.com/grumpydb/grumpydb/bench/internal/report"
	"github.com/grumpydb/grumpydb/bench/internal/roundtrip"
	"github.com/grumpydb/grumpydb/engine"
)

// roundtrip returns the S1/S2 suite, creating it on first use with R10's
// keys and documents (ReadDocs small documents, key seed 0x5EED0010) as
// compact JSON, the same data E4 and E6 read through the engine.
func (r *Runner) roundtrip() (*roundtrip.Suite, error) {
	if r.rt != nil {
		return r.rt, nil
	}
	keys, docs, err := r10JSON(r.sizes.ReadDocs)
	if err != nil {
		return nil, err
	}
	b := NewBuilder(Small)
	var layouts []roundtrip.Layout // nil: all 12 configurations
	if r.cfg.Reduced {
		layouts = roundtrip.ReducedLayouts()
	}
	rt, err := roundtrip.New(roundtrip.Config{
		Dir: r.cfg.Dir, Server: r.cfg.Server, Redis: r.cfg.Redis,
		Gets: r.sizes.S1Gets, Inserts: r.sizes.S2Inserts,
		Keys: keys, Docs: docs,
		InsertDoc: func(i int) []byte { return engine.AppendJSON(nil, b.Doc(i)) },
		Layouts:   layouts,
		Log:       r.log,
	})
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrConfig, err)
	}
	r.rt = rt
	return rt, nil
}

// r10JSON returns R10's first n keys and the compact JSON of its
// documents, as S1 loads them into the servers.
func r10JSON(n int) ([]uuid.UUID, [][]byte, error) {
	seed, _, err := datasetSeed("R10")
	if err != nil {
		return nil, nil, err
	}
	keys, err := keygen.UUIDs(seed, n)
	if err != nil {
		return nil, nil, err
	}
	docs := make([][]byte, n)
	b := NewBuilder(Small)
	for i := range docs {
		docs[i] = engine.AppendJSON(nil, b.Doc(i))
	}
	return keys, docs, nil
}

// s1 is the server GET round trips (§4.5).
func (r *Runner) s1(samples int) ([]report.Row, error) {
	rt, err := r.roundtrip()
	if err != nil {
		return nil, err
	}
	return verified(rt.S1(samples))
}

// s2 is the server INSERT round trips (§4.5).
func (r *Runner) s2(samples int) ([]report.Row, error) {
	rt, err := r.roundtrip()
	if err != nil {
		return nil, err
	}
	return verified(rt.S2(samples))
}

// verified makes a round-trip verification failure an ErrVerify too, so
// it fails the run as every other workload's does.
func verified(rows []report.Row, err error) ([]report.Row, error) {
	if errors.Is(err, roundtrip.ErrVerify) {
		return rows, fmt.Errorf("%w: %w", ErrVerify, err)
	}
	return rows, err
}

// closeRoundtrip stops S1/S2's servers, keeping their remarks.
func (r *Runner) closeRoundtrip() error {
	if r.rt == nil {
		return nil
	}
	err := r.rt.Close()
	r.remarks = append(r.remarks, r.rt.Remarks()...)
	r.rt = nil
	return err
}

// Remarks returns lines to print with the table: for S1/S2, the server
// and Redis as they ran and how the loopback bypass was confirmed.
func (r *Runner) Remarks() []string {
	if r.rt != nil {
		return r.rt.Remarks()
	}
	return append([]string(nil), r.remarks...)
}

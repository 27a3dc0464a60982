package peer

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/grumpydb/grumpydb/bench/internal/keygen"
	"github.com/grumpydb/grumpydb/engine"
)

// BaselineEngine names the memory child that only builds the documents:
// the harness's own share of every engine's peak.
const BaselineEngine = "none"

// MemoryChild is the body of the fresh process whose peak resident set
// (VmHWM) is reported for an engine: C3 (bulk load), then C4 (gets, one
// goroutine), then C5 (decoded scan), in a new store under dir. Every
// engine's process holds the same JSON documents; GrumpyDB's values are
// parsed one transaction at a time and dropped, so the harness's share is
// the same for all. With engine BaselineEngine it only builds the
// documents. It returns VmHWM in bytes.
func MemoryChild(dir, engineName string, reduced bool) (int64, error) {
	sizes := FullSizes()
	if reduced {
		sizes = ReducedSizes()
	}
	docs, err := Generate(PeerMedium, sizes.C3Docs)
	if err != nil {
		return 0, err
	}
	if engineName == BaselineEngine {
		return VmHWM()
	}
	e, err := EngineByName(engineName)
	if err != nil {
		return 0, err
	}
	sdir := filepath.Join(dir, "vmhwm-"+e.Name)
	if err := os.RemoveAll(sdir); err != nil {
		return 0, err
	}
	if err := os.MkdirAll(sdir, 0o755); err != nil {
		return 0, err
	}
	defer os.RemoveAll(sdir)
	st, err := e.Open(sdir)
	if err != nil {
		return 0, err
	}
	for lo := 0; lo < len(docs); lo += sizes.C3Batch {
		batch := docs[lo:min(lo+sizes.C3Batch, len(docs))]
		if e.NeedsValues {
			if err := WithValues(batch); err != nil {
				st.Close()
				return 0, err
			}
		}
		err := st.Load(batch)
		for i := range batch {
			batch[i].Value = engine.Value{}
		}
		if err != nil {
			st.Close()
			return 0, err
		}
	}
	picks := keygen.Picks(0x9EE7C400, sizes.C4Gets, len(docs))
	if _, err := gets(st, docs, picks, 1); err != nil {
		st.Close()
		return 0, err
	}
	if n, err := st.ScanDecoded(); err != nil || n != len(docs) {
		st.Close()
		return 0, fmt.Errorf("%w: scan returned %d documents (%v)", ErrVerify, n, err)
	}
	if err := st.Close(); err != nil {
		return 0, err
	}
	return VmHWM()
}

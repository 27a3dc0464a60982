package heap

import (
	"strings"
	"testing"

	"github.com/grumpydb/grumpydb/engine/internal/page"
)

// TestInjectedFailure makes the k-th Write or Alloc fail, for every k a
// scripted mix of operations reaches, and checks that the failure comes
// back as an error (never a panic, never swallowed).
func TestInjectedFailure(t *testing.T) {
	script := func(st *page.MemStore, base []RID) error {
		small, err := Insert(st, pattern(200, 1))
		if err != nil {
			return err
		}
		large, err := Insert(st, pattern(30000, 2))
		if err != nil {
			return err
		}
		if small, err = Update(st, small, pattern(4000, 3)); err != nil {
			return err
		}
		if large, err = Update(st, large, pattern(70000, 4)); err != nil {
			return err
		}
		if _, err = Update(st, base[0], pattern(20000, 5)); err != nil {
			return err
		}
		if _, err = Update(st, large, pattern(10, 6)); err != nil {
			return err
		}
		for _, r := range base[1:] {
			if err := Delete(st, r); err != nil {
				return err
			}
		}
		return Delete(st, small)
	}
	failures := 0
	for k := 1; ; k++ {
		st := rawHeap(t)
		var base []RID
		for i := range 30 {
			base = append(base, mustInsert(t, st, pattern(300+i*100, uint64(i))))
		}
		st.FailAfter = k
		err := script(st, base)
		if err == nil {
			if k == 1 {
				t.Fatal("script made no Write or Alloc call")
			}
			break
		}
		if !strings.Contains(err.Error(), "injected failure") {
			t.Fatalf("k=%d: error %v does not carry the injected failure", k, err)
		}
		failures++
		// Reads keep working on whatever state is left.
		st.FailAfter = 0
		_ = Scan(st, func(RID, []byte) error { return nil })
		_, _, _ = Check(st)
	}
	t.Logf("injected %d failures", failures)
	if failures < 20 {
		t.Fatalf("only %d injection points reached", failures)
	}
}

package btree

import (
	"bytes"
	"testing"
)

func TestSeparator(t *testing.T) {
	cases := []struct{ lo, hi, want string }{
		{"a", "b", "b"},
		{"abc", "abd", "abd"},
		{"abc", "abzzz", "abz"},
		{"ab", "abc", "abc"},
		{"ab", "abcdef", "abc"},
		{"a\xff\xff", "b", "b"},
		{"x", "y0000000", "y"},
		{"", "q", "q"},
	}
	for _, c := range cases {
		got := separator([]byte(c.lo), []byte(c.hi))
		if string(got) != c.want {
			t.Errorf("separator(%q, %q) = %q, want %q", c.lo, c.hi, got, c.want)
		}
		if bytes.Compare([]byte(c.lo), got) >= 0 || bytes.Compare(got, []byte(c.hi)) > 0 {
			t.Errorf("separator(%q, %q) = %q not in (lo, hi]", c.lo, c.hi, got)
		}
		if cap(got) != len(got) {
			t.Errorf("separator(%q, %q): capacity %d not clipped to %d", c.lo, c.hi, cap(got), len(got))
		}
	}
}

// cellsOf returns n cells with keys of keyLen bytes and values of valLen.
func cellsOf(n, keyLen, valLen int) []cell {
	cells := make([]cell, n)
	for i := range cells {
		k := bytes.Repeat([]byte{'k'}, keyLen)
		k[0] = byte(i)
		cells[i] = cell{key: k, val: make([]byte, valLen), child: uint32(i + 2)}
	}
	return cells
}

func TestSplitPoint(t *testing.T) {
	cases := []struct {
		name  string
		cells []cell
		lvl   int
		seq   bool
		want  int // -1: no cut
	}{
		{"leaf equal cells", cellsOf(10, 100, 100), 0, false, 5},
		{"leaf odd count", cellsOf(9, 100, 100), 0, false, 4},
		{"leaf sequential keeps left full", cellsOf(10, 100, 100), 0, true, 9},
		{"leaf of two", cellsOf(2, 10, 0), 0, false, 1},
		{"leaf of one cannot split", cellsOf(1, 10, 0), 0, false, -1},
		{"branch equal cells", cellsOf(11, 100, 0), 1, false, 5},
		{"branch sequential", cellsOf(11, 100, 0), 1, true, 9},
		{"branch of three", cellsOf(3, 10, 0), 1, false, 1},
		{"branch of two cannot split", cellsOf(2, 10, 0), 1, false, -1},
		{"leaf too big for two nodes", cellsOf(20, 1000, 255), 0, false, -1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := splitPoint(c.cells, c.lvl, c.seq)
			if got != c.want {
				t.Fatalf("splitPoint = %d, want %d", got, c.want)
			}
		})
	}
	// Sequential cut falls back to a balanced one when the left half would
	// not fit (the run is only overfull because of many large cells).
	big := cellsOf(12, MaxKeySize, MaxValueSize)
	if s := splitPoint(big, 0, true); s != 6 && s != 7 {
		t.Fatalf("overfull sequential run: cut %d, want a balanced cut", s)
	}
}

package btree

// Choosing where to cut an overfull run of cells.
//
// A leaf run is cut into left = cells[:s] and right = cells[s:], and the
// parent gets a separator between cells[s-1].key and cells[s].key. A branch
// run is cut into left = cells[:s], cells[s] moving up to the parent, and
// right = cells[s+1:] (whose leftmost child is cells[s].child).
//
// The normal cut balances the bytes of the two halves. When the run was made
// by appending past the last entry of the rightmost node (seq), the cut keeps
// the left node full and starts the right one with just the new entry (a
// leaf) or the new separator (a branch), so ascending bulk loads produce full
// pages instead of half-full ones.

// splitPoint returns the cut index for cells at level lvl, or -1 when no cut
// leaves both halves within nodeCapacity (and, for a branch, both halves
// with at least one separator).
func splitPoint(cells []cell, lvl int, seq bool) int {
	n := len(cells)
	size := func(i int) int {
		if lvl == 0 {
			return leafCellSize(cells[i])
		}
		return branchCellSize(cells[i])
	}
	lo, hi := 1, n-1 // leaf: s in [1, n-1]
	if lvl > 0 {
		hi = n - 2 // branch: s in [1, n-2]
	}
	if lo > hi {
		return -1
	}
	total := 0
	for i := 0; i < n; i++ {
		total += size(i)
	}
	fits := func(s, left int) (bool, int) {
		right := total - left
		if lvl > 0 {
			right -= size(s)
		}
		return left <= nodeCapacity && right <= nodeCapacity, max(left, right)
	}
	if seq {
		left := total - size(n-1)
		if lvl > 0 {
			left -= size(n - 2)
		}
		if ok, _ := fits(hi, left); ok {
			return hi
		}
	}
	best, bestMax := -1, 0
	left := 0
	for s := 0; s <= hi; s++ {
		if s >= lo {
			if ok, m := fits(s, left); ok && (best < 0 || m < bestMax) {
				best, bestMax = s, m
			}
		}
		left += size(s)
	}
	return best
}

// separator returns the shortest prefix of hi that is greater than lo, for
// lo < hi. Every key of the left node is <= lo < separator and every key of
// the right node is >= hi >= separator, so the result is a valid separator;
// being short, it keeps branches wide.
func separator(lo, hi []byte) []byte {
	n := 0
	for n < len(lo) && n < len(hi) && lo[n] == hi[n] {
		n++
	}
	if n >= len(hi) {
		return hi // only when hi <= lo, which callers never pass
	}
	return hi[: n+1 : n+1]
}

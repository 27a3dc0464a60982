package wal

import (
	"slices"
	"testing"
)

// buildLog returns the bytes of a log holding payloads, and the records.
func buildLog(t *testing.T, payloads ...[]byte) ([]byte, []record) {
	t.Helper()
	fsys := newMemFS(t)
	l := mustOpen(t, fsys, Options{})
	recs := appendSync(t, l, payloads...)
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	return readFile(t, fsys, testPath), recs
}

// logLen is the length of a log file holding exactly recs.
func logLen(recs []record) int64 {
	n := int64(HeaderSize)
	for _, r := range recs {
		n += RecordHeaderSize + int64(len(r.payload))
	}
	return n
}

// checkRecovers opens data as a log, asserts it replays exactly want, that
// the file was cut to the end of want, and that appends continue after it
// and survive a reopen.
func checkRecovers(t *testing.T, data []byte, want []record) {
	t.Helper()
	fsys := memWithFile(t, data)
	l := mustOpen(t, fsys, Options{})
	if err := equalRecords(replayAll(t, l, 0), want); err != nil {
		t.Fatal(err)
	}
	if got, exp := int64(len(readFile(t, fsys, testPath))), logLen(want); got != exp {
		t.Fatalf("file cut to %d bytes, want %d", got, exp)
	}
	next := uint64(len(want) + 1)
	if got := l.NextLSN(); got != next {
		t.Fatalf("NextLSN = %d, want %d", got, next)
	}
	more := appendSync(t, l, []byte("appended after recovery"))
	if more[0].lsn != next {
		t.Fatalf("append after recovery got LSN %d, want %d", more[0].lsn, next)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	l = mustOpen(t, fsys, Options{})
	defer l.Close()
	if err := equalRecords(replayAll(t, l, 0), append(slices.Clone(want), more...)); err != nil {
		t.Fatalf("after reopen: %v", err)
	}
}

// TestTornTail cuts the log at every length from the bare header to one
// byte short of the whole file: only whole records may come back.
func TestTornTail(t *testing.T) {
	data, recs := buildLog(t, []byte("first"), payloadOf(2, 40), payloadOf(3, 33))
	for cut := int64(HeaderSize); cut < int64(len(data)); cut++ {
		whole := 0
		for whole < len(recs) && logLen(recs[:whole+1]) <= cut {
			whole++
		}
		t.Run("", func(t *testing.T) {
			t.Logf("cut at %d of %d: expect %d records", cut, len(data), whole)
			checkRecovers(t, data[:cut], recs[:whole])
		})
	}
}

// TestBitFlip flips every bit of the middle record in turn: that record
// and every one after it are dropped.
func TestBitFlip(t *testing.T) {
	data, recs := buildLog(t, payloadOf(1, 20), payloadOf(2, 24), payloadOf(3, 20))
	start, end := logLen(recs[:1]), logLen(recs[:2])
	for off := start; off < end; off++ {
		for bit := range 8 {
			bad := slices.Clone(data)
			bad[off] ^= 1 << bit
			t.Run("", func(t *testing.T) {
				t.Logf("flip bit %d of byte %d", bit, off)
				checkRecovers(t, bad, recs[:1])
			})
		}
	}
}

// TestHeaderBitFlip flips every bit of the header: Open must refuse the
// file rather than guess.
func TestHeaderBitFlip(t *testing.T) {
	data, _ := buildLog(t, []byte("x"))
	for off := range HeaderSize {
		for bit := range 8 {
			bad := slices.Clone(data)
			bad[off] ^= 1 << bit
			if _, err := Open(memWithFile(t, bad), testPath, Options{}); err == nil {
				t.Fatalf("Open accepted a header with bit %d of byte %d flipped", bit, off)
			} else {
				isErr(t, "Open", err, ErrCorrupt)
			}
		}
	}
}

// TestStaleBytesRejected shows that bytes left from a longer version of
// the log never pass for records: neither after a rewritten record of the
// same length (the chain differs) nor under another generation's header
// (the salt differs), nor after a gap in the LSN sequence.
func TestStaleBytesRejected(t *testing.T) {
	old, oldRecs := buildLog(t, payloadOf(1, 30), payloadOf(2, 30), payloadOf(3, 30), payloadOf(4, 30))

	t.Run("rewritten middle record", func(t *testing.T) {
		// Keep records 1 and 2, then a different record 3 of the same
		// length, then the old bytes of records 3.. again: what a crash
		// could leave if the cut of a torn tail were lost.
		fsys := memWithFile(t, old[:logLen(oldRecs[:2])])
		l := mustOpen(t, fsys, Options{})
		newRecs := appendSync(t, l, payloadOf(99, 30))
		if err := l.Close(); err != nil {
			t.Fatal(err)
		}
		mixed := append(readFile(t, fsys, testPath), old[logLen(oldRecs[:3]):]...)
		checkRecovers(t, mixed, append(slices.Clone(oldRecs[:2]), newRecs...))
	})

	t.Run("other generation header", func(t *testing.T) {
		h, err := decodeHeader(old)
		if err != nil {
			t.Fatal(err)
		}
		bad := slices.Clone(old)
		copy(bad, header{salt: h.salt + 1, base: h.base}.encode())
		checkRecovers(t, bad, nil)
	})

	t.Run("LSN gap", func(t *testing.T) {
		// Records 1, 2 then 4: replay stops after 2.
		gap := slices.Concat(old[:logLen(oldRecs[:2])], old[logLen(oldRecs[:3]):])
		checkRecovers(t, gap, oldRecs[:2])
	})
}

package wal

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/grumpydb/grumpydb/engine/internal/vfs"
)

func TestRoundTrip(t *testing.T) {
	sizes := []int{0, 1, 15, 16, 17, 100, 4096, 70_000, 1 << 20, 3}
	fsys := newMemFS(t)
	l := mustOpen(t, fsys, Options{BufferSize: 1024})
	var want []record
	for i, n := range sizes {
		want = append(want, appendSync(t, l, payloadOf(uint64(i), n))...)
	}
	for i, r := range want {
		if r.lsn != uint64(i+1) {
			t.Fatalf("record %d got LSN %d, want %d", i, r.lsn, i+1)
		}
	}
	if got := l.DurableLSN(); got != uint64(len(sizes)) {
		t.Fatalf("DurableLSN = %d, want %d", got, len(sizes))
	}
	if err := equalRecords(replayAll(t, l, 0), want); err != nil {
		t.Fatalf("replay before close: %v", err)
	}
	wantSize := int64(HeaderSize)
	for _, n := range sizes {
		wantSize += RecordHeaderSize + int64(n)
	}
	if got := l.Size(); got != wantSize {
		t.Fatalf("Size = %d, want %d", got, wantSize)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if got := int64(len(readFile(t, fsys, testPath))); got != wantSize {
		t.Fatalf("file is %d bytes, want %d", got, wantSize)
	}

	l = mustOpen(t, fsys, Options{})
	defer l.Close()
	for _, from := range []uint64{0, 1, 2, 5, uint64(len(sizes)), uint64(len(sizes) + 1), 1000} {
		start := min(max(int(from), 1)-1, len(want))
		if err := equalRecords(replayAll(t, l, from), want[start:]); err != nil {
			t.Fatalf("Replay(%d) after reopen: %v", from, err)
		}
	}
}

func TestReopenContinuesLSNs(t *testing.T) {
	fsys := newMemFS(t)
	l := mustOpen(t, fsys, Options{})
	want := appendSync(t, l, []byte("a"), []byte("b"), []byte("c"))
	// Appended but never synced: Close makes it durable.
	lsn, err := l.Append([]byte("d"))
	if err != nil || lsn != 4 {
		t.Fatalf("Append = %d, %v; want 4", lsn, err)
	}
	want = append(want, record{4, []byte("d")})
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	for round := range 3 {
		l = mustOpen(t, fsys, Options{})
		if got, exp := l.NextLSN(), uint64(len(want)+1); got != exp {
			t.Fatalf("round %d: NextLSN = %d, want %d", round, got, exp)
		}
		if got := l.DurableLSN(); got != uint64(len(want)) {
			t.Fatalf("round %d: DurableLSN = %d, want %d", round, got, len(want))
		}
		if err := equalRecords(replayAll(t, l, 0), want); err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		want = append(want, appendSync(t, l, []byte{byte(round)})...)
		if err := l.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

func TestOSFileSystem(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "wal.log")
	l, err := Open(vfs.OS(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := appendSync(t, l, []byte("one"), payloadOf(2, 100_000), []byte("three"))
	if err := equalRecords(replayAll(t, l, 0), want); err != nil {
		t.Fatal(err)
	}
	if err := l.Reset(50); err != nil {
		t.Fatal(err)
	}
	want = appendSync(t, l, []byte("after reset"))
	if want[0].lsn != 50 {
		t.Fatalf("first LSN after Reset(50) = %d", want[0].lsn)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	l, err = Open(vfs.OS(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if err := equalRecords(replayAll(t, l, 0), want); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path + tmpSuffix); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("temporary file left behind: %v", err)
	}
}

func TestMaxPayload(t *testing.T) {
	fsys := newMemFS(t)
	l := mustOpen(t, fsys, Options{})
	big := payloadOf(9, MaxPayload)
	if _, err := l.Append(make([]byte, MaxPayload+1)); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("Append(MaxPayload+1) = %v, want ErrTooLarge", err)
	}
	want := appendSync(t, l, big, []byte("tail"))
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	l = mustOpen(t, fsys, Options{})
	defer l.Close()
	if err := equalRecords(replayAll(t, l, 0), want); err != nil {
		t.Fatal(err)
	}
}

func TestClosed(t *testing.T) {
	l := mustOpen(t, newMemFS(t), Options{})
	appendSync(t, l, []byte("x"))
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	_, err := l.Append([]byte("y"))
	isErr(t, "Append", err, ErrClosed)
	isErr(t, "Sync(2)", l.Sync(2), ErrClosed)
	isErr(t, "Replay", l.Replay(0, func(uint64, []byte) error { return nil }), ErrClosed)
	isErr(t, "Reset", l.Reset(10), ErrClosed)
	isErr(t, "Close", l.Close(), ErrClosed)
	if err := l.Sync(1); err != nil {
		t.Fatalf("Sync of an LSN durable before Close = %v, want nil", err)
	}
}

func TestInvalidArguments(t *testing.T) {
	fsys := newMemFS(t)
	_, err := Open(fsys, testPath, Options{BufferSize: -1})
	isErr(t, "Open with negative BufferSize", err, ErrInvalidOptions)

	l := mustOpen(t, fsys, Options{})
	defer l.Close()
	if err := l.Sync(0); err != nil {
		t.Fatalf("Sync(0) on an empty log = %v", err)
	}
	isErr(t, "Sync(1) on an empty log", l.Sync(1), ErrInvalidLSN)
	appendSync(t, l, []byte("x"))
	isErr(t, "Sync(5)", l.Sync(5), ErrInvalidLSN)
	isErr(t, "Reset(MaxLSN+1)", l.Reset(MaxLSN+1), ErrInvalidLSN)

	stop := errors.New("stop")
	if err := l.Replay(0, func(uint64, []byte) error { return stop }); err != stop {
		t.Fatalf("Replay returned %v, want the callback's error unchanged", err)
	}
}

func TestOpenCorruptHeader(t *testing.T) {
	good := header{salt: 7, base: 1}.encode()
	cases := map[string][]byte{
		"empty":        {},
		"short":        good[:HeaderSize-1],
		"bad magic":    append([]byte("XRMPYWAL"), good[8:]...),
		"bad crc":      append(bytes.Clone(good[:HeaderSize-1]), good[HeaderSize-1]^1),
		"version 2":    header2(func(b []byte) { b[8] = 2 }),
		"reserved":     header2(func(b []byte) { b[24] = 1 }),
		"base 0":       header{salt: 7, base: 0}.encode(),
		"base too big": header{salt: 7, base: MaxLSN + 1}.encode(),
	}
	for name, data := range cases {
		t.Run(name, func(t *testing.T) {
			fsys := memWithFile(t, data)
			_, err := Open(fsys, testPath, Options{})
			isErr(t, "Open", err, ErrCorrupt)
			if got := readFile(t, fsys, testPath); !bytes.Equal(got, data) {
				t.Fatalf("Open changed a corrupt file")
			}
		})
	}
}

// header2 returns a valid header changed by edit, with its CRC fixed up.
func header2(edit func([]byte)) []byte {
	b := header{salt: 7, base: 1}.encode()
	edit(b)
	return withHeaderCRC(b)
}

func TestStaleTmpRemoved(t *testing.T) {
	for _, withLog := range []bool{false, true} {
		fsys := newMemFS(t)
		if withLog {
			l := mustOpen(t, fsys, Options{})
			appendSync(t, l, []byte("keep"))
			if err := l.Close(); err != nil {
				t.Fatal(err)
			}
		}
		f, err := fsys.OpenFile(testPath+tmpSuffix, os.O_RDWR|os.O_CREATE, 0o644)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.WriteAt([]byte("garbage from a crashed reset"), 0); err != nil {
			t.Fatal(err)
		}
		f.Close()
		l := mustOpen(t, fsys, Options{})
		if _, err := fsys.Stat(testPath + tmpSuffix); !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("withLog=%v: stale tmp still there: %v", withLog, err)
		}
		if n := len(replayAll(t, l, 0)); n != map[bool]int{false: 0, true: 1}[withLog] {
			t.Fatalf("withLog=%v: replayed %d records", withLog, n)
		}
		l.Close()
	}
}

// TestOpenMakesRecordsDurable simulates a process that died after writing
// records it never fsynced: the next Open reports them durable, so it must
// have fsynced them before a power loss can take them away.
func TestOpenMakesRecordsDurable(t *testing.T) {
	mem := newMemFS(t)
	l := mustOpen(t, mem, Options{NoSync: true})
	want := appendSync(t, l, []byte("written"), []byte("never fsynced"))
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	l = mustOpen(t, mem, Options{})
	if got := l.DurableLSN(); got != 2 {
		t.Fatalf("DurableLSN after Open = %d, want 2", got)
	}
	l2 := mustOpen(t, mem.Crash(vfs.CrashOptions{}), Options{})
	defer l2.Close()
	if err := equalRecords(replayAll(t, l2, 0), want); err != nil {
		t.Fatalf("records Open called durable were lost in a crash: %v", err)
	}
	_ = l.Close()
}

// TestPreallocatedTail: with preallocation the file carries zeros past the
// last record; reopening finds exactly the records and appends continue.
func TestPreallocatedTail(t *testing.T) {
	dir := t.TempDir()
	l, err := Open(vfs.OS(), dir+"/wal.log", Options{Preallocate: 64 << 10})
	if err != nil {
		t.Fatal(err)
	}
	var last uint64
	for i := 0; i < 50; i++ {
		if last, err = l.Append([]byte(fmt.Sprintf("record %d", i))); err != nil {
			t.Fatal(err)
		}
		if err := l.Sync(last); err != nil {
			t.Fatal(err)
		}
	}
	st, _ := os.Stat(dir + "/wal.log")
	if st.Size() < 64<<10 || st.Size() <= l.Size() {
		t.Fatalf("file %d bytes, log %d: no zeros laid ahead", st.Size(), l.Size())
	}
	l.Close()
	l, err = Open(vfs.OS(), dir+"/wal.log", Options{Preallocate: 64 << 10})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	n := 0
	if err := l.Replay(0, func(lsn uint64, p []byte) error {
		if string(p) != fmt.Sprintf("record %d", n) {
			return fmt.Errorf("record %d = %q", n, p)
		}
		n++
		return nil
	}); err != nil || n != 50 {
		t.Fatalf("replayed %d records: %v", n, err)
	}
	if lsn, err := l.Append([]byte("after")); err != nil || lsn != last+1 {
		t.Fatalf("append after reopen: %d %v", lsn, err)
	}
}

// TestPreallocationStillSyncs: a batch that runs past the zeros laid ahead
// (so that the log is extended again) is fsynced like any other; a crash
// right after Sync keeps every record. (An earlier version skipped the
// fsync of exactly those batches.)
func TestPreallocationStillSyncs(t *testing.T) {
	mem := newMemFS(t)
	opts := Options{Preallocate: 4096}
	l := mustOpen(t, mem, opts)
	const n = 40
	syncs := l.Syncs()
	for i := 0; i < n; i++ {
		lsn, err := l.Append(bytes.Repeat([]byte{byte('a' + i%26)}, 1500))
		if err != nil {
			t.Fatal(err)
		}
		if err := l.Sync(lsn); err != nil {
			t.Fatal(err)
		}
	}
	if got := l.Syncs() - syncs; got != n {
		t.Fatalf("%d Syncs of single records made %d fsyncs", n, got)
	}
	l2 := mustOpen(t, mem.Crash(vfs.CrashOptions{}), opts)
	defer l2.Close()
	count := 0
	if err := l2.Replay(0, func(lsn uint64, p []byte) error {
		if len(p) != 1500 || p[0] != byte('a'+count%26) {
			return fmt.Errorf("record %d damaged", count)
		}
		count++
		return nil
	}); err != nil || count != n {
		t.Fatalf("after a crash %d of %d synced records replayed: %v", count, n, err)
	}
}

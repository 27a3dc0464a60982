package protocol

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
	"unicode/utf8"
)

// readEvent is one ReadLine result.
type readEvent struct {
	line string
	err  error
}

func (e readEvent) String() string {
	if e.err != nil {
		return "err(" + e.err.Error() + ")"
	}
	return strconv.Quote(e.line)
}

// readAll drains r until io.EOF (included) or another error, checking the
// memory bound after every call.
func readAll(t testing.TB, r *Reader, max int) []readEvent {
	t.Helper()
	var evs []readEvent
	for i := 0; ; i++ {
		line, err := r.ReadLine()
		if cap(r.buf) > r.limit {
			t.Fatalf("buffer capacity %d exceeds limit %d", cap(r.buf), r.limit)
		}
		if err != nil {
			evs = append(evs, readEvent{err: err})
			if err == io.EOF || (!errors.Is(err, ErrLineTooLong) && !errors.Is(err, ErrInvalidUTF8)) {
				return evs
			}
		} else {
			evs = append(evs, readEvent{line: string(line)})
		}
		if i > max {
			t.Fatalf("more than %d events", max)
		}
	}
}

// modelEvents is the simple model of §2.3 framing with the given limit.
func modelEvents(in []byte, limit int) []readEvent {
	var evs []readEvent
	for len(in) > 0 {
		i := bytes.IndexByte(in, '\n')
		var seg []byte
		size := 0
		if i < 0 {
			seg, size, in = in, len(in), nil
		} else {
			seg, size, in = in[:i], i+1, in[i+1:]
			if n := len(seg); n > 0 && seg[n-1] == '\r' {
				seg = seg[:n-1]
			}
		}
		switch {
		case size > limit:
			evs = append(evs, readEvent{err: ErrLineTooLong})
		case !utf8.Valid(seg):
			evs = append(evs, readEvent{err: ErrInvalidUTF8})
		default:
			evs = append(evs, readEvent{line: string(seg)})
		}
	}
	return append(evs, readEvent{err: io.EOF})
}

func sameEvents(a, b []readEvent) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].line != b[i].line || a[i].err != b[i].err {
			return false
		}
	}
	return true
}

// TestReaderFraming covers the §2.3 cases with small inputs.
func TestReaderFraming(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []readEvent
	}{
		{"bare EOF", "", []readEvent{{err: io.EOF}}},
		{"LF", "PING\n", []readEvent{{line: "PING"}, {err: io.EOF}}},
		{"CRLF", "PING\r\n", []readEvent{{line: "PING"}, {err: io.EOF}}},
		{"pipelined", "A\r\nB\nC\r\n", []readEvent{{line: "A"}, {line: "B"}, {line: "C"}, {err: io.EOF}}},
		{"partial last line", "A\nPING", []readEvent{{line: "A"}, {line: "PING"}, {err: io.EOF}}},
		{"partial last line keeps CR", "PING\r", []readEvent{{line: "PING\r"}, {err: io.EOF}}},
		{"blank lines", "\n\r\n", []readEvent{{line: ""}, {line: ""}, {err: io.EOF}}},
		{"inner CR kept", "a\rb\r\n", []readEvent{{line: "a\rb"}, {err: io.EOF}}},
		{"double CR", "a\r\r\n", []readEvent{{line: "a\r"}, {err: io.EOF}}},
		{"invalid UTF-8", "ok\n\xff\xfe\nnext\n", []readEvent{{line: "ok"}, {err: ErrInvalidUTF8}, {line: "next"}, {err: io.EOF}}},
		{"invalid UTF-8 partial", "\xc3", []readEvent{{err: ErrInvalidUTF8}, {err: io.EOF}}},
		{"surrogate encoding invalid", "\xed\xa0\x80\n", []readEvent{{err: ErrInvalidUTF8}, {err: io.EOF}}},
		{"valid UTF-8", "USE caf\u00e9\u3000x\n", []readEvent{{line: "USE caf\u00e9\u3000x"}, {err: io.EOF}}},
	}
	wrappers := map[string]func(io.Reader) io.Reader{
		"plain":    func(r io.Reader) io.Reader { return r },
		"onebyte":  iotest.OneByteReader,
		"half":     iotest.HalfReader,
		"dataerr":  iotest.DataErrReader,
		"timeouts": func(r io.Reader) io.Reader { return retryTimeouts{iotest.TimeoutReader(r)} },
	}
	for _, tt := range tests {
		for wname, wrap := range wrappers {
			t.Run(tt.name+"/"+wname, func(t *testing.T) {
				got := readAll(t, NewReader(wrap(strings.NewReader(tt.in))), 100)
				if !sameEvents(got, tt.want) {
					t.Errorf("got %v, want %v", got, tt.want)
				}
				if m := modelEvents([]byte(tt.in), MaxLine); !sameEvents(m, tt.want) {
					t.Errorf("model disagrees with the table: %v", m)
				}
			})
		}
	}
}

// retryTimeouts hides the one iotest.ErrTimeout of TimeoutReader by
// retrying, so the Reader's transient-error path is exercised.
type retryTimeouts struct{ r io.Reader }

func (rt retryTimeouts) Read(p []byte) (int, error) {
	n, err := rt.r.Read(p)
	if errors.Is(err, iotest.ErrTimeout) {
		return rt.r.Read(p)
	}
	return n, err
}

// repeatReader yields n copies of c and then EOF, without storing them.
type repeatReader struct {
	c byte
	n int64
}

func (r *repeatReader) Read(p []byte) (int, error) {
	if r.n == 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > r.n {
		p = p[:r.n]
	}
	for i := range p {
		p[i] = r.c
	}
	r.n -= int64(len(p))
	return len(p), nil
}

func longLine(content int, tail string, rest string) io.Reader {
	return io.MultiReader(&repeatReader{c: 'x', n: int64(content)}, strings.NewReader(tail+rest))
}

// TestReaderMaxLine checks the exact length limit at MaxLine: lines of
// MaxLine bytes including the terminator are accepted, one byte more is
// rejected and discarded, and the next line is read normally.
func TestReaderMaxLine(t *testing.T) {
	tests := []struct {
		name    string
		content int
		tail    string
		tooLong bool
	}{
		{"CRLF exactly MaxLine", MaxLine - 2, "\r\n", false},
		{"LF exactly MaxLine", MaxLine - 1, "\n", false},
		{"CRLF one byte over", MaxLine - 1, "\r\n", true},
		{"LF one byte over", MaxLine, "\n", true},
		{"far over", 3 * MaxLine, "\r\n", true},
		{"partial last line exactly MaxLine", MaxLine, "", false},
		{"partial last line one byte over", MaxLine + 1, "", true},
	}
	for _, tt := range tests {
		for _, onebyteProbe := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/half=%v", tt.name, onebyteProbe), func(t *testing.T) {
				rest := "PING\n"
				if tt.tail == "" {
					rest = ""
				}
				var src io.Reader = longLine(tt.content, tt.tail, rest)
				if onebyteProbe {
					src = iotest.HalfReader(src)
				}
				r := NewReader(src)
				line, err := r.ReadLine()
				if cap(r.buf) > MaxLine {
					t.Fatalf("buffered %d bytes, more than MaxLine", cap(r.buf))
				}
				if tt.tooLong {
					if !errors.Is(err, ErrLineTooLong) || line != nil {
						t.Fatalf("got %d bytes, %v; want ErrLineTooLong", len(line), err)
					}
				} else {
					if err != nil || len(line) != tt.content || bytes.Count(line, []byte{'x'}) != tt.content {
						t.Fatalf("got %d bytes, %v; want %d x's", len(line), err, tt.content)
					}
				}
				if rest != "" {
					line, err = r.ReadLine()
					if err != nil || string(line) != "PING" {
						t.Fatalf("next line = %q, %v; want PING", line, err)
					}
				}
				if _, err := r.ReadLine(); err != io.EOF {
					t.Fatalf("final read: %v, want io.EOF", err)
				}
			})
		}
	}
}

// TestReaderTooLongInvalidUTF8 checks that the length check comes first:
// an over-long invalid line is "line too long", never checked for UTF-8.
func TestReaderTooLongInvalidUTF8(t *testing.T) {
	src := io.MultiReader(&repeatReader{c: 0xff, n: MaxLine + 10}, strings.NewReader("\nOK\n"))
	got := readAll(t, NewReader(src), 10)
	want := []readEvent{{err: ErrLineTooLong}, {line: "OK"}, {err: io.EOF}}
	if !sameEvents(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
}

// errAfter returns its data, then err (not io.EOF).
type errAfter struct {
	data []byte
	err  error
}

func (e *errAfter) Read(p []byte) (int, error) {
	if len(e.data) == 0 {
		return 0, e.err
	}
	n := copy(p, e.data)
	e.data = e.data[n:]
	return n, nil
}

// TestReaderReadError checks that complete lines come before a read error,
// that a partial line is not returned on a non-EOF error, and that the
// error is returned once.
func TestReaderReadError(t *testing.T) {
	boom := errors.New("boom")
	src := &errAfter{data: []byte("A\nB\npart"), err: boom}
	r := NewReader(src)
	for _, want := range []string{"A", "B"} {
		line, err := r.ReadLine()
		if err != nil || string(line) != want {
			t.Fatalf("got %q, %v; want %q", line, err, want)
		}
	}
	if _, err := r.ReadLine(); err != boom {
		t.Fatalf("got %v, want boom", err)
	}
	if r.Buffered() != len("part") {
		t.Fatalf("Buffered() = %d, want 4", r.Buffered())
	}
	// The transient error is gone; the source now continues.
	src.data, src.err = []byte("ial\n"), io.EOF
	line, err := r.ReadLine()
	if err != nil || string(line) != "partial" {
		t.Fatalf("got %q, %v; want partial", line, err)
	}
	if _, err := r.ReadLine(); err != io.EOF {
		t.Fatalf("got %v, want io.EOF", err)
	}
	if _, err := r.ReadLine(); err != io.EOF {
		t.Fatalf("EOF is not sticky: %v", err)
	}
}

// zeroReader always returns (0, nil).
type zeroReader struct{}

func (zeroReader) Read([]byte) (int, error) { return 0, nil }

func TestReaderNoProgress(t *testing.T) {
	if _, err := NewReader(zeroReader{}).ReadLine(); err != io.ErrNoProgress {
		t.Fatalf("got %v, want io.ErrNoProgress", err)
	}
}

// chunkReader returns its data in chunks whose sizes follow sizes.
type chunkReader struct {
	data  []byte
	sizes []int
	i     int
}

func (c *chunkReader) Read(p []byte) (int, error) {
	if len(c.data) == 0 {
		return 0, io.EOF
	}
	n := len(p)
	if len(c.sizes) > 0 {
		n = min(n, c.sizes[c.i%len(c.sizes)])
		c.i++
	}
	n = min(n, len(c.data))
	copy(p, c.data[:n])
	c.data = c.data[n:]
	if len(c.data) == 0 && c.i%2 == 0 {
		return n, io.EOF // sometimes deliver the last bytes with io.EOF
	}
	return n, nil
}

// testSeed returns the seed of a randomised test: GRUMPY_SEED if set,
// else a fresh one. It is logged so a failure can be replayed.
func testSeed(t *testing.T) uint64 {
	t.Helper()
	seed := rand.Uint64()
	if s := os.Getenv("GRUMPY_SEED"); s != "" {
		v, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatalf("GRUMPY_SEED: %v", err)
		}
		seed = v
	}
	t.Logf("seed %d (set GRUMPY_SEED to replay)", seed)
	return seed
}

// TestReaderRandom compares the Reader with the model on random streams
// of short lines, long lines, CRs and invalid bytes, with small limits.
func TestReaderRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(testSeed(t), 1))
	alphabet := []string{"a", "b", " ", "\r", "\n", "\r\n", "\xff", "\u00a0", "\u3000", "\xe3\x80"}
	for iter := range 2000 {
		limit := 2 + rng.IntN(20)
		var sb strings.Builder
		for range rng.IntN(60) {
			if rng.IntN(10) == 0 {
				sb.WriteString(strings.Repeat("z", rng.IntN(3*limit)))
			}
			sb.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		in := []byte(sb.String())
		var sizes []int
		for range 1 + rng.IntN(4) {
			sizes = append(sizes, 1+rng.IntN(limit+3))
		}
		r := newReaderLimit(&chunkReader{data: bytes.Clone(in), sizes: sizes}, limit)
		got := readAll(t, r, len(in)+2)
		want := modelEvents(in, limit)
		if !sameEvents(got, want) {
			t.Fatalf("iteration %d, limit %d, chunks %v, input %q:\n got %v\nwant %v", iter, limit, sizes, in, got, want)
		}
	}
}

// FuzzReader feeds arbitrary streams in arbitrary chunks with small and
// real limits: no panic, never more than the limit buffered, and the
// results equal the model's.
func FuzzReader(f *testing.F) {
	f.Add([]byte("PING\r\nGET c k\n"), uint8(5), uint8(3))
	f.Add([]byte("aaaaaaaaaaaaaaaaaaaa\nb\n"), uint8(4), uint8(1))
	f.Add([]byte("\xff\n\r\r\nx"), uint8(2), uint8(7))
	f.Add([]byte("abc"), uint8(1), uint8(0))
	f.Fuzz(func(t *testing.T, in []byte, limit, chunk uint8) {
		small := 2 + int(limit%32)
		sizes := []int{1 + int(chunk%16), 1 + int(chunk/16)}
		got := readAll(t, newReaderLimit(&chunkReader{data: bytes.Clone(in), sizes: sizes}, small), len(in)+2)
		if want := modelEvents(in, small); !sameEvents(got, want) {
			t.Fatalf("limit %d chunks %v:\n got %v\nwant %v", small, sizes, got, want)
		}
		got = readAll(t, NewReader(bytes.NewReader(in)), len(in)+2)
		if want := modelEvents(in, MaxLine); !sameEvents(got, want) {
			t.Fatalf("MaxLine:\n got %v\nwant %v", got, want)
		}
	})
}

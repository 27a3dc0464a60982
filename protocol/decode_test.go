package protocol

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
	"testing/iotest"
)

func decode(s string) (Response, error) {
	return ReadResponse(bufio.NewReader(strings.NewReader(s)))
}

func equalResponse(a, b Response) bool {
	if a.Kind != b.Kind || a.Text != b.Text || a.Int != b.Int || a.Null != b.Null ||
		!bytes.Equal(a.Bulk, b.Bulk) || len(a.Array) != len(b.Array) {
		return false
	}
	for i := range a.Array {
		if !equalResponse(a.Array[i], b.Array[i]) {
			return false
		}
	}
	return true
}

// TestReadResponse decodes each kind from its wire bytes.
func TestReadResponse(t *testing.T) {
	tests := []struct {
		in   string
		want Response
	}{
		{"+PONG\r\n", Response{Kind: KindSimple, Text: "PONG"}},
		{"+TOKEN a b\n", Response{Kind: KindSimple, Text: "TOKEN a b"}},
		{"+\r\n", Response{Kind: KindSimple, Text: ""}},
		{"-ERR not authenticated\r\n", Response{Kind: KindError, Text: "ERR not authenticated"}},
		{":25\r\n", Response{Kind: KindInteger, Int: 25}},
		{":-7\r\n", Response{Kind: KindInteger, Int: -7}},
		{"$7\r\n{\"a\":1}\r\n", Response{Kind: KindBulk, Bulk: []byte(`{"a":1}`)}},
		{"$0\r\n\r\n", Response{Kind: KindBulk, Bulk: []byte{}}},
		{"$-1\r\n", Response{Kind: KindBulk, Null: true}},
		// Bulks are read by length, so a payload may hold CR LF.
		{"$4\r\na\r\nb\r\n", Response{Kind: KindBulk, Bulk: []byte("a\r\nb")}},
		{"$3\r\n$-1\r\n", Response{Kind: KindBulk, Bulk: []byte("$-1")}},
		{"*0\r\n", Response{Kind: KindArray, Array: []Response{}}},
		{"*2\r\n$1\r\na\r\n$-1\r\n", Response{Kind: KindArray, Array: []Response{
			{Kind: KindBulk, Bulk: []byte("a")}, {Kind: KindBulk, Null: true}}}},
	}
	for _, tt := range tests {
		got, err := decode(tt.in)
		if err != nil || !equalResponse(got, tt.want) {
			t.Errorf("decode(%q) = %+v, %v; want %+v", tt.in, got, err, tt.want)
		}
	}
}

// TestReadResponseErrors checks malformed and truncated input.
func TestReadResponseErrors(t *testing.T) {
	tests := []struct {
		in   string
		want error
	}{
		{"", io.EOF},
		{"+PONG", io.ErrUnexpectedEOF},
		{"$5\r\nab", io.ErrUnexpectedEOF},
		{"$2\r\nab", io.ErrUnexpectedEOF},
		{"$2\r\nab\r", io.ErrUnexpectedEOF},
		{"*2\r\n$1\r\na\r\n", io.ErrUnexpectedEOF},
		{"\r\n", ErrMalformedResponse},
		{"PONG\r\n", ErrMalformedResponse},
		{":x\r\n", ErrMalformedResponse},
		{":99999999999999999999\r\n", ErrMalformedResponse},
		{"$\r\n", ErrMalformedResponse},
		{"$-2\r\n", ErrMalformedResponse},
		{"$2\r\nabc\r\n", ErrMalformedResponse},
		{"*-1\r\n", ErrMalformedResponse},
		{"*1\r\n+OK\r\n", ErrMalformedResponse},
		{"*1\r\n*0\r\n", ErrMalformedResponse},
		{"$16777254\r\n", ErrResponseTooLarge},
	}
	for _, tt := range tests {
		_, err := decode(tt.in)
		if !errors.Is(err, tt.want) {
			t.Errorf("decode(%q) error = %v, want %v", tt.in, err, tt.want)
		}
	}
	// The largest legitimate bulk (an element at the document limit) is
	// accepted when its bytes arrive.
	n := MaxBulk + MaxElementPrefix
	in := "$16777253\r\n" + strings.Repeat("x", n) + "\r\n"
	got, err := decode(in)
	if err != nil || len(got.Bulk) != n {
		t.Fatalf("max bulk: %d bytes, %v", len(got.Bulk), err)
	}
	// An over-long simple line is refused without unbounded buffering.
	long := io.MultiReader(strings.NewReader("+"), &repeatReader{c: 'a', n: maxResponseLine + 100000})
	if _, err := ReadResponse(bufio.NewReader(long)); !errors.Is(err, ErrResponseTooLarge) {
		t.Fatalf("long line: %v", err)
	}
}

// TestResponseErr checks the error view of "-ERR" responses.
func TestResponseErr(t *testing.T) {
	r, err := decode("-ERR key 550e8400-e29b-41d4-a716-446655440000 not found\r\n")
	if err != nil {
		t.Fatal(err)
	}
	e := r.Err()
	if e == nil || e.Error() != "key 550e8400-e29b-41d4-a716-446655440000 not found" || !errors.Is(e, ErrServer) {
		t.Fatalf("Err() = %v", e)
	}
	var se *ServerError
	if !errors.As(e, &se) || se.Message != e.Error() {
		t.Fatalf("Err() is not a *ServerError: %T", e)
	}
	for text, want := range map[string]string{"ERR": "", "ERR ": "", "WRONG x": "WRONG x"} {
		if got := (Response{Kind: KindError, Text: text}).Err().Error(); got != want {
			t.Errorf("Err() of %q = %q, want %q", text, got, want)
		}
	}
	for _, r := range []Response{{Kind: KindSimple, Text: "ERR x"}, {Kind: KindBulk, Null: true}, {}} {
		if r.Err() != nil {
			t.Errorf("Err() of %+v is not nil", r)
		}
	}
}

// TestResponseRoundTrip encodes responses with the Append functions and
// decodes them back, also through a one-byte reader and pipelined.
func TestResponseRoundTrip(t *testing.T) {
	elems := make([]Response, 100)
	for i := range elems {
		elems[i] = Response{Kind: KindBulk, Bulk: []byte(testKey + ` {"i":` + string(rune('0'+i%10)) + `}`)}
	}
	elems[50] = Response{Kind: KindBulk, Null: true}
	resps := []Response{
		{Kind: KindSimple, Text: "OK"},
		{Kind: KindSimple, Text: "USER alice TENANT acme ROLES "},
		{Kind: KindError, Text: "ERR unknown command: FOO"},
		{Kind: KindInteger, Int: 1 << 62},
		{Kind: KindBulk, Bulk: []byte{}},
		{Kind: KindBulk, Bulk: []byte("{\"cluster_id\":\"x\"}")},
		{Kind: KindBulk, Null: true},
		{Kind: KindArray, Array: []Response{}},
		{Kind: KindArray, Array: elems},
	}
	var wire []byte
	for _, r := range resps {
		wire = r.AppendTo(wire)
	}
	for _, wrap := range []func(io.Reader) io.Reader{
		func(r io.Reader) io.Reader { return r }, iotest.OneByteReader, iotest.DataErrReader,
	} {
		br := bufio.NewReaderSize(wrap(bytes.NewReader(wire)), 16)
		for i, want := range resps {
			got, err := ReadResponse(br)
			if err != nil || !equalResponse(got, want) {
				t.Fatalf("response %d: got %+v, %v; want %+v", i, got, err, want)
			}
		}
		if _, err := ReadResponse(br); err != io.EOF {
			t.Fatalf("after the last response: %v, want io.EOF", err)
		}
	}
	// Line safety is visible but lossy: CR/LF come back as \r / \n.
	got, err := decode(string(AppendError(nil, "a\r\nb")))
	if err != nil || got.Err().Error() != `a\r\nb` {
		t.Fatalf("escaped error = %v, %v", got.Err(), err)
	}
}

// TestResponseRoundTripRandom round-trips random responses; the seed is
// logged and settable with GRUMPY_SEED.
func TestResponseRoundTripRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(testSeed(t), 2))
	text := func() string {
		b := make([]byte, rng.IntN(40))
		for i := range b {
			b[i] = byte(' ' + rng.IntN(95)) // printable ASCII: never escaped
		}
		return string(b)
	}
	bulk := func() Response {
		if rng.IntN(8) == 0 {
			return Response{Kind: KindBulk, Null: true}
		}
		b := make([]byte, rng.IntN(300))
		for i := range b {
			b[i] = byte(rng.IntN(256))
			if b[i] == '\r' || b[i] == '\n' {
				b[i] = 'x'
			}
		}
		return Response{Kind: KindBulk, Bulk: b}
	}
	for range 500 {
		var want []Response
		var wire []byte
		for range 1 + rng.IntN(5) {
			var r Response
			switch rng.IntN(5) {
			case 0:
				r = Response{Kind: KindSimple, Text: text()}
			case 1:
				r = Response{Kind: KindError, Text: "ERR " + text()}
			case 2:
				r = Response{Kind: KindInteger, Int: int64(rng.Uint64())}
			case 3:
				r = bulk()
			case 4:
				r = Response{Kind: KindArray, Array: []Response{}}
				for range rng.IntN(10) {
					r.Array = append(r.Array, bulk())
				}
			}
			want = append(want, r)
			wire = r.AppendTo(wire)
		}
		br := bufio.NewReaderSize(bytes.NewReader(wire), 16)
		for i, w := range want {
			got, err := ReadResponse(br)
			if err != nil || !equalResponse(got, w) {
				t.Fatalf("response %d of %q: got %+v, %v; want %+v", i, wire, got, err, w)
			}
		}
	}
}

// FuzzReadResponse feeds arbitrary bytes to the decoder: no panic, and any
// response it returns re-encodes to bytes that decode to an equal
// response.
func FuzzReadResponse(f *testing.F) {
	for _, s := range []string{
		"+PONG\r\n", "-ERR x\r\n", ":1\r\n", "$3\r\nabc\r\n", "$-1\r\n",
		"*2\r\n$1\r\na\r\n$-1\r\n", "*1\r\n+x\r\n", "$99999999\r\n", "*99999999\r\n",
		"$2\r\na\r\n\r\n", "+a\rb\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		br := bufio.NewReaderSize(bytes.NewReader(in), 16)
		for range 8 {
			r, err := ReadResponse(br)
			if err != nil {
				return
			}
			wire := r.AppendTo(nil)
			back, err := ReadResponse(bufio.NewReader(bytes.NewReader(wire)))
			if err != nil {
				t.Fatalf("re-encoded %+v as %q: %v", r, wire, err)
			}
			// Text holding raw CR (bare, or before the LF) is escaped on
			// the way back; everything else must be identical.
			if !strings.ContainsRune(r.Text, '\r') && !containsCRLF(r) && !equalResponse(back, r) {
				t.Fatalf("round trip of %q: %+v != %+v", in, back, r)
			}
		}
	})
}

func containsCRLF(r Response) bool {
	if bytes.ContainsAny(r.Bulk, "\r\n") {
		return true
	}
	for _, e := range r.Array {
		if containsCRLF(e) {
			return true
		}
	}
	return false
}

package protocol

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// TestWriterBuffers checks that the Writer writes nothing before Flush for
// small responses, then exactly the Append bytes.
func TestWriterBuffers(t *testing.T) {
	var out bytes.Buffer
	w := NewWriter(&out)
	steps := []func() error{
		w.WriteBanner,
		func() error { return w.WriteSimple("PONG") },
		func() error { return w.WriteError("bad\nthing") },
		func() error { return w.WriteInteger(-3) },
		func() error { return w.WriteBulk([]byte("a\rb")) },
		func() error { return w.WriteBulkString("x") },
		w.WriteNullBulk,
		func() error { return w.WriteArrayHeader(0) },
		func() error { return w.WriteResponse(Response{Kind: KindError, Text: "ERR x"}) },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			t.Fatal(err)
		}
	}
	if out.Len() != 0 {
		t.Fatalf("wrote %d bytes before Flush", out.Len())
	}
	want := Banner + "+PONG\r\n-ERR bad\\nthing\r\n:-3\r\n$4\r\na\\rb\r\n$1\r\nx\r\n$-1\r\n*0\r\n-ERR x\r\n"
	if w.Buffered() != len(want) {
		t.Fatalf("Buffered() = %d, want %d", w.Buffered(), len(want))
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if out.String() != want {
		t.Fatalf("got %q\nwant %q", out.String(), want)
	}
	if w.Buffered() != 0 {
		t.Fatalf("Buffered() after Flush = %d", w.Buffered())
	}
}

// TestWriterLargeFlushesEarly checks that big output is written before
// Flush and that a large buffer is not kept.
func TestWriterLargeFlushesEarly(t *testing.T) {
	var out bytes.Buffer
	w := NewWriter(&out)
	big := strings.Repeat("y", 2*writerKeepSize)
	if err := w.WriteBulkString(big); err != nil {
		t.Fatal(err)
	}
	if out.Len() == 0 || w.Buffered() != 0 || cap(w.buf) != 0 {
		t.Fatalf("out %d, buffered %d, cap %d", out.Len(), w.Buffered(), cap(w.buf))
	}
	if !bytes.Equal(out.Bytes(), AppendBulkString(nil, big)) {
		t.Fatal("large bulk bytes differ")
	}
}

// failWriter fails every write after ok bytes.
type failWriter struct {
	ok  int
	err error
}

func (f *failWriter) Write(p []byte) (int, error) {
	if len(p) <= f.ok {
		f.ok -= len(p)
		return len(p), nil
	}
	n := f.ok
	f.ok = 0
	return n, f.err
}

// TestWriterStickyError checks that the first write error is returned by
// every later call, and a short write without error is reported.
func TestWriterStickyError(t *testing.T) {
	boom := errors.New("boom")
	w := NewWriter(&failWriter{ok: 3, err: boom})
	if err := w.WriteSimple("PONG"); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != boom {
		t.Fatalf("Flush = %v, want boom", err)
	}
	if err := w.WriteSimple("x"); err != boom {
		t.Fatalf("WriteSimple after error = %v", err)
	}
	if err := w.Flush(); err != boom {
		t.Fatalf("second Flush = %v", err)
	}
	w = NewWriter(&failWriter{ok: 2})
	_ = w.WriteSimple("PONG")
	if err := w.Flush(); err == nil || err.Error() != "short write" {
		t.Fatalf("short write: %v", err)
	}
}

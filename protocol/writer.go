package protocol

import "io"

// Writer buffers encoded responses for an io.Writer (typically a
// connection). Every method applies the line safety of the Append
// functions. Output is written when the buffer passes an internal
// threshold and on Flush; the first write error is sticky and returned by
// every later call. A Writer is not safe for concurrent use.
type Writer struct {
	w   io.Writer
	buf []byte
	err error
}

const (
	// writerFlushSize is the buffered size past which a method writes.
	writerFlushSize = 64 << 10
	// writerKeepSize is the largest buffer kept after a flush, so one
	// large bulk does not pin its memory for the connection's lifetime.
	writerKeepSize = 1 << 20
)

// NewWriter returns a Writer writing to w.
func NewWriter(w io.Writer) *Writer { return &Writer{w: w} }

// WriteBanner buffers the connection banner (Banner).
func (w *Writer) WriteBanner() error {
	return w.done(append(w.buf, Banner...))
}

// WriteSimple buffers the simple string "+<s>".
func (w *Writer) WriteSimple(s string) error { return w.done(AppendSimple(w.buf, s)) }

// WriteError buffers the error "-ERR <msg>".
func (w *Writer) WriteError(msg string) error { return w.done(AppendError(w.buf, msg)) }

// WriteInteger buffers the integer ":<n>".
func (w *Writer) WriteInteger(n int64) error { return w.done(AppendInteger(w.buf, n)) }

// WriteBulk buffers a bulk.
func (w *Writer) WriteBulk(data []byte) error { return w.done(AppendBulk(w.buf, data)) }

// WriteBulkString buffers a bulk with a string payload.
func (w *Writer) WriteBulkString(data string) error {
	return w.done(AppendBulkString(w.buf, data))
}

// WriteNullBulk buffers "$-1".
func (w *Writer) WriteNullBulk() error { return w.done(AppendNullBulk(w.buf)) }

// WriteArrayHeader buffers "*<n>"; n bulks must follow.
func (w *Writer) WriteArrayHeader(n int) error { return w.done(AppendArrayHeader(w.buf, n)) }

// WriteResponse buffers a whole response (see Response.AppendTo).
func (w *Writer) WriteResponse(r Response) error { return w.done(r.AppendTo(w.buf)) }

// Buffered returns the number of bytes buffered and not yet written.
func (w *Writer) Buffered() int { return len(w.buf) }

// Flush writes all buffered bytes.
func (w *Writer) Flush() error {
	if w.err != nil {
		return w.err
	}
	if len(w.buf) == 0 {
		return nil
	}
	n, err := w.w.Write(w.buf)
	if err == nil && n < len(w.buf) {
		err = io.ErrShortWrite
	}
	if err != nil {
		w.err = err
		w.buf = nil
		return err
	}
	if cap(w.buf) > writerKeepSize {
		w.buf = nil
	} else {
		w.buf = w.buf[:0]
	}
	return nil
}

// done stores the grown buffer and writes it once past the threshold.
func (w *Writer) done(buf []byte) error {
	if w.err != nil {
		return w.err
	}
	w.buf = buf
	if len(w.buf) >= writerFlushSize {
		return w.Flush()
	}
	return nil
}

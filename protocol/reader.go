package protocol

import (
	"bytes"
	"errors"
	"io"
	"unicode/utf8"
)

// Reader frames request lines as PROTOCOL.md §2.3 prescribes, with bounded
// memory: it never holds more than one maximum-length line (MaxLine bytes,
// terminator included) plus a one-byte probe.
//
// Design. Unread input lives in buf[r:w]; buf starts small and doubles up
// to the limit. A line is complete once its LF is buffered; because the
// buffer never exceeds the limit, a complete line always fits it. When the
// buffer is full and holds no LF, one more byte decides: EOF means the
// buffered bytes are a maximum-length partial last line (accepted), any
// byte means the line is too long. A too-long line is then discarded chunk
// by chunk, reusing buf, through its LF or EOF, and never inspected.
type Reader struct {
	rd      io.Reader
	limit   int    // maximum line length including terminator
	buf     []byte // len(buf) is the usable size, at most limit
	r, w    int    // unread data is buf[r:w]
	scanned int    // bytes of buf[r:w] already searched for LF
	err     error  // pending error from rd; io.EOF stays pending
	discard bool   // inside a too-long line
	probe   [1]byte
}

// initialReaderSize is the first buffer size; it grows to the limit.
const initialReaderSize = 4096

// maxEmptyReads bounds consecutive (0, nil) reads, as bufio does.
const maxEmptyReads = 100

// errNegativeRead reports an io.Reader returning an impossible count.
var errNegativeRead = errors.New("protocol: reader returned invalid count")

// NewReader returns a Reader over rd with the protocol's MaxLine limit.
func NewReader(rd io.Reader) *Reader { return newReaderLimit(rd, MaxLine) }

// newReaderLimit returns a Reader with another line limit (tests use small
// ones). limit must be at least 2.
func newReaderLimit(rd io.Reader, limit int) *Reader {
	return &Reader{rd: rd, limit: limit}
}

// ReadLine returns the next line without its terminator (LF, or CR LF).
// The returned slice aliases the Reader's buffer and is valid until the
// next call. Results:
//
//   - (line, nil): a complete line, or the partial last line when the input
//     ends without LF (io.EOF follows on the next call);
//   - (nil, ErrLineTooLong): the line was longer than MaxLine bytes,
//     terminator included; it has been discarded through its LF (or EOF)
//     without being stored or UTF-8 checked, and the next call reads the
//     following line;
//   - (nil, ErrInvalidUTF8): the line is not valid UTF-8 (checked after the
//     length); it has been consumed;
//   - (nil, io.EOF): the input ended at a line boundary;
//   - (nil, err): the underlying reader failed; bytes already buffered are
//     kept, so a later call may go on if the failure was transient.
func (r *Reader) ReadLine() ([]byte, error) {
	emptyReads := 0
	for {
		if r.discard {
			if i := bytes.IndexByte(r.buf[r.r:r.w], '\n'); i >= 0 {
				r.r += i + 1
				r.discard = false
				return nil, ErrLineTooLong
			}
			r.r, r.w = 0, 0
			if r.err != nil {
				if r.err == io.EOF {
					r.discard = false
					return nil, ErrLineTooLong
				}
				return nil, r.takeErr()
			}
		} else {
			if i := bytes.IndexByte(r.buf[r.r+r.scanned:r.w], '\n'); i >= 0 {
				end := r.r + r.scanned + i
				line := r.buf[r.r:end]
				r.r, r.scanned = end+1, 0
				if n := len(line); n > 0 && line[n-1] == '\r' {
					line = line[:n-1]
				}
				return checkUTF8(line)
			}
			r.scanned = r.w - r.r
			if r.err != nil {
				if r.w > r.r && r.err == io.EOF {
					line := r.buf[r.r:r.w]
					r.r, r.w, r.scanned = 0, 0, 0
					return checkUTF8(line)
				}
				return nil, r.takeErr()
			}
			if r.w-r.r >= r.limit {
				if err := r.probeFull(); err != nil {
					return nil, err
				}
				continue
			}
			r.makeRoom()
		}
		n, err := r.rd.Read(r.buf[r.w:])
		if n < 0 || n > len(r.buf)-r.w {
			return nil, errNegativeRead
		}
		r.w += n
		if err != nil {
			r.err = err
		} else if n == 0 {
			emptyReads++
			if emptyReads >= maxEmptyReads {
				r.err = io.ErrNoProgress
			}
		} else {
			emptyReads = 0
		}
	}
}

// probeFull handles a buffer holding limit bytes and no LF: it reads one
// more byte. Nothing more (EOF or an error) leaves the buffered bytes as a
// possible partial last line; a byte means the line is too long, so the
// buffer is dropped and discard mode entered (or left at once if the byte
// was the LF). It returns ErrLineTooLong when the line is known complete
// and too long, else nil so the caller's loop goes on.
func (r *Reader) probeFull() error {
	for range maxEmptyReads {
		n, err := r.rd.Read(r.probe[:])
		if n < 0 || n > 1 {
			r.err = errNegativeRead
			return nil
		}
		if n == 1 {
			r.r, r.w, r.scanned = 0, 0, 0
			if err != nil {
				r.err = err
			}
			if r.probe[0] == '\n' {
				return ErrLineTooLong
			}
			r.discard = true
			return nil
		}
		if err != nil {
			r.err = err
			return nil
		}
	}
	r.err = io.ErrNoProgress
	return nil
}

// makeRoom makes buf[w:] non-empty: it moves unread data to the front, or
// grows the buffer (doubling, capped at the limit). The caller guarantees
// that the unread data is shorter than the limit.
func (r *Reader) makeRoom() {
	if r.w < len(r.buf) {
		return
	}
	if r.r > 0 {
		n := copy(r.buf, r.buf[r.r:r.w])
		r.r, r.w = 0, n
		return
	}
	size := 2 * len(r.buf)
	if size < initialReaderSize {
		size = initialReaderSize
	}
	if size > r.limit {
		size = r.limit
	}
	nb := make([]byte, size)
	copy(nb, r.buf[r.r:r.w])
	r.buf = nb
}

// takeErr returns the pending error; it stays pending only if it is io.EOF.
func (r *Reader) takeErr() error {
	err := r.err
	if err != io.EOF {
		r.err = nil
	}
	return err
}

// Buffered returns the number of bytes read from the underlying reader and
// not yet returned (or discarded).
func (r *Reader) Buffered() int { return r.w - r.r }

// checkUTF8 returns line, or ErrInvalidUTF8 if it is not valid UTF-8.
func checkUTF8(line []byte) ([]byte, error) {
	if !utf8.Valid(line) {
		return nil, ErrInvalidUTF8
	}
	return line, nil
}

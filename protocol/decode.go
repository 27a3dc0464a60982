package protocol

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
)

// Limits of the response decoder, chosen so no legitimate server response
// is refused while a corrupt or hostile stream cannot make a client
// allocate without bound.
const (
	// maxResponseLine bounds a simple string or error line. Messages may
	// echo most of a request line, with CR/LF doubled by escaping.
	maxResponseLine = 4 * MaxLine
	// maxResponseBulk bounds a bulk: MaxBulk plus an array element's key
	// prefix.
	maxResponseBulk = MaxBulk + MaxElementPrefix
	// bulkChunk is the most a bulk read allocates ahead of the data that
	// actually arrives.
	bulkChunk = 1 << 20
	// arrayPrealloc bounds the element slice preallocated from a count.
	arrayPrealloc = 1024
)

// ReadResponse reads one response from r (PROTOCOL.md §3.1). Bulks are
// read by their declared length, not by line. Lines may end in CR LF or a
// bare LF. Array elements must be bulks or null bulks. Escaped `\r` / `\n`
// sequences are returned as they are: line-safety escaping is not
// reversible.
//
// Errors: io.EOF when r ends before the response starts;
// io.ErrUnexpectedEOF when it ends inside one; ErrMalformedResponse or
// ErrResponseTooLarge (wrapped with detail) for bytes that are not a
// response; read errors of r as they are. An "-ERR" response is not an
// error here: see Response.Err.
func ReadResponse(r *bufio.Reader) (Response, error) {
	line, err := readResponseLine(r)
	if err != nil {
		return Response{}, err
	}
	if len(line) == 0 {
		return Response{}, fmt.Errorf("%w: empty line", ErrMalformedResponse)
	}
	switch line[0] {
	case '+':
		return Response{Kind: KindSimple, Text: string(line[1:])}, nil
	case '-':
		return Response{Kind: KindError, Text: string(line[1:])}, nil
	case ':':
		n, err := strconv.ParseInt(string(line[1:]), 10, 64)
		if err != nil {
			return Response{}, fmt.Errorf("%w: bad integer %q", ErrMalformedResponse, clip(line))
		}
		return Response{Kind: KindInteger, Int: n}, nil
	case '$':
		return readBulk(r, line)
	case '*':
		n, err := strconv.ParseInt(string(line[1:]), 10, 64)
		if err != nil || n < 0 {
			return Response{}, fmt.Errorf("%w: bad array count %q", ErrMalformedResponse, clip(line))
		}
		elems := make([]Response, 0, min(n, arrayPrealloc))
		for range n {
			line, err := readResponseLine(r)
			if err != nil {
				return Response{}, noEOF(err)
			}
			if len(line) == 0 || line[0] != '$' {
				return Response{}, fmt.Errorf("%w: array element is not a bulk: %q", ErrMalformedResponse, clip(line))
			}
			e, err := readBulk(r, line)
			if err != nil {
				return Response{}, err
			}
			elems = append(elems, e)
		}
		return Response{Kind: KindArray, Array: elems}, nil
	}
	return Response{}, fmt.Errorf("%w: unknown kind %q", ErrMalformedResponse, clip(line))
}

// readBulk reads the payload announced by the bulk header line "$<n>".
func readBulk(r *bufio.Reader, header []byte) (Response, error) {
	n, err := strconv.ParseInt(string(header[1:]), 10, 64)
	if err != nil || n < -1 {
		return Response{}, fmt.Errorf("%w: bad bulk length %q", ErrMalformedResponse, clip(header))
	}
	if n == -1 {
		return Response{Kind: KindBulk, Null: true}, nil
	}
	if n > maxResponseBulk {
		return Response{}, fmt.Errorf("%w: bulk of %d bytes", ErrResponseTooLarge, n)
	}
	data := make([]byte, 0, min(n, bulkChunk))
	for int64(len(data)) < n {
		if len(data) == cap(data) {
			// Grow by doubling, never past n: memory follows the bytes
			// that actually arrive, not the declared length.
			data = slices.Grow(data, int(min(n-int64(len(data)), int64(cap(data)))))
		}
		end := min(int64(cap(data)), n)
		got, err := io.ReadFull(r, data[len(data):end])
		data = data[:len(data)+got]
		if err != nil {
			return Response{}, noEOF(err)
		}
	}
	c, err := r.ReadByte()
	if err == nil && c == '\r' {
		c, err = r.ReadByte()
	}
	if err != nil {
		return Response{}, noEOF(err)
	}
	if c != '\n' {
		return Response{}, fmt.Errorf("%w: bulk not followed by CRLF", ErrMalformedResponse)
	}
	return Response{Kind: KindBulk, Bulk: data}, nil
}

// readResponseLine reads one line, without its LF or CR LF. The returned
// slice may alias r's buffer until the next read.
func readResponseLine(r *bufio.Reader) ([]byte, error) {
	var acc []byte
	for {
		frag, err := r.ReadSlice('\n')
		switch {
		case err == nil:
			if acc != nil {
				frag = append(acc, frag...)
			}
			frag = frag[:len(frag)-1]
			if n := len(frag); n > 0 && frag[n-1] == '\r' {
				frag = frag[:n-1]
			}
			return frag, nil
		case errors.Is(err, bufio.ErrBufferFull):
			acc = append(acc, frag...)
			if len(acc) > maxResponseLine {
				return nil, fmt.Errorf("%w: line longer than %d bytes", ErrResponseTooLarge, maxResponseLine)
			}
		case err == io.EOF:
			if len(acc) == 0 && len(frag) == 0 {
				return nil, io.EOF
			}
			return nil, io.ErrUnexpectedEOF
		default:
			return nil, err
		}
	}
}

// noEOF turns io.EOF inside a response into io.ErrUnexpectedEOF.
func noEOF(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}

// clip shortens a line quoted in an error message.
func clip(b []byte) []byte {
	if len(b) > 64 {
		return b[:64]
	}
	return b
}

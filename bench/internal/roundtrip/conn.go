package roundtrip

import (
	"bufio"
	"fmt"
	"net"
	"time"

	"github.com/grumpydb/grumpydb/protocol"
)

// conn is one raw client connection: requests are written as bytes and
// replies decoded with protocol.ReadResponse. It is used by one goroutine
// at a time.
type conn struct {
	nc  net.Conn
	rd  *bufio.Reader
	buf []byte // scratch for building requests
	db  int    // Redis: the selected database (0 after connecting)
}

// dialConn connects to addr on loopback.
func dialConn(addr string, timeout time.Duration) (*conn, error) {
	nc, err := net.DialTimeout("tcp", addr, timeout)
	if err != nil {
		return nil, err
	}
	if tc, ok := nc.(*net.TCPConn); ok {
		// Go's default, stated: requests are written whole, so Nagle
		// would only add delay.
		_ = tc.SetNoDelay(true)
	}
	return &conn{nc: nc, rd: bufio.NewReaderSize(nc, 64<<10)}, nil
}

// send writes b in full.
func (c *conn) send(b []byte) error {
	_, err := c.nc.Write(b)
	return err
}

// read decodes one reply.
func (c *conn) read() (protocol.Response, error) { return protocol.ReadResponse(c.rd) }

// do sends one request and reads its reply.
func (c *conn) do(req []byte) (protocol.Response, error) {
	if err := c.send(req); err != nil {
		return protocol.Response{}, err
	}
	return c.read()
}

// doCommand sends a GrumpyDB command line and reads its reply.
func (c *conn) doCommand(cmd protocol.Command) (protocol.Response, error) {
	c.buf = appendLine(c.buf[:0], &cmd)
	return c.do(c.buf)
}

// expectSimple sends req and fails unless the reply is the simple string
// want.
func (c *conn) expectSimple(req []byte, want string) error {
	r, err := c.do(req)
	if err != nil {
		return err
	}
	if r.Kind != protocol.KindSimple || r.Text != want {
		return fmt.Errorf("%q answered %s, want +%s", trimCRLF(req), describe(r), want)
	}
	return nil
}

// deadline sets (or, with the zero time, clears) the I/O deadline.
func (c *conn) deadline(t time.Time) { _ = c.nc.SetDeadline(t) }

// close closes the socket.
func (c *conn) close() error { return c.nc.Close() }

// appendLine appends cmd's request line and its CR LF terminator.
func appendLine(dst []byte, cmd *protocol.Command) []byte {
	return append(cmd.AppendLine(dst), '\r', '\n')
}

// describe renders a reply for an error message, shortened.
func describe(r protocol.Response) string {
	b := r.AppendTo(nil)
	if len(b) > 120 {
		return fmt.Sprintf("%q…", b[:120])
	}
	return fmt.Sprintf("%q", b)
}

// trimCRLF drops a request's terminator and shortens it for a message.
func trimCRLF(b []byte) string {
	for len(b) > 0 && (b[len(b)-1] == '\n' || b[len(b)-1] == '\r') {
		b = b[:len(b)-1]
	}
	if len(b) > 80 {
		return string(b[:80]) + "…"
	}
	return string(b)
}

package client

import (
	"bufio"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"os"
	"strings"
	"time"

	"github.com/grumpydb/grumpydb/protocol"
)

// conn is one protocol connection and the session state the server holds
// for it: the token it was last authenticated with and the database it
// last selected. A conn is used by one goroutine at a time (the pool
// hands it out); once an I/O error or a cancelled request leaves its
// stream in an unknown state it is marked broken and never reused.
type conn struct {
	nc     net.Conn
	r      *bufio.Reader
	buf    []byte
	token  string // access token this connection is authenticated with
	db     string // database selected with USE, "" for none
	broken bool
}

// dialConn connects to addr, performs the TLS handshake when configured
// and reads the banner, all bounded by opts.DialTimeout and ctx.
func dialConn(ctx context.Context, opts *Options, addr string) (*conn, error) {
	ctx, cancel := context.WithTimeout(ctx, opts.DialTimeout)
	defer cancel()
	var d net.Dialer
	nc, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("%w: dial %s: %w", ErrConnection, addr, err)
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		nc.Close()
		return nil, fmt.Errorf("%w: bad address %q: %w", ErrConnection, addr, err)
	}
	cfg, err := opts.tlsConfig(host)
	if err != nil {
		nc.Close()
		return nil, err
	}
	if cfg != nil {
		tc := tls.Client(nc, cfg)
		if err := tc.HandshakeContext(ctx); err != nil {
			nc.Close()
			return nil, fmt.Errorf("%w: TLS handshake with %s: %w", ErrConnection, addr, err)
		}
		nc = tc
	}
	c := &conn{nc: nc, r: bufio.NewReaderSize(nc, 64<<10)}
	stop := c.watch(ctx)
	resp, err := protocol.ReadResponse(c.r)
	stop()
	if err == nil {
		err = checkBanner(resp)
	}
	if err != nil {
		nc.Close()
		return nil, c.ioError(ctx, fmt.Errorf("banner from %s: %w", addr, err))
	}
	return c, nil
}

// checkBanner accepts "+GRUMPYDB <version>"; an error line before the
// banner (the connection caps of PROTOCOL.md §2.2) becomes its *Error.
func checkBanner(resp protocol.Response) error {
	if err := resp.Err(); err != nil {
		return serverErr(err)
	}
	if resp.Kind != protocol.KindSimple || !strings.HasPrefix(resp.Text, "GRUMPYDB ") {
		return fmt.Errorf("%w: not a GrumpyDB banner: %q", ErrProtocol, resp.Text)
	}
	return nil
}

// watch applies ctx's deadline to the socket and interrupts blocked I/O
// when ctx is cancelled. The returned function undoes both.
func (c *conn) watch(ctx context.Context) (stop func()) {
	dl, _ := ctx.Deadline()
	_ = c.nc.SetDeadline(dl)
	cancel := context.AfterFunc(ctx, func() { _ = c.nc.SetDeadline(time.Unix(1, 0)) })
	return func() {
		cancel()
		_ = c.nc.SetDeadline(time.Time{})
	}
}

// ioError marks c broken and wraps err, adding ctx's error when the
// context ended the request.
func (c *conn) ioError(ctx context.Context, err error) error {
	c.broken = true
	var se *Error
	if errors.As(err, &se) {
		return err
	}
	if ctx.Err() != nil {
		return fmt.Errorf("%w: %w (%w)", ErrConnection, err, ctx.Err())
	}
	// The socket deadline is the context's: it can fire a moment before
	// the context's own timer does.
	if dl, ok := ctx.Deadline(); ok && errors.Is(err, os.ErrDeadlineExceeded) && !time.Now().Before(dl) {
		return fmt.Errorf("%w: %w (%w)", ErrConnection, err, context.DeadlineExceeded)
	}
	return fmt.Errorf("%w: %w", ErrConnection, err)
}

// do sends one request line (without terminator) and reads its answer.
// An "-ERR" answer is returned as an *Error; the connection stays usable.
func (c *conn) do(ctx context.Context, line []byte) (protocol.Response, error) {
	if c.broken {
		return protocol.Response{}, fmt.Errorf("%w: connection is broken", ErrConnection)
	}
	if len(line)+1 > protocol.MaxLine {
		return protocol.Response{}, fmt.Errorf("%w (%d bytes, limit %d)", ErrRequestTooLarge, len(line)+1, protocol.MaxLine)
	}
	stop := c.watch(ctx)
	defer stop()
	c.buf = append(append(c.buf[:0], line...), '\n')
	if _, err := c.nc.Write(c.buf); err != nil {
		return protocol.Response{}, c.ioError(ctx, err)
	}
	if cap(c.buf) > 1<<20 {
		c.buf = nil // do not pin a large request's buffer
	}
	resp, err := protocol.ReadResponse(c.r)
	if err != nil {
		return protocol.Response{}, c.ioError(ctx, err)
	}
	if err := resp.Err(); err != nil {
		return resp, serverErr(err)
	}
	return resp, nil
}

// serverErr turns the protocol's *ServerError into the client's *Error.
func serverErr(err error) error {
	var se *protocol.ServerError
	if errors.As(err, &se) {
		return newServerError(se.Message)
	}
	return err
}

// close closes the socket.
func (c *conn) close() { _ = c.nc.Close() }

package session

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/netip"
	"runtime/debug"
	"strconv"
	"sync"
	"time"

	"github.com/grumpydb/grumpydb/protocol"
	"github.com/grumpydb/grumpydb/server/internal/auth"
	"github.com/grumpydb/grumpydb/server/internal/dispatch"
	"github.com/grumpydb/grumpydb/server/internal/limits"
	"github.com/grumpydb/grumpydb/server/internal/observe"
	"github.com/grumpydb/grumpydb/server/internal/rbac"
	"github.com/grumpydb/grumpydb/server/internal/wireerr"
)

// Config is shared by every session of a server.
type Config struct {
	// Exec runs commands (required).
	Exec *dispatch.Executor
	// Metrics receives the §8 events; nil records nothing.
	Metrics *observe.Metrics
	// Commands is the per-IP command limiter; nil means unlimited.
	Commands *limits.CommandLimiter
	// Logins is the failed-login back-off; nil means none.
	Logins *limits.LoginBackoff
	// IdleTimeout closes a connection that delivers no complete line
	// for that long; 0 is off.
	IdleTimeout time.Duration
	// Logger receives connection logs; nil discards them.
	Logger *slog.Logger
}

// Strikes is the number of consecutive refusals (rate-limited lines, or
// length and parse errors) after which the connection closes; the last
// one is still answered (§2.4).
const Strikes = 11

// flushAbove is the buffered output size that triggers a write even while
// more input is pending.
const flushAbove = 64 << 10

// keepBuffer is the largest output buffer kept between responses.
const keepBuffer = 1 << 20

// maxDeferred caps the document writes a session applies before it waits
// for their durability even though more pipelined lines are waiting: it
// bounds the delay of the first of them.
const maxDeferred = 64

// span is the byte range of one response in Conn.out.
type span struct{ start, end int }

// Conn is one client session.
type Conn struct {
	cfg    *Config
	log    *slog.Logger
	nc     net.Conn
	addr   netip.Addr
	exempt bool
	state  dispatch.State

	mu      sync.Mutex
	closing bool

	out      []byte
	writeErr error

	// pending holds the commits of document writes answered in out but
	// not yet durable; deferred the spans of their responses. Both are
	// settled before out is written to the socket and before any other
	// command runs.
	pending  dispatch.Pending
	deferred []span
}

// New returns a session on nc for a peer at addr; exempt peers (§5.6) skip
// the command limit and the login back-off.
func New(cfg *Config, nc net.Conn, addr netip.Addr, exempt bool) *Conn {
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Conn{cfg: cfg, log: log.With("remote", nc.RemoteAddr().String()), nc: nc, addr: addr, exempt: exempt}
}

// State is the session's state.
func (c *Conn) State() *dispatch.State { return &c.state }

// Shutdown stops the session gracefully: a pending read is interrupted and
// the connection closes; a command in flight finishes and is answered
// first; lines received but not yet started are dropped.
func (c *Conn) Shutdown() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closing = true
	_ = c.nc.SetReadDeadline(time.Now())
}

// Close closes the socket at once.
func (c *Conn) Close() { _ = c.nc.Close() }

func (c *Conn) isClosing() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.closing
}

// armDeadline sets the read deadline for the next line: the idle timeout,
// none, or the past when shutting down.
func (c *Conn) armDeadline() {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case c.closing:
		_ = c.nc.SetReadDeadline(time.Now())
	case c.cfg.IdleTimeout > 0:
		_ = c.nc.SetReadDeadline(time.Now().Add(c.cfg.IdleTimeout))
	default:
		_ = c.nc.SetReadDeadline(time.Time{})
	}
}

// flushingReader flushes the session's output before every read of the
// socket, i.e. exactly when the line reader needs more input.
type flushingReader struct{ c *Conn }

func (f flushingReader) Read(p []byte) (int, error) {
	if err := f.c.flush(); err != nil {
		return 0, err
	}
	return f.c.nc.Read(p)
}

func (c *Conn) flush() error {
	if c.writeErr != nil {
		return c.writeErr
	}
	c.settle()
	if len(c.out) == 0 {
		return nil
	}
	_, err := c.nc.Write(c.out)
	if err != nil {
		c.writeErr = err
		return err
	}
	if cap(c.out) > keepBuffer {
		c.out = nil
	} else {
		c.out = c.out[:0]
	}
	return nil
}

func (c *Conn) writeError(msg string) { c.out = protocol.AppendError(c.out, msg) }

// settle waits until the session's deferred writes are durable. If that
// fails, none of them is acknowledged: each of their responses in out is
// replaced by the error, and the responses between them are kept.
func (c *Conn) settle() {
	if c.pending.Len() == 0 {
		return
	}
	err := c.pending.Wait()
	spans := c.deferred
	c.deferred = c.deferred[:0]
	if err == nil {
		return
	}
	c.log.Warn("deferred writes failed to become durable", "writes", len(spans), "err", err)
	c.out = replaceSpans(c.out, spans, wireerr.Message(err))
}

// replaceSpans returns out with each of the spans (in order, not
// overlapping) replaced by the error response msg; the bytes between them
// are kept.
func replaceSpans(out []byte, spans []span, msg string) []byte {
	res := make([]byte, 0, len(out))
	prev := 0
	for _, sp := range spans {
		res = append(res, out[prev:sp.start]...)
		res = protocol.AppendError(res, msg)
		prev = sp.end
	}
	return append(res, out[prev:]...)
}

// Serve runs the session until the connection ends: it writes the banner,
// then reads and answers lines. It closes nc before returning.
func (c *Conn) Serve(ctx context.Context) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	defer c.nc.Close()
	defer func() {
		if p := recover(); p != nil {
			c.log.Error("session panicked", "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
		}
	}()
	c.out = append(c.out, protocol.Banner...)
	c.loop(ctx)
	_ = c.flush()
}

// loop is the per-line pipeline (§2.4).
func (c *Conn) loop(ctx context.Context) {
	r := protocol.NewReader(flushingReader{c})
	var rateStreak, errStreak int
	for {
		if c.isClosing() || c.writeErr != nil {
			return
		}
		if len(c.out) >= flushAbove {
			if c.flush() != nil {
				return
			}
		}
		c.armDeadline()
		line, rerr := r.ReadLine()
		if rerr != nil && !errors.Is(rerr, protocol.ErrLineTooLong) && !errors.Is(rerr, protocol.ErrInvalidUTF8) {
			if !errors.Is(rerr, io.EOF) && !isTimeout(rerr) {
				c.log.Debug("read failed", "err", rerr)
			}
			return // EOF, idle timeout, shutdown or socket error: close silently
		}
		if c.isClosing() {
			return // received but not started: dropped without a response
		}
		// Step 1: the per-IP command rate limit.
		if !c.exempt && c.cfg.Commands != nil && !c.cfg.Commands.Allow(c.addr) {
			c.metrics(func(m *observe.Metrics) { m.RateLimitHit(observe.RateLimitCommand) })
			c.writeError("rate limited")
			if rateStreak++; rateStreak >= Strikes {
				return
			}
			continue
		}
		rateStreak = 0
		// Step 2: too long.
		if errors.Is(rerr, protocol.ErrLineTooLong) {
			c.writeError(protocol.ErrLineTooLong.Error())
			if errStreak++; errStreak >= Strikes {
				return
			}
			continue
		}
		// Step 3: invalid UTF-8 closes at once, without a response.
		if errors.Is(rerr, protocol.ErrInvalidUTF8) {
			return
		}
		// Step 4: parse.
		cmd, perr := protocol.Parse(string(line))
		if perr != nil {
			c.writeError(perr.Error())
			if errStreak++; errStreak >= Strikes {
				return
			}
			continue
		}
		// Step 5.
		errStreak = 0
		if quit := c.command(ctx, &cmd); quit {
			return
		}
	}
}

// command runs steps 6–13 for a parsed line; it reports whether the
// connection is to close (QUIT).
func (c *Conn) command(ctx context.Context, cmd *protocol.Command) (quit bool) {
	// Step 6: consistency prefixes.
	if err := cmd.CheckConcern(); err != nil {
		c.writeError(err.Error())
		return false
	}
	switch cmd.Verb {
	case protocol.VerbQuit: // step 7
		c.out = protocol.AppendSimple(c.out, "BYE")
		return true
	case protocol.VerbPing: // step 8
		c.out = protocol.AppendSimple(c.out, "PONG")
		return false
	}
	isLogin := cmd.Verb == protocol.VerbLogin
	// Step 9: failed-login back-off.
	if isLogin && !c.exempt && c.cfg.Logins != nil {
		if secs, blocked := c.cfg.Logins.Blocked(c.addr); blocked {
			c.metrics(func(m *observe.Metrics) {
				m.LoginFailure(observe.LoginRateLimited)
				m.RateLimitHit(observe.RateLimitLogin)
			})
			c.writeError("rate limited (login: retry after " + strconv.Itoa(secs) + "s)")
			return false
		}
	}
	// Step 10: authorisation.
	caller := c.state.Caller()
	if err := rbac.Authorize(caller, c.authRequest(cmd, caller)); err != nil {
		c.writeError(wireerr.Message(err))
		return false
	}
	// Step 11: execute. A document write may return before it is durable
	// (its response is held until settle); any other command first waits
	// for those, so it sees them and its response follows theirs.
	req := dispatch.Request{Cmd: cmd, State: &c.state, Caller: caller}
	if dispatch.Deferrable(cmd.Verb) && c.pending.Len() < maxDeferred {
		req.Defer = &c.pending
	} else {
		c.settle()
	}
	before, deferredBefore := len(c.out), c.pending.Len()
	start := time.Now()
	out, err := c.cfg.Exec.Execute(ctx, req, c.out)
	elapsed := time.Since(start)
	c.metrics(func(m *observe.Metrics) { m.Command(cmd.Verb.MetricName(), err == nil, elapsed) })
	// Step 12: the LOGIN outcome.
	if isLogin && !c.exempt && c.cfg.Logins != nil {
		switch {
		case err == nil:
			c.cfg.Logins.Success(c.addr)
		case errors.Is(err, auth.ErrInvalidCredentials):
			c.cfg.Logins.Failure(c.addr)
		}
	}
	if isLogin && errors.Is(err, auth.ErrInvalidCredentials) {
		c.metrics(func(m *observe.Metrics) { m.LoginFailure(observe.LoginInvalidCredentials) })
	}
	// Step 13: the response.
	if err != nil {
		msg := wireerr.Message(err)
		if wireerr.Classify(err) != wireerr.KindPass {
			c.log.Warn("command failed", "cmd", cmd.Verb.String(), "err", err)
		}
		c.writeError(msg)
		return false
	}
	c.out = out
	if c.pending.Len() > deferredBefore {
		c.deferred = append(c.deferred, span{before, len(c.out)})
	}
	return false
}

// authRequest describes cmd for rbac.Authorize.
func (c *Conn) authRequest(cmd *protocol.Command, caller *rbac.Principal) rbac.Request {
	req := rbac.Request{
		Verb:            cmd.Verb.String(),
		CurrentDatabase: c.state.Database(),
		Collection:      cmd.Collection,
	}
	switch cmd.Verb {
	case protocol.VerbUse, protocol.VerbCreateDatabase, protocol.VerbDropDatabase:
		req.Database = cmd.Name
	case protocol.VerbCreateUser, protocol.VerbDropUser, protocol.VerbGrant, protocol.VerbRevoke, protocol.VerbListUsers:
		tenant := ""
		if caller != nil {
			tenant = caller.Tenant
		}
		req.UserTenant = dispatch.UserTenant(cmd, tenant)
	}
	return req
}

func (c *Conn) metrics(f func(*observe.Metrics)) {
	if c.cfg.Metrics != nil {
		f(c.cfg.Metrics)
	}
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

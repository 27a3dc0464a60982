package client

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/grumpydb/grumpydb/protocol"
)

// Client is a GrumpyDB client: a pool of connections to one server that
// share one set of credentials. It is safe for concurrent use. Every
// connection keeps its own session state — the token it last sent and the
// database it last selected — and the client replays TOKEN and USE on a
// connection whenever they differ from what a call needs.
type Client struct {
	opts Options
	pool *pool
	jwks *jwksCache

	authMu sync.Mutex // serialises Login, Token and Refresh
	mu     sync.Mutex // guards the fields below
	access string
	rt     string
	claims Claims
}

// Connect opens a client and its first connection (so a wrong address,
// TLS setting or certificate fails here). It does not authenticate: call
// Login or Token next.
func Connect(ctx context.Context, opts Options) (*Client, error) {
	opts = opts.normalized()
	c := &Client{opts: opts}
	if opts.JWKSURL != "" {
		c.jwks = &jwksCache{url: opts.JWKSURL, client: opts.HTTPClient}
	}
	addr := opts.addr()
	c.pool = newPool(opts.PoolSize, func(ctx context.Context) (*conn, error) {
		return dialConn(ctx, &c.opts, addr)
	})
	cn, err := c.pool.get(ctx)
	if err != nil {
		return nil, err
	}
	c.pool.put(cn)
	return c, nil
}

// Close closes every connection. Calls in flight finish or fail; later
// calls return ErrClosed.
func (c *Client) Close() error {
	c.pool.close()
	return nil
}

// PoolStats reports how many connections the client has dialed in total
// and how many are idle now.
func (c *Client) PoolStats() (dials, idle int) { return c.pool.stats() }

// call describes how one request runs.
type call struct {
	db     string // database to select first ("" for none)
	noAuth bool   // pre-auth command: no token needed
	noDB   bool   // must run on a connection with no database selected
}

// exec runs one request line on a pooled connection after bringing the
// connection's session (token, database) in line with the call, and
// follows one forward error (PROTOCOL.md §4.8).
func (c *Client) exec(ctx context.Context, cl call, line []byte, err error) (protocol.Response, error) {
	if err != nil {
		return protocol.Response{}, err
	}
	if err := ctx.Err(); err != nil {
		return protocol.Response{}, err
	}
	if c.opts.RequestTimeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.opts.RequestTimeout)
		defer cancel()
	}
	if !cl.noAuth {
		if err := c.autoRefresh(ctx); err != nil {
			return protocol.Response{}, err
		}
	}
	tok := c.token()
	if tok == "" && !cl.noAuth {
		return protocol.Response{}, ErrNoToken
	}
	if cl.noAuth {
		tok, cl.db = "", ""
	}
	cn, err := c.pool.get(ctx)
	if err != nil {
		return protocol.Response{}, err
	}
	for cl.noDB && cn.db != "" {
		// The server cannot deselect a database: retire the connection
		// and take another, eventually a freshly dialed one.
		cn.broken = true
		c.pool.put(cn)
		if cn, err = c.pool.get(ctx); err != nil {
			return protocol.Response{}, err
		}
	}
	defer c.pool.put(cn)
	if err := c.prepare(ctx, cn, tok, cl.db); err != nil {
		return protocol.Response{}, err
	}
	resp, err := cn.do(ctx, line)
	if e, ok := err.(*Error); ok && strings.HasPrefix(e.Message, "forward to ") {
		return c.forward(ctx, e.Message, tok, cl.db, line)
	}
	return resp, err
}

// prepare sends TOKEN and USE on cn when its state differs from the call's.
func (c *Client) prepare(ctx context.Context, cn *conn, tok, db string) error {
	if tok != "" && cn.token != tok {
		line, err := newRequest("TOKEN").rest("token", tok).line()
		if err != nil {
			return err
		}
		if _, err := cn.do(ctx, line); err != nil {
			return err
		}
		cn.token = tok
	}
	if db != "" && cn.db != db {
		line, err := newRequest("USE").rest("database", db).line()
		if err != nil {
			return err
		}
		if _, err := cn.do(ctx, line); err != nil {
			return err
		}
		cn.db = db
	}
	return nil
}

// forward follows "forward to <node_id>@<host:port>; not the owner": it
// connects there, replays TOKEN and USE, and resends line once. Whatever
// that node answers — another forward error included — is the result.
func (c *Client) forward(ctx context.Context, msg, tok, db string, line []byte) (protocol.Response, error) {
	target, _, _ := strings.Cut(strings.TrimPrefix(msg, "forward to "), ";")
	_, addr, ok := strings.Cut(target, "@")
	if !ok || addr == "" {
		return protocol.Response{}, newServerError(msg)
	}
	cn, err := dialConn(ctx, &c.opts, addr)
	if err != nil {
		return protocol.Response{}, fmt.Errorf("following %q: %w", msg, err)
	}
	defer cn.close()
	if err := c.prepare(ctx, cn, tok, db); err != nil {
		return protocol.Response{}, err
	}
	return cn.do(ctx, line)
}

// token returns the current access token.
func (c *Client) token() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.access
}

// Tokens returns the current access and refresh tokens ("" when none).
func (c *Client) Tokens() (access, refresh string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.access, c.rt
}

// Claims returns the claims of the current access token (verified when a
// JWKS URL is configured).
func (c *Client) Claims() Claims {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.claims
}

// Login authenticates as user in tenant. The client keeps the access and
// refresh tokens (not the password): every pooled connection
// authenticates with TOKEN, and the access token is refreshed
// automatically before it expires unless Options.NoAutoRefresh is set.
func (c *Client) Login(ctx context.Context, tenant, user, password string) error {
	line, err := newRequest("LOGIN").word("tenant", tenant).word("username", user).rest("password", password).line()
	if err != nil {
		return err
	}
	if err := c.login(ctx, line); err != nil {
		return err
	}
	// Drivers follow LOGIN with TOKEN and TOPOLOGY (§5.1); exec does the
	// TOKEN on the connection it picks. authMu is released by now: exec
	// may need it to refresh a token that is already near its expiry.
	_, err = c.Topology(ctx)
	return err
}

// login sends the LOGIN line and keeps the tokens, holding authMu.
func (c *Client) login(ctx context.Context, line []byte) error {
	c.authMu.Lock()
	defer c.authMu.Unlock()
	resp, err := c.exec(ctx, call{noAuth: true}, line, nil)
	if err != nil {
		return err
	}
	f := strings.Fields(resp.Text)
	if resp.Kind != protocol.KindSimple || len(f) != 3 || f[0] != "TOKEN" {
		return fmt.Errorf("%w: LOGIN answered %q", ErrProtocol, resp.Text)
	}
	claims, err := parseClaims(ctx, f[1], c.jwks)
	if err != nil {
		return err
	}
	c.setTokens(f[1], f[2], claims)
	return nil
}

// Token authenticates with an access token obtained elsewhere. Without a
// refresh token the client cannot refresh it: once it expires, new
// connections fail with ErrTokenExpired.
func (c *Client) Token(ctx context.Context, access string) error {
	c.authMu.Lock()
	defer c.authMu.Unlock()
	claims, err := parseClaims(ctx, access, c.jwks)
	if err != nil {
		return err
	}
	line, err := newRequest("TOKEN").rest("token", access).line()
	if err != nil {
		return err
	}
	cn, err := c.pool.get(ctx)
	if err != nil {
		return err
	}
	defer c.pool.put(cn)
	if _, err := cn.do(ctx, line); err != nil {
		return err
	}
	cn.token = access
	c.setTokens(access, "", claims)
	return nil
}

// Refresh exchanges the refresh token for a new access token, which
// every connection then uses. The refresh token itself is not rotated.
func (c *Client) Refresh(ctx context.Context) error {
	c.authMu.Lock()
	defer c.authMu.Unlock()
	return c.refreshLocked(ctx)
}

// refreshLocked is Refresh with authMu held.
func (c *Client) refreshLocked(ctx context.Context) error {
	_, rt := c.Tokens()
	if rt == "" {
		return fmt.Errorf("%w: no refresh token", ErrNoToken)
	}
	line, err := newRequest("REFRESH").rest("refresh token", rt).line()
	if err != nil {
		return err
	}
	resp, err := c.exec(ctx, call{noAuth: true}, line, nil)
	if err != nil {
		return err
	}
	access, ok := strings.CutPrefix(resp.Text, "TOKEN ")
	if resp.Kind != protocol.KindSimple || !ok || access == "" {
		return fmt.Errorf("%w: REFRESH answered %q", ErrProtocol, resp.Text)
	}
	claims, err := parseClaims(ctx, access, c.jwks)
	if err != nil {
		return err
	}
	c.setTokens(access, rt, claims)
	return nil
}

// setTokens installs a new token pair.
func (c *Client) setTokens(access, rt string, claims Claims) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.access, c.rt, c.claims = access, rt, claims
}

// autoRefresh refreshes the access token when it expires within the
// refresh margin (at most a third of its lifetime) and a refresh token is
// known.
func (c *Client) autoRefresh(ctx context.Context) error {
	if c.opts.NoAutoRefresh || !c.needsRefresh() {
		return nil
	}
	c.authMu.Lock()
	defer c.authMu.Unlock()
	if !c.needsRefresh() { // another call refreshed meanwhile
		return nil
	}
	if err := c.refreshLocked(ctx); err != nil {
		if time.Now().Before(c.Claims().ExpiresAt) {
			return nil // still valid: use it, and retry on the next call
		}
		return fmt.Errorf("automatic token refresh: %w", err)
	}
	return nil
}

// needsRefresh reports whether the access token is due for refresh.
func (c *Client) needsRefresh() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.rt == "" || c.claims.ExpiresAt.IsZero() {
		return false
	}
	margin := c.opts.RefreshMargin
	if life := c.claims.ExpiresAt.Sub(c.claims.IssuedAt); c.claims.IssuedAt.IsZero() || life <= 0 {
		margin = min(margin, time.Second)
	} else {
		margin = min(margin, life/3)
	}
	return time.Until(c.claims.ExpiresAt) <= margin
}

// Ping checks that the server answers (no authentication needed).
func (c *Client) Ping(ctx context.Context) error {
	resp, err := c.exec(ctx, call{noAuth: true}, []byte("PING"), nil)
	if err != nil {
		return err
	}
	return expectSimple(resp, "PONG")
}

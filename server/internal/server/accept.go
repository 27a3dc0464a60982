package server

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"net/netip"
	"time"

	"github.com/grumpydb/grumpydb/protocol"
	"github.com/grumpydb/grumpydb/server/internal/limits"
	"github.com/grumpydb/grumpydb/server/internal/observe"
	"github.com/grumpydb/grumpydb/server/internal/session"
)

// capError is written in plaintext to a connection refused by a cap
// (§2.2), before TLS and banner.
const capError = "rate limited (too many connections from your IP)"

// acceptLoop accepts until the listener closes.
func (s *Server) acceptLoop() {
	var backoff time.Duration
	for {
		nc, err := s.ln.Accept()
		if err != nil {
			if s.acceptCtx.Err() != nil || errors.Is(err, net.ErrClosed) {
				return
			}
			// A transient failure (out of descriptors): wait and retry.
			if backoff == 0 {
				backoff = 5 * time.Millisecond
			} else if backoff *= 2; backoff > time.Second {
				backoff = time.Second
			}
			s.log.Warn("accept failed", "err", err, "retry_in", backoff)
			time.Sleep(backoff)
			continue
		}
		backoff = 0
		s.handlers.Add(1)
		go func() {
			defer s.handlers.Done()
			s.handle(nc)
		}()
	}
}

// peerAddr returns the IP of a connection's remote end.
func peerAddr(nc net.Conn) netip.Addr {
	if ta, ok := nc.RemoteAddr().(*net.TCPAddr); ok {
		return ta.AddrPort().Addr().Unmap()
	}
	if ap, err := netip.ParseAddrPort(nc.RemoteAddr().String()); err == nil {
		return ap.Addr().Unmap()
	}
	return netip.Addr{}
}

// handle runs one accepted connection: caps, TLS, session.
func (s *Server) handle(nc net.Conn) {
	addr := peerAddr(nc)
	exempt := limits.Exempt(addr, s.cfg.Limits.BypassLoopback)
	if !exempt {
		switch s.caps.Acquire(addr) {
		case limits.CapGlobal:
			s.metrics.RateLimitHit(observe.RateLimitConnGlobal)
			s.refuse(nc)
			return
		case limits.CapPerIP:
			s.metrics.RateLimitHit(observe.RateLimitConnPerIP)
			s.refuse(nc)
			return
		}
		defer s.caps.Release(addr)
	}
	s.metrics.ConnOpened()
	defer s.metrics.ConnClosed()
	if s.tls != nil {
		tc := tls.Server(nc, s.tls)
		ctx, cancel := context.WithTimeout(s.acceptCtx, s.cfg.HandshakeTimeout())
		err := tc.HandshakeContext(ctx)
		cancel()
		if err != nil {
			s.log.Info("TLS handshake failed", "remote", nc.RemoteAddr().String(), "err", err)
			_ = nc.Close()
			return
		}
		nc = tc
	}
	c := session.New(s.sessCfg, nc, addr, exempt)
	s.sessions.Add(c)
	defer s.sessions.Remove(c)
	c.Serve(context.WithoutCancel(s.acceptCtx))
}

// refuse writes the cap error and closes.
func (s *Server) refuse(nc net.Conn) {
	_ = nc.SetWriteDeadline(time.Now().Add(time.Second))
	_, _ = nc.Write(protocol.AppendError(nil, capError))
	_ = nc.Close()
}

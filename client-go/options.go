package client

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net"
	"net/http"
	"os"
	"strconv"
	"time"
)

// Options configure Connect. The zero value, with Host and Port filled
// in, is a plain-TCP client with the defaults below.
type Options struct {
	// Host and Port locate the server's client protocol listener.
	// Defaults: "127.0.0.1" and 6380.
	Host string
	Port int

	// TLS turns TLS on. The server certificate is verified against
	// CAFile, else RootCAs, else the system roots, unless
	// InsecureSkipVerify is set explicitly.
	TLS bool
	// CAFile is a PEM file of CA certificates to trust (for a server's
	// self-signed certificate, its <data>/_auth/server.crt).
	CAFile string
	// RootCAs is a pool to trust instead of the system roots.
	RootCAs *x509.CertPool
	// ServerName overrides the name verified in the certificate
	// (default: Host).
	ServerName string
	// InsecureSkipVerify disables certificate verification. Never the
	// default: set it only for tests.
	InsecureSkipVerify bool

	// DialTimeout bounds connecting, the TLS handshake and the banner
	// (default 10 s). A context deadline that is sooner wins.
	DialTimeout time.Duration
	// RequestTimeout bounds each request when the context has no sooner
	// deadline (default 0: none).
	RequestTimeout time.Duration

	// PoolSize is the most connections the client opens at once
	// (default 4). Calls beyond it wait for a free connection.
	PoolSize int

	// JWKSURL, when set, makes Login, Token and Refresh verify the
	// access token's RS256 signature against the JSON Web Key Set at
	// this URL (the server's http://<host>:6381/.well-known/jwks.json).
	JWKSURL string
	// HTTPClient fetches the JWKS (default: a client with a 10 s timeout).
	HTTPClient *http.Client

	// RefreshMargin is how long before the access token expires the
	// client refreshes it (default 30 s, capped at a third of the
	// token's lifetime).
	RefreshMargin time.Duration
	// NoAutoRefresh turns the automatic refresh off.
	NoAutoRefresh bool
}

// normalized returns o with defaults filled in.
func (o Options) normalized() Options {
	if o.Host == "" {
		o.Host = "127.0.0.1"
	}
	if o.Port == 0 {
		o.Port = 6380
	}
	if o.DialTimeout <= 0 {
		o.DialTimeout = 10 * time.Second
	}
	if o.PoolSize <= 0 {
		o.PoolSize = 4
	}
	if o.RefreshMargin <= 0 {
		o.RefreshMargin = 30 * time.Second
	}
	if o.HTTPClient == nil {
		o.HTTPClient = &http.Client{Timeout: 10 * time.Second}
	}
	return o
}

// addr returns host:port.
func (o Options) addr() string {
	return net.JoinHostPort(o.Host, strconv.Itoa(o.Port))
}

// tlsConfig builds the TLS configuration for dialing host, or nil when
// TLS is off.
func (o Options) tlsConfig(host string) (*tls.Config, error) {
	if !o.TLS {
		return nil, nil
	}
	cfg := &tls.Config{
		MinVersion:         tls.VersionTLS12,
		ServerName:         o.ServerName,
		RootCAs:            o.RootCAs,
		InsecureSkipVerify: o.InsecureSkipVerify, //nolint:gosec // explicit opt-in only
	}
	if cfg.ServerName == "" {
		cfg.ServerName = host
	}
	if o.CAFile != "" {
		pem, err := os.ReadFile(o.CAFile)
		if err != nil {
			return nil, fmt.Errorf("%w: reading CA file: %v", ErrConnection, err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("%w: no certificate in CA file %s", ErrConnection, o.CAFile)
		}
		cfg.RootCAs = pool
	}
	return cfg, nil
}

package tlsutil

import (
	"bufio"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"os"
	"strings"
	"testing"
	"time"
)

// startServer runs a TLS listener on 127.0.0.1:0 with cfg that answers
// each connection with "hello\n" after the handshake.
func startServer(t *testing.T, network, addr string, cfg *tls.Config) string {
	t.Helper()
	ln, err := net.Listen(network, addr)
	if err != nil {
		t.Skipf("cannot listen on %s %s: %v", network, addr, err)
	}
	tln := tls.NewListener(ln, cfg)
	t.Cleanup(func() { _ = tln.Close() })
	go func() {
		for {
			c, err := tln.Accept()
			if err != nil {
				return
			}
			go func(c net.Conn) {
				defer c.Close()
				_ = c.SetDeadline(time.Now().Add(5 * time.Second))
				if err := c.(*tls.Conn).Handshake(); err != nil {
					return
				}
				_, _ = io.WriteString(c, "hello\n")
			}(c)
		}
	}()
	return ln.Addr().String()
}

func generated(t *testing.T) (*Material, *x509.CertPool) {
	t.Helper()
	m, err := Load(Options{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	pemBytes, err := os.ReadFile(m.CertFile)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pemBytes) {
		t.Fatal("generated certificate not accepted into a pool")
	}
	return m, pool
}

func dialRead(addr string, cfg *tls.Config) (string, tls.ConnectionState, error) {
	d := &net.Dialer{Timeout: 5 * time.Second}
	c, err := tls.DialWithDialer(d, "tcp", addr, cfg)
	if err != nil {
		return "", tls.ConnectionState{}, err
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(5 * time.Second))
	line, err := bufio.NewReader(c).ReadString('\n')
	return line, c.ConnectionState(), err
}

func TestHandshakeTrustingClient(t *testing.T) {
	m, pool := generated(t)
	addr := startServer(t, "tcp4", "127.0.0.1:0", ServerConfig(m.Certificate))
	_, port, _ := net.SplitHostPort(addr)

	for _, c := range []struct {
		name, serverName, dialAddr string
	}{
		{"DNS SAN localhost", "localhost", addr},
		{"IP SAN 127.0.0.1", "", addr},
		{"localhost name resolution", "", net.JoinHostPort("localhost", port)},
	} {
		t.Run(c.name, func(t *testing.T) {
			line, st, err := dialRead(c.dialAddr, &tls.Config{RootCAs: pool, ServerName: c.serverName})
			if err != nil {
				if c.name == "localhost name resolution" && strings.Contains(err.Error(), "connect") {
					t.Skipf("localhost does not resolve to 127.0.0.1 here: %v", err)
				}
				t.Fatal(err)
			}
			if line != "hello\n" {
				t.Fatalf("read %q", line)
			}
			if st.Version != tls.VersionTLS13 {
				t.Fatalf("negotiated %x, want TLS 1.3 with a modern client", st.Version)
			}
			if len(st.PeerCertificates) != 1 || st.PeerCertificates[0].SignatureAlgorithm != x509.ECDSAWithSHA256 {
				t.Fatalf("peer chain %v", st.PeerCertificates)
			}
		})
	}

	// A TLS 1.2-only client still gets in.
	line, st, err := dialRead(addr, &tls.Config{RootCAs: pool, ServerName: "localhost", MaxVersion: tls.VersionTLS12})
	if err != nil || line != "hello\n" || st.Version != tls.VersionTLS12 {
		t.Fatalf("TLS 1.2 client: %q %x %v", line, st.Version, err)
	}
}

func TestHandshakeIPv6Loopback(t *testing.T) {
	m, pool := generated(t)
	addr := startServer(t, "tcp6", "[::1]:0", ServerConfig(m.Certificate))
	line, _, err := dialRead(addr, &tls.Config{RootCAs: pool})
	if err != nil || line != "hello\n" {
		t.Fatalf("::1: %q %v", line, err)
	}
}

func TestHandshakeUntrustingClient(t *testing.T) {
	m, _ := generated(t)
	addr := startServer(t, "tcp4", "127.0.0.1:0", ServerConfig(m.Certificate))

	// Empty pool: the self-signed certificate is not trusted.
	_, _, err := dialRead(addr, &tls.Config{RootCAs: x509.NewCertPool(), ServerName: "localhost"})
	var ua x509.UnknownAuthorityError
	if !errors.As(err, &ua) {
		t.Fatalf("untrusting client: %v, want x509.UnknownAuthorityError", err)
	}

	// Trusting another generated certificate is not trusting this one.
	_, otherPool := generated(t)
	_, _, err = dialRead(addr, &tls.Config{RootCAs: otherPool, ServerName: "localhost"})
	if !errors.As(err, &ua) {
		t.Fatalf("client trusting another cert: %v, want x509.UnknownAuthorityError", err)
	}

	// Trusted, but the name is not among the SANs.
	pool := poolOf(t, m)
	_, _, err = dialRead(addr, &tls.Config{RootCAs: pool, ServerName: "example.com"})
	var hn x509.HostnameError
	if !errors.As(err, &hn) {
		t.Fatalf("wrong name: %v, want x509.HostnameError", err)
	}
}

func poolOf(t *testing.T, m *Material) *x509.CertPool {
	t.Helper()
	pool := x509.NewCertPool()
	pool.AddCert(m.Certificate.Leaf)
	return pool
}

func TestHandshakeRefusesTLS11(t *testing.T) {
	m, pool := generated(t)
	addr := startServer(t, "tcp4", "127.0.0.1:0", ServerConfig(m.Certificate))
	_, _, err := dialRead(addr, &tls.Config{
		RootCAs: pool, ServerName: "localhost",
		MinVersion: tls.VersionTLS10, MaxVersion: tls.VersionTLS11,
	})
	if err == nil {
		t.Fatal("a TLS 1.1 client completed a handshake")
	}
	t.Logf("TLS 1.1 client: %v", err)
	if !strings.Contains(err.Error(), "protocol version") {
		t.Fatalf("TLS 1.1 refused with %v, want a protocol version alert", err)
	}
}

func TestServerConfig(t *testing.T) {
	m, _ := generated(t)
	cfg := ServerConfig(m.Certificate)
	if cfg.MinVersion != tls.VersionTLS12 || cfg.ClientAuth != tls.NoClientCert || len(cfg.Certificates) != 1 {
		t.Fatalf("config %+v", cfg)
	}
}

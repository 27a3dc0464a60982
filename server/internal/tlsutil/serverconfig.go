package tlsutil

import "crypto/tls"

// ServerConfig is the client listener's TLS configuration: the one chain,
// TLS 1.2 minimum (1.3 negotiated when the client offers it), no client
// certificates requested.
func ServerConfig(cert tls.Certificate) *tls.Config {
	return &tls.Config{
		Certificates: []tls.Certificate{cert},
		MinVersion:   tls.VersionTLS12,
		ClientAuth:   tls.NoClientCert,
	}
}

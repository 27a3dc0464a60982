// Package tlsutil provides the client listener's TLS material as
// PROTOCOL.md §2.6 defines it: loading a certificate chain and its private
// key (PKCS#8, PKCS#1 or SEC1 PEM, the first key in the file), the rules
// for the default paths <data_dir>/_auth/server.crt and server.key, the
// generation of a self-signed ECDSA P-256 certificate for localhost,
// 127.0.0.1 and ::1 when neither path is configured and a default file is
// missing, and the server *tls.Config (TLS 1.2 minimum, no client
// certificates).
//
// Invariants:
//   - A generated key is written PKCS#8, mode 0600, atomically; the
//     certificate mode 0644 (§7.3). A key file found with group or other
//     permission bits has them removed, with a warning.
//   - Nothing is generated when either path is configured: an unreadable
//     configured path, or an unreadable default beside a configured one, is
//     an error.
//   - A key that does not match the certificate's public key is refused at
//     load, not at the first handshake.
//
// The package holds no state and never panics on malformed files.
package tlsutil

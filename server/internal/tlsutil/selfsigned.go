package tlsutil

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"time"

	"github.com/grumpydb/grumpydb/server/internal/config/atomicfile"
)

// SelfSignedValidity is how long a generated certificate is valid, counted
// from an hour before its creation (to tolerate clock skew).
const SelfSignedValidity = 10 * 365 * 24 * time.Hour

// GenerateSelfSigned makes a self-signed certificate as §2.6 requires
// (ECDSA P-256 key, ECDSA-SHA256 signature, SANs DNS localhost, IP
// 127.0.0.1 and IP ::1) and returns the certificate and PKCS#8 key as PEM.
func GenerateSelfSigned(now time.Time) (certPEM, keyPEM []byte, err error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %w", ErrGenerate, err)
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %w", ErrGenerate, err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial.Add(serial, big.NewInt(1)), // never zero
		Subject:               pkix.Name{CommonName: "GrumpyDB self-signed", Organization: []string{"GrumpyDB"}},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(SelfSignedValidity),
		KeyUsage:              x509.KeyUsageDigitalSignature,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		DNSNames:              []string{"localhost"},
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1).To4(), net.IPv6loopback},
		SignatureAlgorithm:    x509.ECDSAWithSHA256,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %w", ErrGenerate, err)
	}
	pkcs8, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %w", ErrGenerate, err)
	}
	certPEM = pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	keyPEM = pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: pkcs8})
	return certPEM, keyPEM, nil
}

// WriteSelfSigned generates a pair with GenerateSelfSigned and writes it:
// the key atomically with mode 0600, then the certificate with mode 0644
// (§7.3), creating missing parent directories with mode 0700. Existing
// files are replaced.
func WriteSelfSigned(certFile, keyFile string, now time.Time) (certPEM, keyPEM []byte, err error) {
	certPEM, keyPEM, err = GenerateSelfSigned(now)
	if err != nil {
		return nil, nil, err
	}
	for _, dir := range []string{filepath.Dir(keyFile), filepath.Dir(certFile)} {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, nil, fmt.Errorf("%w: %w", ErrGenerate, err)
		}
	}
	if err := atomicfile.WriteFile(keyFile, keyPEM, 0o600); err != nil {
		return nil, nil, fmt.Errorf("%w: %w", ErrGenerate, err)
	}
	if err := atomicfile.WriteFile(certFile, certPEM, 0o644); err != nil {
		return nil, nil, fmt.Errorf("%w: %w", ErrGenerate, err)
	}
	return certPEM, keyPEM, nil
}

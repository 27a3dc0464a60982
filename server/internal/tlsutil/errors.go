package tlsutil

import "errors"

// Sentinel errors; match with errors.Is.
var (
	// ErrNoPrivateKey: the key file holds no PKCS#8, PKCS#1 or SEC1 PEM
	// block. Its text is the exact startup message of §2.6.
	ErrNoPrivateKey = errors.New("no private key found in key file")
	// ErrNoCertificate: the certificate file holds no CERTIFICATE block.
	ErrNoCertificate = errors.New("no certificate found in certificate file")
	// ErrInvalidKey: the first key block does not parse, is encrypted or
	// holds a key type TLS cannot sign with.
	ErrInvalidKey = errors.New("invalid private key in key file")
	// ErrInvalidCertificate: a CERTIFICATE block does not parse.
	ErrInvalidCertificate = errors.New("invalid certificate in certificate file")
	// ErrKeyMismatch: the private key is not the certificate's.
	ErrKeyMismatch = errors.New("private key does not match certificate")
	// ErrRead: a certificate or key file cannot be read ("cannot read TLS
	// certificate file <path>: <reason>").
	ErrRead = errors.New("cannot read TLS")
	// ErrGenerate: the self-signed pair could not be made or written.
	ErrGenerate = errors.New("cannot generate TLS certificate")
)

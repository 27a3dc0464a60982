package tlsutil

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"strings"
)

// ParsePrivateKeyPEM returns the first private key in a PEM file: a
// "PRIVATE KEY" (PKCS#8), "RSA PRIVATE KEY" (PKCS#1) or "EC PRIVATE KEY"
// (SEC1) block; other blocks (certificates, EC PARAMETERS, …) are skipped.
// With no such block the error is ErrNoPrivateKey itself. The first key
// block is the one used: if it is encrypted or does not parse the error
// wraps ErrInvalidKey, whatever follows it.
func ParsePrivateKeyPEM(data []byte) (crypto.Signer, error) {
	rest := data
	for {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			return nil, ErrNoPrivateKey
		}
		var parse func([]byte) (any, error)
		switch block.Type {
		case "PRIVATE KEY":
			parse = x509.ParsePKCS8PrivateKey
		case "RSA PRIVATE KEY":
			parse = func(der []byte) (any, error) { return x509.ParsePKCS1PrivateKey(der) }
		case "EC PRIVATE KEY":
			parse = func(der []byte) (any, error) { return x509.ParseECPrivateKey(der) }
		case "ENCRYPTED PRIVATE KEY":
			return nil, fmt.Errorf("%w: encrypted keys are not supported", ErrInvalidKey)
		default:
			continue
		}
		if strings.Contains(block.Headers["Proc-Type"], "ENCRYPTED") {
			return nil, fmt.Errorf("%w: encrypted keys are not supported", ErrInvalidKey)
		}
		key, err := parse(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("%w: %s block: %w", ErrInvalidKey, block.Type, err)
		}
		switch k := key.(type) {
		case *rsa.PrivateKey:
			return k, nil
		case *ecdsa.PrivateKey:
			return k, nil
		case ed25519.PrivateKey:
			return k, nil
		default:
			return nil, fmt.Errorf("%w: unsupported key type %T", ErrInvalidKey, key)
		}
	}
}

// ParseCertificatesPEM returns the DER of every CERTIFICATE block, in
// order (leaf first), and the parsed leaf. Other blocks are skipped.
func ParseCertificatesPEM(data []byte) ([][]byte, *x509.Certificate, error) {
	var chain [][]byte
	var leaf *x509.Certificate
	rest := data
	for {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			break
		}
		if block.Type != "CERTIFICATE" {
			continue
		}
		c, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return nil, nil, fmt.Errorf("%w: certificate %d: %w", ErrInvalidCertificate, len(chain)+1, err)
		}
		if leaf == nil {
			leaf = c
		}
		chain = append(chain, block.Bytes)
	}
	if leaf == nil {
		return nil, nil, ErrNoCertificate
	}
	return chain, leaf, nil
}

// X509KeyPair builds a tls.Certificate from PEM certificate and key data,
// checking that the key is the leaf's.
func X509KeyPair(certPEM, keyPEM []byte) (tls.Certificate, error) {
	chain, leaf, err := ParseCertificatesPEM(certPEM)
	if err != nil {
		return tls.Certificate{}, err
	}
	key, err := ParsePrivateKeyPEM(keyPEM)
	if err != nil {
		return tls.Certificate{}, err
	}
	pub, ok := key.Public().(interface{ Equal(crypto.PublicKey) bool })
	if !ok || !pub.Equal(leaf.PublicKey) {
		return tls.Certificate{}, ErrKeyMismatch
	}
	return tls.Certificate{Certificate: chain, PrivateKey: key, Leaf: leaf}, nil
}

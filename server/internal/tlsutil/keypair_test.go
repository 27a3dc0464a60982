package tlsutil

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"math/big"
	"testing"
	"time"
)

// certFor makes a self-signed certificate for key, as PEM.
func certFor(t *testing.T, key crypto.Signer) []byte {
	t.Helper()
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(7),
		Subject:      pkix.Name{CommonName: "test"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		DNSNames:     []string{"localhost"},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
}

func pemBlock(typ string, der []byte) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der})
}

func mustPKCS8(t *testing.T, key any) []byte {
	t.Helper()
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return pemBlock("PRIVATE KEY", der)
}

func TestKeyFormats(t *testing.T) {
	ecKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	_, edKey, _ := ed25519.GenerateKey(rand.Reader)
	sec1, _ := x509.MarshalECPrivateKey(ecKey)
	ecParams := pemBlock("EC PARAMETERS", []byte{0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07})

	cases := []struct {
		name   string
		signer crypto.Signer
		keyPEM []byte
	}{
		{"PKCS#8 ECDSA", ecKey, mustPKCS8(t, ecKey)},
		{"SEC1 ECDSA", ecKey, pemBlock("EC PRIVATE KEY", sec1)},
		{"SEC1 after EC PARAMETERS (openssl ecparam -genkey)", ecKey, append(ecParams, pemBlock("EC PRIVATE KEY", sec1)...)},
		{"PKCS#1 RSA", rsaKey, pemBlock("RSA PRIVATE KEY", x509.MarshalPKCS1PrivateKey(rsaKey))},
		{"PKCS#8 RSA", rsaKey, mustPKCS8(t, rsaKey)},
		{"PKCS#8 Ed25519", edKey, mustPKCS8(t, edKey)},
		{"text and a certificate before the key", ecKey,
			append(append([]byte("comment line\n"), certFor(t, ecKey)...), mustPKCS8(t, ecKey)...)},
		{"first key used, second ignored", ecKey, append(mustPKCS8(t, ecKey), mustPKCS8(t, rsaKey)...)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := ParsePrivateKeyPEM(c.keyPEM)
			if err != nil {
				t.Fatal(err)
			}
			if !got.Public().(interface{ Equal(crypto.PublicKey) bool }).Equal(c.signer.Public()) {
				t.Fatal("parsed a different key")
			}
			pair, err := X509KeyPair(certFor(t, c.signer), c.keyPEM)
			if err != nil {
				t.Fatalf("X509KeyPair: %v", err)
			}
			if pair.Leaf == nil || len(pair.Certificate) != 1 {
				t.Fatalf("pair %+v", pair)
			}
		})
	}

	// The first key decides: a second, matching key does not rescue a
	// first that does not match.
	_, err = X509KeyPair(certFor(t, ecKey), append(mustPKCS8(t, rsaKey), mustPKCS8(t, ecKey)...))
	if !errors.Is(err, ErrKeyMismatch) || err.Error() != "private key does not match certificate" {
		t.Fatalf("mismatch: %v", err)
	}
}

func TestNoPrivateKey(t *testing.T) {
	ecKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	for name, data := range map[string][]byte{
		"empty":            nil,
		"garbage":          []byte("not a pem file at all"),
		"certificate only": certFor(t, ecKey),
		"public key only":  pemBlock("PUBLIC KEY", []byte{1, 2, 3}),
	} {
		_, err := ParsePrivateKeyPEM(data)
		if err == nil || err.Error() != "no private key found in key file" || !errors.Is(err, ErrNoPrivateKey) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestInvalidKeys(t *testing.T) {
	ecKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	encrypted := pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY",
		Headers: map[string]string{"Proc-Type": "4,ENCRYPTED", "DEK-Info": "AES-128-CBC,00"}, Bytes: []byte{1}})
	for name, data := range map[string][]byte{
		"corrupt PKCS#8":       pemBlock("PRIVATE KEY", []byte{0x30, 0x01}),
		"corrupt SEC1":         pemBlock("EC PRIVATE KEY", []byte{1, 2}),
		"corrupt PKCS#1":       pemBlock("RSA PRIVATE KEY", nil),
		"PKCS#8 encrypted":     pemBlock("ENCRYPTED PRIVATE KEY", []byte{1}),
		"legacy encrypted PEM": encrypted,
		"corrupt before good":  append(pemBlock("PRIVATE KEY", []byte{9}), mustPKCS8(t, ecKey)...),
	} {
		_, err := ParsePrivateKeyPEM(data)
		if !errors.Is(err, ErrInvalidKey) {
			t.Errorf("%s: %v, want ErrInvalidKey", name, err)
		}
	}
}

func TestCertificates(t *testing.T) {
	a, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	b, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	chainPEM := append(certFor(t, a), certFor(t, b)...)
	chain, leaf, err := ParseCertificatesPEM(append(pemBlock("X", []byte{1}), chainPEM...))
	if err != nil || len(chain) != 2 || !leaf.PublicKey.(*ecdsa.PublicKey).Equal(a.Public()) {
		t.Fatalf("chain %d leaf %v err %v", len(chain), leaf, err)
	}
	pair, err := X509KeyPair(chainPEM, mustPKCS8(t, a))
	if err != nil || len(pair.Certificate) != 2 {
		t.Fatalf("pair with chain: %v", err)
	}
	if _, _, err := ParseCertificatesPEM(mustPKCS8(t, a)); !errors.Is(err, ErrNoCertificate) ||
		err.Error() != "no certificate found in certificate file" {
		t.Fatalf("no certificate: %v", err)
	}
	if _, _, err := ParseCertificatesPEM(pemBlock("CERTIFICATE", []byte{1, 2, 3})); !errors.Is(err, ErrInvalidCertificate) {
		t.Fatalf("corrupt certificate: %v", err)
	}
	if _, err := X509KeyPair(nil, mustPKCS8(t, a)); !errors.Is(err, ErrNoCertificate) {
		t.Fatalf("pair without certificate: %v", err)
	}
	if _, err := X509KeyPair(chainPEM, nil); !errors.Is(err, ErrNoPrivateKey) {
		t.Fatalf("pair without key: %v", err)
	}
}

func FuzzParsePrivateKeyPEM(f *testing.F) {
	ecKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	der, _ := x509.MarshalPKCS8PrivateKey(ecKey)
	sec1, _ := x509.MarshalECPrivateKey(ecKey)
	f.Add(pemBlock("PRIVATE KEY", der))
	f.Add(pemBlock("EC PRIVATE KEY", sec1))
	f.Add(pemBlock("RSA PRIVATE KEY", []byte{0x30, 0x03, 0x02, 0x01, 0x00}))
	f.Add([]byte("-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----\n"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		key, err := ParsePrivateKeyPEM(data)
		if err != nil {
			if !errors.Is(err, ErrNoPrivateKey) && !errors.Is(err, ErrInvalidKey) {
				t.Fatalf("unexpected error kind %v", err)
			}
			return
		}
		if key == nil || key.Public() == nil {
			t.Fatal("nil key without error")
		}
	})
}

func FuzzParseCertificatesPEM(f *testing.F) {
	ecKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), NotAfter: time.Now().Add(time.Hour)}
	der, _ := x509.CreateCertificate(rand.Reader, tmpl, tmpl, ecKey.Public(), ecKey)
	f.Add(pemBlock("CERTIFICATE", der))
	f.Add(pemBlock("CERTIFICATE", []byte{0x30, 0x00}))
	f.Add([]byte("junk"))
	f.Fuzz(func(t *testing.T, data []byte) {
		chain, leaf, err := ParseCertificatesPEM(data)
		if err != nil {
			if !errors.Is(err, ErrNoCertificate) && !errors.Is(err, ErrInvalidCertificate) {
				t.Fatalf("unexpected error kind %v", err)
			}
			return
		}
		if leaf == nil || len(chain) == 0 {
			t.Fatal("empty chain without error")
		}
	})
}

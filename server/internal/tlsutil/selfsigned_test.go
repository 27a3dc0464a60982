package tlsutil

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/x509"
	"encoding/pem"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestWriteSelfSigned(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data", "_auth")
	certFile, keyFile := filepath.Join(dir, "server.crt"), filepath.Join(dir, "server.key")
	now := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	certPEM, keyPEM, err := WriteSelfSigned(certFile, keyFile, now)
	if err != nil {
		t.Fatal(err)
	}
	for path, mode := range map[string]os.FileMode{certFile: 0o644, keyFile: 0o600} {
		fi, err := os.Stat(path)
		if err != nil || fi.Mode().Perm() != mode {
			t.Fatalf("%s: %v %v, want mode %v", path, fi.Mode(), err, mode)
		}
	}
	if fi, _ := os.Stat(dir); fi.Mode().Perm() != 0o700 {
		t.Fatalf("_auth created with %v", fi.Mode().Perm())
	}
	onDiskCert, _ := os.ReadFile(certFile)
	onDiskKey, _ := os.ReadFile(keyFile)
	if string(onDiskCert) != string(certPEM) || string(onDiskKey) != string(keyPEM) {
		t.Fatal("returned PEM differs from the files")
	}

	kb, rest := pem.Decode(onDiskKey)
	if kb == nil || kb.Type != "PRIVATE KEY" || len(rest) != 0 {
		t.Fatalf("key file is not one PKCS#8 block: %v", kb)
	}
	k, err := x509.ParsePKCS8PrivateKey(kb.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	ek, ok := k.(*ecdsa.PrivateKey)
	if !ok || ek.Curve != elliptic.P256() {
		t.Fatalf("key %T, want ECDSA P-256", k)
	}

	cb, _ := pem.Decode(onDiskCert)
	if cb == nil || cb.Type != "CERTIFICATE" {
		t.Fatal("cert file has no CERTIFICATE block")
	}
	c, err := x509.ParseCertificate(cb.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	if c.SignatureAlgorithm != x509.ECDSAWithSHA256 || c.PublicKeyAlgorithm != x509.ECDSA {
		t.Fatalf("algorithms %v / %v", c.SignatureAlgorithm, c.PublicKeyAlgorithm)
	}
	if !c.PublicKey.(*ecdsa.PublicKey).Equal(&ek.PublicKey) {
		t.Fatal("certificate is not for the written key")
	}
	if len(c.DNSNames) != 1 || c.DNSNames[0] != "localhost" {
		t.Fatalf("DNS SANs %v", c.DNSNames)
	}
	if len(c.IPAddresses) != 2 || !c.IPAddresses[0].Equal(net.ParseIP("127.0.0.1")) ||
		!c.IPAddresses[1].Equal(net.ParseIP("::1")) {
		t.Fatalf("IP SANs %v", c.IPAddresses)
	}
	if err := c.CheckSignature(c.SignatureAlgorithm, c.RawTBSCertificate, c.Signature); err != nil {
		t.Fatalf("not self-signed: %v", err)
	}
	if !c.NotBefore.Before(now) || !c.NotAfter.After(now.Add(365*24*time.Hour)) {
		t.Fatalf("validity %v … %v around %v", c.NotBefore, c.NotAfter, now)
	}
	if c.SerialNumber.Sign() <= 0 {
		t.Fatalf("serial %v", c.SerialNumber)
	}
	for _, h := range []string{"localhost", "127.0.0.1", "::1"} {
		if err := c.VerifyHostname(h); err != nil {
			t.Errorf("VerifyHostname(%s): %v", h, err)
		}
	}
	if err := c.VerifyHostname("example.com"); err == nil {
		t.Error("certificate must not cover example.com")
	}
}

func TestGenerateSelfSignedIsFresh(t *testing.T) {
	c1, k1, err := GenerateSelfSigned(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	c2, k2, err := GenerateSelfSigned(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if string(c1) == string(c2) || string(k1) == string(k2) {
		t.Fatal("two generations produced the same material")
	}
}

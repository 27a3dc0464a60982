package auth

import (
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestKidAndPEMs(t *testing.T) {
	k, err := testKeys.gen()
	if err != nil {
		t.Fatal(err)
	}
	der, _ := x509.MarshalPKIXPublicKey(k.public())
	sum := sha256.Sum256(der)
	if want := hex.EncodeToString(sum[:8]); k.kid != want || !validKid(k.kid) {
		t.Fatalf("kid %q, want %q", k.kid, want)
	}
	if k.priv.N.BitLen() != 2048 || k.priv.E != 65537 {
		t.Fatalf("key is %d bits, e=%d", k.priv.N.BitLen(), k.priv.E)
	}
	dir := t.TempDir()
	if err := writeKeyPair(dir, k); err != nil {
		t.Fatal(err)
	}
	if m := mode(t, filepath.Join(dir, k.kid+".pem")); m != 0o600 {
		t.Fatalf("private PEM mode %v", m)
	}
	if m := mode(t, filepath.Join(dir, k.kid+".pub.pem")); m != 0o644 {
		t.Fatalf("public PEM mode %v", m)
	}
	privPEM, _ := os.ReadFile(filepath.Join(dir, k.kid+".pem"))
	if b, _ := pem.Decode(privPEM); b == nil || b.Type != "PRIVATE KEY" {
		t.Fatal("private key is not a PKCS#8 PEM")
	}
	pubPEM, _ := os.ReadFile(filepath.Join(dir, k.kid+".pub.pem"))
	if b, _ := pem.Decode(pubPEM); b == nil || b.Type != "PUBLIC KEY" {
		t.Fatal("public key is not an SPKI PEM")
	}
	back, err := loadKeyPair(dir, k.kid, (&logBuffer{}).logger())
	if err != nil || back.kid != k.kid || !back.priv.Equal(k.priv) {
		t.Fatalf("loadKeyPair = %v, %v", back.kid, err)
	}
}

func TestLoadKeyPairFailures(t *testing.T) {
	a, _ := testKeys.gen()
	b, _ := testKeys.gen()
	for a.kid == b.kid {
		b, _ = testKeys.gen()
	}
	log := (&logBuffer{}).logger()

	t.Run("bad kid text", func(t *testing.T) {
		for _, kid := range []string{"", "../../etc/passwd", "ABCDEF0123456789", "0123456789abcde"} {
			if _, err := loadKeyPair(t.TempDir(), kid, log); !errors.Is(err, ErrCorruptKey) {
				t.Errorf("kid %q: %v", kid, err)
			}
		}
	})
	t.Run("missing private", func(t *testing.T) {
		if _, err := loadKeyPair(t.TempDir(), a.kid, log); !errors.Is(err, ErrCorruptKey) {
			t.Fatal(err)
		}
	})
	t.Run("private under wrong kid", func(t *testing.T) {
		dir := t.TempDir()
		pemA, _ := a.privatePEM()
		os.WriteFile(filepath.Join(dir, b.kid+".pem"), pemA, 0o600)
		if _, err := loadKeyPair(dir, b.kid, log); !errors.Is(err, ErrCorruptKey) {
			t.Fatal(err)
		}
	})
	t.Run("public mismatch", func(t *testing.T) {
		dir := t.TempDir()
		writeKeyPair(dir, a)
		pubB, _ := b.publicPEM()
		os.WriteFile(filepath.Join(dir, a.kid+".pub.pem"), pubB, 0o644)
		if _, err := loadKeyPair(dir, a.kid, log); !errors.Is(err, ErrCorruptKey) {
			t.Fatal(err)
		}
	})
	t.Run("garbage", func(t *testing.T) {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, a.kid+".pem"), []byte("not pem"), 0o600)
		if _, err := loadKeyPair(dir, a.kid, log); !errors.Is(err, ErrCorruptKey) {
			t.Fatal(err)
		}
	})
	t.Run("missing public is rewritten", func(t *testing.T) {
		dir := t.TempDir()
		writeKeyPair(dir, a)
		os.Remove(filepath.Join(dir, a.kid+".pub.pem"))
		if _, err := loadKeyPair(dir, a.kid, log); err != nil {
			t.Fatal(err)
		}
		if m := mode(t, filepath.Join(dir, a.kid+".pub.pem")); m != 0o644 {
			t.Fatalf("rewritten public mode %v", m)
		}
	})
}

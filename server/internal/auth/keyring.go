package auth

import (
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
)

// rsaKeyBits is the size of generated RS256 keys (§5.3); e = 65537 is
// what crypto/rsa always uses.
const rsaKeyBits = 2048

// keyPair is one RS256 signing key and its kid.
type keyPair struct {
	kid  string
	priv *rsa.PrivateKey
}

func (k keyPair) public() *rsa.PublicKey { return &k.priv.PublicKey }

// kidOf is the lower-case hex of the first 8 bytes of SHA-256 of the
// public key's SPKI DER (§5.3).
func kidOf(pub *rsa.PublicKey) (string, error) {
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(der)
	return hex.EncodeToString(sum[:8]), nil
}

// validKid reports whether s has the form of a kid: 16 lower-case hex
// digits. Kids name files, so nothing else is ever used as one.
func validKid(s string) bool {
	if len(s) != 16 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

func generateKeyPair(rnd io.Reader) (keyPair, error) {
	priv, err := rsa.GenerateKey(rnd, rsaKeyBits)
	if err != nil {
		return keyPair{}, fmt.Errorf("auth: generating RSA key: %w", err)
	}
	kid, err := kidOf(&priv.PublicKey)
	if err != nil {
		return keyPair{}, err
	}
	return keyPair{kid: kid, priv: priv}, nil
}

func (k keyPair) privatePEM() ([]byte, error) {
	der, err := x509.MarshalPKCS8PrivateKey(k.priv)
	if err != nil {
		return nil, err
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), nil
}

func (k keyPair) publicPEM() ([]byte, error) {
	der, err := x509.MarshalPKIXPublicKey(k.public())
	if err != nil {
		return nil, err
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}), nil
}

func privateKeyFile(kid string) string { return kid + ".pem" }
func publicKeyFile(kid string) string  { return kid + ".pub.pem" }

// writeKeyPair writes <kid>.pem (PKCS#8, 0600) and <kid>.pub.pem (SPKI,
// 0644) into dir, each atomically.
func writeKeyPair(dir string, k keyPair) error {
	priv, err := k.privatePEM()
	if err != nil {
		return err
	}
	pub, err := k.publicPEM()
	if err != nil {
		return err
	}
	if err := writeFileAtomic(dir, privateKeyFile(k.kid), priv, secretMode); err != nil {
		return err
	}
	return writeFileAtomic(dir, publicKeyFile(k.kid), pub, publicMode)
}

// loadKeyPair reads the pair named kid from dir. The private key is the
// authority: its kid must be kid, and the public file must hold its public
// key. A missing public file is rewritten from the private key with a
// warning.
func loadKeyPair(dir, kid string, log *slog.Logger) (keyPair, error) {
	if !validKid(kid) {
		return keyPair{}, fmt.Errorf("%w: kid %q is not 16 lower-case hex digits", ErrCorruptKey, kid)
	}
	privPath := filepath.Join(dir, privateKeyFile(kid))
	data, err := readSecretFile(privPath, log)
	if err != nil {
		return keyPair{}, fmt.Errorf("%w: %w", ErrCorruptKey, err)
	}
	block, _ := pem.Decode(data)
	if block == nil || block.Type != "PRIVATE KEY" {
		return keyPair{}, fmt.Errorf("%w: %s: no PKCS#8 PEM block", ErrCorruptKey, privPath)
	}
	key, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return keyPair{}, fmt.Errorf("%w: %s: %w", ErrCorruptKey, privPath, err)
	}
	priv, ok := key.(*rsa.PrivateKey)
	if !ok {
		return keyPair{}, fmt.Errorf("%w: %s: not an RSA key", ErrCorruptKey, privPath)
	}
	got, err := kidOf(&priv.PublicKey)
	if err != nil {
		return keyPair{}, err
	}
	if got != kid {
		return keyPair{}, fmt.Errorf("%w: %s holds key %s", ErrCorruptKey, privPath, got)
	}
	k := keyPair{kid: kid, priv: priv}

	pubPath := filepath.Join(dir, publicKeyFile(kid))
	pubData, err := os.ReadFile(pubPath)
	if os.IsNotExist(err) {
		pub, perr := k.publicPEM()
		if perr != nil {
			return keyPair{}, perr
		}
		log.Warn("public key file missing; rewritten from the private key", "path", pubPath)
		if err := writeFileAtomic(dir, publicKeyFile(kid), pub, publicMode); err != nil {
			return keyPair{}, err
		}
		return k, nil
	}
	if err != nil {
		return keyPair{}, fmt.Errorf("%w: %w", ErrCorruptKey, err)
	}
	pblock, _ := pem.Decode(pubData)
	if pblock == nil || pblock.Type != "PUBLIC KEY" {
		return keyPair{}, fmt.Errorf("%w: %s: no SPKI PEM block", ErrCorruptKey, pubPath)
	}
	pub, err := x509.ParsePKIXPublicKey(pblock.Bytes)
	if err != nil {
		return keyPair{}, fmt.Errorf("%w: %s: %w", ErrCorruptKey, pubPath, err)
	}
	if rp, ok := pub.(*rsa.PublicKey); !ok || !rp.Equal(k.public()) {
		return keyPair{}, fmt.Errorf("%w: %s does not match %s", ErrCorruptKey, pubPath, privPath)
	}
	return k, nil
}

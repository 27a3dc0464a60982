package tlsutil

import (
	"bytes"
	"errors"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestDefaultPaths(t *testing.T) {
	if DefaultCertFile("d") != filepath.Join("d", "_auth", "server.crt") ||
		DefaultKeyFile("d") != filepath.Join("d", "_auth", "server.key") {
		t.Fatal(DefaultCertFile("d"), DefaultKeyFile("d"))
	}
}

func logger(buf *bytes.Buffer) *slog.Logger {
	return slog.New(slog.NewTextHandler(buf, nil))
}

func TestLoadFreshGenerates(t *testing.T) {
	data := t.TempDir()
	var logs bytes.Buffer
	m, err := Load(Options{DataDir: data, Logger: logger(&logs)})
	if err != nil {
		t.Fatal(err)
	}
	if !m.Generated || m.CertFile != DefaultCertFile(data) || m.KeyFile != DefaultKeyFile(data) {
		t.Fatalf("material %+v", m)
	}
	if !strings.Contains(logs.String(), "level=WARN") || !strings.Contains(logs.String(), "self-signed") {
		t.Fatalf("no generation warning in %q", logs.String())
	}
	if m.Certificate.Leaf == nil || m.Certificate.PrivateKey == nil {
		t.Fatal("certificate not loaded")
	}
	// A second start loads the same pair without generating.
	certBefore, _ := os.ReadFile(m.CertFile)
	m2, err := Load(Options{DataDir: data})
	if err != nil || m2.Generated {
		t.Fatalf("second load: %+v %v", m2, err)
	}
	certAfter, _ := os.ReadFile(m.CertFile)
	if !bytes.Equal(certBefore, certAfter) || !bytes.Equal(m2.Certificate.Certificate[0], m.Certificate.Certificate[0]) {
		t.Fatal("second start replaced the certificate")
	}
}

func TestLoadRegeneratesWhenOneDefaultMissing(t *testing.T) {
	for _, remove := range []func(string) string{DefaultCertFile, DefaultKeyFile} {
		data := t.TempDir()
		first, err := Load(Options{DataDir: data})
		if err != nil {
			t.Fatal(err)
		}
		if err := os.Remove(remove(data)); err != nil {
			t.Fatal(err)
		}
		second, err := Load(Options{DataDir: data})
		if err != nil || !second.Generated {
			t.Fatalf("after removing %s: %+v %v", remove(data), second, err)
		}
		if bytes.Equal(first.Certificate.Certificate[0], second.Certificate.Certificate[0]) {
			t.Fatal("pair not regenerated")
		}
	}
}

// writePair writes a fresh generated pair to cert/key.
func writePair(t *testing.T, certFile, keyFile string) {
	t.Helper()
	if _, _, err := WriteSelfSigned(certFile, keyFile, time.Now()); err != nil {
		t.Fatal(err)
	}
}

func TestLoadConfiguredPaths(t *testing.T) {
	cases := []struct {
		name         string
		setup        func(t *testing.T, data, ext string) Options
		wantErr      string // exact message; "" = success
		noGeneration bool   // the default key must not have appeared
	}{
		{"both configured", func(t *testing.T, data, ext string) Options {
			writePair(t, filepath.Join(ext, "c.pem"), filepath.Join(ext, "k.pem"))
			return Options{DataDir: data, CertFile: filepath.Join(ext, "c.pem"), KeyFile: filepath.Join(ext, "k.pem")}
		}, "", false},
		{"configured cert missing", func(t *testing.T, data, ext string) Options {
			return Options{DataDir: data, CertFile: filepath.Join(ext, "nope.pem")}
		}, "cannot read TLS certificate file EXT/nope.pem: no such file or directory", true},
		{"configured key missing", func(t *testing.T, data, ext string) Options {
			writePair(t, filepath.Join(ext, "c.pem"), filepath.Join(ext, "k.pem"))
			return Options{DataDir: data, CertFile: filepath.Join(ext, "c.pem"), KeyFile: filepath.Join(ext, "gone.pem")}
		}, "cannot read TLS key file EXT/gone.pem: no such file or directory", false},
		{"configured cert, default key missing: no generation", func(t *testing.T, data, ext string) Options {
			writePair(t, filepath.Join(ext, "c.pem"), filepath.Join(ext, "k.pem"))
			return Options{DataDir: data, CertFile: filepath.Join(ext, "c.pem")}
		}, "cannot read TLS key file DATA/_auth/server.key: no such file or directory", true},
		{"configured key, default cert missing: no generation", func(t *testing.T, data, ext string) Options {
			writePair(t, filepath.Join(ext, "c.pem"), filepath.Join(ext, "k.pem"))
			return Options{DataDir: data, KeyFile: filepath.Join(ext, "k.pem")}
		}, "cannot read TLS certificate file DATA/_auth/server.crt: no such file or directory", true},
		{"configured cert with default key present", func(t *testing.T, data, ext string) Options {
			writePair(t, filepath.Join(ext, "c.pem"), DefaultKeyFile(data))
			return Options{DataDir: data, CertFile: filepath.Join(ext, "c.pem")}
		}, "", false},
		{"key file without a key", func(t *testing.T, data, ext string) Options {
			writePair(t, filepath.Join(ext, "c.pem"), filepath.Join(ext, "k.pem"))
			return Options{DataDir: data, CertFile: filepath.Join(ext, "c.pem"), KeyFile: filepath.Join(ext, "c.pem")}
		}, "no private key found in key file", false},
		{"key of another pair", func(t *testing.T, data, ext string) Options {
			writePair(t, filepath.Join(ext, "c1.pem"), filepath.Join(ext, "k1.pem"))
			writePair(t, filepath.Join(ext, "c2.pem"), filepath.Join(ext, "k2.pem"))
			return Options{DataDir: data, CertFile: filepath.Join(ext, "c1.pem"), KeyFile: filepath.Join(ext, "k2.pem")}
		}, "private key does not match certificate", false},
		{"default path is a directory", func(t *testing.T, data, ext string) Options {
			writePair(t, DefaultCertFile(data), DefaultKeyFile(data))
			_ = os.Remove(DefaultCertFile(data))
			_ = os.Mkdir(DefaultCertFile(data), 0o755)
			return Options{DataDir: data}
		}, "cannot read TLS certificate file DATA/_auth/server.crt: is a directory", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			data, ext := t.TempDir(), t.TempDir()
			m, err := Load(c.setup(t, data, ext))
			if c.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				if m.Generated {
					t.Fatal("generated although files exist")
				}
				return
			}
			want := strings.NewReplacer("EXT", ext, "DATA", data).Replace(c.wantErr)
			if err == nil || err.Error() != want {
				t.Fatalf("error %v\nwant %s", err, want)
			}
			if c.noGeneration {
				if _, statErr := os.Stat(DefaultKeyFile(data)); statErr == nil {
					t.Fatal("a key was generated although a path was configured")
				}
			}
		})
	}
}

func TestLoadErrorKinds(t *testing.T) {
	_, err := Load(Options{DataDir: t.TempDir(), CertFile: "/nonexistent/c.pem", KeyFile: "/nonexistent/k.pem"})
	if !errors.Is(err, ErrRead) || !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("got %v", err)
	}
}

func TestLoadTightensKeyMode(t *testing.T) {
	data := t.TempDir()
	if _, err := Load(Options{DataDir: data}); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(DefaultKeyFile(data), 0o644); err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	if _, err := Load(Options{DataDir: data, Logger: logger(&logs)}); err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Stat(DefaultKeyFile(data))
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("key mode %v, want 0600", fi.Mode().Perm())
	}
	if !strings.Contains(logs.String(), "level=WARN") || !strings.Contains(logs.String(), "permissions tightened") {
		t.Fatalf("no warning: %q", logs.String())
	}
}

func TestLoadUsesClock(t *testing.T) {
	at := time.Date(2031, 5, 6, 0, 0, 0, 0, time.UTC)
	m, err := Load(Options{DataDir: t.TempDir(), Now: func() time.Time { return at }})
	if err != nil {
		t.Fatal(err)
	}
	if !m.Certificate.Leaf.NotBefore.Equal(at.Add(-time.Hour)) {
		t.Fatalf("NotBefore %v", m.Certificate.Leaf.NotBefore)
	}
}

func TestLoadRelativePaths(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	writePair(t, filepath.Join(dir, "rel.crt"), filepath.Join(dir, "rel.key"))
	m, err := Load(Options{DataDir: "data", CertFile: "rel.crt", KeyFile: "rel.key"})
	if err != nil || m.CertFile != "rel.crt" {
		t.Fatalf("%+v %v", m, err)
	}
}

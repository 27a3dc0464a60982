package tlsutil

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/grumpydb/grumpydb/server/internal/config/atomicfile"
)

// DefaultCertFile is <dataDir>/_auth/server.crt.
func DefaultCertFile(dataDir string) string { return filepath.Join(dataDir, "_auth", "server.crt") }

// DefaultKeyFile is <dataDir>/_auth/server.key.
func DefaultKeyFile(dataDir string) string { return filepath.Join(dataDir, "_auth", "server.key") }

// Options says where the TLS material is, as configured (tls.cert_file /
// --tls-cert, tls.key_file / --tls-key; "" = not configured).
type Options struct {
	DataDir  string
	CertFile string
	KeyFile  string
	// Logger receives the warnings (generation, permissions tightened);
	// nil discards them.
	Logger *slog.Logger
	// Now is the clock for generation; nil means time.Now.
	Now func() time.Time
}

// Material is the loaded (or generated) pair and where it came from.
type Material struct {
	Certificate tls.Certificate
	CertFile    string
	KeyFile     string
	// Generated is true when a self-signed pair was just written.
	Generated bool
}

// Load applies the rules of §2.6. Each path is the configured one, else
// its default under <DataDir>/_auth. With neither configured and either
// default file missing, a self-signed pair is generated there (a warning
// is logged) and used. Otherwise both files are read, and any that cannot
// be read is an error wrapping ErrRead. The key file's group/other bits
// are removed with a warning.
func Load(opts Options) (*Material, error) {
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	m := &Material{CertFile: opts.CertFile, KeyFile: opts.KeyFile}
	if m.CertFile == "" {
		m.CertFile = DefaultCertFile(opts.DataDir)
	}
	if m.KeyFile == "" {
		m.KeyFile = DefaultKeyFile(opts.DataDir)
	}
	if opts.CertFile == "" && opts.KeyFile == "" && (missing(m.CertFile) || missing(m.KeyFile)) {
		now := time.Now
		if opts.Now != nil {
			now = opts.Now
		}
		certPEM, keyPEM, err := WriteSelfSigned(m.CertFile, m.KeyFile, now())
		if err != nil {
			return nil, err
		}
		log.LogAttrs(context.Background(), slog.LevelWarn,
			"generated a self-signed TLS certificate; configure tls.cert_file and tls.key_file for production",
			slog.String("cert_file", m.CertFile), slog.String("key_file", m.KeyFile))
		if m.Certificate, err = X509KeyPair(certPEM, keyPEM); err != nil {
			return nil, err
		}
		m.Generated = true
		return m, nil
	}
	certPEM, err := readFile("certificate", m.CertFile)
	if err != nil {
		return nil, err
	}
	if old, changed, err := atomicfile.RestrictMode(m.KeyFile); err == nil && changed {
		log.LogAttrs(context.Background(), slog.LevelWarn, "TLS key file was readable by group or others; permissions tightened",
			slog.String("key_file", m.KeyFile), slog.String("old_mode", old.String()))
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		log.LogAttrs(context.Background(), slog.LevelWarn, "cannot tighten TLS key file permissions",
			slog.String("key_file", m.KeyFile), slog.String("error", err.Error()))
	}
	keyPEM, err := readFile("key", m.KeyFile)
	if err != nil {
		return nil, err
	}
	if m.Certificate, err = X509KeyPair(certPEM, keyPEM); err != nil {
		return nil, err
	}
	return m, nil
}

func missing(path string) bool {
	_, err := os.Stat(path)
	return errors.Is(err, fs.ErrNotExist)
}

func readFile(what, path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, fmt.Errorf("%w %s file %s: %w", ErrRead, what, path, err)
	}
	return b, nil
}

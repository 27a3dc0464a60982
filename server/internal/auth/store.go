package auth

import (
	"crypto/rand"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"
)

// Paths inside <data_dir>/_auth (§5.3).
const (
	AuthDirName         = "_auth"
	secretKeyName       = "secret.key"
	usersDirName        = "users"
	jwtDirName          = "jwt"
	keysDirName         = "keys"
	configName          = "config.json"
	clusterPeerFileName = "cluster_peer.token"
	secretKeyLen        = 32
)

// Options configures Open. Only DataDir is required.
type Options struct {
	// DataDir is the data directory; the store lives in DataDir/_auth.
	DataDir string
	// Algorithm is auth.jwt_algorithm: "hs256" in any case selects HS256,
	// anything else RS256. Used only when jwt/config.json is created.
	Algorithm string
	// AccessTTLSecs and RefreshTTLSecs are the token lifetimes recorded
	// when jwt/config.json is created; ≤ 0 means the defaults (3600,
	// 604800).
	AccessTTLSecs  int64
	RefreshTTLSecs int64
	// BootstrapPassword creates _system/admin when no user holds
	// server_admin (§5.5); "" means none was given. The server resolves
	// it from --bootstrap-password, else GRUMPYDB_BOOTSTRAP_PASSWORD (see
	// BootstrapPassword).
	BootstrapPassword string
	// Logger receives warnings; nil discards them.
	Logger *slog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Rand is the source of salts, secrets and passwords; nil means
	// crypto/rand.
	Rand io.Reader
	// MaxConcurrentChecks bounds simultaneous password hashes; ≤ 0 means
	// runtime.NumCPU() (§5.4).
	MaxConcurrentChecks int

	// Test seams, settable only inside this package: cheaper argon2
	// parameters and a source of RSA keys. Zero values mean §5.4's
	// parameters and fresh RSA-2048 keys.
	argon  argonParams
	newKey func() (keyPair, error)
}

// BootstrapEnv is the environment variable consulted for the bootstrap
// password when the flag is absent.
const BootstrapEnv = "GRUMPYDB_BOOTSTRAP_PASSWORD"

// BootstrapPassword applies §5.5's precedence: the flag value if one was
// given and non-empty, else the environment variable (read through
// getenv, normally os.Getenv).
func BootstrapPassword(flagValue string, getenv func(string) string) string {
	if flagValue != "" {
		return flagValue
	}
	if getenv == nil {
		return ""
	}
	return getenv(BootstrapEnv)
}

// userKey identifies a user: (tenant, username).
type userKey struct{ tenant, user string }

// userEntry is a loaded user and the file that holds it.
type userEntry struct {
	user User
	file string // base name under users/
}

// Store is the auth store: user records, signing keys and tokens. It is
// safe for concurrent use. Keys, algorithm and TTLs are fixed at Open;
// the user table is guarded by mu.
type Store struct {
	dir        string // <data_dir>/_auth
	log        *slog.Logger
	now        func() time.Time
	rand       io.Reader
	gate       checkGate
	argon      argonParams
	cfg        jwtConfig
	codec      *tokenCodec
	jwks       []byte
	peerToken  string
	dummyOnce  sync.Once
	dummyHash  string
	dummyError error

	mu      sync.RWMutex
	users   map[userKey]*userEntry
	files   map[string]userKey // file name → owner, for collisions
	dropped map[userKey]int64  // last second a dropped incarnation's tokens may carry as iat
}

// Open opens (or creates) the auth store under opts.DataDir/_auth, in the
// order of §5.3 and §5.5:
//
//  1. jwt/config.json present: its algorithm and TTLs are used and the
//     keys (or secret.key) loaded. Absent while users/ holds a record:
//     ErrUnsupportedFormat, and nothing is written. Absent otherwise: a
//     fresh store.
//  2. All users/*.json are loaded; unreadable ones are skipped with a
//     warning.
//  3. If no user holds server_admin, a bootstrap password is needed
//     (ErrBootstrapRefused without one, checked before anything is
//     written); an existing _system/admin without server_admin is
//     `user already exists: _system/admin`.
//  4. A fresh store writes its keys (or secret.key), then config.json last.
//  5. _system/admin is created if needed, then the built-in
//     _cluster/local-bootstrap user if absent, and a 365-day access token
//     for it is written to jwt/cluster_peer.token.
//
// Secret files with group/other permission bits are tightened to owner
// only, with a warning.
func Open(opts Options) (*Store, error) {
	if opts.DataDir == "" {
		return nil, fmt.Errorf("auth: no data directory")
	}
	s := &Store{
		dir:     filepath.Join(opts.DataDir, AuthDirName),
		log:     opts.Logger,
		now:     opts.Now,
		rand:    opts.Rand,
		users:   map[userKey]*userEntry{},
		files:   map[string]userKey{},
		dropped: map[userKey]int64{},
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.rand == nil {
		s.rand = rand.Reader
	}
	n := opts.MaxConcurrentChecks
	if n <= 0 {
		n = runtime.NumCPU()
	}
	s.gate = newCheckGate(n)
	s.argon = opts.argon
	if s.argon == (argonParams{}) {
		s.argon = defaultArgon()
	}

	cfgData, err := os.ReadFile(s.path(jwtDirName, configName))
	fresh := os.IsNotExist(err)
	if err != nil && !fresh {
		return nil, err
	}
	if fresh {
		if has, err := s.hasUserRecords(); err != nil {
			return nil, err
		} else if has {
			return nil, fmt.Errorf("%w: %s holds user records but jwt/config.json is missing (written by another GrumpyDB storage format)",
				ErrUnsupportedFormat, s.path(usersDirName))
		}
	} else {
		if s.cfg, err = decodeJWTConfig(cfgData); err != nil {
			return nil, err
		}
		if err := s.loadUsers(); err != nil {
			return nil, err
		}
	}
	needAdmin, err := s.checkBootstrap(opts.BootstrapPassword)
	if err != nil {
		return nil, err
	}
	if fresh {
		err = s.create(opts)
	} else {
		err = s.loadKeys()
	}
	if err != nil {
		return nil, err
	}
	if needAdmin {
		if err := s.createAdmin(opts.BootstrapPassword); err != nil {
			return nil, err
		}
	}
	if err := s.ensureClusterPeer(); err != nil {
		return nil, err
	}
	return s, nil
}

// path joins elements under the store directory.
func (s *Store) path(elem ...string) string {
	return filepath.Join(append([]string{s.dir}, elem...)...)
}

// hasUserRecords reports whether users/ holds any *.json file.
func (s *Store) hasUserRecords() (bool, error) {
	entries, err := os.ReadDir(s.path(usersDirName))
	if os.IsNotExist(err) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".json") {
			return true, nil
		}
	}
	return false, nil
}

// create lays out a fresh store: directories, keys or secret, then
// config.json last, so an interrupted first start is simply redone.
func (s *Store) create(opts Options) error {
	cfg := jwtConfig{
		Algorithm:      normaliseAlgorithm(opts.Algorithm),
		AccessTTLSecs:  opts.AccessTTLSecs,
		RefreshTTLSecs: opts.RefreshTTLSecs,
	}
	if cfg.AccessTTLSecs <= 0 {
		cfg.AccessTTLSecs = DefaultAccessTTLSecs
	}
	if cfg.RefreshTTLSecs <= 0 {
		cfg.RefreshTTLSecs = DefaultRefreshTTLSecs
	}
	keysDir := s.path(jwtDirName, keysDirName)
	for _, d := range []string{s.path(usersDirName), keysDir} {
		if err := mkdirDurable(d); err != nil {
			return err
		}
	}
	for _, d := range []string{s.path(jwtDirName), keysDir} {
		if err := removeStaleTemps(d, s.log); err != nil {
			return err
		}
	}
	if cfg.Algorithm == AlgorithmHS256 {
		secret := make([]byte, secretKeyLen)
		if _, err := io.ReadFull(s.rand, secret); err != nil {
			return fmt.Errorf("auth: generating secret.key: %w", err)
		}
		if err := writeFileAtomic(s.dir, secretKeyName, secret, secretMode); err != nil {
			return err
		}
		s.codec = newHS256Codec(secret)
	} else {
		gen := opts.newKey
		if gen == nil {
			gen = func() (keyPair, error) { return generateKeyPair(s.rand) }
		}
		current, err := gen()
		if err != nil {
			return err
		}
		next, err := gen()
		if err != nil {
			return err
		}
		for _, k := range []keyPair{current, next} {
			if err := writeKeyPair(keysDir, k); err != nil {
				return err
			}
		}
		cfg.CurrentKid, cfg.NextKid = current.kid, next.kid
		s.codec = newRS256Codec(current, next)
	}
	data, err := cfg.encode()
	if err != nil {
		return err
	}
	if err := writeFileAtomic(s.path(jwtDirName), configName, data, publicMode); err != nil {
		return err
	}
	s.cfg = cfg
	return s.buildJWKS()
}

// loadKeys reads the signing material named by config.json.
func (s *Store) loadKeys() error {
	for _, d := range []string{s.path(jwtDirName), s.path(jwtDirName, keysDirName)} {
		if err := removeStaleTemps(d, s.log); err != nil {
			return err
		}
	}
	if err := mkdirDurable(s.path(usersDirName)); err != nil {
		return err
	}
	if s.cfg.Algorithm == AlgorithmHS256 {
		secret, err := readSecretFile(s.path(secretKeyName), s.log)
		if err != nil {
			return fmt.Errorf("auth: HS256 store: %w", err)
		}
		if len(secret) != secretKeyLen {
			return fmt.Errorf("%w: %d (expected %d)", ErrSecretKeyLength, len(secret), secretKeyLen)
		}
		s.codec = newHS256Codec(secret)
		return s.buildJWKS()
	}
	keysDir := s.path(jwtDirName, keysDirName)
	current, err := loadKeyPair(keysDir, s.cfg.CurrentKid, s.log)
	if err != nil {
		return err
	}
	next, err := loadKeyPair(keysDir, s.cfg.NextKid, s.log)
	if err != nil {
		return err
	}
	s.codec = newRS256Codec(current, next)
	return s.buildJWKS()
}

func (s *Store) buildJWKS() error {
	var pairs []keyPair
	if s.codec.algorithm == AlgorithmRS256 {
		pairs = []keyPair{s.codec.current, s.codec.next}
	}
	var err error
	s.jwks, err = encodeJWKS(pairs)
	return err
}

// loadUsers reads every users/*.json in name order. Unreadable records
// are skipped with a warning; a second record for an already loaded
// (tenant, user) is skipped likewise.
func (s *Store) loadUsers() error {
	dir := s.path(usersDirName)
	if err := removeStaleTemps(dir, s.log); err != nil {
		return err
	}
	entries, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		return err
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
	for _, e := range entries {
		name := e.Name()
		if !e.Type().IsRegular() || !strings.HasSuffix(name, ".json") {
			continue
		}
		path := filepath.Join(dir, name)
		data, err := readSecretFile(path, s.log)
		if err != nil {
			s.log.Warn("skipping unreadable user record", "path", path, "error", err)
			continue
		}
		u, err := decodeUser(data)
		if err != nil {
			s.log.Warn("skipping unparseable user record", "path", path, "error", err)
			continue
		}
		k := userKey{u.Tenant, u.Username}
		if _, dup := s.users[k]; dup {
			s.log.Warn("skipping duplicate user record", "path", path, "tenant", u.Tenant, "user", u.Username)
			continue
		}
		s.users[k] = &userEntry{user: u, file: name}
		s.files[name] = k
		if want := userFileName(u.Tenant, u.Username); want != name {
			s.files[want] = k
		}
	}
	return nil
}

// JWKS is the body of GET /.well-known/jwks.json (§5.3), compact JSON.
func (s *Store) JWKS() []byte { return append([]byte(nil), s.jwks...) }

// Algorithm is the recorded algorithm, AlgorithmRS256 or AlgorithmHS256.
func (s *Store) Algorithm() string { return s.cfg.Algorithm }

// AccessTTL and RefreshTTL are the recorded token lifetimes.
func (s *Store) AccessTTL() time.Duration { return time.Duration(s.cfg.AccessTTLSecs) * time.Second }

// RefreshTTL is the recorded refresh-token lifetime.
func (s *Store) RefreshTTL() time.Duration { return time.Duration(s.cfg.RefreshTTLSecs) * time.Second }

// Dir is <data_dir>/_auth.
func (s *Store) Dir() string { return s.dir }

package config

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/grumpydb/grumpydb/server/internal/config/atomicfile"
)

// CurrentIdentityVersion is the highest identity_version this server reads
// and the one it writes (§9.4).
const CurrentIdentityVersion = 1

// NodeIdentity is the content of <data_dir>/_cluster/node.json (§9.4).
type NodeIdentity struct {
	// NodeID names this node; a UUID when this package created it.
	NodeID string `json:"node_id"`
	// ClusterID is a UUID (v4 when this package created it), as written.
	ClusterID string `json:"cluster_id"`
	// CreatedAtUnix is the creation time in unix seconds.
	CreatedAtUnix int64 `json:"created_at_unix"`
	// IdentityVersion is 1 (an absent member reads as 1).
	IdentityVersion int64 `json:"identity_version"`
}

// NodeIdentityPath is <dataDir>/_cluster/node.json.
func NodeIdentityPath(dataDir string) string {
	return filepath.Join(dataDir, "_cluster", "node.json")
}

// NewNodeIdentity makes an identity with a fresh random node_id, the given
// cluster ID (canonicalised; "" for a fresh random one) and created_at_unix
// from now. An unparseable clusterID is an error wrapping ErrInvalidUUID.
func NewNodeIdentity(clusterID string, now time.Time) (*NodeIdentity, error) {
	if clusterID == "" {
		clusterID = NewUUIDv4()
	} else {
		c, err := ParseUUID(clusterID)
		if err != nil {
			return nil, err
		}
		clusterID = c
	}
	return &NodeIdentity{
		NodeID:          NewUUIDv4(),
		ClusterID:       clusterID,
		CreatedAtUnix:   now.Unix(),
		IdentityVersion: CurrentIdentityVersion,
	}, nil
}

// Marshal renders the identity as pretty JSON (two-space indent, members
// in the order node_id, cluster_id, created_at_unix, identity_version) with
// a final newline.
func (id *NodeIdentity) Marshal() []byte {
	b, _ := json.MarshalIndent(id, "", "  ") // four plain fields: cannot fail
	return append(b, '\n')
}

// ParseNodeIdentity decodes and validates node.json. Members: node_id a
// non-empty string, cluster_id a string holding a UUID, created_at_unix an
// integer, identity_version an integer ≤ 1 (absent = 1). Unknown members
// are ignored. Failures wrap ErrMalformedIdentity (`malformed node.json:
// …`) or ErrIdentityVersion (`unknown identity version N; this server
// requires <= 1`).
func ParseNodeIdentity(data []byte) (*NodeIdentity, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var m map[string]json.RawMessage
	if err := dec.Decode(&m); err != nil {
		return nil, malformed("%s", jsonErrText(err))
	}
	if dec.More() {
		return nil, malformed("unexpected data after the JSON object")
	}
	if m == nil {
		return nil, malformed("expected a JSON object")
	}
	id := &NodeIdentity{IdentityVersion: CurrentIdentityVersion}
	var err error
	if id.NodeID, err = stringMember(m, "node_id"); err != nil {
		return nil, err
	}
	if id.NodeID == "" {
		return nil, malformed("node_id is empty")
	}
	if id.ClusterID, err = stringMember(m, "cluster_id"); err != nil {
		return nil, err
	}
	if _, err := ParseUUID(id.ClusterID); err != nil {
		return nil, malformed("cluster_id: %v", err)
	}
	if id.CreatedAtUnix, err = intMember(m, "created_at_unix"); err != nil {
		return nil, err
	}
	if _, present := m["identity_version"]; present {
		if id.IdentityVersion, err = intMember(m, "identity_version"); err != nil {
			return nil, err
		}
	}
	if id.IdentityVersion > CurrentIdentityVersion {
		return nil, fmt.Errorf("%w %d; this server requires <= %d",
			ErrIdentityVersion, id.IdentityVersion, CurrentIdentityVersion)
	}
	return id, nil
}

func malformed(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrMalformedIdentity, fmt.Sprintf(format, args...))
}

func jsonErrText(err error) string {
	var te *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.EOF):
		return "empty file"
	case errors.As(err, &te):
		return "expected a JSON object"
	}
	return err.Error()
}

func stringMember(m map[string]json.RawMessage, name string) (string, error) {
	raw, ok := m[name]
	if !ok {
		return "", malformed("missing %s", name)
	}
	var s string
	if len(raw) == 0 || raw[0] != '"' || json.Unmarshal(raw, &s) != nil {
		return "", malformed("%s must be a string", name)
	}
	return s, nil
}

// intMember reads an integer member written as a JSON number without
// fraction or exponent.
func intMember(m map[string]json.RawMessage, name string) (int64, error) {
	raw, ok := m[name]
	if !ok {
		return 0, malformed("missing %s", name)
	}
	v, err := strconv.ParseInt(string(raw), 10, 64)
	if err != nil {
		return 0, malformed("%s must be an integer, got %s", name, truncate(string(raw), 40))
	}
	return v, nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "") + "…"
}

// ReadNodeIdentity reads and validates <dataDir>/_cluster/node.json. A
// missing file is an error wrapping fs.ErrNotExist.
func ReadNodeIdentity(dataDir string) (*NodeIdentity, error) {
	path := NodeIdentityPath(dataDir)
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("node identity: %w", err)
	}
	return ParseNodeIdentity(data)
}

// CreateNodeIdentity writes id to <dataDir>/_cluster/node.json atomically
// with mode 0644 (§7.3), creating _cluster (0755) if needed. It never
// replaces an existing file: then the error wraps ErrIdentityExists and
// reads `identity already exists at <path> — refusing to overwrite`.
func CreateNodeIdentity(dataDir string, id *NodeIdentity) error {
	path := NodeIdentityPath(dataDir)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("node identity: %w", err)
	}
	err := atomicfile.CreateFile(path, id.Marshal(), 0o644)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%w at %s — refusing to overwrite", ErrIdentityExists, path)
	}
	if err != nil {
		return fmt.Errorf("node identity: %w", err)
	}
	return nil
}

// LoadOrCreateNodeIdentity is the startup step of §9.3: it reads node.json
// and, when there is none, creates one with new random IDs. created reports
// which happened.
func LoadOrCreateNodeIdentity(dataDir string, now time.Time) (id *NodeIdentity, created bool, err error) {
	id, err = ReadNodeIdentity(dataDir)
	if err == nil || !errors.Is(err, fs.ErrNotExist) {
		return id, false, err
	}
	if id, err = NewNodeIdentity("", now); err != nil {
		return nil, false, err
	}
	if err = CreateNodeIdentity(dataDir, id); err != nil {
		return nil, false, err
	}
	return id, true, nil
}

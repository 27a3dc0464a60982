package auth

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// Algorithm names as recorded in jwt/config.json.
const (
	AlgorithmRS256 = "rs256"
	AlgorithmHS256 = "hs256"
)

// Default token lifetimes (§5.2), used when config.json is created.
const (
	DefaultAccessTTLSecs  int64 = 3600
	DefaultRefreshTTLSecs int64 = 604800
)

// jwtConfig is jwt/config.json (§5.3). Field order is the file's member
// order. The kids are present for RS256 only.
type jwtConfig struct {
	Algorithm      string `json:"algorithm"`
	CurrentKid     string `json:"current_kid,omitempty"`
	NextKid        string `json:"next_kid,omitempty"`
	AccessTTLSecs  int64  `json:"access_ttl_secs"`
	RefreshTTLSecs int64  `json:"refresh_ttl_secs"`
}

// normaliseAlgorithm maps the TOML setting to a recorded algorithm:
// "hs256" in any case is HS256, everything else RS256 (§5.2).
func normaliseAlgorithm(s string) string {
	if strings.EqualFold(s, AlgorithmHS256) {
		return AlgorithmHS256
	}
	return AlgorithmRS256
}

// encode renders the file: pretty JSON (two-space indent) and a final
// newline.
func (c jwtConfig) encode() ([]byte, error) {
	b, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// decodeJWTConfig parses and validates config.json. Anything this format
// did not write is ErrUnsupportedFormat.
func decodeJWTConfig(data []byte) (jwtConfig, error) {
	bad := func(why string) (jwtConfig, error) {
		return jwtConfig{}, fmt.Errorf("%w: jwt/config.json: %s", ErrUnsupportedFormat, why)
	}
	var c jwtConfig
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&c); err != nil {
		return bad(err.Error())
	}
	if dec.More() {
		return bad("trailing data")
	}
	switch c.Algorithm {
	case AlgorithmRS256:
		if !validKid(c.CurrentKid) || !validKid(c.NextKid) {
			return bad("current_kid and next_kid must be 16 lower-case hex digits")
		}
	case AlgorithmHS256:
	default:
		return bad(fmt.Sprintf("unknown algorithm %q", c.Algorithm))
	}
	if c.AccessTTLSecs <= 0 || c.RefreshTTLSecs <= 0 {
		return bad("token lifetimes must be positive")
	}
	return c, nil
}

package auth

import (
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"io"
	"strconv"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Argon2id parameters of PROTOCOL.md §5.4 for new hashes.
const (
	argonMemoryKiB = 19456
	argonTime      = 2
	argonThreads   = 1
	argonKeyLen    = 32
	argonSaltLen   = 16
)

// Bounds on parameters read from a stored hash: verification honours the
// stored parameters, but a corrupt or hostile record must not make one
// check take unbounded memory or time.
const (
	maxMemoryKiB = 1 << 20 // 1 GiB
	maxTime      = 64
	minKeyLen    = 4
	maxKeyLen    = 1024
	minSaltLen   = 8
	maxSaltLen   = 1024
)

// argonParams are the cost parameters of a new hash.
type argonParams struct {
	memoryKiB uint32
	time      uint32
	threads   uint8
}

// defaultArgon is §5.4's parameter set, used by every store outside this
// package's tests.
func defaultArgon() argonParams {
	return argonParams{memoryKiB: argonMemoryKiB, time: argonTime, threads: argonThreads}
}

// phcHash is a parsed `$argon2id$v=19$m=..,t=..,p=..$<salt>$<hash>`.
type phcHash struct {
	memory  uint32
	time    uint32
	threads uint8
	salt    []byte
	key     []byte
}

// HashPassword hashes password with argon2id (v19, m=19456 KiB, t=2, p=1,
// 16-byte random salt from rnd, 32-byte hash) and returns the PHC string
// `$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>` (standard base64 without
// padding). It costs about 19 MiB; callers bound how many run at once.
func HashPassword(password string, rnd io.Reader) (string, error) {
	return hashWith(defaultArgon(), password, rnd)
}

func hashWith(p argonParams, password string, rnd io.Reader) (string, error) {
	salt := make([]byte, argonSaltLen)
	if _, err := io.ReadFull(rnd, salt); err != nil {
		return "", fmt.Errorf("auth: reading salt: %w", err)
	}
	key := argon2.IDKey([]byte(password), salt, p.time, p.memoryKiB, p.threads, argonKeyLen)
	return formatPHC(phcHash{p.memoryKiB, p.time, p.threads, salt, key}), nil
}

// VerifyPassword reports whether password matches the PHC string phc,
// recomputing the hash with the parameters stored in phc and comparing in
// constant time. A string that is not a usable argon2id v19 hash returns
// ErrInvalidHash.
func VerifyPassword(password, phc string) (bool, error) {
	h, err := parsePHC(phc)
	if err != nil {
		return false, err
	}
	got := argon2.IDKey([]byte(password), h.salt, h.time, h.memory, h.threads, uint32(len(h.key)))
	return subtle.ConstantTimeCompare(got, h.key) == 1, nil
}

func formatPHC(h phcHash) string {
	enc := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, h.memory, h.time, h.threads, enc.EncodeToString(h.salt), enc.EncodeToString(h.key))
}

// parsePHC reads an argon2id PHC string, refusing anything it could not
// verify safely (other variants or versions, parameters out of bounds,
// bad base64).
func parsePHC(s string) (phcHash, error) {
	bad := func(why string) (phcHash, error) {
		return phcHash{}, fmt.Errorf("%w: %s", ErrInvalidHash, why)
	}
	parts := strings.Split(s, "$")
	if len(parts) != 6 || parts[0] != "" {
		return bad("not a PHC string")
	}
	if parts[1] != "argon2id" {
		return bad("not argon2id")
	}
	if parts[2] != "v="+strconv.Itoa(argon2.Version) {
		return bad("unsupported version")
	}
	var h phcHash
	params := strings.Split(parts[3], ",")
	if len(params) != 3 {
		return bad("parameters must be m,t,p")
	}
	for i, name := range []string{"m", "t", "p"} {
		v, ok := strings.CutPrefix(params[i], name+"=")
		if !ok {
			return bad("parameters must be m,t,p")
		}
		n, err := strconv.ParseUint(v, 10, 32)
		if err != nil {
			return bad("parameter " + name + " is not a number")
		}
		switch name {
		case "m":
			h.memory = uint32(n)
		case "t":
			h.time = uint32(n)
		case "p":
			if n < 1 || n > 255 {
				return bad("parallelism out of range")
			}
			h.threads = uint8(n)
		}
	}
	if h.time < 1 || h.time > maxTime {
		return bad("time cost out of range")
	}
	if h.memory < 8*uint32(h.threads) || h.memory > maxMemoryKiB {
		return bad("memory cost out of range")
	}
	var err error
	if h.salt, err = base64.RawStdEncoding.Strict().DecodeString(parts[4]); err != nil {
		return bad("salt is not base64")
	}
	if h.key, err = base64.RawStdEncoding.Strict().DecodeString(parts[5]); err != nil {
		return bad("hash is not base64")
	}
	if len(h.salt) < minSaltLen || len(h.salt) > maxSaltLen {
		return bad("salt length out of range")
	}
	if len(h.key) < minKeyLen || len(h.key) > maxKeyLen {
		return bad("hash length out of range")
	}
	return h, nil
}

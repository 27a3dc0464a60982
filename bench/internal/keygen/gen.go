package keygen

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"

	"github.com/google/uuid"
)

// ErrDuplicateKey means two UUIDs drawn from one seed collided (which, at
// 122 random bits, signals a broken generator rather than bad luck).
var ErrDuplicateKey = errors.New("keygen: duplicate key drawn")

// Seed returns the 32-byte ChaCha8 seed of a 64-bit workload seed: the seed
// in little-endian order, then 24 zero bytes.
func Seed(seed uint64) [32]byte {
	var s [32]byte
	binary.LittleEndian.PutUint64(s[:8], seed)
	return s
}

// Gen is a deterministic generator for one seed. Its UUID and integer draws
// come from the same ChaCha8 stream, in call order. A Gen is not safe for
// concurrent use.
type Gen struct {
	src *rand.ChaCha8
	r   *rand.Rand
}

// New returns the generator of seed.
func New(seed uint64) *Gen {
	src := rand.NewChaCha8(Seed(seed))
	return &Gen{src: src, r: rand.New(src)}
}

// UUID draws a random version-4 UUID: 16 bytes from the stream, then the
// version nibble set to 4 and the variant bits to 10.
func (g *Gen) UUID() uuid.UUID {
	var u uuid.UUID
	// ChaCha8.Read never fails.
	_, _ = g.src.Read(u[:])
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
	return u
}

// IntN draws an int uniformly from [0, n); n must be positive.
func (g *Gen) IntN(n int) int { return g.r.IntN(n) }

// Rand returns the math/rand/v2 view of the stream (for Shuffle and the
// like); its draws interleave with the Gen's own.
func (g *Gen) Rand() *rand.Rand { return g.r }

// Keys draws the next n UUIDs. It fails with ErrDuplicateKey if two of
// them collide.
func (g *Gen) Keys(n int) ([]uuid.UUID, error) {
	keys := make([]uuid.UUID, n)
	seen := make(map[uuid.UUID]struct{}, n)
	for i := range keys {
		k := g.UUID()
		if _, dup := seen[k]; dup {
			return nil, fmt.Errorf("%w: key %d of %d", ErrDuplicateKey, i, n)
		}
		seen[k] = struct{}{}
		keys[i] = k
	}
	return keys, nil
}

// UUIDs returns the first n UUIDs of seed, the keys of documents 0 … n−1 of
// a data set with that key seed. It fails with ErrDuplicateKey if two
// collide.
func UUIDs(seed uint64, n int) ([]uuid.UUID, error) {
	keys, err := New(seed).Keys(n)
	if err != nil {
		return nil, fmt.Errorf("seed %#x: %w", seed, err)
	}
	return keys, nil
}

// Picks draws n indices uniformly from [0, m) with replacement, from seed.
func Picks(seed uint64, n, m int) []int {
	g := New(seed)
	out := make([]int, n)
	for i := range out {
		out[i] = g.IntN(m)
	}
	return out
}

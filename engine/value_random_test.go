package engine

import (
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/google/uuid"
)

// valueTestSeed returns the seed of a randomised test: GRUMPY_SEED if set, else
// the clock. It is logged so a failure can be replayed.
func valueTestSeed(t testing.TB) uint64 {
	t.Helper()
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("GRUMPY_SEED"); s != "" {
		n, err := strconv.ParseUint(s, 0, 64)
		if err != nil {
			t.Fatalf("bad GRUMPY_SEED %q: %v", s, err)
		}
		seed = n
	}
	t.Logf("seed %d (replay with GRUMPY_SEED=%d)", seed, seed)
	return seed
}

// valueLongTests reports whether GRUMPY_LONG=1 asks for longer randomised runs.
func valueLongTests() bool { return os.Getenv("GRUMPY_LONG") == "1" }

// iterations scales a randomised test's iteration count.
func valueIterations(n int) int {
	if valueLongTests() {
		return n * 20
	}
	if testing.Short() {
		return n / 10
	}
	return n
}

// valueGenOptions says which kinds a generated value may contain.
type valueGenOptions struct {
	noBytes bool // no bytes values (JSON turns them into strings)
	maxLen  int  // most elements or fields per composite
}

// interesting integers and floats, edges of the number order.
var (
	valueEdgeInts = []int64{0, 1, -1, 2, 30, math.MaxInt64, math.MinInt64, math.MaxInt64 - 1, math.MinInt64 + 1,
		1 << 53, 1<<53 + 1, 1<<53 - 1, -(1 << 53), -(1 << 53) - 1, 1 << 62, 1<<62 + 1, -(1 << 62) - 1, 1<<63 - 1024, 1<<63 - 1023}
	valueEdgeFloats = []float64{0, math.Copysign(0, -1), 1, -1, 0.5, 30, 1e16, 1e15, 1e-5, 1e-6, 1.5e-7, 12.34,
		math.MaxFloat64, -math.MaxFloat64, math.SmallestNonzeroFloat64, -math.SmallestNonzeroFloat64,
		1 << 53, 1<<53 + 2, 1 << 63, -(1 << 63), 1 << 64, 9007199254740992.5 * 2, 0.1, 1.8446744073709552e19, 123456789012345678}
	valueGenStrings = []string{"", "a", "ab", "abc", "b", "a\x00", "a\x00b", "\x00", "\x00\x00", "é", "日本",
		"\u2028", "\"", "\\", "<&>", "\x7f", "\x01\x1f", "\t\n", "$ref", "collection", "uuid", "😀", "a\xffb"}
	valueGenKeys = []string{"", "a", "b", "ab", "name", "age", "$ref", "collection", "uuid", "x\x00", "é", "0", "1"}
)

// genRandomValue returns a random value of depth at most depth.
func genRandomValue(r *rand.Rand, depth int, o valueGenOptions) Value {
	if o.maxLen == 0 {
		o.maxLen = 4
	}
	k := r.IntN(12)
	if depth <= 0 && k >= 9 {
		k = r.IntN(9)
	}
	switch k {
	case 0:
		return Null()
	case 1:
		return Bool(r.IntN(2) == 0)
	case 2:
		return Int(genRandomInt(r))
	case 3:
		return Float(genRandomFloat(r))
	case 4, 5:
		return String(genRandomString(r))
	case 6:
		if o.noBytes {
			return Int(genRandomInt(r))
		}
		return Bytes([]byte(genRandomString(r)))
	case 7:
		var id uuid.UUID
		for i := range id {
			id[i] = byte(r.IntN(3))
		}
		return Ref([]string{"a", "ab", "b", "users", "_default", "a0"}[r.IntN(6)], id)
	case 8:
		return Int(int64(r.IntN(5)) - 2) // small numbers collide often
	case 9:
		n := r.IntN(o.maxLen + 1)
		vs := make([]Value, n)
		for i := range vs {
			vs[i] = genRandomValue(r, depth-1, o)
		}
		return Array(vs...)
	default:
		n := r.IntN(o.maxLen + 1)
		fs := make([]Field, n)
		for i := range fs {
			fs[i] = Field{Key: valueGenKeys[r.IntN(len(valueGenKeys))], Value: genRandomValue(r, depth-1, o)}
		}
		return Object(fs...)
	}
}

func genRandomInt(r *rand.Rand) int64 {
	switch r.IntN(4) {
	case 0:
		return valueEdgeInts[r.IntN(len(valueEdgeInts))]
	case 1:
		return int64(r.Uint64())
	case 2:
		return valueEdgeInts[r.IntN(len(valueEdgeInts))] + int64(r.IntN(5)) - 2
	}
	return int64(r.IntN(2000)) - 1000
}

func genRandomFloat(r *rand.Rand) float64 {
	switch r.IntN(5) {
	case 0:
		return valueEdgeFloats[r.IntN(len(valueEdgeFloats))]
	case 1:
		f := math.Float64frombits(r.Uint64())
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return 0.25
		}
		return f
	case 2:
		return float64(genRandomInt(r)) // integral floats meet ints
	case 3:
		return math.Nextafter(float64(genRandomInt(r)), math.Inf(2*r.IntN(2)-1))
	}
	return (r.Float64() - 0.5) * math.Pow(10, float64(r.IntN(40)-20))
}

func genRandomString(r *rand.Rand) string {
	if r.IntN(3) == 0 {
		n := r.IntN(8)
		b := make([]rune, n)
		for i := range b {
			b[i] = []rune{0, 1, 'a', 'b', 0x7f, 0xe9, 0x2028, 0x10000, 0xfffd, '"', '\\'}[r.IntN(11)]
		}
		return string(b)
	}
	return valueGenStrings[r.IntN(len(valueGenStrings)-1)] // the last one is invalid UTF-8
}

// identicalValues reports whether a and b are the same value with the same kinds
// throughout (30 and 30.0 differ, so do 0.0 and -0.0), unlike Equal.
func identicalValues(a, b Value) bool {
	if a.kind != b.kind {
		return false
	}
	switch a.kind {
	case KindArray:
		ae, be := a.Elems(), b.Elems()
		if len(ae) != len(be) {
			return false
		}
		for i := range ae {
			if !identicalValues(ae[i], be[i]) {
				return false
			}
		}
		return true
	case KindObject:
		af, bf := a.Fields(), b.Fields()
		if len(af) != len(bf) {
			return false
		}
		for i := range af {
			if af[i].Key != bf[i].Key || !identicalValues(af[i].Value, bf[i].Value) {
				return false
			}
		}
		return true
	case KindString, KindBytes, KindRef:
		return a.str() == b.str()
	}
	return a.num == b.num
}

// valueFromFuzz builds a value from fuzz bytes, consuming them as choices.
// It is total: every input gives some valid value.
func valueFromFuzz(b []byte) (Value, []byte) {
	return fuzzBuildValue(b, 4)
}

func fuzzBuildValue(b []byte, depth int) (Value, []byte) {
	if len(b) == 0 {
		return Null(), b
	}
	c := b[0]
	b = b[1:]
	take := func(n int) []byte {
		if n > len(b) {
			n = len(b)
		}
		x := b[:n]
		b = b[n:]
		return x
	}
	switch c % 11 {
	case 0:
		return Null(), b
	case 1:
		return Bool(c&0x10 != 0), b
	case 2:
		var u uint64
		for _, x := range take(int(c>>4) % 9) {
			u = u<<8 | uint64(x)
		}
		if c&0x80 != 0 {
			return Int(valueEdgeInts[int(u%uint64(len(valueEdgeInts)))] + int64(c>>4&3) - 1), b
		}
		return Int(int64(u)), b
	case 3:
		var u uint64
		for _, x := range take(8) {
			u = u<<8 | uint64(x)
		}
		f := math.Float64frombits(u)
		if math.IsNaN(f) || math.IsInf(f, 0) || c&0x80 != 0 {
			f = valueEdgeFloats[int(u%uint64(len(valueEdgeFloats)))]
		}
		return Float(f), b
	case 4:
		var u uint64
		for _, x := range take(3) {
			u = u<<8 | uint64(x)
		}
		return Float(float64(int64(u) - 1<<22)), b
	case 5, 6:
		s := take(int(c>>4) % 6)
		if c%11 == 6 {
			return Bytes(s), b
		}
		return String(string(s)), b // may be invalid UTF-8: ordering still holds
	case 7:
		var id uuid.UUID
		copy(id[:], take(2))
		return Ref(string("abc"[:1+int(c>>4)%3]), id), b
	case 8, 9:
		if depth == 0 {
			return Int(int64(c)), b
		}
		n := int(c>>4) % 4
		if c%11 == 8 {
			vs := make([]Value, n)
			for i := range vs {
				vs[i], b = fuzzBuildValue(b, depth-1)
			}
			return Array(vs...), b
		}
		fs := make([]Field, n)
		for i := range fs {
			fs[i].Key = string(take(int(c>>6) % 3))
			fs[i].Value, b = fuzzBuildValue(b, depth-1)
		}
		return Object(fs...), b
	}
	return String(string(take(2))), b
}

package engine

import (
	"bytes"
	"encoding/hex"
	"errors"
	"math"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"

	"github.com/google/uuid"
)

func mustDecodeHex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestEncodingGolden(t *testing.T) {
	id := uuid.MustParse("00010203-0405-0607-0809-0a0b0c0d0e0f")
	tests := []struct {
		v   Value
		hex string
	}{
		{Null(), "01 00"},
		{Bool(false), "01 01"},
		{Bool(true), "01 02"},
		{Int(0), "01 03 00"},
		{Int(-1), "01 03 01"},
		{Int(1), "01 03 02"},
		{Int(300), "01 03 d804"},
		{Int(math.MaxInt64), "01 03 feffffffffffffffff01"},
		{Int(math.MinInt64), "01 03 ffffffffffffffffff01"},
		{Float(1.5), "01 04 000000000000f83f"},
		{Float(math.Copysign(0, -1)), "01 04 0000000000000080"},
		{String(""), "01 05 00"},
		{String("hé"), "01 05 03 68c3a9"},
		{Bytes([]byte{0xff, 0}), "01 06 02 ff00"},
		{Array(), "01 07 00"},
		{Array(Int(1), Null()), "01 07 02 0302 00"},
		{Object(), "01 08 00"},
		{Object(Field{"b", Int(1)}, Field{"a", Array(Bool(true))}), "01 08 02 0162 0302 0161 07 01 02"},
		{Ref("ab", id), "01 09 02 6162 000102030405060708090a0b0c0d0e0f"},
	}
	for _, tc := range tests {
		want := mustDecodeHex(t, tc.hex)
		got := AppendEncoded(nil, tc.v)
		if !bytes.Equal(got, want) {
			t.Errorf("AppendEncoded(%s) = % x, want % x", tc.v, got, want)
		}
		if n := encodedSize(tc.v); n != len(want) {
			t.Errorf("encodedSize(%s) = %d, want %d", tc.v, n, len(want))
		}
		back, err := DecodeValue(want)
		if err != nil || !identicalValues(back, tc.v) {
			t.Errorf("DecodeValue(% x) = %s, %v; want %s", want, back, err, tc.v)
		}
	}
}

func TestAppendEncodedAppends(t *testing.T) {
	got := AppendEncoded([]byte("xy"), Int(1))
	if string(got) != "xy\x01\x03\x02" {
		t.Fatalf("AppendEncoded with a prefix = %q", got)
	}
}

func TestDecodeCorrupt(t *testing.T) {
	nan := "01 04 " + hex.EncodeToString(le64bytes(math.Float64bits(math.NaN())))
	inf := "01 04 " + hex.EncodeToString(le64bytes(math.Float64bits(math.Inf(-1))))
	deep := "01" + strings.Repeat("0701", 129) + "00"
	tests := []struct{ name, hex string }{
		{"empty", ""},
		{"format byte", "02 00"},
		{"format byte zero", "00 00"},
		{"no value", "01"},
		{"unknown tag", "01 0a"},
		{"unknown tag high", "01 ff"},
		{"trailing bytes", "01 00 00"},
		{"trailing after array", "01 07 01 00 00"},
		{"truncated varint", "01 03 80"},
		{"non-minimal varint", "01 03 8000"},
		{"non-minimal varint long", "01 03 ff80808000"},
		{"varint overflow 10th byte", "01 03 ffffffffffffffffff02"},
		{"varint overflow 11 bytes", "01 03 ffffffffffffffffffff01"},
		{"truncated float", "01 04 0000"},
		{"NaN", nan},
		{"infinity", inf},
		{"string past end", "01 05 05 61"},
		{"string huge length", "01 05 ffffffffffffffff7f"},
		{"string bad UTF-8", "01 05 01 ff"},
		{"string surrogate", "01 05 03 eda080"},
		{"bytes past end", "01 06 02 ff"},
		{"array huge count", "01 07 ffffffff0f 00"},
		{"array count past end", "01 07 03 00 00"},
		{"object count past end", "01 08 02 0161 00"},
		{"object key past end", "01 08 01 05 61"},
		{"object key bad UTF-8", "01 08 01 01ff 00"},
		{"object missing value", "01 08 01 0161"},
		{"object repeated key", "01 08 02 0161 00 0161 00"},
		{"ref past end", "01 09 01 61 000102030405060708090a0b0c0d0e"},
		{"ref bad name", "01 09 01 41 000102030405060708090a0b0c0d0e0f"},
		{"ref empty name", "01 09 00 000102030405060708090a0b0c0d0e0f"},
		{"depth 129", deep},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v, err := DecodeValue(mustDecodeHex(t, tc.hex))
			if err == nil || !errors.Is(err, ErrCorrupt) {
				t.Fatalf("DecodeValue = %s, %v; want an ErrCorrupt error", v, err)
			}
			if !strings.HasPrefix(err.Error(), "engine: data corrupt: ") {
				t.Errorf("error text %q", err)
			}
		})
	}
}

func le64bytes(u uint64) []byte {
	b := make([]byte, 8)
	for i := range b {
		b[i] = byte(u >> (8 * i))
	}
	return b
}

func TestDecodeDepthLimit(t *testing.T) {
	ok := mustDecodeHex(t, "01"+strings.Repeat("0701", 127)+"00")
	if _, err := DecodeValue(ok); err != nil {
		t.Fatalf("depth 128: %v", err)
	}
	ok = mustDecodeHex(t, "01"+strings.Repeat("0801 0161", 128)+"00")
	if _, err := DecodeValue(ok); err != nil {
		t.Fatalf("depth 128 objects: %v", err)
	}
	bad := mustDecodeHex(t, "01"+strings.Repeat("0801 0161", 128)+"0700")
	if _, err := DecodeValue(bad); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("depth 129 objects: %v", err)
	}
}

func TestDecodeHugeCountAllocatesLittle(t *testing.T) {
	// Counts and lengths of 2^35 with a handful of bytes behind them must
	// fail before anything is allocated for them.
	for _, h := range []string{"01 07 8080808080 01 00 00 00", "01 08 8080808080 01 00 00 00", "01 05 8080808080 01 00 00 00"} {
		b := mustDecodeHex(t, h)
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		for i := 0; i < 10; i++ {
			if _, err := DecodeValue(b); !errors.Is(err, ErrCorrupt) {
				t.Fatalf("% x: %v", b, err)
			}
		}
		runtime.ReadMemStats(&after)
		if n := after.TotalAlloc - before.TotalAlloc; n > 64<<10 {
			t.Errorf("% x: %d bytes allocated by 10 failed decodes", b, n)
		}
	}
}

func TestDecodeCopiesInput(t *testing.T) {
	b := AppendEncoded(nil, Object(Field{"k", String("value")}))
	v, err := DecodeValue(b)
	if err != nil {
		t.Fatal(err)
	}
	for i := range b {
		b[i] = 0
	}
	if got := v.String(); got != `{"k":"value"}` {
		t.Fatalf("decoded value changed with its input: %s", got)
	}
}

func TestDecodeSmallDocAllocs(t *testing.T) {
	b := AppendEncoded(nil, benchSmallDoc())
	allocs := testing.AllocsPerRun(100, func() {
		if _, err := DecodeValue(b); err != nil {
			t.Fatal(err)
		}
	})
	if allocs > 2 {
		t.Errorf("decoding a flat document takes %v allocations, want at most 2", allocs)
	}
}

func TestEncodeRoundTripRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(valueTestSeed(t), 1))
	for i := 0; i < valueIterations(5000); i++ {
		v := genRandomValue(r, 4, valueGenOptions{})
		if err := ValidateDocument(v); err != nil {
			t.Fatalf("generated an invalid value %s: %v", v, err)
		}
		b := AppendEncoded(nil, v)
		if n := encodedSize(v); n != len(b) {
			t.Fatalf("encodedSize(%s) = %d, len = %d", v, n, len(b))
		}
		back, err := DecodeValue(b)
		if err != nil {
			t.Fatalf("DecodeValue(AppendEncoded(%s)): %v", v, err)
		}
		if !identicalValues(back, v) {
			t.Fatalf("round trip: %s became %s", v, back)
		}
		if again := AppendEncoded(nil, back); !bytes.Equal(again, b) {
			t.Fatalf("re-encoding %s differs", v)
		}
		// Every proper prefix is refused (the encoding is self-delimiting
		// and complete), and so is any extension.
		cut := 1 + r.IntN(len(b))
		if cut < len(b) {
			if _, err := DecodeValue(b[:cut]); !errors.Is(err, ErrCorrupt) {
				t.Fatalf("prefix %d of %d of %s decoded: %v", cut, len(b), v, err)
			}
		}
		if _, err := DecodeValue(append(b, 0)); !errors.Is(err, ErrCorrupt) {
			t.Fatalf("extended encoding of %s decoded", v)
		}
	}
}

func FuzzDecodeValue(f *testing.F) {
	id := uuid.MustParse("3df9dde6-1a2b-4c3d-8e9f-001122334455")
	for _, v := range []Value{
		Null(), Bool(true), Int(-5), Int(math.MinInt64), Float(2.5), Float(math.Copysign(0, -1)),
		String("héllo"), Bytes([]byte{0, 0xff}), Ref("users", id), benchSmallDoc(),
		Array(Array(), Object(), Array(Int(1), String("x"))),
	} {
		f.Add(AppendEncoded(nil, v))
	}
	f.Add([]byte{})
	f.Add([]byte{1, 7, 0xff, 0xff, 0xff, 0xff, 0x0f})
	f.Add([]byte{1, 3, 0x80, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		v, err := DecodeValue(b)
		if err != nil {
			if !errors.Is(err, ErrCorrupt) {
				t.Fatalf("error %v does not wrap ErrCorrupt", err)
			}
			return
		}
		if again := AppendEncoded(nil, v); !bytes.Equal(again, b) {
			t.Fatalf("re-encoding differs:\n in % x\nout % x", b, again)
		}
		if err := ValidateDocument(v); err != nil {
			t.Fatalf("decoded value %s is invalid: %v", v, err)
		}
	})
}

package peer

import (
	"bytes"
	"errors"
	"math"
	"sort"
	"testing"
)

func TestEmailKeyRoundTripAndOrder(t *testing.T) {
	pk := bytes.Repeat([]byte{0xff}, keySize)
	pk0 := make([]byte, keySize)
	k := emailKey(nil, "user1@example.com", pk)
	email, got, err := parseEmailKey(k)
	if err != nil || email != "user1@example.com" || !bytes.Equal(got, pk) {
		t.Fatalf("parse = %q %x %v", email, got, err)
	}
	// Every entry of "ab" sorts before every entry of "abc", whatever the
	// primary keys: prefix scans of one value never see another.
	if bytes.Compare(emailKey(nil, "ab", pk), emailKey(nil, "abc", pk0)) >= 0 {
		t.Fatal("email keys of a prefix value interleave")
	}
	if !bytes.HasPrefix(k, emailPrefix("user1@example.com")) || bytes.HasPrefix(emailKey(nil, "user10@example.com", pk), emailPrefix("user1@example.com")) {
		t.Fatal("emailPrefix matches the wrong keys")
	}
	for _, bad := range [][]byte{nil, make([]byte, keySize), append([]byte("a\x00b\x01"), pk...)} {
		if _, _, err := parseEmailKey(bad); !errors.Is(err, ErrBadIndexKey) {
			t.Errorf("parseEmailKey(%x) err = %v", bad, err)
		}
	}
}

func TestAgeKeyOrderMatchesIntegers(t *testing.T) {
	ages := []int64{math.MinInt64, -1000, -1, 0, 1, 40, 41, 42, 99, 1 << 40, math.MaxInt64}
	pk := bytes.Repeat([]byte{7}, keySize)
	keys := make([][]byte, len(ages))
	for i, a := range ages {
		keys[i] = ageKey(nil, a, pk)
		got, gpk, err := parseAgeKey(keys[i])
		if err != nil || got != a || !bytes.Equal(gpk, pk) {
			t.Fatalf("round trip of %d = %d %x %v", a, got, gpk, err)
		}
	}
	if !sort.SliceIsSorted(keys, func(i, j int) bool { return bytes.Compare(keys[i], keys[j]) < 0 }) {
		t.Fatal("age keys do not sort like the integers")
	}
	// The bound of hi excludes every entry of hi itself.
	if bytes.Compare(ageKey(nil, 41, pk), ageKey(nil, 42, nil)) >= 0 || bytes.Compare(ageKey(nil, 42, make([]byte, keySize)), ageKey(nil, 42, nil)) < 0 {
		t.Fatal("range bounds wrong")
	}
	if _, _, err := parseAgeKey(make([]byte, 7)); !errors.Is(err, ErrBadIndexKey) {
		t.Errorf("short age key: %v", err)
	}
}

func FuzzParseIndexKeys(f *testing.F) {
	f.Add(emailKey(nil, "a@b", make([]byte, keySize)))
	f.Add(ageKey(nil, 42, make([]byte, keySize)))
	f.Add([]byte{0})
	f.Fuzz(func(t *testing.T, k []byte) {
		if email, pk, err := parseEmailKey(k); err == nil {
			if !bytes.Equal(emailKey(nil, email, pk), k) {
				t.Fatalf("email key %x does not round-trip", k)
			}
		} else if !errors.Is(err, ErrBadIndexKey) {
			t.Fatal(err)
		}
		if age, pk, err := parseAgeKey(k); err == nil {
			if !bytes.Equal(ageKey(nil, age, pk), k) {
				t.Fatalf("age key %x does not round-trip", k)
			}
		} else if !errors.Is(err, ErrBadIndexKey) {
			t.Fatal(err)
		}
	})
}

package config

import (
	"errors"
	"regexp"
	"testing"
)

var canonicalV4 = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func TestNewUUIDv4(t *testing.T) {
	seen := map[string]bool{}
	for range 200 {
		u := NewUUIDv4()
		if !canonicalV4.MatchString(u) {
			t.Fatalf("%q is not a canonical v4 UUID", u)
		}
		if seen[u] {
			t.Fatalf("duplicate %q", u)
		}
		seen[u] = true
		if c, err := ParseUUID(u); err != nil || c != u {
			t.Fatalf("ParseUUID(%q) = %q, %v", u, c, err)
		}
	}
}

func TestParseUUID(t *testing.T) {
	const want = "6f1c2b0e-8d5a-4c1e-9b7a-2f3d4e5f6a7b"
	for _, in := range []string{
		want,
		"6F1C2B0E-8D5A-4C1E-9B7A-2F3D4E5F6A7B",
		"6f1c2b0e8d5a4c1e9b7a2f3d4e5f6a7b",
		"{6f1c2b0e-8d5a-4c1e-9b7a-2f3d4e5f6a7b}",
		"urn:uuid:6f1c2b0e-8d5a-4c1e-9b7a-2f3d4e5f6a7b",
		"URN:UUID:6f1c2b0e-8d5a-4c1e-9b7a-2f3d4e5f6a7b",
	} {
		got, err := ParseUUID(in)
		if err != nil || got != want {
			t.Errorf("ParseUUID(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	bad := map[string]string{
		"":                                      "invalid UUID: invalid length 0",
		"abc":                                   "invalid UUID: invalid length 3",
		"6f1c2b0e_8d5a-4c1e-9b7a-2f3d4e5f6a7b":  "invalid UUID: expected '-' at position 9",
		"6f1c2b0e-8d5a-4c1e-9b7a-2f3d4e5f6a7g":  "invalid UUID: invalid hex digit",
		"{6f1c2b0e-8d5a-4c1e-9b7a-2f3d4e5f6a7b": "invalid UUID: invalid length 37",
		"6f1c2b0e8d5a4c1e9b7a2f3d4e5f6a7b00":    "invalid UUID: invalid length 34",
		"6f1c2b0e-8d5a-4c1e-9b7a-2f3d4e5f6a7b ": "invalid UUID: invalid length 37",
		"6f1c2b0e-8d5a-4c1e-9b7a-+f3d4e5f6a7b":  "invalid UUID: invalid hex digit",
	}
	for in, msg := range bad {
		_, err := ParseUUID(in)
		if err == nil || err.Error() != msg || !errors.Is(err, ErrInvalidUUID) {
			t.Errorf("ParseUUID(%q) error %v, want %q", in, err, msg)
		}
	}
}

func TestSameUUID(t *testing.T) {
	if !SameUUID("6f1c2b0e-8d5a-4c1e-9b7a-2f3d4e5f6a7b", "6F1C2B0E8D5A4C1E9B7A2F3D4E5F6A7B") {
		t.Error("forms of one UUID differ")
	}
	if SameUUID("6f1c2b0e-8d5a-4c1e-9b7a-2f3d4e5f6a7b", "6f1c2b0e-8d5a-4c1e-9b7a-2f3d4e5f6a7c") {
		t.Error("different UUIDs equal")
	}
	if !SameUUID("x", "x") || SameUUID("x", "X") {
		t.Error("non-UUIDs compare as strings")
	}
}

func FuzzParseUUID(f *testing.F) {
	f.Add("6f1c2b0e-8d5a-4c1e-9b7a-2f3d4e5f6a7b")
	f.Add("{6f1c2b0e-8d5a-4c1e-9b7a-2f3d4e5f6a7b}")
	f.Add("urn:uuid:6f1c2b0e-8d5a-4c1e-9b7a-2f3d4e5f6a7b")
	f.Add("6f1c2b0e8d5a4c1e9b7a2f3d4e5f6a7b")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseUUID(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidUUID) {
				t.Fatalf("error %v does not wrap ErrInvalidUUID", err)
			}
			return
		}
		if !regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`).MatchString(c) {
			t.Fatalf("ParseUUID(%q) = %q, not canonical", s, c)
		}
		if again, err := ParseUUID(c); err != nil || again != c {
			t.Fatalf("canonical form %q does not round-trip: %q, %v", c, again, err)
		}
	})
}

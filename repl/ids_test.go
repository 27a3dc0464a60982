package repl

import (
	"errors"
	"testing"
)

func TestParseID(t *testing.T) {
	full := []string{
		testUUID, "3DF9DDE6-1A2B-4C3D-8E9F-001122334455", "3df9dde61a2b4c3d8e9f001122334455",
		"{" + testUUID + "}", "urn:uuid:" + testUUID,
	}
	for _, s := range full {
		spec, err := ParseID(s)
		if err != nil || !spec.Full || spec.ID.String() != testUUID {
			t.Errorf("ParseID(%q) = %+v, %v", s, spec, err)
		}
	}
	prefixes := []struct{ in, lo, hi string }{
		{"3df9", "3df90000-0000-0000-0000-000000000000", "3df9ffff-ffff-ffff-ffff-ffffffffffff"},
		{"3DF9DDE6", "3df9dde6-0000-0000-0000-000000000000", "3df9dde6-ffff-ffff-ffff-ffffffffffff"},
		{"3df9dde6-1a", "3df9dde6-1a00-0000-0000-000000000000", "3df9dde6-1aff-ffff-ffff-ffffffffffff"},
		{"3df9dde6-", "3df9dde6-0000-0000-0000-000000000000", "3df9dde6-ffff-ffff-ffff-ffffffffffff"},
		{"1234", "12340000-0000-0000-0000-000000000000", "1234ffff-ffff-ffff-ffff-ffffffffffff"},
	}
	for _, p := range prefixes {
		spec, err := ParseID(p.in)
		if err != nil || spec.Full || spec.Lo.String() != p.lo || spec.Hi.String() != p.hi {
			t.Errorf("ParseID(%q) = %+v, %v", p.in, spec, err)
		}
	}
	for _, bad := range []string{"", "3df", "zzzz", "3df9dde61a", "3d-f9", "3df9dde6--1a", "-3df9", "3df9 "} {
		_, err := ParseID(bad)
		want := "invalid id '" + bad + "': expected a UUID or at least 4 leading hex digits of one"
		if err == nil || err.Error() != want || !errors.Is(err, ErrBadID) {
			t.Errorf("ParseID(%q) error %v", bad, err)
		}
	}
}

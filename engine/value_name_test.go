package engine

import (
	"errors"
	"strings"
	"testing"
)

func TestValidateName(t *testing.T) {
	tests := []struct {
		name string
		err  string // "" for valid
	}{
		{"users", ""},
		{"a", ""},
		{"a_b_0", ""},
		{"_default", ""},
		{"_system", ""},
		{"0abc", ""},
		{strings.Repeat("a", 64), ""},
		{"", "invalid name: name cannot be empty"},
		{strings.Repeat("a", 65), "invalid name: name too long: 65 chars (max 64)"},
		{strings.Repeat("é", 33), "invalid name: name too long: 66 chars (max 64)"}, // bytes, not runes
		// Length is checked before the leading underscore and characters.
		{"_" + strings.Repeat("A", 70), "invalid name: name too long: 71 chars (max 64)"},
		{"_users", "invalid name: names starting with '_' are reserved"},
		{"_Default", "invalid name: names starting with '_' are reserved"},
		{"_default_", "invalid name: names starting with '_' are reserved"},
		{"_", "invalid name: names starting with '_' are reserved"},
		// The underscore rule comes before the character rule.
		{"_A-b", "invalid name: names starting with '_' are reserved"},
		{"Users", "invalid name: invalid character 'U': only [a-z0-9_] allowed"},
		{"ab-c.d", "invalid name: invalid character '-': only [a-z0-9_] allowed"},
		{"a b", "invalid name: invalid character ' ': only [a-z0-9_] allowed"},
		{"caf\u00e9", "invalid name: invalid character 'é': only [a-z0-9_] allowed"},
		{"a$", "invalid name: invalid character '$': only [a-z0-9_] allowed"},
		{"a\xff", "invalid name: invalid character '\uFFFD': only [a-z0-9_] allowed"},
	}
	for _, tc := range tests {
		err := ValidateName(tc.name)
		if tc.err == "" {
			if err != nil {
				t.Errorf("ValidateName(%q) = %v, want nil", tc.name, err)
			}
			continue
		}
		if err == nil || err.Error() != tc.err || !errors.Is(err, ErrInvalidName) {
			t.Errorf("ValidateName(%q) = %v, want %q wrapping ErrInvalidName", tc.name, err, tc.err)
		}
	}
}

package protocol

import "testing"

// The shared argument cutters: the parts they return, and which message
// the first missing part gives.
func TestCutWords(t *testing.T) {
	for _, tc := range []struct {
		in                string
		first, next, tail string
		err               string // "" for success
	}{
		{"", "", "", "", "missing argument: V requires <a> <b> <c>"},
		{"a", "", "", "", "missing argument: V requires <b>"},
		{"a b", "", "", "", "missing argument: V requires <c>"},
		{"a b \t", "", "", "", "missing argument: V requires <c>"},
		{"a b c d", "a", "b", "c d", ""},
		{"a\u3000b\u00a0c", "a", "b", "c", ""},
	} {
		f, n, tl, err := cutTwoWordsRest(tc.in, "V", "<a> <b> <c>", "<b>", "<c>")
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tc.err || f != tc.first || n != tc.next || tl != tc.tail {
			t.Errorf("cutTwoWordsRest(%q) = %q %q %q %q, want %q %q %q %q", tc.in, f, n, tl, got, tc.first, tc.next, tc.tail, tc.err)
		}
	}
	for _, tc := range []struct {
		in, first, tail, err string
	}{
		{"", "", "", "missing argument: V requires <a> <b>"},
		{"a", "", "", "missing argument: V requires <b>"},
		{"a b c", "a", "b c", ""},
	} {
		f, tl, err := cutWordRest(tc.in, "V", "<a> <b>", "<b>")
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tc.err || f != tc.first || tl != tc.tail {
			t.Errorf("cutWordRest(%q) = %q %q %q, want %q %q %q", tc.in, f, tl, got, tc.first, tc.tail, tc.err)
		}
	}
	// cutTwoWords leaves the tail unchecked, possibly empty.
	if f, n, tl, err := cutTwoWords("a b", "V", "<a> <b>", "<b>"); err != nil || f != "a" || n != "b" || tl != "" {
		t.Errorf("cutTwoWords(\"a b\") = %q %q %q %v", f, n, tl, err)
	}
	if _, _, _, err := cutTwoWords("a", "V", "<a> <b>", "<b>"); err == nil || err.Error() != "missing argument: V requires <b>" {
		t.Errorf("cutTwoWords(\"a\") error %v", err)
	}
}

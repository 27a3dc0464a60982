package protocol

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"
)

// TestWhitespaceSet checks that the lexer's whitespace is exactly the §1
// White_Space list, and that the ASCII fast path agrees with
// unicode.IsSpace.
func TestWhitespaceSet(t *testing.T) {
	listed := []rune{' ', '\t', '\n', '\v', '\f', '\r', 0x85, 0xa0, 0x1680,
		0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a,
		0x2028, 0x2029, 0x202f, 0x205f, 0x3000}
	set := map[rune]bool{}
	for _, r := range listed {
		set[r] = true
	}
	for r := rune(0); r <= 0x10ffff; r++ {
		if unicode.IsSpace(r) != set[r] {
			t.Errorf("U+%04X: unicode.IsSpace = %v, listed = %v", r, unicode.IsSpace(r), set[r])
		}
		if r < 0x80 && isASCIISpace(byte(r)) != set[r] {
			t.Errorf("U+%04X: isASCIISpace disagrees", r)
		}
		s := "a" + string(r) + "b"
		if w, _ := cutWord(s); (w == "a") != set[r] {
			t.Errorf("U+%04X: cutWord(%q) word = %q", r, s, w)
		}
	}
}

// TestLexerModel compares the lexer with the standard library on random
// strings mixing words and every kind of whitespace.
func TestLexerModel(t *testing.T) {
	rng := rand.New(rand.NewPCG(testSeed(t), 3))
	alphabet := []string{"a", "Z", "{", "\"", " ", "\t", "\r", "\n", "\u00a0", "\u3000", "\u2028",
		"\u0085", "é", "\u200b", "\xff", "\xc2", "\xe3\x80"}
	for range 5000 {
		var sb strings.Builder
		for range rng.IntN(20) {
			sb.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		s := sb.String()
		if got, want := trimSpace(s), strings.TrimFunc(s, unicode.IsSpace); got != want {
			t.Fatalf("trimSpace(%q) = %q, want %q", s, got, want)
		}
		ts := trimSpace(s)
		// Splitting word by word gives strings.FieldsFunc's fields.
		var words []string
		for rest := ts; rest != ""; {
			var w string
			w, rest = cutWord(rest)
			if w == "" {
				t.Fatalf("cutWord returned an empty word for %q", rest)
			}
			words = append(words, w)
		}
		want := strings.FieldsFunc(ts, unicode.IsSpace)
		if strings.Join(words, "|") != strings.Join(want, "|") || len(words) != len(want) {
			t.Fatalf("words of %q = %q, want %q", ts, words, want)
		}
		// cutLastWord's last word is the last field.
		if ts != "" {
			head, last, ok := cutLastWord(ts)
			if last != want[len(want)-1] || ok != (len(want) > 1) {
				t.Fatalf("cutLastWord(%q) = %q, %q, %v", ts, head, last, ok)
			}
			if ok && head != strings.TrimRightFunc(ts[:len(ts)-len(last)], unicode.IsSpace) {
				t.Fatalf("cutLastWord(%q) head = %q", ts, head)
			}
		}
	}
}

// TestKeywordIs checks ASCII-only case folding.
func TestKeywordIs(t *testing.T) {
	tests := []struct {
		word string
		want bool
	}{
		{"ON", true}, {"on", true}, {"oN", true}, {"ONE", false}, {"O", false},
		{"\u041eN", false}, // Cyrillic O
		{"İN", false},
	}
	for _, tt := range tests {
		if got := keywordIs(tt.word, "ON"); got != tt.want {
			t.Errorf("keywordIs(%q, ON) = %v", tt.word, got)
		}
	}
	var buf [maxKeywordLen]byte
	if n := upperKeyword("sNaPsHoT-hlc", &buf); string(buf[:n]) != "SNAPSHOT-HLC" {
		t.Errorf("upperKeyword = %q", buf[:n])
	}
	if n := upperKeyword(strings.Repeat("a", maxKeywordLen+1), &buf); n != -1 {
		t.Errorf("upperKeyword of a long word = %d, want -1", n)
	}
}

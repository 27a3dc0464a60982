package protocol

import (
	"unicode"
	"unicode/utf8"
)

// The lexer implements PROTOCOL.md §1: whitespace is the Unicode
// White_Space set (unicode.IsSpace), a word is a maximal run of
// non-whitespace, the rest is what follows a word with its leading
// whitespace removed, and keywords match with ASCII-only case folding.
//
// Invalid UTF-8 (which Reader never lets through) decodes as U+FFFD, a
// non-space, so it is simply part of a word. Decoding backwards (for
// trimming the right end) agrees with decoding forwards: Go's decoder
// restarts at every non-continuation byte.

// isASCIISpace reports whether c is one of the ASCII White_Space bytes:
// TAB, LF, VT, FF, CR and space.
func isASCIISpace(c byte) bool {
	return c == ' ' || (c >= '\t' && c <= '\r')
}

// trimLeftSpace removes leading whitespace.
func trimLeftSpace(s string) string {
	for len(s) > 0 {
		c := s[0]
		if c < utf8.RuneSelf {
			if !isASCIISpace(c) {
				return s
			}
			s = s[1:]
			continue
		}
		r, size := utf8.DecodeRuneInString(s)
		if !unicode.IsSpace(r) {
			return s
		}
		s = s[size:]
	}
	return s
}

// trimRightSpace removes trailing whitespace.
func trimRightSpace(s string) string {
	for len(s) > 0 {
		c := s[len(s)-1]
		if c < utf8.RuneSelf {
			if !isASCIISpace(c) {
				return s
			}
			s = s[:len(s)-1]
			continue
		}
		r, size := utf8.DecodeLastRuneInString(s)
		if !unicode.IsSpace(r) {
			return s
		}
		s = s[:len(s)-size]
	}
	return s
}

// trimSpace removes whitespace at both ends (§2.3 normalisation).
func trimSpace(s string) string {
	return trimRightSpace(trimLeftSpace(s))
}

// cutWord splits s, which must not start with whitespace, into its first
// word and the rest (leading whitespace removed). Both are empty for an
// empty s; the word is never empty otherwise.
func cutWord(s string) (word, rest string) {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if isASCIISpace(c) {
				return s[:i], trimLeftSpace(s[i+1:])
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			return s[:i], trimLeftSpace(s[i+size:])
		}
		i += size
	}
	return s, ""
}

// cutLastWord splits s, which must not start or end with whitespace, at its
// last whitespace: head is everything before that whitespace run (trailing
// whitespace removed), last the final word. If s holds a single word, head
// is empty and ok is false.
func cutLastWord(s string) (head, last string, ok bool) {
	for i := len(s); i > 0; {
		r, size := utf8.DecodeLastRuneInString(s[:i])
		if unicode.IsSpace(r) {
			return trimRightSpace(s[:i-size]), s[i:], true
		}
		i -= size
	}
	return "", s, false
}

// keywordIs reports whether word equals the upper-case ASCII keyword kw
// under ASCII-only case folding. Non-ASCII bytes never match.
func keywordIs(word, kw string) bool {
	if len(word) != len(kw) {
		return false
	}
	for i := 0; i < len(word); i++ {
		c := word[i]
		if 'a' <= c && c <= 'z' {
			c -= 'a' - 'A'
		}
		if c != kw[i] {
			return false
		}
	}
	return true
}

// maxKeywordLen bounds the words upperKeyword folds; no keyword is longer.
const maxKeywordLen = 16

// upperKeyword writes the ASCII upper-case form of word into buf and
// returns its length, or -1 when word is too long to be a keyword. Bytes
// outside a–z are copied unchanged, so non-ASCII words never match a
// keyword.
func upperKeyword(word string, buf *[maxKeywordLen]byte) int {
	if len(word) > len(buf) {
		return -1
	}
	for i := 0; i < len(word); i++ {
		c := word[i]
		if 'a' <= c && c <= 'z' {
			c -= 'a' - 'A'
		}
		buf[i] = c
	}
	return len(word)
}

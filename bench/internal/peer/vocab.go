package peer

import "strings"

// vocabSize is the number of words in the bio vocabulary.
const vocabSize = 512

// word returns word k (0 ≤ k < 512) of the fixed vocabulary: two or three
// consonant-vowel syllables. The first two syllables identify k, so the
// 512 words are distinct; their lengths are 4 or 6 letters.
func word(k int) string {
	const consonants, vowels = "bdfgklmnprstvzhj", "aeiou"
	syl := func(i int) string {
		i %= len(consonants) * len(vowels)
		return string([]byte{consonants[i/len(vowels)], vowels[i%len(vowels)]})
	}
	k %= vocabSize
	q, r := k/80, k%80
	w := syl(r) + syl(q+10*((2*q+r)%3))
	if k%2 == 1 {
		w += syl(k * 13)
	}
	return w
}

// title capitalises an ASCII word.
func title(w string) string {
	if w == "" {
		return w
	}
	return strings.ToUpper(w[:1]) + w[1:]
}

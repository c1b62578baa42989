package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// The tokeniser, the stemmer and the stop words are written twice: here,
// for the index, and in themes/default/static/assets/search/tokenize.js,
// for the query and the highlighting. The two must agree term for term, or
// a word that is in the index cannot be found; TestTokenizeJS holds both to
// the texts of testdata/words.txt.

// maxTerm is the longest term indexed, in bytes: longer "words" are hashes,
// URLs or noise, and would only bloat the shard they fall in.
const maxTerm = 40

// stopWords are left out of the index: they are in nearly every turn, so
// their postings would be the largest files of the index and would rank
// nothing. They still count as positions, so a phrase with one in it
// ("flood gate at Tanner's Slip") keeps its gaps.
var stopWords = set(strings.Fields(stopList))

func set(list []string) map[string]bool {
	m := make(map[string]bool, len(list))
	for _, w := range list {
		m[w] = true
	}
	return m
}

// maxStop is the length of the longest stop word: a longer word is not
// looked up, which spares most words of a text a look-up in stopWords.
const maxStop = 5

// stopList is mirrored in tokenize.js.
const stopList = "a an and are as at be been but by for from had has have he her his i in into is it its " +
	"of on or our she so than that the their them then there these they this to was we were which who with you your"

// isWordRune says whether r belongs to a word: letters, digits and the
// combining marks that belong to a letter.
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r)
}

func isApostrophe(r rune) bool { return r == '\'' || r == '’' }

// words calls fn with each word of s as written, and whether its letters
// are all ASCII. A word is a run of letters, digits and marks; an
// apostrophe between two such runs joins them, so "Tanner's" is one word
// (folded: "tanners").
func words(s string, fn func(w string, ascii bool)) {
	i := 0
	for i < len(s) {
		if c := s[i]; c < utf8.RuneSelf && !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			i++ // ASCII space and punctuation, the usual gap between words
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if !isWordRune(r) {
			i += n
			continue
		}
		start, ascii := i, true
		for i < len(s) {
			if c := s[i]; c < utf8.RuneSelf {
				if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
					i++
					continue
				}
				r, n = rune(c), 1
			} else {
				r, n = utf8.DecodeRuneInString(s[i:])
			}
			if isWordRune(r) {
				ascii = false
				i += n
				continue
			}
			if isApostrophe(r) && i+n < len(s) {
				if r2, _ := utf8.DecodeRuneInString(s[i+n:]); isWordRune(r2) {
					i += n
					continue
				}
			}
			break
		}
		fn(s[start:i], ascii)
	}
}

// dropApostrophes gives w without the apostrophes that join its parts.
func dropApostrophes(w string) string {
	// Not strings.ContainsAny: with a non-ASCII character among those it
	// looks for, it decodes w rune by rune, and every word of the archive
	// comes through here.
	if strings.IndexByte(w, '\'') < 0 && !strings.Contains(w, "’") {
		return w
	}
	var b []byte
	for _, r := range w {
		if !isApostrophe(r) {
			b = utf8.AppendRune(b, r)
		}
	}
	return string(b)
}

// fold gives the form a word is indexed under: decomposed (NFKD), without
// its combining marks, in lower case, so "Müller" is "muller" and "ﬁnal" is
// "final"; Cyrillic, Greek and other scripts keep their letters.
func fold(w string, ascii bool) string {
	if ascii {
		for i := 0; i < len(w); i++ {
			if c := w[i]; 'A' <= c && c <= 'Z' {
				return strings.ToLower(w)
			}
		}
		return w
	}
	var b strings.Builder
	for _, r := range norm.NFKD.String(w) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		r = unicode.ToLower(r)
		if r == 'ς' { // final sigma: JavaScript lowercases by context
			r = 'σ'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Term is the index term of a text's first word in the language lang
// (see Stemmer), or "" for a stop word or a word too long to index.
func Term(word, lang string) string {
	w, a, found := "", false, false
	words(word, func(x string, ascii bool) {
		if !found {
			w, a, found = x, ascii, true
		}
	})
	return term(w, a, Stemmer(lang))
}

// term is the index term of a word as words gives it, stemmed by the
// Snowball stemmer of stemmer, or the light English one when it is "".
// A stemmer of the language sees the word in lower case with its accents
// (the French and Russian ones read é and й), and its stem is folded
// after; the light one sees the folded word, as it always has.
func term(w string, ascii bool, stemmer string) string {
	folded := fold(dropApostrophes(w), ascii)
	if folded == "" || len(folded) <= maxStop && stopWords[folded] || len(folded) > maxTerm {
		return ""
	}
	if stemmer == "" {
		return stem(folded)
	}
	s := snowball(stemmer, w)
	return fold(s, isASCII(s))
}

// stem is a light English stemmer: plural -s, -es and -ies, then -ing and
// -ed, then a final -e, so that "sanction", "sanctions" and "sanctioned",
// or "increase", "increases" and "increasing", share a term. It is far
// lighter than Porter's, on purpose: it must be written again, exactly, in
// tokenize.js, and a query also matches terms that begin with its last word.
func stem(w string) string {
	if len(w) <= 3 || !isASCIILower(w) {
		return w
	}
	n := len(w)
	switch {
	case strings.HasSuffix(w, "ies") && n > 4:
		w = w[:n-3] + "y"
	case strings.HasSuffix(w, "sses"):
		w = w[:n-2]
	case strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is"):
		w = w[:n-1]
	}
	n = len(w)
	switch {
	case strings.HasSuffix(w, "ing") && n-3 >= 3 && hasVowel(w[:n-3]):
		w = undouble(w[:n-3])
	case strings.HasSuffix(w, "ed") && n-2 >= 3 && hasVowel(w[:n-2]):
		w = undouble(w[:n-2])
	}
	if len(w) > 3 && w[len(w)-1] == 'e' {
		w = w[:len(w)-1]
	}
	return w
}

func isASCIILower(w string) bool {
	for i := 0; i < len(w); i++ {
		if c := w[i]; (c < 'a' || c > 'z') && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}

func hasVowel(w string) bool { return strings.ContainsAny(w, "aeiouy") }

// undouble drops one of a doubled final consonant: "runn" (from "running")
// is "run", "stopp" is "stop".
func undouble(w string) string {
	n := len(w)
	if n >= 2 && w[n-1] == w[n-2] && strings.IndexByte("bdfgmnprt", w[n-1]) >= 0 {
		return w[:n-1]
	}
	return w
}

// Terms lists the index terms of a text in the language lang in order, ""
// for each stop word, as the index and tokenize.js see it: the n-th is the
// word at position n.
func Terms(text, lang string) []string {
	var out []string
	st := Stemmer(lang)
	words(text, func(w string, ascii bool) { out = append(out, term(w, ascii, st)) })
	return out
}

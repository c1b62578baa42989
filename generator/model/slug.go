package model

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Slugify makes an id from a name. Latin letters lose their accents
// (Müller -> muller) and Cyrillic and Greek are transliterated (Лавров ->
// lavrov), as they always were, so that names in those scripts give
// readable ASCII URLs that stay the same from one version to the next.
// Letters of a script with no such transliteration (Japanese, Chinese,
// Arabic, Hebrew, Devanagari, ...) are kept as they are, in lower case and
// NFC, with their marks, as Hugo keeps them (岸田文雄 -> 岸田文雄,
// محمد بن سلمان -> محمد-بن-سلمان): a romanisation of kanji is a reading, not a
// rule, and one of Arabic needs the vowels the script leaves out. Links
// carry such a slug percent-encoded (EscapePath). Anything else separates
// words with one hyphen. It returns "" when nothing is left.
func Slugify(s string) string {
	var b strings.Builder
	dash := false
	kept := false // the last rune written was a letter kept as it is, whose marks follow it
	for _, r := range norm.NFD.String(s) {
		if unicode.IsMark(r) {
			if kept {
				b.WriteRune(r)
			}
			continue
		}
		r = unicode.ToLower(r)
		var out string
		kept = false
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			out = string(r)
		case translit[r] != "":
			out = translit[r]
		case r == 'ß':
			out = "ss"
		case r == 'æ':
			out = "ae"
		case r == 'ø':
			out = "o"
		case r == 'œ':
			out = "oe"
		case r == 'đ':
			out = "d"
		case r == 'ł':
			out = "l"
		case r == '\'' || r == '’':
			continue // "Lao People's" -> "lao-peoples"
		case keepsScript(r):
			out, kept = string(r), true
		}
		if out == "" {
			dash = b.Len() > 0
			continue
		}
		if dash {
			b.WriteByte('-')
			dash = false
		}
		b.WriteString(out)
	}
	return norm.NFC.String(b.String())
}

// keepsScript says whether Slugify keeps r as it is: a letter or digit of
// a script it neither transliterates nor strips of accents. Latin, Greek
// and Cyrillic letters it has no rule for are dropped, as they always
// were, so that no existing id changes.
func keepsScript(r rune) bool {
	if r < 0x80 || !(unicode.IsLetter(r) || unicode.IsDigit(r)) {
		return false
	}
	return !unicode.In(r, unicode.Latin, unicode.Greek, unicode.Cyrillic)
}

// translit maps Cyrillic and Greek lower-case letters (after NFD, so й is
// и plus a mark) to Latin.
var translit = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ж': "zh", 'з': "z",
	'и': "i", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o", 'п': "p", 'р': "r",
	'с': "s", 'т': "t", 'у': "u", 'ф': "f", 'х': "kh", 'ц': "ts", 'ч': "ch", 'ш': "sh",
	'щ': "shch", 'ъ': "", 'ы': "y", 'ь': "", 'э': "e", 'ю': "yu", 'я': "ya", 'і': "i",
	'є': "ye", 'ї': "yi", 'ґ': "g",
	'α': "a", 'β': "v", 'γ': "g", 'δ': "d", 'ε': "e", 'ζ': "z", 'η': "i", 'θ': "th",
	'ι': "i", 'κ': "k", 'λ': "l", 'μ': "m", 'ν': "n", 'ξ': "x", 'ο': "o", 'π': "p",
	'ρ': "r", 'σ': "s", 'ς': "s", 'τ': "t", 'υ': "y", 'φ': "f", 'χ': "ch", 'ψ': "ps", 'ω': "o",
}

// IsID reports whether s is an id: lowercase [a-z0-9-]+, or a text that
// is its own slug (Slugify), such as 岸田文雄 or محمد-بن-سلمان. A
// name in Latin, Greek or Cyrillic letters is never its own slug unless it
// is already lowercase ASCII, so "лавров" stays a name, whose id is
// "lavrov".
func IsID(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return c >= 0x80 && Slugify(s) == s
		}
	}
	return true
}

// IsSlug reports whether s can name a transcript's folder: letters (of
// any script, in NFC), digits, marks, '-', '_' and '.', not starting with
// '.', so no slug can climb out of /transcripts/ or hide itself.
func IsSlug(s string) bool {
	if s == "" || s[0] == '.' || s[0] == '-' || len(s) > 200 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.' ||
			r >= 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r))) {
			return false
		}
	}
	return norm.NFC.IsNormalString(s)
}

// EscapePath percent-encodes the bytes of a site-relative path that are
// not ASCII (upper-case hex, as browsers write them), so that a page with
// a slug such as 記者会見 has a link that every reader, feed reader and
// crawler takes, and that GitHub Pages decodes back to the file's UTF-8
// name. An ASCII path is returned as it is.
func EscapePath(p string) string {
	i := 0
	for i < len(p) && p[i] < 0x80 {
		i++
	}
	if i == len(p) {
		return p
	}
	const hex = "0123456789ABCDEF"
	b := make([]byte, 0, len(p)+2*(len(p)-i))
	b = append(b, p[:i]...)
	for ; i < len(p); i++ {
		if c := p[i]; c < 0x80 {
			b = append(b, c)
		} else {
			b = append(b, '%', hex[c>>4], hex[c&15])
		}
	}
	return string(b)
}

// ReservedName reports whether s, as a file or folder name, is one Windows
// keeps for a device (CON, PRN, AUX, NUL, COM0-9, LPT0-9, with any
// extension and in any case) or ends in a dot, which Windows drops: a site
// with such a page could not be checked out, or would lose the page, there.
func ReservedName(s string) bool {
	if strings.HasSuffix(s, ".") {
		return true
	}
	base, _, _ := strings.Cut(s, ".")
	base = strings.ToLower(base)
	switch base {
	case "con", "prn", "aux", "nul":
		return true
	}
	return len(base) == 4 && (strings.HasPrefix(base, "com") || strings.HasPrefix(base, "lpt")) && base[3] >= '0' && base[3] <= '9'
}

// reservedMsg explains ReservedName's refusal.
const reservedMsg = "is a name Windows keeps for a device (CON, PRN, AUX, NUL, COM1, LPT1…) or ends in '.': the site could not be checked out there; choose another"

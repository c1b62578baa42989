package model

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Slugify makes an id from a name: lowercase ASCII letters, digits and
// hyphens. Accents are dropped (Müller -> muller) and Cyrillic and Greek are
// transliterated (Лавров -> lavrov), so that names in any of the archives'
// usual scripts give readable URLs. It returns "" when nothing is left.
func Slugify(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		r = unicode.ToLower(r)
		var out string
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
	return b.String()
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

// IsID reports whether s is an id as the contract defines it: [a-z0-9-]+.
func IsID(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

// IsSlug reports whether s can name a transcript's folder: letters, digits,
// '-', '_' and '.', not starting with '.', so no slug can climb out of
// /transcripts/ or hide itself.
func IsSlug(s string) bool {
	if s == "" || s[0] == '.' || s[0] == '-' || len(s) > 200 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.') {
			return false
		}
	}
	return true
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

package markdown

import (
	"strings"
	"testing"
	"unicode"
)

// squashSlowly and countWordsSlowly are squash and countWords written
// plainly, rune by rune: the fast versions must agree with them.
func squashSlowly(s string) string {
	var b strings.Builder
	space, newline := false, false
	for _, r := range s {
		switch {
		case r == '\n':
			newline = b.Len() > 0
			space = false
		case isSpace(r):
			space = b.Len() > 0 && !newline
		default:
			if newline {
				b.WriteByte('\n')
			} else if space {
				b.WriteByte(' ')
			}
			space, newline = false, false
			b.WriteRune(r)
		}
	}
	return b.String()
}

func countWordsSlowly(s string) int {
	n, counted := 0, false
	for _, r := range s {
		if isSpace(r) {
			counted = false
			continue
		}
		if !counted && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			n++
			counted = true
		}
	}
	return n
}

func FuzzSquash(f *testing.F) {
	for _, s := range []string{"", " ", "a", "a b", "a  b", " a", "a ", "a\nb", "a \n b", "\n\na\n\n",
		"a\u00a0b", "a\u200bb", "x\tY", "\xff", "caf\xc3", "Ünïcödé wörds — 12", "a\r\nb", "\ufeffa"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := squash(s), squashSlowly(s); got != want {
			t.Errorf("squash(%q) = %q, want %q", s, got, want)
		}
		if got, want := countWords([]byte(s)), countWordsSlowly(s); got != want {
			t.Errorf("countWords(%q) = %d, want %d", s, got, want)
		}
	})
}

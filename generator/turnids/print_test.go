package turnids

import (
	"hash/fnv"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// referencePrint is a turn's print as the record format defines it, written
// the plain way (every word listed, hash/fnv): NewTurn's single walk must
// give the same, or every record written before would stop matching.
func referencePrint(speaker, text string) Print {
	p, _ := reference(speaker, text)
	return p
}

// reference gives referencePrint's print and the sorted distinct hashes
// its sketch is the start of.
func reference(speaker, text string) (Print, []uint32) {
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	hash := func(ws []string, sep bool) uint32 {
		h := fnv.New32a()
		for _, w := range ws {
			h.Write([]byte(w))
			if sep {
				h.Write([]byte{0})
			}
		}
		return h.Sum32()
	}
	var hashes []uint32
	for _, w := range words {
		if utf8.RuneCountInString(w) >= minWord {
			hashes = append(hashes, hash([]string{w}, false)&(1<<sketchBits-1))
		}
	}
	if len(hashes) == 0 {
		for _, w := range words {
			hashes = append(hashes, hash([]string{w}, false)&(1<<sketchBits-1))
		}
	}
	slices.Sort(hashes)
	hashes = slices.Compact(hashes)
	n := min(3, len(words))
	return Print{Speaker: speaker, Words: len(words),
		Ends:   (hash(words[:n], true)&0xffff)<<16 | hash(words[len(words)-n:], true)&0xffff,
		Sketch: hashes[:min(sketchSize, len(hashes))]}, hashes
}

func TestNewTurnMatchesReference(t *testing.T) {
	t.Parallel()
	for _, text := range []string{
		"",
		"   ,;  ",
		"a",
		"a b",
		"one two three",
		"one two three four",
		"The Minister said: we will NOT raise taxes, not this year, not next year.",
		"Müller, Ærø and İstanbul; ΣΟΦΙΑ σοφία — “quoted” don’t it's 3.14 and 42nd",
		"Путин и Зеленский говорили 12 минут.",
		"日本語のテキスト、句読点。そして数字１２３",
		"bad \xff\xfe utf-8 \xc3 bytes ok",
		"MIXED Case ASCII Words, UPPER and lower: SAME hashes",
		"Ten words of length five: alpha bravo charl delta echos foxes golfs hotel india julie kilos",
		"zzzz yyyy xxxx wwww vvvv uuuu tttt ssss rrrr qqqq pppp oooo zzzz aaaa",
		"x\u0301y combining marks, ﬁnal ligature",
		strings.Repeat("word after word and then more words ", 40),
	} {
		turn := NewTurn("sp", text)
		want, hashes := reference("sp", text)
		if !turn.Print.Equal(want) {
			t.Errorf("%q: print %+v, want %+v", text, turn.Print, want)
		}
		if got := turn.wordHashes(); !slices.Equal(got, hashes) {
			t.Errorf("%q: word hashes %v, want %v", text, got, hashes)
		}
		words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		if got := Words(text); !slices.Equal(got, words) {
			t.Errorf("%q: words %q, want %q", text, got, words)
		}
	}
}

// BenchmarkNewTurn prints a turn of about a hundred words, as a build
// prints every turn of the archive.
func BenchmarkNewTurn(b *testing.B) {
	text := strings.Repeat("Beacrealees preadriofleast and and development the for leastis of which to sheabios? ", 8)
	b.ReportAllocs()
	for b.Loop() {
		NewTurn("sp", text)
	}
}

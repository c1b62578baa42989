// Package turnids keeps the addresses of turns (/transcripts/<slug>/#tN)
// leading to the same words through edits. A transcript's record lists its
// turns in document order, each with its number and a fingerprint of its
// words; a build aligns the turns it parsed with the record by speaker and
// words, gives each turn the number of the turn it continues, a new turn a
// number never used in the transcript, and keeps the numbers of removed
// turns (where they stood, so that their addresses still lead somewhere).
//
// It is plain data: the record's bytes come from package load and go back
// to disk through the pipeline; nothing here reads or writes a file.
package turnids

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// sketchSize is how many word hashes a fingerprint keeps: the smallest of
// the turn's distinct words' hashes, a sample of its words that two
// versions of a turn share in proportion to the words they share. Eight
// keep two different turns of one speaker on one subject, which share
// many words, from looking alike by chance.
const sketchSize = 8

// sketchBits bound each hash kept: 16 bits tell the few hundred words of a
// turn apart, in four hex digits.
const sketchBits = 16

// minWord is the length of the shortest word a sketch samples.
const minWord = 4

// Print is what the record keeps of a turn's words.
type Print struct {
	Speaker string
	Words   int      // words in the turn
	Ends    uint32   // the first three words' hash (high 16 bits) and the last three's (low 16)
	Sketch  []uint32 // the smallest hashes of its distinct words, ascending, at most sketchSize
}

// Turn is a turn as the build parsed it: its print, and its words, whose
// hashes a record's sketches are looked up in when the turns are not as
// recorded.
type Turn struct {
	Print
	text   string   // the words as parsed, read again only for hashes
	hashes []uint32 // sorted, distinct; made by wordHashes when first asked for
	hashed bool     // hashes are made
}

// NewTurn reads a turn's words. It walks them once, keeping only what the
// print needs, rather than listing them (Words): a build reads every turn
// of the archive, and the lists were an eighth of what it allocated. The
// sketch is kept as the words come, so the hashes of all the words are
// made and sorted only for the few turns an edit changed (wordHashes).
func NewTurn(speaker, text string) Turn {
	t := Turn{Print: Print{Speaker: speaker}, text: text}
	lower := lowered(text)
	var sk sketch
	var last [3]string // a ring: word n at n%3
	first := uint32(fnvOffset)
	for w := range wordsOf(lower) {
		if t.Words < len(last) {
			first = fnvFold(first, w) * fnvPrime // the 0 byte that ends a word
		}
		last[t.Words%len(last)] = w
		t.Words++
		if long(w) {
			sk.add(wordHash(w))
		}
	}
	if sk.n == 0 {
		// Short words ("the", "and", "of") are in nearly every turn and
		// would fill every sketch: only a turn of short words alone is
		// known by them.
		for w := range wordsOf(lower) {
			sk.add(wordHash(w))
		}
	}
	n := min(len(last), t.Words)
	end := uint32(fnvOffset)
	for i := range n {
		end = fnvFold(end, last[(t.Words-n+i)%len(last)]) * fnvPrime
	}
	t.Ends = (first&0xffff)<<16 | end&0xffff
	t.Sketch = slices.Clone(sk.h[:sk.n])
	return t
}

// long says whether a word is long enough for a sketch to sample.
func long(w string) bool {
	return len(w) >= minWord && utf8.RuneCountInString(w) >= minWord
}

// sketch keeps the smallest distinct hashes added, ascending.
type sketch struct {
	h [sketchSize]uint32
	n int
}

func (s *sketch) add(h uint32) {
	if s.n == len(s.h) && h >= s.h[len(s.h)-1] {
		return // the usual case once the sketch is full
	}
	i := 0
	for i < s.n && s.h[i] < h {
		i++
	}
	if i < s.n && s.h[i] == h {
		return
	}
	if s.n < len(s.h) {
		s.n++
	}
	copy(s.h[i+1:s.n], s.h[i:s.n-1])
	s.h[i] = h
}

// wordHashes are the hashes of the turn's distinct words, sorted, that
// sketches are looked up in: of its long words, or of all of them when it
// has none, as its sketch samples them. They are made on first use and
// kept in t.
func (t *Turn) wordHashes() []uint32 {
	if t.hashed {
		return t.hashes
	}
	t.hashed = true
	lower := lowered(t.text)
	for w := range wordsOf(lower) {
		if long(w) {
			t.hashes = append(t.hashes, wordHash(w))
		}
	}
	if len(t.hashes) == 0 {
		for w := range wordsOf(lower) {
			t.hashes = append(t.hashes, wordHash(w))
		}
	}
	slices.Sort(t.hashes)
	t.hashes = slices.Compact(t.hashes)
	return t.hashes
}

// Words splits text into lowercase words of letters and digits, as the
// fingerprint reads them: punctuation and case fixed are not words changed.
func Words(text string) []string {
	var words []string
	lower := lowered(text)
	for w := range wordsOf(lower) {
		words = append(words, foldASCII(w))
	}
	return words
}

// lowered is text in lower case, but for the letters A to Z, which the
// hashes fold as they read them (fnvFold): most text is ASCII, and
// strings.ToLower would copy all of it. Beyond ASCII a letter lowered may
// change its length, and with it where words start, so such text is
// lowered whole.
func lowered(text string) string {
	for i := 0; i < len(text); i++ {
		if text[i] >= utf8.RuneSelf {
			return strings.ToLower(text)
		}
	}
	return text
}

// foldASCII lowers the letters A to Z of a word, as fnvFold reads them.
func foldASCII(w string) string {
	for i := 0; i < len(w); i++ {
		if 'A' <= w[i] && w[i] <= 'Z' {
			return strings.ToLower(w)
		}
	}
	return w
}

// wordsOf yields the words of lowered text in order: runs of letters and
// digits.
func wordsOf(lower string) func(yield func(string) bool) {
	return func(yield func(string) bool) {
		start := -1
		for i := 0; i < len(lower); {
			var word bool
			n := 1
			if c := lower[i]; c < utf8.RuneSelf {
				word = asciiWord[c]
			} else {
				var r rune
				r, n = utf8.DecodeRuneInString(lower[i:])
				word = unicode.IsLetter(r) || unicode.IsDigit(r)
			}
			switch {
			case word:
				if start < 0 {
					start = i
				}
			case start >= 0:
				if !yield(lower[start:i]) {
					return
				}
				start = -1
			}
			i += n
		}
		if start >= 0 {
			yield(lower[start:])
		}
	}
}

// asciiWord says which ASCII characters are letters or digits: a look-up
// rather than three comparisons, for every character of every turn.
var asciiWord = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		t[c] = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
	}
	return t
}()

// FNV-1a, 32 bits (hash/fnv's New32a), written out so that hashing a word
// allocates nothing.
const (
	fnvOffset = 2166136261
	fnvPrime  = 16777619
)

// fnvFold adds s to h with its letters A to Z lowered (see lowered).
func fnvFold(h uint32, s string) uint32 {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		h ^= uint32(c)
		h *= fnvPrime
	}
	return h
}

func wordHash(w string) uint32 {
	return fnvFold(fnvOffset, w) & (1<<sketchBits - 1)
}

func (p Print) first() uint32 { return p.Ends >> 16 }
func (p Print) last() uint32  { return p.Ends & 0xffff }

// Equal says whether two prints are the same.
func (p Print) Equal(q Print) bool {
	return p.Speaker == q.Speaker && p.Words == q.Words && p.Ends == q.Ends && slices.Equal(p.Sketch, q.Sketch)
}

// State says what became of a turn of the record.
type State byte

const (
	// Live is a turn of the transcript as it is.
	Live State = iota
	// Deleted is a turn removed: its address leads to the turn after it.
	Deleted
	// Merged is a turn whose words were joined to the live turn before
	// it in the record: its address leads to that turn.
	Merged
)

// Entry is one line of a record.
type Entry struct {
	N     int
	State State
	Print Print
}

// Record is what a transcript's turns were: its entries in document order,
// removed turns where they stood.
type Record struct {
	Entries []Entry
	// Aliases are the transcript's earlier slugs that the record
	// remembers (a transcript renamed keeps its record and the old slug).
	Aliases []string
}

// Numbered is the outcome of aligning a transcript's turns with its
// record.
type Numbered struct {
	Numbers []int    // each turn's number, in document order
	Removed []Marker // the removed turns' addresses, in document order
	Record  Record   // the record to keep
}

// Marker is the address of a removed turn in the page: before the turn at
// position At (len(turns): after the last), or inside it when Merged.
type Marker struct {
	N      int
	At     int
	Merged bool
}

// Next is the number a new turn gets: one past any the record ever gave.
func (r Record) Next() int {
	n := 0
	for _, e := range r.Entries {
		n = max(n, e.N)
	}
	return n + 1
}

// Find gives the entry numbered n.
func (r Record) Find(n int) (Entry, bool) {
	for _, e := range r.Entries {
		if e.N == n {
			return e, true
		}
	}
	return Entry{}, false
}

// Leads says where the address of the entry numbered n leads now: the
// number of a live turn (the turn itself; for a removed one, the turn that
// holds its words or the one after where it stood), or 0 if none.
func (r Record) Leads(n int) int {
	i := slices.IndexFunc(r.Entries, func(e Entry) bool { return e.N == n })
	if i < 0 {
		return 0
	}
	switch r.Entries[i].State {
	case Live:
		return n
	case Merged:
		for j := i - 1; j >= 0; j-- {
			if r.Entries[j].State == Live {
				return r.Entries[j].N
			}
		}
	}
	for j := i + 1; j < len(r.Entries); j++ {
		if r.Entries[j].State == Live {
			return r.Entries[j].N
		}
	}
	for j := i - 1; j >= 0; j-- {
		if r.Entries[j].State == Live {
			return r.Entries[j].N
		}
	}
	return 0
}

// markers lists where the removed entries of r stand among its live ones.
func (r Record) markers() []Marker {
	var out []Marker
	live := 0
	for _, e := range r.Entries {
		switch e.State {
		case Live:
			live++
		case Deleted:
			out = append(out, Marker{N: e.N, At: live})
		case Merged:
			if live == 0 {
				out = append(out, Marker{N: e.N, At: 0})
			} else {
				out = append(out, Marker{N: e.N, At: live - 1, Merged: true})
			}
		}
	}
	return out
}

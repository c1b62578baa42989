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
	"hash/fnv"
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

// Turn is a turn as the build parsed it: its speaker and every distinct
// word's hash, which the record's sketches are looked up in.
type Turn struct {
	Print
	hashes []uint32 // sorted, distinct
}

// NewTurn reads a turn's words.
func NewTurn(speaker, text string) Turn {
	words := Words(text)
	t := Turn{Print: Print{Speaker: speaker, Words: len(words)}}
	t.Ends = endsHash(words)
	t.hashes = make([]uint32, 0, len(words))
	for _, w := range words {
		// Short words ("the", "and", "of") are in nearly every turn and
		// would fill every sketch: only a turn of short words alone is
		// known by them.
		if utf8.RuneCountInString(w) >= minWord {
			t.hashes = append(t.hashes, wordHash(w))
		}
	}
	if len(t.hashes) == 0 {
		for _, w := range words {
			t.hashes = append(t.hashes, wordHash(w))
		}
	}
	slices.Sort(t.hashes)
	t.hashes = slices.Compact(t.hashes)
	t.Sketch = slices.Clone(t.hashes[:min(sketchSize, len(t.hashes))])
	return t
}

// Words splits text into lowercase words of letters and digits, as the
// fingerprint reads them: punctuation and case fixed are not words changed.
func Words(text string) []string {
	return strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

func wordHash(w string) uint32 {
	h := fnv.New32a()
	_, _ = h.Write([]byte(w))
	return h.Sum32() & (1<<sketchBits - 1)
}

// endsHash sums the first three words and the last three, which a split
// turn's first part and last part keep.
func endsHash(words []string) uint32 {
	part := func(ws []string) uint32 {
		h := fnv.New32a()
		for _, w := range ws {
			_, _ = h.Write([]byte(w))
			_, _ = h.Write([]byte{0})
		}
		return h.Sum32() & 0xffff
	}
	n := min(3, len(words))
	return part(words[:n])<<16 | part(words[len(words)-n:])
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

package turnids

import (
	"fmt"
	"slices"
	"sort"
)

// Number gives turns their numbers from the record of the transcript they
// were parsed from; with none (a transcript never built), 1 to n in
// document order. The outcome depends on the record and the turns alone.
// Turns whose words must be compared keep their words' hashes (see
// Turn.wordHashes), so a slice of turns is for one goroutine at a time.
func Number(old *Record, turns []Turn) Numbered {
	if old == nil {
		old = &Record{}
	}
	var live []int // indexes in old.Entries of its live turns
	for i, e := range old.Entries {
		if e.State == Live {
			live = append(live, i)
		}
	}
	if len(live) == len(turns) && sameTurns(old, live, turns) {
		// The turns are as recorded: the most frequent case by far.
		out := Numbered{Record: Record{Entries: slices.Clone(old.Entries), Aliases: old.Aliases}}
		for _, i := range live {
			out.Numbers = append(out.Numbers, old.Entries[i].N)
		}
		out.Removed = out.Record.markers()
		return out
	}
	a := aligner{old: old.Entries, turns: turns, match: make([]int, len(old.Entries)), of: make([]int, len(turns))}
	for i := range a.match {
		a.match[i] = -1
	}
	for j := range a.of {
		a.of[j] = -1
	}
	a.inOrder(live)
	a.exact(live)
	a.splitsAndMerges(live)
	a.moves()
	return a.result(old.Aliases)
}

func sameTurns(old *Record, live []int, turns []Turn) bool {
	for j, i := range live {
		if !old.Entries[i].Print.Equal(turns[j].Print) {
			return false
		}
	}
	return true
}

// aligner pairs the entries of a record with the turns of a transcript.
type aligner struct {
	old   []Entry
	turns []Turn
	match []int // by entry: the turn it continues, or -1
	of    []int // by turn: the entry it continues, or -1
}

func (a *aligner) pair(i, j int) { a.match[i], a.of[j] = j, i }

// similarity scores an entry against a turn, 0 when they cannot be one
// turn: the share of the entry's sketch found among the turn's words,
// weighed by how close their lengths are, and a bonus for each end of the
// turn kept. A turn given to another speaker (a label corrected) may
// continue an entry only if its words are nearly all the same.
func similarity(p Print, t *Turn) float64 {
	hashes := t.wordHashes()
	if len(p.Sketch) == 0 || len(hashes) == 0 {
		if p.Speaker == t.Speaker && p.Words == t.Words && p.Ends == t.Ends {
			return 1
		}
		return 0
	}
	hits := 0
	for _, h := range p.Sketch {
		if _, ok := slices.BinarySearch(hashes, h); ok {
			hits++
		}
	}
	share := float64(hits) / float64(len(p.Sketch))
	firstKept, lastKept := p.first() == t.first(), p.last() == t.last()
	// Most of the words and an end kept, or nearly all the words: two
	// turns on one subject share some words by chance.
	if !(share >= 0.75 || share >= 0.5 && (firstKept || lastKept) || hits > 0 && firstKept && lastKept) {
		return 0
	}
	s := share * float64(min(p.Words, t.Words)) / float64(max(p.Words, t.Words, 1))
	if firstKept {
		s += 0.25
	}
	if lastKept {
		s += 0.25
	}
	if p.Speaker != t.Speaker {
		if share < 0.75 || !(firstKept && lastKept) {
			return 0
		}
		s /= 2
	}
	return s
}

// inOrder pairs the live entries with the turns in order, as a sequence
// alignment that makes the sum of similarities largest: turns inserted,
// removed or changed leave the rest in step. Common runs at both ends are
// paired first, so that the table covers only what changed.
func (a *aligner) inOrder(live []int) {
	lo := 0
	for lo < len(live) && lo < len(a.turns) && a.old[live[lo]].Print.Equal(a.turns[lo].Print) {
		a.pair(live[lo], lo)
		lo++
	}
	hiO, hiT := len(live), len(a.turns)
	for hiO > lo && hiT > lo && a.old[live[hiO-1]].Print.Equal(a.turns[hiT-1].Print) {
		hiO, hiT = hiO-1, hiT-1
		a.pair(live[hiO], hiT)
	}
	m, n := hiO-lo, hiT-lo
	if m == 0 || n == 0 {
		return
	}
	// score[i][j] is the best sum for the first i entries and j turns of
	// the middle; float32 keeps a long transcript's table small.
	w := n + 1
	score := make([]float32, (m+1)*w)
	sim := make([]float32, (m+1)*w)
	for i := 1; i <= m; i++ {
		p := a.old[live[lo+i-1]].Print
		for j := 1; j <= n; j++ {
			s := float32(similarity(p, &a.turns[lo+j-1]))
			sim[i*w+j] = s
			best := max(score[(i-1)*w+j], score[i*w+j-1])
			if s > 0 {
				best = max(best, score[(i-1)*w+j-1]+s)
			}
			score[i*w+j] = best
		}
	}
	// Walked back from the end, a pair is taken whenever it gives the
	// best sum, so that of equal choices the later entry keeps its later
	// turn: ties are settled by position alone.
	for i, j := m, n; i > 0 && j > 0; {
		s := sim[i*w+j]
		switch {
		case s > 0 && score[i*w+j] == score[(i-1)*w+j-1]+s:
			a.pair(live[lo+i-1], lo+j-1)
			i, j = i-1, j-1
		case score[i*w+j] == score[(i-1)*w+j]:
			i--
		default:
			j--
		}
	}
}

// exact gives a turn whose words are exactly those of one entry, and of no
// other entry or turn, that entry's number where the alignment in order
// paired either with other words: two similar turns swapped (one
// speaker's "Yes, absolutely." and "No, absolutely not.") cross, and in
// order each would take the other's number. What it unpairs is left to
// moves.
func (a *aligner) exact(live []int) {
	key := func(p Print) string { return fmt.Sprint(p.Speaker, p.Words, p.Ends, p.Sketch) }
	entries := map[string][]int{}
	for _, i := range live {
		k := key(a.old[i].Print)
		entries[k] = append(entries[k], i)
	}
	turns := map[string]int{}
	for j := range a.turns {
		turns[key(a.turns[j].Print)]++
	}
	for j := range a.turns {
		k := key(a.turns[j].Print)
		if len(entries[k]) != 1 || turns[k] != 1 {
			continue
		}
		i := entries[k][0]
		if a.match[i] == j {
			continue
		}
		if jj := a.match[i]; jj >= 0 {
			a.of[jj] = -1
		}
		if ii := a.of[j]; ii >= 0 {
			a.match[ii] = -1
		}
		a.pair(i, j)
	}
}

// splitsAndMerges gives the first part of a split turn, and a turn made of
// two merged ones, the number of the first part, as an editor expects:
// the sequence alignment pairs whichever part holds most of the words.
// A split leaves a new turn of the same speaker just before the one
// paired, which starts as the entry did; a merge leaves an entry of the
// same speaker just before the one paired, whose start the turn keeps.
func (a *aligner) splitsAndMerges(live []int) {
	for k, i := range live {
		j := a.match[i]
		if j < 0 {
			continue
		}
		p := a.old[i].Print
		// A split: the turn before j is unpaired and starts as the entry did.
		for j > 0 && a.of[j-1] < 0 && a.turns[j-1].Speaker == p.Speaker && a.turns[j-1].first() == p.first() && a.turns[j].first() != p.first() {
			a.of[j] = -1
			j--
			a.pair(i, j)
		}
		// A merge: the entry before i is unpaired and starts as turn j does.
		for k > 0 && a.match[live[k-1]] < 0 && a.old[live[k-1]].Print.Speaker == a.turns[j].Speaker &&
			a.old[live[k-1]].Print.first() == a.turns[j].first() && p.first() != a.turns[j].first() {
			a.match[i] = -1
			k--
			i = live[k]
			a.pair(i, j)
			p = a.old[i].Print
		}
	}
}

// moves pairs what is left, in any order: a turn moved elsewhere in the
// transcript, or one removed and then written again, which takes its old
// number back. The most similar pairs are taken first.
func (a *aligner) moves() {
	type cand struct {
		i, j int
		s    float64
	}
	var cands []cand
	for i, e := range a.old {
		if a.match[i] >= 0 {
			continue
		}
		for j := range a.turns {
			if a.of[j] >= 0 {
				continue
			}
			// Stricter than in order: out of place, only a turn clearly
			// the same is taken for it.
			if s := similarity(e.Print, &a.turns[j]); s >= 0.75 {
				cands = append(cands, cand{i, j, s})
			}
		}
	}
	sort.SliceStable(cands, func(x, y int) bool { return cands[x].s > cands[y].s })
	for _, c := range cands {
		if a.match[c.i] < 0 && a.of[c.j] < 0 {
			a.pair(c.i, c.j)
		}
	}
}

// result writes the new record: the turns in document order, each entry no
// longer paired kept where it stood (before the turn that now follows it)
// or, its words now in the turn that the entry before it continues, inside
// that turn.
func (a *aligner) result(aliases []string) Numbered {
	next := Record{Aliases: aliases}.Next()
	for _, e := range a.old {
		next = max(next, e.N+1)
	}
	// before[j] and inside[j] list the entries that stand before turn j and
	// those merged into it; before[len(turns)] those after the last.
	before := make([][]Entry, len(a.turns)+1)
	inside := make([][]Entry, len(a.turns))
	host := -1 // the turn that holds the words of the last live entry, or -1
	for i, e := range a.old {
		if j := a.match[i]; j >= 0 {
			host = j
			continue
		}
		if e.State != Deleted && host >= 0 && (e.State == Merged || a.holds(host, e.Print)) {
			e.State = Merged
			inside[host] = append(inside[host], e)
			continue
		}
		if e.State == Live {
			host = -1
		}
		e.State = Deleted
		at := len(a.turns)
		for k := i + 1; k < len(a.old); k++ {
			if j := a.match[k]; j >= 0 {
				at = j
				break
			}
		}
		before[at] = append(before[at], e)
	}
	out := Numbered{Record: Record{Aliases: aliases}}
	for j := range a.turns {
		out.Record.Entries = append(out.Record.Entries, before[j]...)
		n := next
		if i := a.of[j]; i >= 0 {
			n = a.old[i].N
		} else {
			next++
		}
		out.Numbers = append(out.Numbers, n)
		out.Record.Entries = append(out.Record.Entries, Entry{N: n, State: Live, Print: a.turns[j].Print})
		out.Record.Entries = append(out.Record.Entries, inside[j]...)
	}
	out.Record.Entries = append(out.Record.Entries, before[len(a.turns)]...)
	out.Removed = out.Record.markers()
	return out
}

// holds says whether turn j holds the words of a removed entry: its
// speaker's, and most of its sketch there.
func (a *aligner) holds(j int, p Print) bool {
	t := &a.turns[j]
	if t.Speaker != p.Speaker || len(p.Sketch) == 0 {
		return false
	}
	hits, hashes := 0, t.wordHashes()
	for _, h := range p.Sketch {
		if _, ok := slices.BinarySearch(hashes, h); ok {
			hits++
		}
	}
	return 2*hits >= len(p.Sketch) && (t.last() == p.last() || 4*hits >= 3*len(p.Sketch))
}

// Unchanged gives the numbers of turns whose prints are those the record
// lists, in order, as Number would: false if they are not (Number must
// align their words then).
func Unchanged(old *Record, prints []Print) (Numbered, bool) {
	turns := make([]Turn, len(prints))
	for i, p := range prints {
		turns[i].Print = p
	}
	if old == nil {
		return Number(nil, turns), true
	}
	var live []int
	for i, e := range old.Entries {
		if e.State == Live {
			live = append(live, i)
		}
	}
	if len(live) != len(turns) || !sameTurns(old, live, turns) {
		return Numbered{}, false
	}
	return Number(old, turns), true
}

// Continued counts the turns numbered that continue an entry of old.
func (n Numbered) Continued(old *Record) int {
	next, c := old.Next(), 0
	for _, x := range n.Numbers {
		if x < next {
			c++
		}
	}
	return c
}

// Live counts the turns of the record that are in the transcript.
func (r Record) Live() int {
	c := 0
	for _, e := range r.Entries {
		if e.State == Live {
			c++
		}
	}
	return c
}

package model

import (
	"math"
	"sort"

	"github.com/verbatim-archive/verbatim/generator/parallel"
)

// relatedCount is how many related transcripts a transcript lists.
const relatedCount = 5

// neighbourhood bounds, for each speaker or topic a transcript shares, how
// many of its other transcripts (the nearest by date) are weighed as
// related; without it, a speaker present in half of a large archive makes
// the work grow with the square of the archive.
const neighbourhood = 40

// relate fills in what depends on the whole archive: lists, counts,
// previous and next, related transcripts.
func (s *Site) relate(cache *Cache) {
	s.Speakers = s.sortedSpeakers()
	s.Topics = s.sortedTopics()

	// s.Transcripts is newest first, so every list built from it is too.
	for i, t := range s.Transcripts {
		if i > 0 {
			t.Next = s.Transcripts[i-1]
		}
		if i+1 < len(s.Transcripts) {
			t.Prev = s.Transcripts[i+1]
		}
		for _, tp := range t.Topics {
			tp.Transcripts = append(tp.Transcripts, t)
		}
		for _, a := range t.Speakers {
			sp := a.Speaker
			sp.Transcripts = append(sp.Transcripts, t)
			sp.Turns += a.Turns
			sp.Words += a.Words
		}
	}
	for _, sp := range s.Speakers {
		sp.Topics = sp.topicCounts()
	}
	for _, tp := range s.Topics {
		tp.Speakers = tp.speakerCounts()
	}
	s.findRelated(cache)
}

// topicCounts counts the speaker's turns in each topic of their
// transcripts, most first.
func (sp *Speaker) topicCounts() []TopicCount {
	var c counts[*Topic]
	for _, t := range sp.Transcripts {
		if a := t.appearance(sp.ID); a != nil && a.Turns > 0 {
			for _, tp := range t.Topics {
				c.add(tp, tp.ID, a.Turns)
			}
		}
	}
	if len(c.keys) == 0 {
		return nil
	}
	out := make([]TopicCount, len(c.keys))
	for i, tp := range c.sorted() {
		out[i] = TopicCount{Topic: tp, Turns: c.turns[i]}
	}
	return out
}

// speakerCounts counts each speaker's turns in the topic's transcripts,
// most first.
func (tp *Topic) speakerCounts() []SpeakerCount {
	var c counts[*Speaker]
	for _, t := range tp.Transcripts {
		for _, a := range t.Speakers {
			if a.Turns > 0 {
				c.add(a.Speaker, a.Speaker.ID, a.Turns)
			}
		}
	}
	if len(c.keys) == 0 {
		return nil
	}
	out := make([]SpeakerCount, len(c.keys))
	for i, sp := range c.sorted() {
		out[i] = SpeakerCount{Speaker: sp, Turns: c.turns[i]}
	}
	return out
}

// counts adds up turns by key (a speaker or a topic, with its id).
type counts[K comparable] struct {
	at    map[K]int
	keys  []K
	ids   []string
	turns []int
}

func (c *counts[K]) add(k K, id string, turns int) {
	i, ok := c.at[k]
	if !ok {
		if c.at == nil {
			c.at = map[K]int{}
		}
		i = len(c.keys)
		c.at[k] = i
		c.keys, c.ids, c.turns = append(c.keys, k), append(c.ids, id), append(c.turns, 0)
	}
	c.turns[i] += turns
}

// sorted gives the keys most turns first, then by id, and leaves turns
// in that order.
func (c *counts[K]) sorted() []K {
	order := make([]int, len(c.keys))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(i, j int) bool {
		a, b := order[i], order[j]
		if c.turns[a] != c.turns[b] {
			return c.turns[a] > c.turns[b]
		}
		return c.ids[a] < c.ids[b]
	})
	keys, turns := make([]K, len(order)), make([]int, len(order))
	for i, o := range order {
		keys[i], turns[i] = c.keys[o], c.turns[o]
	}
	c.turns = turns
	return keys
}

// findRelated scores other transcripts by the speakers and topics they
// share, each weighed by how rare it is (a speaker in every transcript
// says little), and keeps the best.
func (s *Site) findRelated(cache *Cache) {
	// Related transcripts depend only on the order of the archive and on
	// who speaks and what is discussed in each transcript: an edit of the
	// words changes none of it, and watch mode need not score again.
	var sig uint64
	if cache != nil {
		sig = cache.relateKey(s.Transcripts)
		if s.relatedFrom(cache, sig) {
			return
		}
	}
	r := newRelater(s.Transcripts)
	parallel.ForWith(len(s.Transcripts), r.newScores, func(sc *scores, i int) {
		s.Transcripts[i].Related = r.related(i, sc)
	})
	if cache != nil {
		rel := make([][]int32, len(s.Transcripts))
		for i, t := range s.Transcripts {
			for _, o := range t.Related {
				rel[i] = append(rel[i], int32(r.index[o]))
			}
		}
		cache.setRelated(sig, rel)
	}
}

// relatedFrom sets every transcript's related ones from what the last
// build of the same archive order, speakers and topics (sig) found, if
// the cache has it.
func (s *Site) relatedFrom(cache *Cache, sig uint64) bool {
	rel, ok := cache.related(sig)
	if !ok || len(rel) != len(s.Transcripts) {
		return false
	}
	for i, t := range s.Transcripts {
		t.Related = make([]*Transcript, len(rel[i]))
		for j, k := range rel[i] {
			t.Related[j] = s.Transcripts[k]
		}
	}
	return true
}

// relater finds the transcripts related to each of an archive's.
type relater struct {
	all   []*Transcript // newest first
	index map[*Transcript]int
}

func newRelater(all []*Transcript) *relater {
	r := &relater{all: all, index: make(map[*Transcript]int, len(all))}
	for i, t := range all {
		r.index[t] = i
	}
	return r
}

// scores is one worker's scratch: a score per position of the archive,
// zero but at the positions touched by the transcript being scored, which
// are reset after it, so that scoring a transcript costs what it shares
// and not the size of the archive.
type scores struct {
	score   []float64
	touched []int
	shared  []shared
}

// shared is the transcripts of a speaker or topic a transcript has, and
// what sharing it weighs.
type shared struct {
	list []*Transcript // newest first, like the archive
	w    float64
}

func (r *relater) newScores() *scores {
	return &scores{score: make([]float64, len(r.all))}
}

// related gives the relatedCount best transcripts for the one at position
// ti.
func (r *relater) related(ti int, sc *scores) []*Transcript {
	r.score(ti, sc)
	best, nb := sc.best(ti)
	rel := make([]*Transcript, nb)
	for j := range nb {
		rel[j] = r.all[best[j]]
	}
	for _, i := range sc.touched {
		sc.score[i] = 0
	}
	return rel
}

// score adds, to every transcript within the neighbourhood of the one at
// ti in the list of a speaker or topic it has, the weight of that speaker
// or topic.
func (r *relater) score(ti int, sc *scores) {
	t := r.all[ti]
	n := float64(len(r.all))
	sc.shared = sc.shared[:0]
	for _, a := range t.Speakers {
		l := a.Speaker.Transcripts
		sc.shared = append(sc.shared, shared{l, math.Log(1 + n/float64(len(l)))})
	}
	for _, tp := range t.Topics {
		l := tp.Transcripts
		sc.shared = append(sc.shared, shared{l, math.Log(1 + n/float64(len(l)))})
	}
	// In locals, which the compiler keeps in registers through the loop.
	score, touched := sc.score, sc.touched[:0]
	for _, k := range sc.shared {
		p := r.position(k.list, ti)
		lo, hi := max(0, p-neighbourhood/2), min(len(k.list), p+neighbourhood/2+1)
		for _, o := range k.list[lo:hi] {
			if o == t {
				continue
			}
			i := r.index[o]
			if score[i] == 0 {
				touched = append(touched, i)
			}
			score[i] += k.w
		}
	}
	sc.touched = touched
}

// position is where the transcript at ti of the archive is, or would be,
// in list: list is newest first, like the archive, so it is searched by
// position.
func (r *relater) position(list []*Transcript, ti int) int {
	return sort.Search(len(list), func(i int) bool { return r.index[list[i]] >= ti })
}

// best gives the positions of the best of the transcripts touched, at
// most relatedCount, best first, and how many there are.
func (sc *scores) best(ti int) ([relatedCount]int, int) {
	var best [relatedCount]int
	nb := 0
	score := sc.score
	for _, c := range sc.touched {
		if nb < relatedCount {
			best[nb] = c
			nb++
		} else if better(score, c, best[nb-1], ti) {
			best[nb-1] = c
		} else {
			continue
		}
		for j := nb - 1; j > 0 && better(score, best[j], best[j-1], ti); j-- {
			best[j], best[j-1] = best[j-1], best[j]
		}
	}
	return best, nb
}

// better says whether candidate a goes before b for the transcript at
// ti: higher score, then nearer in time, then by position, so ties are
// stable.
func better(score []float64, a, b, ti int) bool {
	if score[a] != score[b] {
		return score[a] > score[b]
	}
	da, db := abs(a-ti), abs(b-ti)
	if da != db {
		return da < db
	}
	return a < b
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

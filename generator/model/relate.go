package model

import (
	"math"
	"runtime"
	"sort"
	"sync"
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
	spTopic := map[*Speaker]map[*Topic]int{}
	tpSpeaker := map[*Topic]map[*Speaker]int{}
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
			if a.Turns == 0 {
				continue
			}
			for _, tp := range t.Topics {
				if spTopic[sp] == nil {
					spTopic[sp] = map[*Topic]int{}
				}
				spTopic[sp][tp] += a.Turns
				if tpSpeaker[tp] == nil {
					tpSpeaker[tp] = map[*Speaker]int{}
				}
				tpSpeaker[tp][sp] += a.Turns
			}
		}
	}
	for _, sp := range s.Speakers {
		for tp, n := range spTopic[sp] {
			sp.Topics = append(sp.Topics, TopicCount{Topic: tp, Turns: n})
		}
		sort.Slice(sp.Topics, func(i, j int) bool {
			a, b := sp.Topics[i], sp.Topics[j]
			if a.Turns != b.Turns {
				return a.Turns > b.Turns
			}
			return a.Topic.ID < b.Topic.ID
		})
	}
	for _, tp := range s.Topics {
		for sp, n := range tpSpeaker[tp] {
			tp.Speakers = append(tp.Speakers, SpeakerCount{Speaker: sp, Turns: n})
		}
		sort.Slice(tp.Speakers, func(i, j int) bool {
			a, b := tp.Speakers[i], tp.Speakers[j]
			if a.Turns != b.Turns {
				return a.Turns > b.Turns
			}
			return a.Speaker.ID < b.Speaker.ID
		})
	}
	s.findRelated(cache)
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
		if rel, ok := cache.related(sig); ok && len(rel) == len(s.Transcripts) {
			for i, t := range s.Transcripts {
				t.Related = make([]*Transcript, len(rel[i]))
				for j, k := range rel[i] {
					t.Related[j] = s.Transcripts[k]
				}
			}
			return
		}
	}
	index := map[*Transcript]int{}
	for i, t := range s.Transcripts {
		index[t] = i
	}
	pos := func(list []*Transcript, t *Transcript) int {
		// list is newest first, like s.Transcripts: search by position.
		want := index[t]
		return sort.Search(len(list), func(i int) bool { return index[list[i]] >= want })
	}
	n := float64(len(s.Transcripts))
	type key struct {
		list []*Transcript
		w    float64
	}
	// Transcripts are scored on every core; each worker keeps a score per
	// position of the archive and resets only what it touched.
	work := make(chan int, 64)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			score := make([]float64, len(s.Transcripts))
			var touched []int
			var keys []key
			for ti := range work {
				t := s.Transcripts[ti]
				keys = keys[:0]
				for _, a := range t.Speakers {
					l := a.Speaker.Transcripts
					keys = append(keys, key{l, math.Log(1 + n/float64(len(l)))})
				}
				for _, tp := range t.Topics {
					l := tp.Transcripts
					keys = append(keys, key{l, math.Log(1 + n/float64(len(l)))})
				}
				touched = touched[:0]
				for _, k := range keys {
					p := pos(k.list, t)
					lo, hi := max(0, p-neighbourhood/2), min(len(k.list), p+neighbourhood/2+1)
					for _, o := range k.list[lo:hi] {
						if o == t {
							continue
						}
						i := index[o]
						if score[i] == 0 {
							touched = append(touched, i)
						}
						score[i] += k.w
					}
				}
				// better says whether candidate a goes before b: higher
				// score, then nearer in time, then by position, so ties
				// are stable.
				better := func(a, b int) bool {
					if score[a] != score[b] {
						return score[a] > score[b]
					}
					da, db := abs(a-ti), abs(b-ti)
					if da != db {
						return da < db
					}
					return a < b
				}
				var best [relatedCount]int
				nb := 0
				for _, c := range touched {
					if nb < relatedCount {
						best[nb] = c
						nb++
					} else if better(c, best[nb-1]) {
						best[nb-1] = c
					} else {
						continue
					}
					for j := nb - 1; j > 0 && better(best[j], best[j-1]); j-- {
						best[j], best[j-1] = best[j-1], best[j]
					}
				}
				rel := make([]*Transcript, nb)
				for j := range nb {
					rel[j] = s.Transcripts[best[j]]
				}
				t.Related = rel
				for _, i := range touched {
					score[i] = 0
				}
			}
		}()
	}
	for i := range s.Transcripts {
		work <- i
	}
	close(work)
	wg.Wait()
	if cache != nil {
		rel := make([][]int32, len(s.Transcripts))
		for i, t := range s.Transcripts {
			for _, o := range t.Related {
				rel[i] = append(rel[i], int32(index[o]))
			}
		}
		cache.setRelated(sig, rel)
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

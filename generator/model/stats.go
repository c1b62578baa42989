package model

import "sort"

// Palette is how many speaker colours the theme has; Stats.Colour gives
// each speaker one of them.
const Palette = 8

// Stats are the figures that let speaker and topic pages answer questions
// at a glance: when a speaker appears, where speakers and topics meet, and
// which colour marks a speaker on every page.
type Stats struct {
	// Years holds, by speaker id, the speaker's appearances by year, oldest
	// first, with the years between as zero rows so that a timeline keeps
	// its scale.
	Years map[string][]YearCount
	// Passages holds, by speaker id then topic id, the speaker's turns in
	// the transcripts of that topic: the "speaker × topic" view, which the
	// search page lists (search/?speaker=<id>&topic=<topic id>).
	Passages map[string]map[string]*Passages
	// Colour is, by speaker id, an index below Palette. The speakers with
	// the most turns get distinct colours; the colour is a second cue only,
	// as every turn also names its speaker.
	Colour map[string]int
	// MaxYear is the largest count of transcripts a speaker has in one
	// year, so timelines of different speakers share one scale.
	MaxYear int
}

// YearCount is a speaker's appearances in one year.
type YearCount struct {
	Year        int
	Transcripts int
	Turns       int
}

// Passages is a speaker's turns in the transcripts of one topic.
type Passages struct {
	Speaker     *Speaker
	Topic       *Topic
	Transcripts []*Transcript // newest first, each with a turn of Speaker
	Turns       int
}

// Passage returns the "speaker × topic" passages of a speaker and topic, or
// nil when the speaker has no turn in that topic's transcripts.
func (st *Stats) Passage(speakerID, topicID string) *Passages {
	return st.Passages[speakerID][topicID]
}

// stats computes Stats; relate must have run, as it fills the lists this
// reads.
func (s *Site) stats() Stats {
	st := Stats{
		Years:    map[string][]YearCount{},
		Passages: map[string]map[string]*Passages{},
		Colour:   s.colours(),
	}
	for _, sp := range s.Speakers {
		st.setSpeaker(sp)
	}
	st.MaxYear = st.maxYear()
	return st
}

// colours gives each speaker a colour: the speakers with the most turns
// distinct ones.
func (s *Site) colours() map[string]int {
	ranked := append([]*Speaker(nil), s.Speakers...)
	sort.SliceStable(ranked, func(i, j int) bool {
		if ranked[i].Turns != ranked[j].Turns {
			return ranked[i].Turns > ranked[j].Turns
		}
		return ranked[i].ID < ranked[j].ID
	})
	colour := make(map[string]int, len(ranked))
	for i, sp := range ranked {
		colour[sp.ID] = i % Palette
	}
	return colour
}

// setSpeaker sets the speaker's timeline and passages by topic, from the
// transcripts relate listed.
func (st *Stats) setSpeaker(sp *Speaker) {
	delete(st.Years, sp.ID)
	delete(st.Passages, sp.ID)
	if len(sp.Transcripts) == 0 {
		return
	}
	// sp.Transcripts is newest first by the moment, but a year is the
	// date's as written, in its own time zone: a transcript between two
	// others may fall in a year outside theirs (2019-12-31T23:05-01:00
	// between two of 2020-01-01 UTC), so the range is taken from them all.
	first, last := sp.Transcripts[0].Date.Year(), sp.Transcripts[0].Date.Year()
	for _, t := range sp.Transcripts[1:] {
		first, last = min(first, t.Date.Year()), max(last, t.Date.Year())
	}
	years := make([]YearCount, last-first+1)
	for i := range years {
		years[i].Year = first + i
	}
	byTopic := map[string]*Passages{}
	for _, t := range sp.Transcripts {
		y := &years[t.Date.Year()-first]
		y.Transcripts++
		turns := 0
		for _, a := range t.Speakers {
			if a.Speaker == sp {
				turns += a.Turns
			}
		}
		y.Turns += turns
		if turns == 0 {
			continue
		}
		for _, tp := range t.Topics {
			p := byTopic[tp.ID]
			if p == nil {
				p = &Passages{Speaker: sp, Topic: tp}
				byTopic[tp.ID] = p
			}
			p.Transcripts = append(p.Transcripts, t)
			p.Turns += turns
		}
	}
	st.Years[sp.ID] = years
	if len(byTopic) > 0 {
		st.Passages[sp.ID] = byTopic
	}
}

// maxYear is the most transcripts a speaker has in one year.
func (st *Stats) maxYear() int {
	n := 0
	for _, years := range st.Years {
		for _, y := range years {
			n = max(n, y.Transcripts)
		}
	}
	return n
}

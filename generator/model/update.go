package model

import (
	"maps"
	"reflect"
	"slices"
	"time"
	"unsafe"

	"github.com/verbatim-archive/verbatim/generator/load"
	"github.com/verbatim-archive/verbatim/generator/markdown"
)

// updateMost bounds the transcripts Update parses again: past it, a Build
// costs little more, and a source read again whole (every file new) is
// built whole.
const updateMost = 64

// kept is what Update needs of the source and the parse that made a model.
type kept struct {
	drafts bool
	// files are the transcript files the model was made from, by path;
	// load.Update hands the next build the same *load.File for a file it
	// did not read again.
	files map[string]*load.File
	// others are the files of the other sections (speakers, topics,
	// pages), which Update takes as they were.
	others [3][]*load.File
	byPath map[string]*Transcript // by Body.Path
	// bodies are the profiles, topic descriptions and free pages with
	// their links.
	bodies []found
	// records is the map of turn records last weighed (load.Source's),
	// and orphans whether one of them had no transcript. A build adds
	// records only of transcripts it has, to the same map, so while the
	// map is the same an orphan cannot have come.
	records unsafe.Pointer
	orphans bool
	// renumber are the transcripts whose turn records the model
	// changed (Addresses.Changed): the build writes them, and the next
	// numbers those transcripts by them.
	renumber []*Transcript
}

var otherSections = [3]load.Section{load.Speakers, load.Topics, load.Pages}

func keep(src *load.Source, opt Options) *kept {
	k := &kept{drafts: opt.Drafts, files: make(map[string]*load.File, len(src.Files[load.Transcripts]))}
	for _, f := range src.Files[load.Transcripts] {
		k.files[f.Path] = f
	}
	for i, sec := range otherSections {
		k.others[i] = src.Files[sec]
	}
	return k
}

// Changes are what an Update changed in the model, for the keys of the
// pages that show it (package render) to be summed again, and only
// theirs.
type Changes struct {
	// Transcripts are those parsed again or given new details, and
	// those whose backlinks changed.
	Transcripts []*Transcript
	// Speakers and Topics are those whose counts changed: the speakers
	// and topics of the transcripts parsed again.
	Speakers []*Speaker
	Topics   []*Topic
	// Colours and MaxYear say whether Stats.Colour and Stats.MaxYear
	// changed; Dates, whether a transcript's date is written otherwise
	// (the same moment, in another time zone).
	Colours, MaxYear, Dates bool
}

// Update brings s, the model that Build (or Update) made with
// opt.Cache from the last source, up to date with src in place, when what
// changed is what a save of a transcript changes: its words, and front
// matter that leaves the archive's order and lists as they were (its
// title, summary, location, media). It parses only the transcripts
// changed (and, for a new title, those whose links show it) and derives
// again only what they touch: their speakers' and topics' counts, the
// figures of Stats, the backlinks of the transcripts they link to, and
// the links into them. The model is then what Build would make of src.
//
// It gives what changed, or false when the change is more than that, or
// a problem is found; s is then no longer usable, and Build makes the
// model whole (and reports the problems).
func Update(s *Site, src *load.Source, opt Options) (*Changes, bool) {
	k := s.kept
	c := opt.Cache
	if k == nil || c == nil || opt.Drafts != k.drafts || !reflect.DeepEqual(s.Config, src.Config) {
		return nil, false
	}
	for i, sec := range otherSections {
		if !slices.Equal(k.others[i], src.Files[sec]) {
			return nil, false
		}
	}
	files := src.Files[load.Transcripts]
	if len(files) != len(k.files) {
		return nil, false
	}
	var changed []*Transcript
	var decodes []decoded
	for _, f := range files {
		old, ok := k.files[f.Path]
		if !ok {
			return nil, false
		}
		if old == f {
			continue
		}
		t := k.byPath[f.Path]
		if t == nil || len(changed) == updateMost {
			return nil, false
		}
		was, ok := c.decodes[old]
		if !ok {
			return nil, false
		}
		d := decodeTranscript(f, opt, s.Config.Slugs)
		if !sameLinks(was, d) {
			return nil, false
		}
		delete(c.decodes, old)
		c.decodes[f] = d.copy()
		k.files[f.Path] = f
		changed = append(changed, t)
		decodes = append(decodes, d)
	}
	s.records = src.Records
	defer func() { s.records = nil }()
	// With a turn record of no transcript (one deleted, say), a
	// transcript parsed that has no record of its own may be the one
	// renamed: Build weighs every such transcript against every such
	// record (adoptRecords).
	if p := reflect.ValueOf(src.Records).UnsafePointer(); p != k.records || p == nil {
		k.records, k.orphans = p, s.hasOrphans()
	}
	orphans := k.orphans

	// A new title shows in the turns of the transcripts whose links
	// name it: they are parsed again too, as are those whose turn records
	// the last build wrote (a first build writes every record).
	again := slices.Clone(changed)
	for _, t := range k.renumber {
		if !slices.Contains(again, t) {
			again = append(again, t)
		}
	}
	for i, t := range changed {
		if decodes[i].t.Title != t.Title {
			for _, o := range t.Backlinks {
				if !slices.Contains(again, o) {
					again = append(again, o)
				}
			}
		}
	}
	if len(again) > updateMost || slices.ContainsFunc(again, func(t *Transcript) bool { return !t.alone() }) {
		return nil, false
	}
	linked := map[*Transcript]bool{}
	for _, t := range again {
		linked[t] = true
		for _, o := range t.Links {
			linked[o] = true
		}
		t.unlearn()
	}
	dates := false
	for i, t := range changed {
		dates = dates || t.Date.Format(time.RFC3339Nano) != decodes[i].t.Date.Format(time.RFC3339Nano)
		t.redecoded(decodes[i].t)
	}
	for _, t := range again {
		links, err := s.learn(t, opt, orphans)
		if err != nil || t.words != nil || t.Addresses.Replaced > 0 || len(t.Aliases) > 0 || t.lostSpeakers() != nil {
			return nil, false
		}
		t.links = links
		for _, a := range t.Speakers {
			a.Speaker.Turns += a.Turns
			a.Speaker.Words += a.Words
		}
	}
	for _, t := range again {
		if len(s.linkFrom(found{file: t.File, links: t.links, from: t})) > 0 {
			return nil, false
		}
		for _, o := range t.Links {
			linked[o] = true
		}
	}
	if !s.linksInto(again) {
		return nil, false
	}

	k.renumber = nil
	for _, t := range again {
		if t.Addresses.Changed {
			k.renumber = append(k.renumber, t)
		}
	}
	ch := &Changes{Dates: dates}
	for _, t := range s.Transcripts {
		// In the archive's order, as Changes are used.
		if linked[t] {
			ch.Transcripts = append(ch.Transcripts, t)
		}
	}
	for _, t := range again {
		for _, a := range t.Speakers {
			if !slices.Contains(ch.Speakers, a.Speaker) {
				ch.Speakers = append(ch.Speakers, a.Speaker)
			}
		}
		for _, tp := range t.Topics {
			if !slices.Contains(ch.Topics, tp) {
				ch.Topics = append(ch.Topics, tp)
			}
		}
	}
	for _, sp := range ch.Speakers {
		sp.Topics = sp.topicCounts()
		s.Stats.setSpeaker(sp)
	}
	for _, tp := range ch.Topics {
		tp.Speakers = tp.speakerCounts()
	}
	colours := s.colours()
	ch.Colours = !maps.Equal(colours, s.Stats.Colour)
	s.Stats.Colour = colours
	maxYear := s.Stats.maxYear()
	ch.MaxYear = maxYear != s.Stats.MaxYear
	s.Stats.MaxYear = maxYear
	s.Misattributions = s.misattributions()
	return ch, true
}

// hasOrphans says whether a turn record has no transcript
// (orphanRecords), without listing them.
func (s *Site) hasOrphans() bool {
	for slug := range s.records {
		if _, ok := s.BySlug[slug]; !ok {
			return true
		}
	}
	return false
}

// sameLinks says whether a transcript decoded again (d) takes the same
// place in the archive as when it was decoded last (was): the same slug,
// date, language, speakers, topics and aliases, and no problem.
func sameLinks(was, d decoded) bool {
	if d.t == nil || was.t == nil || len(d.head) > 0 || len(d.rest) > 0 || len(was.rest) > 0 {
		return false
	}
	a, b := was.t, d.t
	return a.Slug == b.Slug && a.Date.Equal(b.Date) && a.Language == b.Language && a.Draft == b.Draft &&
		a.TranslationOf == "" && b.TranslationOf == "" && len(a.Aliases) == 0 && len(b.Aliases) == 0 &&
		reflect.DeepEqual(was.speakers, d.speakers) && reflect.DeepEqual(was.topics, d.topics)
}

// alone says whether t stands apart from what Update leaves as it was:
// no aliases (which are weighed against the whole site), no translations
// (whose turns are aligned with the original's), and a record whose
// turns it continues.
func (t *Transcript) alone() bool {
	return len(t.Aliases) == 0 && t.Original == nil && len(t.Translations) == 0 && t.Addresses.Replaced == 0
}

// unlearn takes back what parsing t added to the model: its turns, their
// counts in its speakers' totals, and its links.
func (t *Transcript) unlearn() {
	for _, a := range t.Speakers {
		a.Speaker.Turns -= a.Turns
		a.Speaker.Words -= a.Words
		a.Turns, a.Words = 0, 0
	}
	for _, o := range t.Links {
		o.Backlinks = slices.DeleteFunc(o.Backlinks, func(b *Transcript) bool { return b == t })
	}
	t.Links, t.links = nil, nil
	t.Turns, t.Headings, t.Words, t.TurnsKey = nil, nil, 0, 0
	t.labels = labelNotes{}
	t.Addresses = Addresses{}
}

// redecoded takes into t what decoding its file again gave (d), which
// sameLinks found to change nothing of its place in the archive.
func (t *Transcript) redecoded(d *Transcript) {
	t.Title, t.Date, t.Location, t.Source, t.Media, t.Summary, t.Params = d.Title, d.Date, d.Location, d.Source, d.Media, d.Summary, d.Params
	words := t.Body.words
	t.Body = d.Body
	t.Body.words = words
	t.Aliases = nil
}

// linksInto checks again the links into the transcripts parsed again
// (ts), from the others and from profiles, topic descriptions and pages:
// a turn or heading they name may be gone.
func (s *Site) linksInto(ts []*Transcript) bool {
	done := map[*Transcript]bool{}
	for _, t := range ts {
		done[t] = true
	}
	for _, t := range ts {
		for _, o := range t.Backlinks {
			if !done[o] {
				done[o] = true
				if !s.followed(o.links) {
					return false
				}
			}
		}
	}
	for _, b := range s.kept.bodies {
		if slices.ContainsFunc(b.body.Links, func(t *Transcript) bool { return slices.Contains(ts, t) }) && !s.followed(b.links) {
			return false
		}
	}
	return true
}

// followed says whether every link of links finds its target.
func (s *Site) followed(links []markdown.Link) bool {
	for _, l := range links {
		if _, msg := s.check(l); msg != "" {
			return false
		}
	}
	return true
}

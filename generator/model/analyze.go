package model

import (
	"bytes"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/verbatim-archive/verbatim/generator/diag"
	"github.com/verbatim-archive/verbatim/generator/markdown"
	"github.com/verbatim-archive/verbatim/generator/parallel"
	"github.com/verbatim-archive/verbatim/generator/turnids"
)

// excerptLen bounds the text a speaker page shows of each turn, so that the
// model of a large archive keeps a little of every turn, not all of it: the
// opening words, enough to tell one turn from another. Speaker pages list
// every turn of the archive, so each byte here is one per turn in the site
// (37 KB of the speaker pages of a 2,000-transcript archive). 48 bytes are
// about seven words of English: the opening of the turn, which tells it
// from the next, in half a line beside its timestamp on a wide screen and
// a line and a half on a phone; the whole turn is one click away.
const excerptLen = 48

// DocOptions gives the converter what it must know of a transcript: who may
// speak in it, by which labels, and where its media is.
func (t *Transcript) DocOptions() markdown.DocOptions {
	d := markdown.DocOptions{
		SourcePath: t.Body.Path,
		FirstLine:  t.Body.FirstLine,
		Labels:     map[string]string{},
		Speakers:   map[string]markdown.Speaker{},
		MediaURL:   t.Media,
		Numbers:    t.numbers(),
		Removed:    t.Addresses.Removed,
		Words:      t.Body.labels(),
		// A transcript is the only document on its page, and heading ids
		// keep clear of the notes' (fn-, fnref-, sn-): its note ids need
		// no prefix, which would be written six times a note.
	}
	for _, a := range t.Speakers {
		sp := a.Speaker
		d.Speakers[sp.ID] = markdown.Speaker{Name: sp.Name}
		d.Labels[markdown.NormalizeLabel(sp.Name)] = sp.ID
		for _, al := range sp.Aliases {
			d.Labels[markdown.NormalizeLabel(al)] = sp.ID
		}
	}
	for l, ids := range t.ambiguous {
		delete(d.Labels, l)
		if d.Ambiguous == nil {
			d.Ambiguous = map[string][]string{}
		}
		f := markdown.FoldLabel(l)
		for _, id := range ids {
			if !slices.Contains(d.Ambiguous[f], id) {
				d.Ambiguous[f] = append(d.Ambiguous[f], id)
			}
		}
		slices.Sort(d.Ambiguous[f]) // two labels may fold alike: one order whatever the map's
	}
	if len(t.notSpeakers) > 0 {
		d.NotSpeakers = make(map[string]bool, len(t.notSpeakers))
		for _, l := range t.notSpeakers {
			d.NotSpeakers[l] = true
		}
	}
	return d
}

// DocOptions gives the converter what it must know of a body that is not a
// transcript: it has no speakers, so no turns.
func (b Body) DocOptions(prefix string) markdown.DocOptions {
	return markdown.DocOptions{SourcePath: b.Path, FirstLine: b.FirstLine, IDPrefix: prefix, Words: b.labels()}
}

// labels are the labels of the body's links in its language.
func (b Body) labels() markdown.Words {
	if b.words == nil {
		return markdown.Words{}
	}
	return *b.words
}

type found struct {
	file  string
	links []markdown.Link
	from  *Transcript // nil for profiles, topics and pages
	body  *Body       // the profile, topic or page, else nil
	err   error       // the body could not be read
}

// analyze parses every body once, in parallel, to learn turns and links.
func (s *Site) analyze(opt Options) diag.List {
	var errs diag.List
	cache := opt.Cache
	s.ambiguousLabels()

	orphans := s.orphanRecords()
	results := make([]found, len(s.Transcripts))
	parallel.For(len(s.Transcripts), func(i int) {
		t := s.Transcripts[i]
		links, err := s.learn(t, opt, len(orphans) > 0)
		results[i] = found{file: t.File, links: links, from: t, err: err}
	})
	s.adoptRecords(orphans)
	for _, t := range s.Transcripts {
		if n := t.Addresses.Replaced; n > 0 {
			s.Warnings = append(s.Warnings, diag.At(t.Addresses.File, 0, "none of the %d turns recorded for /transcripts/%s/ is in %s now: their addresses lead to other words. If the transcript they were in was renamed, give it its slug back (slug: %s) and this one another, then build again",
				n, t.Slug, t.File, t.Slug))
		}
	}
	errs = append(errs, s.checkAliases()...)
	if cache != nil {
		paths := make(map[string]bool, len(s.Transcripts))
		for _, t := range s.Transcripts {
			paths[t.Body.Path] = true
		}
		cache.keepOnly(paths)
	}

	// Profiles, topic descriptions and pages are few; they are parsed for
	// their links only.
	for _, sp := range s.sortedSpeakers() {
		if sp.Bio != nil {
			results = append(results, found{file: sp.Bio.File, links: s.Markdown.Parse(sp.Bio.Source, sp.Bio.DocOptions("bio")).Links(), body: sp.Bio})
		}
	}
	for _, tp := range s.sortedTopics() {
		if tp.Description != nil {
			results = append(results, found{file: tp.Description.File, links: s.Markdown.Parse(tp.Description.Source, tp.Description.DocOptions("topic")).Links(), body: tp.Description})
		}
	}
	for _, p := range s.Pages {
		results = append(results, found{file: p.Body.File, links: s.Markdown.Parse(p.Body.Source, p.Body.DocOptions("page")).Links(), body: &p.Body})
	}

	s.Misattributions = s.misattributions()
	errs = append(errs, s.lostSpeakers()...)
	for _, r := range results {
		if r.err != nil {
			if l := diag.Flatten(r.err); l != nil {
				errs = append(errs, l...)
			} else {
				errs = append(errs, diag.At(r.file, 0, "%v", r.err))
			}
			continue
		}
		if r.from != nil {
			r.from.links = r.links
		}
		errs = append(errs, s.linkFrom(r)...)
	}
	if cache != nil {
		s.kept.bodies = results[len(s.Transcripts):]
	}
	return errs
}

// linkFrom adds the links of one transcript or body to the model: each
// transcript it links to once, and it to their backlinks. It gives the
// problems of the links it cannot follow.
func (s *Site) linkFrom(r found) diag.List {
	var errs diag.List
	seen := map[*Transcript]bool{}
	for _, l := range r.links {
		target, msg := s.check(l)
		if msg != "" {
			errs = append(errs, diag.At(r.file, l.Line, "%s", msg))
			continue
		}
		if r.from != nil && target != nil && target != r.from && !seen[target] {
			seen[target] = true
			r.from.Links = append(r.from.Links, target)
			target.addBacklink(r.from)
		}
		if r.body != nil && target != nil && !seen[target] {
			seen[target] = true
			r.body.Links = append(r.body.Links, target)
		}
	}
	return errs
}

// addBacklink puts from among t's backlinks, in the archive's order
// (newest first): a build adds them in that order, an update (Update)
// anywhere.
func (t *Transcript) addBacklink(from *Transcript) {
	i := len(t.Backlinks)
	for i > 0 && t.Backlinks[i-1].pos > from.pos {
		i--
	}
	t.Backlinks = slices.Insert(t.Backlinks, i, from)
}

// learn parses a transcript (or takes what an earlier build learnt of the
// same source) for its headings, turns and counts, and returns its links.
//
// With orphans (turn records of no transcript of this build), a transcript
// that has no record keeps its turns' words for adoptRecords, which may
// number them otherwise: its parse is then not handed on (Options.Parsed).
func (s *Site) learn(t *Transcript, opt Options, orphans bool) ([]markdown.Link, error) {
	cache := opt.Cache
	var key uint64
	e, ok := cached{}, false
	if cache != nil {
		key = cache.key(t)
		e, ok = cache.get(t.Body.Path, key)
		for i := 0; ok && i < len(e.links); i++ {
			ok = s.Title(e.links[i]) == e.titles[i]
		}
		if ok && s.renumber(t, e.serial, cache) {
			return s.learnt(t, e), nil
		}
	}
	rec, err := s.record(t)
	if err != nil {
		return nil, err
	}
	var numbered turnids.Numbered
	if cache != nil {
		if ok {
			// Turns as recorded keep their numbers; otherwise the body is
			// parsed again, for the words the record is aligned by.
			prints := make([]turnids.Print, len(e.turns))
			for i, tu := range e.turns {
				prints[i] = tu.print
			}
			numbered, ok = turnids.Unchanged(rec, prints)
		}
	}
	if !ok {
		src := t.Body.Source
		if src == nil && opt.Read != nil {
			var err error
			if src, err = opt.Read(t.Body); err != nil {
				return nil, err
			}
		}
		doc := s.Markdown.Parse(src, t.DocOptions())
		turns := doc.Turns()
		words := make([]turnids.Turn, len(turns))
		for i, tu := range turns {
			words[i] = turnids.NewTurn(tu.Speaker, tu.Text)
		}
		numbered = turnids.Number(rec, words)
		if rec != nil && len(words) > 0 && numbered.Continued(rec) == 0 {
			t.Addresses.Replaced = rec.Live()
		}
		t.number(s.records[t.Slug].Data, numbered)
		doc.Renumber(numbered.Numbers, t.Addresses.Removed)
		if orphans && !t.Addresses.Recorded {
			t.words = words
		} else if opt.Parsed != nil {
			opt.Parsed(t, doc)
		}
		e = cached{key: key, headings: doc.Headings(), links: doc.Links(), turns: make([]cachedTurn, 0, len(turns))}
		e.labels.misattributed = doc.Misattributions()
		e.labels.labelLike, e.labels.firstLike = doc.LabelLike()
		for _, l := range e.links {
			e.titles = append(e.titles, s.Title(l))
		}
		for i, tu := range turns {
			ct := cachedTurn{speaker: tu.Speaker, time: tu.Time, words: tu.Words, print: words[i].Print, line: tu.Line}
			if !opt.LeaveExcerpts || cache != nil { // what is cached is whole
				ct.exc = Excerpt(tu.Text)
			}
			e.turns = append(e.turns, ct)
		}
		if cache != nil {
			e.serial = cache.put(t.Body.Path, e)
		}
	}
	if ok {
		t.number(s.records[t.Slug].Data, numbered)
		if cache != nil {
			cache.setNumbered(t.Body.Path, numbering{serial: e.serial, recorded: t.Addresses.Recorded, record: s.records[t.Slug].Data, numbered: numbered, changed: t.Addresses.Changed})
		}
	}
	return s.learnt(t, e), nil
}

// learnt sets what t's parse taught (e) in t, and gives its links.
func (s *Site) learnt(t *Transcript, e cached) []markdown.Link {
	t.TurnsKey = e.serial
	t.Headings = e.headings
	t.labels = e.labels
	t.Turns = make([]Turn, 0, len(e.turns))
	var a *Appearance // the last turn's: a speaker often has several in a row
	for i, tu := range e.turns {
		if a == nil || a.Speaker.ID != tu.speaker {
			a = t.appearance(tu.speaker)
		}
		if a == nil {
			continue // the converter only labels listed speakers
		}
		a.Turns++
		a.Words += tu.words
		t.Words += tu.words
		t.Turns = append(t.Turns, Turn{N: t.Addresses.Numbers[i], Speaker: a.Speaker, Time: tu.time, Words: tu.words, Excerpt: tu.exc, at: i, Line: tu.line})
	}
	return e.links
}

// misattributions are, in transcript order, the labels that give words to
// the wrong speaker.
func (s *Site) misattributions() diag.List {
	var out diag.List
	for _, t := range s.Transcripts {
		for _, f := range t.labels.misattributed {
			out = append(out, diag.At(t.File, f.Line, "%s", f.Message))
		}
	}
	return out
}

// lostSpeakers fails, in transcript order, each transcript that has lost
// its speakers: one with no turns whose paragraphs start like labels.
func (s *Site) lostSpeakers() diag.List {
	var errs diag.List
	for _, t := range s.Transcripts {
		if err := t.lostSpeakers(); err != nil {
			errs = append(errs, err)
		}
	}
	return errs
}

// lostSpeakers is the error of a transcript that has lost its speakers,
// or nil.
func (t *Transcript) lostSpeakers() *diag.Error {
	if len(t.Turns) > 0 || t.labels.labelLike == 0 {
		return nil
	}
	f := t.labels.firstLike
	return diag.At(t.File, f.Line, "%s looks like a speaker label, but no speaker of this transcript speaks, so all of it would be published as preamble: list its speakers in the front matter by the names their labels use (speakers: [%s])",
		f.Message, f.Subject)
}

// appearance is the speaker of t with the id, or nil. A transcript
// lists a few speakers: a look along them costs less than a map.
func (t *Transcript) appearance(id string) *Appearance {
	for _, a := range t.Speakers {
		if a.Speaker.ID == id {
			return a
		}
	}
	return nil
}

// ambiguousLabels finds labels that two speakers of one transcript answer
// to (two speakers with one surname as alias, say). Such a label marks no
// turn, since the converter could not tell whose it is. The converter
// notes each line that uses one, where the words would go to the speaker
// before it; a label the text never uses, as generated archives often
// have, is worth no warning.
func (s *Site) ambiguousLabels() {
	// Each speaker's labels, normalised once rather than once for every
	// transcript they speak in.
	labels := map[*Speaker][]string{}
	for _, t := range s.Transcripts {
		if len(t.Speakers) < 2 {
			continue // one speaker's labels are all theirs
		}
		owner := map[string]string{}
		for _, a := range t.Speakers {
			norm, ok := labels[a.Speaker]
			if !ok {
				norm = make([]string, 0, 1+len(a.Speaker.Aliases))
				norm = append(norm, markdown.NormalizeLabel(a.Speaker.Name))
				for _, al := range a.Speaker.Aliases {
					norm = append(norm, markdown.NormalizeLabel(al))
				}
				labels[a.Speaker] = norm
			}
			for _, k := range norm {
				if o, ok := owner[k]; ok && o != a.Speaker.ID {
					if t.ambiguous == nil {
						t.ambiguous = map[string][]string{}
					}
					ids := t.ambiguous[k]
					if len(ids) == 0 {
						ids = []string{o}
					}
					if !slices.Contains(ids, a.Speaker.ID) {
						ids = append(ids, a.Speaker.ID)
					}
					t.ambiguous[k] = ids
				}
				owner[k] = a.Speaker.ID
			}
		}
	}
}

// check finds a link's target; msg says what is wrong when there is none.
func (s *Site) check(l markdown.Link) (target *Transcript, msg string) {
	switch l.Kind {
	case markdown.LinkTranscript:
		t, ok := s.BySlug[l.Target]
		if !ok {
			if now := s.oldSlugs[l.Target]; now != nil {
				return nil, "link to [[" + l.Target + "]], an old address of " + now.File + ": write [[" + now.Slug + fragment(l) + "]]"
			}
			return nil, "link to unknown transcript [[" + l.Target + "]]"
		}
		return t, s.checkFragment(t, l.Fragment)
	case markdown.LinkSpeaker:
		if _, ok := s.SpeakerBy[l.Target]; !ok {
			return nil, "link to unknown speaker [[speaker:" + l.Target + "]]"
		}
	case markdown.LinkTopic:
		if _, ok := s.TopicBy[l.Target]; !ok {
			return nil, "link to unknown topic [[topic:" + l.Target + "]]"
		}
	case markdown.LinkSource:
		p, ok := s.bySource[l.Target]
		if !ok {
			if strings.HasPrefix(l.Target, "../") {
				return nil, "link to " + l.Target + ", which is outside content/"
			}
			return nil, "link to content/" + l.Target + ", which does not exist (or is a draft)"
		}
		if strings.HasPrefix(p, "transcripts/") {
			t := s.BySlug[strings.TrimSuffix(strings.TrimPrefix(p, "transcripts/"), "/")]
			return t, s.checkFragment(t, l.Fragment)
		}
	}
	return nil, ""
}

// fragment is a link's "#fragment", or "".
func fragment(l markdown.Link) string {
	if l.Fragment == "" {
		return ""
	}
	return "#" + l.Fragment
}

func (s *Site) checkFragment(t *Transcript, frag string) string {
	if frag == "" || t == nil {
		return ""
	}
	if n, ok := strings.CutPrefix(frag, "t"); ok {
		if i, err := strconv.Atoi(n); err == nil && strconv.Itoa(i) == n {
			return t.checkTurn(i, frag)
		}
	}
	for _, h := range t.Headings {
		if h.ID == frag {
			return ""
		}
	}
	return "link to #" + frag + " in " + t.Slug + ", which has no such turn or heading"
}

// Excerpt cuts a turn's text to about excerptLen bytes at a word boundary:
// what Turn.Excerpt holds.
func Excerpt(text string) string {
	// Only the start of a long turn is shown: its words are joined until
	// there are more than enough. They are joined in a buffer of fixed
	// size, so that the string kept (one for each turn of the archive) is
	// no larger than its text.
	var buf [excerptLen + 1]byte
	b := buf[:0]
	for f := range strings.FieldsSeq(text) {
		if len(b) > 0 {
			b = append(b, ' ')
		}
		b = append(b, f[:min(len(f), len(buf)-len(b))]...)
		if len(b) > excerptLen {
			break
		}
	}
	if len(b) <= excerptLen {
		return string(b)
	}
	cut := excerptLen
	for cut > 0 && !utf8.RuneStart(b[cut]) {
		cut--
	}
	if sp := bytes.LastIndexByte(b[:cut], ' '); sp > excerptLen/2 {
		cut = sp
	}
	return string(bytes.TrimRight(b[:cut], " ,;:")) + "…"
}

func (s *Site) sortedSpeakers() []*Speaker {
	out := make([]*Speaker, 0, len(s.SpeakerBy))
	for _, sp := range s.SpeakerBy {
		out = append(out, sp)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := strings.ToLower(out[i].Name), strings.ToLower(out[j].Name)
		if a != b {
			return a < b
		}
		return out[i].ID < out[j].ID
	})
	return out
}

func (s *Site) sortedTopics() []*Topic {
	out := make([]*Topic, 0, len(s.TopicBy))
	for _, tp := range s.TopicBy {
		out = append(out, tp)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := strings.ToLower(out[i].Title), strings.ToLower(out[j].Title)
		if a != b {
			return a < b
		}
		return out[i].ID < out[j].ID
	})
	return out
}

// turnCount writes "1 turn" or "n turns".
func turnCount(n int) string {
	if n == 1 {
		return "1 turn"
	}
	return strconv.Itoa(n) + " turns"
}

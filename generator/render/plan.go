package render

import (
	"fmt"
	"hash/maphash"
	"html/template"
	"math"
	"math/bits"
	"slices"
	"time"

	"github.com/verbatim-archive/verbatim/generator/model"
	"github.com/verbatim-archive/verbatim/generator/parallel"
)

// Job is one piece of a build's rendering: a page, a page of a list, a
// feed. The files a job writes depend only on what its Key sums, so a build
// that already holds a job's files from an earlier build with the same key
// (watch mode) keeps them and does not run the job. A Key of 0 means the
// job always runs: it is cheap, or it depends on too much to sum.
//
// A key must cover everything the job's templates read. A miss shows as
// a page that an incremental build leaves stale, which the edit-sequence
// test in package pipeline (incremental build = full build, byte for byte)
// is there to catch.
type Job struct {
	Name string
	Key  uint64
	// Run writes the job's files to w, or to the renderer's Writer when
	// w is nil.
	Run func(w Writer) error
	// Turns says the job gives a transcript's turns to Options.Turns:
	// what is built from them (the search index) waits for these jobs
	// only, not for the whole plan.
	Turns bool
}

// Renderer makes the jobs of one build.
type Renderer struct {
	r   *renderer
	opt Options
}

// Run runs jobs on every core. Transcripts come first in a plan, so the
// long jobs start early. All errors are reported, sorted.
func Run(jobs []Job) error {
	errs := make([]error, len(jobs))
	parallel.For(len(jobs), func(i int) { errs[i] = jobs[i].Run(nil) })
	var failed errorList
	for _, err := range errs {
		if err != nil {
			failed = append(failed, err)
		}
	}
	if len(failed) > 0 {
		return failed
	}
	return nil
}

// keyed makes a job that runs f on a copy of the renderer writing to w.
func (rr *Renderer) keyed(name string, key uint64, f func(r *renderer) error) Job {
	return Job{Name: name, Key: key, Run: func(w Writer) error {
		if w == nil {
			return f(rr.r)
		}
		c := *rr.r
		c.w = w
		return f(&c)
	}}
}

// Jobs lists every job of the build.
func (rr *Renderer) Jobs() []Job {
	r := rr.r
	s := r.site
	var k *keys
	var ch *changed // nil: every key is summed
	if !rr.opt.Unkeyed {
		k, ch = rr.newKeys()
	}
	size := s.Config.Paginate
	var jobs []Job
	// Each job's key is summed after the list is made, on every core:
	// summing them is most of what deciding a rebuild costs. After an
	// update of the model in place, a job that reads nothing it changed
	// (stale false) keeps the key the last plan summed.
	var sums []func() uint64
	var stale []bool
	keyed := func(name string, dirty bool, key func() uint64, f func(r *renderer) error) Job {
		sums = append(sums, key)
		stale = append(stale, dirty)
		return rr.keyed(name, 0, f)
	}
	for _, t := range s.Transcripts {
		j := keyed("transcript "+t.Path, ch.page(t), func() uint64 { return k.transcript(t) }, func(r *renderer) error { return r.transcript(t) })
		j.Turns = true
		jobs = append(jobs, j)
		for _, a := range t.Aliases {
			jobs = append(jobs, keyed("alias "+a.Path, ch.transcript(t), func() uint64 { return k.alias(t, a) }, func(r *renderer) error { return r.alias(t, a) }))
		}
		if t.Original != nil {
			jobs = append(jobs, keyed("page "+t.Path+SideBySide, true, func() uint64 { return k.sideBySide(t) }, func(r *renderer) error { return r.sideBySide(t) }))
		}
	}
	for _, sp := range s.Speakers {
		for _, pg := range paginate(sp.Path, len(sp.Transcripts), size) {
			dirty := ch.speaker(sp) || ch.body(sp.Bio) || pg.p.Number == 1 && ch.maxYear
			jobs = append(jobs, keyed("page "+pagePath(sp.Path, pg.p.Number), dirty, func() uint64 { return k.speakerPage(sp, pg) },
				func(r *renderer) error { return r.speakerPage(sp, pg) }))
		}
		jobs = append(jobs, keyed("feed "+sp.Path, ch.speaker(sp), func() uint64 { return k.feed(sp.Path, sp.Name, sp.Transcripts, listFeedCount) },
			func(r *renderer) error {
				return r.feed(sp.Path+"index.xml", sp.Name+" — "+s.Config.Title, sp.Path, sp.Transcripts, listFeedCount)
			}))
	}
	for _, tp := range s.Topics {
		for _, pg := range paginate(tp.Path, len(tp.Transcripts), size) {
			dirty := ch.topic(tp) || ch.body(tp.Description) || pg.p.Number == 1 && ch.speakerOf(tp)
			jobs = append(jobs, keyed("page "+pagePath(tp.Path, pg.p.Number), dirty, func() uint64 { return k.topicPage(tp, pg) },
				func(r *renderer) error { return r.topicPage(tp, pg) }))
		}
		jobs = append(jobs, keyed("feed "+tp.Path, ch.topic(tp), func() uint64 { return k.feed(tp.Path, tp.Title, tp.Transcripts, listFeedCount) },
			func(r *renderer) error {
				return r.feed(tp.Path+"index.xml", tp.Title+" — "+s.Config.Title, tp.Path, tp.Transcripts, listFeedCount)
			}))
	}
	for _, pg := range paginate("transcripts/", len(s.Transcripts), size) {
		jobs = append(jobs, keyed("page "+pagePath("transcripts/", pg.p.Number), ch.any(s.Transcripts[pg.lo:pg.hi]), func() uint64 { return k.listPage(pg) },
			func(r *renderer) error { return r.transcriptListPage(pg) }))
	}
	for _, p := range s.Pages {
		jobs = append(jobs, keyed("page "+p.Path, ch.body(&p.Body), func() uint64 { return k.page(p) }, func(r *renderer) error { return r.page(p) }))
	}
	// The sitemap and the list of speakers read the whole archive, and a
	// rebuild seldom changes them: keyed, they are not made again on
	// every save. The list is keyed by what the built-in template shows
	// of each speaker; a site's own template may show anything of them,
	// so then it always runs.
	always := []func() error{r.home, r.topicList, r.notFound, r.siteFeed, r.robots, r.assets, r.searchPage}
	if r.theme.own["speakers"] {
		always = append(always, r.speakerList)
	} else {
		jobs = append(jobs, keyed("page speakers/", true, k.speakerList, func(r *renderer) error { return r.speakerList() }))
	}
	jobs = append(jobs, keyed("sitemap", ch == nil || ch.dates, k.sitemap, func(r *renderer) error { return r.sitemap() }))
	if k != nil {
		if ch != nil && len(ch.keys) != len(sums) {
			ch = nil // not the plan of the last build: every key is summed
		}
		parallel.For(len(sums), func(i int) {
			if ch == nil || stale[i] {
				jobs[i].Key = sums[i]()
			} else {
				jobs[i].Key = ch.keys[i]
			}
		})
		if memo := rr.memo(); memo != nil {
			memo.keys = make([]uint64, len(sums))
			for i := range sums {
				memo.keys[i] = jobs[i].Key
			}
		}
	}
	// The rest are few and cheap: they always run.
	for _, f := range always {
		jobs = append(jobs, Job{Name: "", Run: func(w Writer) error { return f() }})
	}
	return jobs
}

func (r *renderer) speakerPage(sp *model.Speaker, pg span) error {
	var bio template.HTML
	if sp.Bio != nil {
		var err error
		if bio, _, err = r.markdown(*sp.Bio, sp.Bio.DocOptions("bio-"+sp.ID)); err != nil {
			return err
		}
	}
	v := r.view("speaker", sp.Name, pagePath(sp.Path, pg.p.Number))
	v.Speaker, v.Body, v.Pager, v.Feed = sp, bio, pg.p, sp.Path+"index.xml"
	var err error
	if v.Entries, err = r.entries(sp, sp.Transcripts[pg.lo:pg.hi]); err != nil {
		return err
	}
	return r.html("speaker", v)
}

func (r *renderer) topicPage(tp *model.Topic, pg span) error {
	var desc template.HTML
	if tp.Description != nil {
		var err error
		if desc, _, err = r.markdown(*tp.Description, tp.Description.DocOptions("topic-"+tp.ID)); err != nil {
			return err
		}
	}
	v := r.view("topic", tp.Title, pagePath(tp.Path, pg.p.Number))
	v.Topic, v.Body, v.Pager, v.Feed = tp, desc, pg.p, tp.Path+"index.xml"
	v.Transcripts = tp.Transcripts[pg.lo:pg.hi]
	return r.html("topic", v)
}

func (r *renderer) transcriptListPage(pg span) error {
	all := r.site.Transcripts
	v := r.view("transcripts", r.word("transcripts"), pagePath("transcripts/", pg.p.Number))
	v.Transcripts, v.Years, v.Pager, v.Feed = all[pg.lo:pg.hi], byYear(all[pg.lo:pg.hi]), pg.p, "index.xml"
	return r.html("transcripts", v)
}

// keys sums what each job reads. Its parts are summed once per build:
// the site-wide part (theme, settings, navigation, every speaker's and
// topic's name) and a "card" per transcript, what a list or a link shows
// of it.
type keys struct {
	seed maphash.Seed
	site *model.Site
	glob uint64
	of   map[*model.Transcript]*transcriptSums
	// speakers are what pages show of each speaker (hasher.speaker).
	speakers map[*model.Speaker]uint64
}

// transcriptSums are the parts of keys summed once per transcript.
type transcriptSums struct {
	card uint64
	// turns holds a sum of each speaker's turns as speaker pages list
	// them: made in one pass over the archive's turns rather than once
	// per page that lists them.
	turns []turnSum
	memo  []memoSum // turns for Memo
	key   uint64    // of memo in Memo (memoKey)
}

type turnSum struct {
	speaker *model.Speaker
	sum     uint64
}

func (rr *Renderer) newKeys() (*keys, *changed) {
	s := rr.r.site
	k := &keys{seed: rr.opt.Seed, site: s}
	if k.seed == (maphash.Seed{}) {
		k.seed = maphash.MakeSeed()
	}
	h := k.hash()
	h.str(rr.opt.ThemeKey)
	h.str(rr.opt.Version)
	h.str(fmt.Sprintf("%#v", s.Config))
	h.num(len(s.Transcripts))
	for _, p := range s.Pages {
		h.str(p.Path)
		h.str(p.Title)
	}
	// Cross-links anywhere may show any speaker's or topic's name, and a
	// site's theme any of their own front matter keys: those are rare
	// edits, so one redoes every page.
	for _, sp := range s.Speakers {
		h.str(sp.ID)
		h.str(sp.Name)
		h.str(fmt.Sprint(sp.Params)) // fmt prints maps sorted by key
	}
	for _, tp := range s.Topics {
		h.str(tp.ID)
		h.str(tp.Title)
		h.str(fmt.Sprint(tp.Params))
	}
	k.glob = h.sum()
	k.sumSpeakers()
	memo := rr.memo()
	if memo == nil {
		k.of = make(map[*model.Transcript]*transcriptSums, len(s.Transcripts))
		k.sumAll(nil)
		return k, nil
	}
	ch := memo.changed(s, k.glob)
	if ch == nil {
		k.of = make(map[*model.Transcript]*transcriptSums, len(s.Transcripts))
		k.sumAll(memo)
	} else {
		// The model was updated in place: the sums of the transcripts
		// it did not change are the last plan's.
		k.of = memo.of
		for _, t := range memo.changes.Transcripts {
			if old := k.of[t]; old != nil {
				delete(memo.turns, old.key)
			}
			ts := &transcriptSums{}
			k.sum(t, ts, memo)
			k.of[t] = ts
			if ts.memo != nil {
				memo.turns[ts.key] = ts.memo
			}
		}
	}
	if memo.site != s {
		memo.relatedBy = nil
	}
	memo.site, memo.glob, memo.of, memo.changes = s, k.glob, k.of, nil
	return k, ch
}

// sumAll sums every transcript's parts of the keys, on every core, with
// the turn sums memo keeps (nil: none).
func (k *keys) sumAll(memo *Memo) {
	s := k.site
	all := make([]transcriptSums, len(s.Transcripts))
	for i, t := range s.Transcripts {
		k.of[t] = &all[i]
	}
	parallel.For(len(s.Transcripts), func(i int) { k.sum(s.Transcripts[i], &all[i], memo) })
	if memo != nil {
		next := make(map[uint64][]memoSum, len(s.Transcripts))
		for i := range s.Transcripts {
			if all[i].memo != nil {
				next[all[i].key] = all[i].memo
			}
		}
		memo.turns = next
	}
}

// sum sums t's parts of the keys into ts.
func (k *keys) sum(t *model.Transcript, ts *transcriptSums, memo *Memo) {
	h := k.hash()
	h.str(t.Path)
	h.str(t.Title)
	h.time(t.Date)
	h.str(t.Location)
	h.str(t.Summary)
	h.str(t.Media)
	h.num(t.Words)
	h.num(len(t.Turns))
	for _, a := range t.Speakers {
		h.str(a.Speaker.ID)
		h.str(a.Role)
		h.num(a.Turns)
		h.num(a.Words)
	}
	for _, tp := range t.Topics {
		h.str(tp.ID)
	}
	ts.card = h.sum()
	ts.key = k.memoKey(t)
	ts.turns, ts.memo = k.turnSumsOf(t, ts.key, memo)
}

// memo is the Memo the keys keep, if they keep one: only with a seed of
// the process's, as its sums were made with it.
func (rr *Renderer) memo() *Memo {
	if rr.opt.Seed == (maphash.Seed{}) {
		return nil
	}
	return rr.opt.Memo
}

// changed is what an update of the model in place (model.Changes)
// changed since the last plan, as the keys weigh it, with the last
// plan's keys. Its methods say whether a job reads any of it; on a nil
// *changed, that every job may.
type changed struct {
	ts       map[*model.Transcript]bool
	pages    map[*model.Transcript]bool // whose page shows one of ts (keys.transcript)
	speakers map[*model.Speaker]bool    // whose counts changed, and the speakers of ts
	topics   map[*model.Topic]bool      // whose counts changed, and the topics of ts
	maxYear  bool
	dates    bool     // a transcript's date is written otherwise
	keys     []uint64 // the last plan's, by position among its keyed jobs
}

// changed gives what changed since the last plan, if site is the model
// of the last plan updated in place (Updated) under the same site-wide
// part of the keys (glob); nil if every key must be summed.
func (m *Memo) changed(site *model.Site, glob uint64) *changed {
	c := m.changes
	if c == nil || m.site != site || m.glob != glob || m.of == nil || c.Colours {
		return nil
	}
	ch := &changed{ts: map[*model.Transcript]bool{}, pages: map[*model.Transcript]bool{}, speakers: map[*model.Speaker]bool{}, topics: map[*model.Topic]bool{}, maxYear: c.MaxYear, dates: c.Dates, keys: m.keys}
	if m.relatedBy == nil {
		m.relatedBy = relatedBy(site)
	}
	for _, sp := range c.Speakers {
		ch.speakers[sp] = true
	}
	for _, tp := range c.Topics {
		ch.topics[tp] = true
	}
	for _, t := range c.Transcripts {
		ch.ts[t] = true
		// The pages that show t: its own, its neighbours', those it
		// links to and that link to it, and those it is related to.
		for _, o := range slices.Concat([]*model.Transcript{t, t.Prev, t.Next}, t.Links, t.Backlinks, m.relatedBy[t]) {
			ch.pages[o] = true
		}
		for _, a := range t.Speakers {
			ch.speakers[a.Speaker] = true
		}
		for _, tp := range t.Topics {
			ch.topics[tp] = true
		}
	}
	return ch
}

// transcript says whether t changed.
func (c *changed) transcript(t *model.Transcript) bool { return c == nil || c.ts[t] }

// any says whether any of ts changed.
func (c *changed) any(ts []*model.Transcript) bool {
	if c == nil {
		return true
	}
	for _, t := range ts {
		if c.ts[t] {
			return true
		}
	}
	return false
}

// page says whether t's page reads anything that changed: t, or what it
// shows of the transcripts it lists (keys.transcript).
func (c *changed) page(t *model.Transcript) bool { return c == nil || c.pages[t] }

// relatedBy lists, for each transcript, those that list it as related.
func relatedBy(site *model.Site) map[*model.Transcript][]*model.Transcript {
	by := make(map[*model.Transcript][]*model.Transcript, len(site.Transcripts))
	for _, t := range site.Transcripts {
		for _, o := range t.Related {
			by[o] = append(by[o], t)
		}
	}
	return by
}

// body says whether a body lists a transcript that changed.
func (c *changed) body(b *model.Body) bool { return c == nil || b != nil && c.any(b.Links) }

func (c *changed) speaker(sp *model.Speaker) bool { return c == nil || c.speakers[sp] }

func (c *changed) topic(tp *model.Topic) bool { return c == nil || c.topics[tp] }

// speakerOf says whether a speaker the topic lists changed.
func (c *changed) speakerOf(tp *model.Topic) bool {
	if c == nil {
		return true
	}
	for _, sc := range tp.Speakers {
		if c.speakers[sc.Speaker] {
			return true
		}
	}
	return false
}

// Memo keeps, from one build of a process to the next (watch mode), the
// sums of each transcript's turns that the keys of speaker pages hold: summing every excerpt of the archive is most of what the
// keys of a rebuild cost, and a rebuild changes few transcripts' turns.
// Sums are kept by the transcript's TurnsKey, which changes whenever its
// parse may have, and the numbers of its turns, which its turn record may
// change without a parse (memoKey).
type Memo struct {
	turns map[uint64][]memoSum

	// The last plan's model, site-wide part, transcript sums and keys
	// (by position among its keyed jobs), and what changed in its model
	// since (Updated).
	site    *model.Site
	glob    uint64
	of      map[*model.Transcript]*transcriptSums
	keys    []uint64
	changes *model.Changes
	// relatedBy lists, for each transcript of site, those that list it
	// as related, which an update in place does not change.
	relatedBy map[*model.Transcript][]*model.Transcript
}

// Updated tells the memo what an update in place (model.Update) changed
// in the model of its last plan, for the next plan to sum again only the
// keys of the jobs that read it; nil says the model was built anew, and
// every key is summed.
func (m *Memo) Updated(c *model.Changes) { m.changes = c }

type memoSum struct {
	speaker string // id
	sum     uint64
}

// memoKey is what Memo keeps t's turn sums by: its TurnsKey and its
// turns' numbers.
func (k *keys) memoKey(t *model.Transcript) uint64 {
	h := hasher{seed: k.seed}
	h.u64(t.TurnsKey)
	for _, tu := range t.Turns {
		h.num(tu.N)
	}
	return h.sum64()
}

// turnSumsOf gives t's turn sums, from memo if it has them under key
// (memoKey), and what the next Memo is to keep of them (nil: nothing).
func (k *keys) turnSumsOf(t *model.Transcript, key uint64, memo *Memo) ([]turnSum, []memoSum) {
	if memo == nil || t.TurnsKey == 0 {
		return k.turnSums(t), nil
	}
	if ms, ok := memo.turns[key]; ok {
		sums := make([]turnSum, len(ms))
		for i, m := range ms {
			sp := k.site.SpeakerBy[m.speaker]
			if sp == nil {
				return k.turnSums(t), nil
			}
			sums[i] = turnSum{speaker: sp, sum: m.sum}
		}
		return sums, ms
	}
	sums := k.turnSums(t)
	ms := make([]memoSum, len(sums))
	for i, ts := range sums {
		ms[i] = memoSum{speaker: ts.speaker.ID, sum: ts.sum}
	}
	return sums, ms
}

// turnSums sums each speaker's turns in t: number, time and excerpt.
func (k *keys) turnSums(t *model.Transcript) []turnSum {
	var sums []turnSum
	var hs []*hasher
	for _, tu := range t.Turns {
		i := 0
		for i < len(sums) && sums[i].speaker != tu.Speaker {
			i++
		}
		if i == len(sums) {
			sums = append(sums, turnSum{speaker: tu.Speaker})
			hs = append(hs, &hasher{seed: k.seed})
		}
		hs[i].num(tu.N)
		hs[i].str(tu.Time)
		hs[i].str(tu.Excerpt)
	}
	for i := range sums {
		sums[i].sum = hs[i].sum64()
	}
	return sums
}

// hasher sums a key. Each value is folded into one word with the rounds
// of xxHash64, and a string first hashed with maphash and the build's
// seed: streamed byte by byte through a maphash.Hash instead, summing the
// keys of a large archive's rebuild spent most of its time copying into
// the hash's buffer.
type hasher struct {
	seed maphash.Seed
	v    uint64
}

const (
	prime1 = 11400714785074694791
	prime2 = 14029467366897019727
	prime3 = 1609587929392839161
	prime4 = 9650029242287828579
)

// hash starts a key with the site-wide part.
func (k *keys) hash() hasher {
	h := hasher{seed: k.seed}
	h.u64(k.glob)
	return h
}

func (h *hasher) u64(x uint64) {
	h.v ^= bits.RotateLeft64(x*prime2, 31) * prime1
	h.v = bits.RotateLeft64(h.v, 27)*prime1 + prime4
}
func (h *hasher) num(n int)        { h.u64(uint64(n)) }
func (h *hasher) str(s string)     { h.num(len(s)); h.u64(maphash.String(h.seed, s)) }
func (h *hasher) time(t time.Time) { h.str(t.Format(time.RFC3339Nano)) }

// sum64 is the state mixed so that every bit of it moves every bit of
// the sum (xxHash64's last step).
func (h *hasher) sum64() uint64 {
	v := h.v
	v ^= v >> 33
	v *= prime2
	v ^= v >> 29
	v *= prime3
	v ^= v >> 32
	return v
}

func (h *hasher) sum() uint64 {
	// 0 means "always run", so a key never is.
	if v := h.sum64(); v != 0 {
		return v
	}
	return math.MaxUint64
}

func (h *hasher) body(k *keys, b *model.Body) {
	if b == nil {
		h.num(-1)
		return
	}
	h.u64(b.Sum)
	h.str(b.Path)
	h.num(b.FirstLine)
	h.cards(k, b.Links)
}

func (h *hasher) card(k *keys, t *model.Transcript) {
	if t == nil {
		h.num(-1)
		return
	}
	if ts := k.of[t]; ts != nil {
		h.u64(ts.card)
		return
	}
	h.num(-2) // not in the site: no transcript card shows it
}

func (h *hasher) cards(k *keys, ts []*model.Transcript) {
	h.num(len(ts))
	for _, t := range ts {
		h.card(k, t)
	}
}

// who sums what a transcript shows of a speaker beside the name (which is
// in the site-wide part): not the speaker's totals, which change with every
// edit of any of their transcripts.
func (h *hasher) who(k *keys, sp *model.Speaker) {
	h.str(sp.ID)
	h.str(sp.Role)
	h.num(k.site.Stats.Colour[sp.ID])
	for _, a := range sp.Aliases {
		h.str(a)
	}
}

// speaker sums what a speaker's own pages and lists show of them, summed
// once a plan (keys.speakers).
func (h *hasher) speaker(k *keys, sp *model.Speaker) { h.u64(k.speakers[sp]) }

// sumSpeakers sums what a speaker's own pages and lists show of each:
// the first page of a topic lists every speaker who speaks on it.
func (k *keys) sumSpeakers() {
	k.speakers = make(map[*model.Speaker]uint64, len(k.site.Speakers))
	for _, sp := range k.site.Speakers {
		h := hasher{seed: k.seed}
		h.who(k, sp)
		h.num(len(sp.Transcripts))
		h.num(sp.Turns)
		h.num(sp.Words)
		k.speakers[sp] = h.sum64()
	}
}

func (k *keys) transcript(t *model.Transcript) uint64 {
	if k == nil {
		return 0 // unkeyed (Options.Unkeyed)
	}
	h := k.hash()
	h.card(k, t)
	h.body(k, &t.Body)
	h.str(t.Slug)
	// The turns' numbers come from the turn record as well as the body.
	for _, n := range t.Addresses.Numbers {
		h.num(n)
	}
	for _, r := range t.Addresses.Removed {
		h.num(r.N)
		h.num(r.At)
		if r.Merged {
			h.num(-1)
		}
	}
	h.str(t.Source)
	h.str(t.Language)
	h.str(fmt.Sprint(t.Params)) // fmt prints maps sorted by key
	for _, a := range t.Speakers {
		h.who(k, a.Speaker)
	}
	h.card(k, t.Prev)
	h.card(k, t.Next)
	h.cards(k, t.Related)
	h.cards(k, t.Backlinks)
	h.cards(k, t.Links)
	for _, o := range t.Versions() {
		h.str(o.Path)
		h.str(o.Lang)
	}
	return h.sum()
}

// sideBySide sums what the side-by-side view of a translation shows:
// both transcripts.
func (k *keys) sideBySide(t *model.Transcript) uint64 {
	if k == nil {
		return 0
	}
	h := k.hash()
	h.u64(k.transcript(t))
	h.u64(k.transcript(t.Original))
	return h.sum()
}

// turns sums the turns a speaker has in a transcript, as speaker pages
// list them.
func (h *hasher) turns(k *keys, sp *model.Speaker, t *model.Transcript) {
	var sums []turnSum
	if ts := k.of[t]; ts != nil {
		sums = ts.turns
	}
	for _, ts := range sums {
		if ts.speaker == sp {
			h.u64(ts.sum)
			return
		}
	}
	h.num(-1)
}

func (h *hasher) pager(pg span) {
	h.num(pg.p.Number)
	h.num(pg.p.Total)
}

func (k *keys) speakerPage(sp *model.Speaker, pg span) uint64 {
	if k == nil {
		return 0 // unkeyed (Options.Unkeyed)
	}
	h := k.hash()
	h.speaker(k, sp)
	h.body(k, sp.Bio)
	h.pager(pg)
	if pg.p.Number == 1 {
		// The first page shows the speaker's timeline and topics.
		h.num(k.site.Stats.MaxYear)
		for _, y := range k.site.Stats.Years[sp.ID] {
			h.num(y.Year)
			h.num(y.Transcripts)
			h.num(y.Turns)
		}
		for _, tc := range sp.Topics {
			h.str(tc.Topic.ID)
			h.num(tc.Turns)
			if p := k.site.Stats.Passage(sp.ID, tc.Topic.ID); p != nil {
				h.num(p.Turns)
				h.num(len(p.Transcripts))
			}
		}
	}
	for _, t := range sp.Transcripts[pg.lo:pg.hi] {
		h.card(k, t)
		h.turns(k, sp, t)
	}
	return h.sum()
}

func (k *keys) topicPage(tp *model.Topic, pg span) uint64 {
	if k == nil {
		return 0 // unkeyed (Options.Unkeyed)
	}
	h := k.hash()
	h.str(tp.ID)
	h.body(k, tp.Description)
	h.num(len(tp.Transcripts))
	h.num(len(tp.Speakers))
	h.pager(pg)
	if pg.p.Number == 1 {
		// Only the first page lists who speaks on the topic.
		for _, sc := range tp.Speakers {
			h.speaker(k, sc.Speaker)
			h.num(sc.Turns)
			if p := k.site.Stats.Passage(sc.Speaker.ID, tp.ID); p != nil {
				h.num(p.Turns)
				h.num(len(p.Transcripts))
			}
		}
	}
	h.cards(k, tp.Transcripts[pg.lo:pg.hi])
	return h.sum()
}

func (k *keys) listPage(pg span) uint64 {
	if k == nil {
		return 0 // unkeyed (Options.Unkeyed)
	}
	h := k.hash()
	h.pager(pg)
	h.cards(k, k.site.Transcripts[pg.lo:pg.hi])
	return h.sum()
}

func (k *keys) feed(path, title string, ts []*model.Transcript, n int) uint64 {
	if k == nil {
		return 0 // unkeyed (Options.Unkeyed)
	}
	h := k.hash()
	h.str(path)
	h.str(title)
	h.cards(k, ts[:min(n, len(ts))])
	return h.sum()
}

// speakerList sums what the list of speakers shows of each.
func (k *keys) speakerList() uint64 {
	if k == nil {
		return 0 // unkeyed (Options.Unkeyed)
	}
	h := k.hash()
	for _, sp := range k.site.Speakers {
		h.speaker(k, sp)
	}
	return h.sum()
}

// sitemap sums the sitemap's entries: each transcript's, speaker's and
// topic's path (the free pages' are in the site-wide part) and the date
// of its newest transcript.
func (k *keys) sitemap() uint64 {
	if k == nil {
		return 0 // unkeyed (Options.Unkeyed)
	}
	h := k.hash()
	newest := func(ts []*model.Transcript) {
		if len(ts) == 0 {
			h.num(-1)
			return
		}
		h.str(ts[0].Date.Format(sitemapDay))
	}
	newest(k.site.Transcripts)
	for _, t := range k.site.Transcripts {
		h.str(t.Path)
		h.str(t.Date.Format(sitemapDay))
	}
	for _, sp := range k.site.Speakers {
		h.str(sp.Path)
		newest(sp.Transcripts)
	}
	for _, tp := range k.site.Topics {
		h.str(tp.Path)
		newest(tp.Transcripts)
	}
	return h.sum()
}

func (k *keys) page(p *model.Page) uint64 {
	if k == nil {
		return 0 // unkeyed (Options.Unkeyed)
	}
	h := k.hash()
	h.str(p.Path)
	h.str(p.Title)
	h.body(k, &p.Body)
	h.str(fmt.Sprint(p.Params))
	return h.sum()
}

package model_test

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/verbatim-archive/verbatim/generator/model"
)

// figured is a small archive whose figures are worked out by hand below.
var figured = map[string]string{
	"transcripts/a.md": transcript("title: A\ndate: 2020-02-01\nspeakers: [ann, bo]\ntopics: [harbour]", "ann: One.\n\nbo: Two.\n\nann: Three.\n"),
	"transcripts/b.md": transcript("title: B\ndate: 2020-06-01\nspeakers: [ann]\ntopics: [harbour, tides]", "ann: Four.\n"),
	"transcripts/c.md": transcript("title: C\ndate: 2021-05-01\nspeakers: [cy, s1, s2, s3, s4, s5, s6, s7, s8]\ntopics: [harbour]", "cy: Five.\n"),
	// ann is listed, but has no turn.
	"transcripts/d.md": transcript("title: D\ndate: 2022-01-01\nspeakers: [ann, bo]\ntopics: [tides]", "bo: Six.\n\nbo: Seven.\n\nbo: Eight.\n"),
}

// The archive is in order, newest first, and each speaker and topic knows
// who spoke on what, and how much.
func TestArchiveLists(t *testing.T) {
	t.Parallel()
	site := build(t, figured)
	if got := strings.Join(slugs(site.Transcripts), " "); got != "d c b a" {
		t.Errorf("transcripts in the order %s", got)
	}
	for _, c := range []struct{ slug, prev, next string }{{"d", "c", ""}, {"c", "b", "d"}, {"a", "", "b"}} {
		tr := site.BySlug[c.slug]
		if slug(tr.Prev) != c.prev || slug(tr.Next) != c.next {
			t.Errorf("%s: previous %q, next %q; want %q, %q", c.slug, slug(tr.Prev), slug(tr.Next), c.prev, c.next)
		}
	}
	topics := map[string]string{}
	for _, tp := range site.Topics {
		var sp []string
		for _, c := range tp.Speakers {
			sp = append(sp, fmt.Sprintf("%s %d", c.Speaker.ID, c.Turns))
		}
		topics[tp.ID] = strings.Join(slugs(tp.Transcripts), " ") + "; " + strings.Join(sp, ", ")
	}
	if want := map[string]string{"harbour": "c b a; ann 3, bo 1, cy 1", "tides": "d b; bo 3, ann 1"}; !reflect.DeepEqual(topics, want) {
		t.Errorf("topics: %q, want %q", topics, want)
	}
	speakers := map[string]string{}
	for _, id := range []string{"ann", "bo", "cy", "s1"} {
		var tp []string
		for _, c := range site.SpeakerBy[id].Topics {
			tp = append(tp, fmt.Sprintf("%s %d", c.Topic.ID, c.Turns))
		}
		speakers[id] = strings.Join(tp, ", ")
	}
	if want := map[string]string{"ann": "harbour 3, tides 1", "bo": "tides 3, harbour 1", "cy": "harbour 1", "s1": ""}; !reflect.DeepEqual(speakers, want) {
		t.Errorf("speakers' topics: %q, want %q", speakers, want)
	}
}

func slug(t *model.Transcript) string {
	if t == nil {
		return ""
	}
	return t.Slug
}

// Stats: each speaker's years, with the years between as zero rows; the
// speaker × topic passages, of the transcripts where they have turns; and
// colours by turns, the most frequent speakers' all different.
func TestStats(t *testing.T) {
	t.Parallel()
	st := build(t, figured).Stats
	years := map[string][]model.YearCount{
		"ann": {{2020, 2, 3}, {2021, 0, 0}, {2022, 1, 0}},
		"bo":  {{2020, 1, 1}, {2021, 0, 0}, {2022, 1, 3}},
		"cy":  {{2021, 1, 1}},
		"s1":  {{2021, 1, 0}},
	}
	for id, want := range years {
		if got := st.Years[id]; !slices.Equal(got, want) {
			t.Errorf("%s's years: %v, want %v", id, got, want)
		}
	}
	if st.MaxYear != 2 {
		t.Errorf("MaxYear = %d, want 2 (ann in 2020)", st.MaxYear)
	}

	var passages []string
	n := 0
	for _, byTopic := range st.Passages {
		n += len(byTopic)
	}
	for _, sp := range []string{"ann", "bo", "cy", "s1"} {
		for _, tp := range []string{"harbour", "tides"} {
			p := st.Passage(sp, tp)
			if p == nil {
				continue
			}
			passages = append(passages, fmt.Sprintf("%s × %s: %s %d", sp, tp, strings.Join(slugs(p.Transcripts), " "), p.Turns))
			if p.Speaker.ID != sp || p.Topic.ID != tp {
				t.Errorf("Passage(%s, %s) is %s × %s's", sp, tp, p.Speaker.ID, p.Topic.ID)
			}
		}
	}
	want := []string{
		"ann × harbour: b a 3",
		"ann × tides: b 1", // not d, where ann says nothing
		"bo × harbour: a 1",
		"bo × tides: d 3",
		"cy × harbour: c 1",
	}
	if n != len(want) {
		t.Errorf("%d passages, want %d", n, len(want))
	}
	if !slices.Equal(passages, want) {
		t.Errorf("passages:\n%s\nwant\n%s", strings.Join(passages, "\n"), strings.Join(want, "\n"))
	}
	if st.Passage("cy", "tides") != nil || st.Passage("s1", "harbour") != nil {
		t.Error("a passage of a speaker with no turn in the topic")
	}

	// bo 4 turns, ann 3, cy 1, then s1 to s8 with none, by id: eight
	// colours, then round again.
	colours := map[string]int{"bo": 0, "ann": 1, "cy": 2, "s1": 3, "s5": 7, "s6": 0, "s8": 2}
	for id, want := range colours {
		if got, ok := st.Colour[id]; !ok || got != want {
			t.Errorf("%s's colour is %d, want %d", id, got, want)
		}
	}
}

// A year is the date's as written, in its own zone, while the archive's
// order is by moment: a transcript between two of 2020 (UTC) may be of
// 2019 where it was held. The speaker's timeline spans every year of its
// transcripts, whether the model is built or updated in place by a save
// that writes the same moment in another zone.
func TestYearsOfDatesInOtherZones(t *testing.T) {
	t.Parallel()
	files := map[string]string{
		"transcripts/n.md": transcript("title: N\ndate: 2020-01-01T00:10:00Z\nspeakers: [ann]", "ann: A.\n"),
		"transcripts/m.md": transcript("title: M\ndate: 2020-01-01T00:05:00Z\nspeakers: [ann]", "ann: B.\n"),
		"transcripts/o.md": transcript("title: O\ndate: 2020-01-01T00:01:00Z\nspeakers: [ann]", "ann: C.\n"),
	}
	const m2019 = "title: M\ndate: 2019-12-31T23:05:00-01:00\nspeakers: [ann]"
	want := []model.YearCount{{Year: 2019, Transcripts: 1, Turns: 1}, {Year: 2020, Transcripts: 2, Turns: 2}}

	built := maps.Clone(files)
	built["transcripts/m.md"] = transcript(m2019, "ann: B.\n")
	if got := build(t, built).Stats.Years["ann"]; !reflect.DeepEqual(got, want) {
		t.Errorf("built: ann's years %v, want %v", got, want)
	}

	cache := model.NewCache()
	src := source(t, files)
	site, errs := model.Build(src, model.Options{Cache: cache})
	if err := errs.Err(); err != nil {
		t.Fatal(err)
	}
	files["transcripts/m.md"] = transcript(m2019, "ann: B.\n")
	if _, ok := model.Update(site, sourceAfter(t, src, files), model.Options{Cache: cache}); !ok {
		t.Fatal("the same moment in another zone is not updated in place")
	}
	if got := site.Stats.Years["ann"]; !reflect.DeepEqual(got, want) {
		t.Errorf("updated: ann's years %v, want %v", got, want)
	}
}

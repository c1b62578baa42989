package render

import (
	"fmt"
	"io/fs"
	"strings"
	"testing"
	"time"

	"github.com/verbatim-archive/verbatim/generator/model"
	"github.com/verbatim-archive/verbatim/themes"
)

// TestLists checks the lists written in Go rather than in the theme's
// templates: every value escaped for where it stands, each turn linking to
// its transcript's page under the base path, and no row for what is not
// there (a year without appearances, a count of no turns).
func TestLists(t *testing.T) {
	sub, err := fs.Sub(themes.Default, "default")
	if err != nil {
		t.Fatal(err)
	}
	th, err := LoadTheme(Overlay{Builtin: sub})
	if err != nil {
		t.Fatal(err)
	}
	const evil = `<b>"x"&'y'</b>`
	const escaped = `&lt;b&gt;&#34;x&#34;&amp;&#39;y&#39;&lt;/b&gt;`
	day := time.Date(2021, 7, 7, 0, 0, 0, 0, time.UTC)
	sp := &model.Speaker{ID: "ann", Name: evil, Path: "speakers/ann/", Role: "Chair"}
	tp := &model.Topic{ID: "tides", Title: evil, Path: "topics/tides/"}
	sp.Topics = []model.TopicCount{{Topic: tp, Turns: 4}}
	tp.Speakers = []model.SpeakerCount{{Speaker: sp, Turns: 4}}
	tr := &model.Transcript{Path: "transcripts/a b/", Title: evil, Date: day, Location: evil, Summary: evil,
		Speakers: []*model.Appearance{{Speaker: sp}}}
	turns := []model.Turn{{N: 2, Time: "00:01:02", Excerpt: evil, Speaker: sp}, {N: 7, Excerpt: "Again.", Speaker: sp}}
	stats := &model.Stats{
		Years:    map[string][]model.YearCount{"ann": {{Year: 2019, Transcripts: 2, Turns: 5}, {Year: 2020}, {Year: 2021, Transcripts: 1, Turns: 1}}},
		Passages: map[string]map[string]*model.Passages{"ann": {"tides": {Turns: 4}}},
		MaxYear:  2,
	}
	view := func() *View {
		return &View{Site: &SiteView{Base: "/arch&ive/"}, Path: "speakers/ann/", Lang: "en", Words: th.Lang("en"), theme: th,
			Speaker: sp, Topic: tp, Stats: stats}
	}
	for _, c := range []struct {
		name          string
		html          func(v *View) string
		want, notWant []string
	}{
		{"appearances", func(v *View) string {
			v.Entries = []Entry{{Transcript: tr, Role: evil, Turns: turns}, {Transcript: tr, Role: "Chair"}}
			return string(v.Appearances())
		}, []string{
			`<article><h3><a href="../../transcripts/a%20b/">` + escaped + `</a></h3>`,
			`<p>7 July 2021 · ` + escaped + `</p>`,
			`<li><a href="../../transcripts/a%20b/#t2">00:01:02</a> ` + escaped + `</li>`,
			`<li><a href="../../transcripts/a%20b/#t7">#7</a> Again.</li>`,        // two turns: both excerpts
			"<p>7 July 2021</p>\n<p>Listed as a speaker; no turns.</p></article>", // the role of the header is not repeated
		}, []string{"<b>", "aria-label", "class="}},
		{"a transcript's turns after the first are links alone", func(v *View) string {
			more := append(turns, model.Turn{N: 9, Time: "00:09:00", Excerpt: "Once more.", Speaker: sp})
			v.Entries = []Entry{{Transcript: tr, Turns: more}}
			return string(v.Appearances())
		}, []string{
			"<ol>\n<li><a href=\"../../transcripts/a%20b/#t2\">00:01:02</a> " + escaped + "</li></ol>\n" +
				`<ol><li><a href="../../transcripts/a%20b/#t7">#7</a></li><li><a href="../../transcripts/a%20b/#t9">00:09:00</a></li></ol></article>`,
		}, []string{"Again.", "Once more."}},
		{"years", func(v *View) string { return string(v.YearBars()) }, []string{
			`<li><span>2019</span><span class="bar" style="--w:100%"></span><span>2 transcripts, 5 turns</span></li>`,
			`<li><span>2021</span><span class="bar" style="--w:50%"></span><span>1 transcript, 1 turn</span></li>`,
		}, []string{"2020"}},
		{"topics of a speaker", func(v *View) string { return string(v.TopicBars()) }, []string{
			`<li><a href="/arch&amp;ive/topics/tides/">` + escaped + `</a><span class="bar" style="--w:100%"></span>` +
				`<a href="/arch&amp;ive/search/?speaker=ann&amp;topic=tides">4 turns</a></li>`,
		}, []string{"<b>", `class="vh"`}},
		{"speakers of a topic", func(v *View) string { return string(v.SpeakerBars()) }, []string{
			`<li style="--sc:var(--s0)"><a class="who" href="/arch&amp;ive/speakers/ann/">` + escaped + `</a>`,
			`<span class="bar" style="--w:100%"></span><a href="/arch&amp;ive/search/?speaker=ann&amp;topic=tides">4 turns</a></li>`,
		}, []string{"<b>", `class="vh"`}},
		{"a pair without turns has no count", func(v *View) string {
			v.Stats = &model.Stats{}
			return string(v.SpeakerBars())
		}, []string{`<span class="bar" style="--w:100%"></span></li>`}, []string{"search/"}},
		{"the speakers of a topic after the first 20 are named, without bars", func(v *View) string {
			many := &model.Topic{ID: "many", Path: "topics/many/"}
			for i := range 21 {
				id := fmt.Sprintf("s%02d", i)
				many.Speakers = append(many.Speakers, model.SpeakerCount{Speaker: &model.Speaker{ID: id, Name: evil + id, Path: "speakers/" + id + "/"}, Turns: 30 - i})
			}
			v.Topic = many
			return string(v.SpeakerBars()) + "|" + string(v.OtherSpeakers())
		}, []string{
			`<a class="who" href="/arch&amp;ive/speakers/s19/">` + escaped + `s19</a><span class="bar" style="--w:37%"></span></li>|`,
			`|<li><a href="/arch&amp;ive/speakers/s20/">` + escaped + `s20</a> (10 turns)</li>`,
		}, []string{`s20/">` + escaped + `s20</a><span`, "<b>"}},
		{"items with speakers", func(v *View) string { return string(v.Items([]*model.Transcript{tr}, true)) }, []string{
			`<li><a href="../../transcripts/a%20b/">` + escaped + `</a>`, // relative: shorter
			`<span class="meta">7 July 2021 · ` + escaped + `</span>`,
			`<p>` + escaped + `</p>`,
			`<p class="meta">` + escaped + `</p></li>`,
		}, []string{"<b>"}},
		{"items without speakers", func(v *View) string { return string(v.Items([]*model.Transcript{tr}, false)) },
			[]string{`<p>` + escaped + `</p></li>`}, []string{`<p class="meta">`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := c.html(view())
			for _, w := range c.want {
				if !strings.Contains(got, w) {
					t.Errorf("no %s in\n%s", w, got)
				}
			}
			for _, w := range c.notWant {
				if strings.Contains(got, w) {
					t.Errorf("%s in\n%s", w, got)
				}
			}
		})
	}
}

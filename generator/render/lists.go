package render

import (
	"html/template"
	"strconv"
	"strings"

	"github.com/verbatim-archive/verbatim/generator/model"
)

// The long lists of the speaker, topic and list pages (a speaker's
// transcripts and turns, the bars, the transcript items) are written here
// in Go rather than in template actions: they are most of what those pages
// hold, html/template's reflection cost several times what writing them
// does, and each byte of their markup is repeated once per row of the
// archive, so they carry no wrapper or repeated sentence that CSS or the
// row's context can do without. Every value is escaped here
// (template.HTMLEscapeString, attrURL); the templates receive the result as
// template.HTML. A theme that wants other markup loops over the view's
// fields (Entries, Timeline, Speaker.Topics, Topic.Speakers, Transcripts)
// in its own template instead.

// markup is a builder of the markup of one list.
type markup struct{ strings.Builder }

// text writes s escaped for HTML text or a quoted attribute.
func (b *markup) text(s string) { b.WriteString(template.HTMLEscapeString(s)) }

// word writes the theme's phrase key, with its argument, escaped.
func (b *markup) word(v *View, key string, arg ...any) { b.text(v.Words.Text(key, arg...)) }

// link writes an opening <a> of class (none if "") to the URL u.
func (b *markup) link(class, u string) {
	b.WriteString("<a ")
	if class != "" {
		b.WriteString(`class="` + class + `" `)
	}
	b.WriteString(`href="`)
	b.WriteString(attrURL(u))
	b.WriteString(`">`)
}

// bar writes the bar of a row, pct of the track filled.
func (b *markup) bar(pct int) {
	b.WriteString(`<span class="bar" style="--w:`)
	b.WriteString(strconv.Itoa(pct))
	b.WriteString(`%"></span>`)
}

func (b *markup) result() template.HTML { return template.HTML(b.String()) }

// attrURL is a URL as html/template writes it in an href: normalized,
// then escaped for the attribute.
func attrURL(u string) string { return template.HTMLEscapeString(normalizeURL(u)) }

// Appearances is the page's entries as the speaker page lists them: each
// transcript, its date, the speaker's role in it where that differs from
// their role in the header, and their turns, each linking to the turn.
// The first excerptTurns turns show their excerpts; the others, where
// more than one is left, are a second list of links alone, on one line.
// The links are relative where that is shorter, and nothing carries a
// class: the stylesheet knows each part by its place in the speaker
// page's list of appearances (.appearances).
func (v *View) Appearances() template.HTML {
	var b markup
	size := 0
	for _, e := range v.Entries {
		size += 160 + len(e.Transcript.Title) + len(e.Transcript.Path)
		for _, tu := range e.Turns {
			size += turnSize(e.Transcript.Path, tu)
		}
	}
	b.Grow(size)
	for _, e := range v.Entries {
		t := e.Transcript
		href := v.Href(t.Path)
		b.WriteString("\n<article")
		b.WriteString(string(v.LangOf(t)))
		b.WriteString("><h3>")
		b.link("", href)
		b.text(t.Title)
		b.WriteString("</a></h3>\n<p>")
		b.text(v.Words.Date(t.Date))
		if e.Role != "" && (v.Speaker == nil || e.Role != v.Speaker.Role) {
			b.WriteString(" · ")
			b.text(e.Role)
		}
		if len(e.Turns) == 0 {
			b.WriteString("</p>\n<p>")
			b.word(v, "listed_no_turns")
			b.WriteString("</p></article>")
			continue
		}
		b.WriteString("</p>\n<ol>")
		u := attrURL(href)
		shown := e.Turns
		if len(shown) > excerptTurns+1 {
			shown = shown[:excerptTurns]
		}
		b.turns(u, shown, true)
		if rest := e.Turns[len(shown):]; len(rest) > 0 {
			b.WriteString("</ol>\n<ol>")
			b.turns(u, rest, false)
		}
		b.WriteString("</ol></article>")
	}
	return b.result()
}

// excerptTurns is how many of a speaker's turns in one transcript their
// page shows with an excerpt. The rest are listed by their time (or
// number) alone, a link to each: a row's link is most of its bytes, and
// a speaker's page with every excerpt was most of the speaker pages'
// weight, for the first words of turns that the transcript, a click
// away, shows whole.
const excerptTurns = 1

// turnSize is about what a turn's row takes, to size the builder at once:
// grown by doubling, it was a tenth of what a build allocates.
func turnSize(path string, tu model.Turn) int {
	return 40 + len(path) + len(tu.Time) + len(tu.Excerpt)
}

// turns writes a row for each turn: its time (or number) linking to the
// turn, href being the transcript's URL as an attribute, then, with
// excerpts, its excerpt, a line each; without, all on one line. The
// link's name is the time; the row around it gives the words and the
// article the transcript (a link's purpose in context, WCAG 2.4.4), so no
// label repeats "Turn N, at" on every row.
func (b *markup) turns(href string, turns []model.Turn, excerpts bool) {
	for _, tu := range turns {
		n := strconv.Itoa(tu.N)
		if excerpts {
			b.WriteString("\n")
		}
		b.WriteString("<li><a href=\"")
		b.WriteString(href)
		b.WriteString("#t")
		b.WriteString(n)
		b.WriteString("\">")
		if tu.Time != "" {
			b.text(tu.Time)
		} else {
			b.WriteString("#" + n)
		}
		b.WriteString("</a>")
		if excerpts {
			b.WriteString(" ")
			b.text(tu.Excerpt)
		}
		b.WriteString("</li>")
	}
}

// YearBars is the speaker's timeline as bars, a row for each year they
// appear in: a year without them is the gap between two rows.
func (v *View) YearBars() template.HTML {
	var b markup
	for _, y := range v.Timeline() {
		if y.Transcripts == 0 {
			continue
		}
		b.WriteString("\n<li><span>")
		b.WriteString(strconv.Itoa(y.Year))
		b.WriteString("</span>")
		b.bar(y.Percent)
		b.WriteString("<span>")
		b.word(v, "count_transcripts", y.Transcripts)
		if y.Turns > 0 {
			b.WriteString(", ")
			b.word(v, "count_turns", y.Turns)
		}
		b.WriteString("</span></li>")
	}
	return b.result()
}

// TopicBars is the speaker's topics as bars, most turns first, each
// counting the speaker's turns in the topic's transcripts and linking to
// them on the search page (the "speaker × topic" view).
func (v *View) TopicBars() template.HTML {
	if v.Speaker == nil {
		return ""
	}
	sp := v.Speaker
	return v.pairBars(len(sp.Topics), func(i int) pairBar {
		tc := sp.Topics[i]
		return pairBar{href: v.Link(tc.Topic.Path), label: tc.Topic.Title,
			turns: tc.Turns, speaker: sp.ID, topic: tc.Topic.ID}
	})
}

// barSpeakers is how many of a topic's speakers its page draws as bars:
// those who speak on it most. The rest, each a line of a bar's weight
// for a few turns, are named after them (OtherSpeakers); their turns on
// the topic are linked from their own pages' bars.
const barSpeakers = 20

// SpeakerBars is the topic's speakers who speak on it most as bars, most
// turns first, in the same form as TopicBars, each in the speaker's
// colour.
func (v *View) SpeakerBars() template.HTML {
	if v.Topic == nil {
		return ""
	}
	tp := v.Topic
	return v.pairBars(min(len(tp.Speakers), barSpeakers), func(i int) pairBar {
		sc := tp.Speakers[i]
		return pairBar{colour: "--sc:var(--s" + strconv.Itoa(v.Colour(sc.Speaker.ID)) + ")",
			class: "who", href: v.Link(sc.Speaker.Path), label: sc.Speaker.Name,
			turns: sc.Turns, speaker: sc.Speaker.ID, topic: tp.ID}
	})
}

// OtherSpeakers is the topic's speakers after those SpeakerBars draws,
// as list items: each linking to the speaker, with their count of turns.
func (v *View) OtherSpeakers() template.HTML {
	if v.Topic == nil || len(v.Topic.Speakers) <= barSpeakers {
		return ""
	}
	var b markup
	for _, sc := range v.Topic.Speakers[barSpeakers:] {
		b.WriteString("<li>")
		b.link("", v.Link(sc.Speaker.Path))
		b.text(sc.Speaker.Name)
		b.WriteString("</a> (")
		b.word(v, "count_turns", sc.Turns)
		b.WriteString(")</li>")
	}
	return b.result()
}

// pairBar is a row of the bars of a speaker's topics or a topic's
// speakers: a link to the other side of the pair, the bar of its turns,
// their count.
type pairBar struct {
	colour         string // the row's style: a speaker's colour, or ""
	class          string // of the label, or ""
	href, label    string
	turns          int
	speaker, topic string // ids of the pair
}

// pairBars writes n rows of bars, row(i) giving each, the first the
// longest.
func (v *View) pairBars(n int, row func(i int) pairBar) template.HTML {
	var b markup
	top := 0
	for i := range n {
		r := row(i)
		if i == 0 {
			top = r.turns
		}
		b.WriteString("\n<li")
		if r.colour != "" {
			b.WriteString(` style="` + r.colour + `"`)
		}
		b.WriteString(">")
		b.link(r.class, r.href)
		b.text(r.label)
		b.WriteString("</a>")
		b.bar(v.Percent(r.turns, top))
		b.pairCount(v, r.speaker, r.topic)
		b.WriteString("</li>")
	}
	return b.result()
}

// pairCount writes the count of a speaker's turns on a topic, linking to
// them on the search page; nothing when they have none. The link's name
// is the count: the row it sits in names the speaker and the topic (its
// purpose in context, WCAG 2.4.4), which a hidden sentence on every row
// repeated.
func (b *markup) pairCount(v *View, speakerID, topicID string) {
	p := v.Passage(speakerID, topicID)
	if p == nil {
		return
	}
	b.link("", v.TurnsOn(speakerID, topicID))
	b.word(v, "count_turns", p.Turns)
	b.WriteString("</a>")
}

// Items is a list item for each of ts: title, date and place, summary,
// and with speakers, the line of who speaks in it. The theme's stylesheet
// knows each part by its place in the item, so none carries a class but
// the date line and the speakers' (.meta). The title links relative to
// the page where that is shorter ("x/" from the list of transcripts).
func (v *View) Items(ts []*model.Transcript, speakers bool) template.HTML {
	var b markup
	size := 0
	for _, t := range ts {
		size += 128 + len(t.Path) + len(t.Title) + len(t.Location) + len(t.Summary) + 24*len(t.Speakers)
	}
	b.Grow(size)
	for _, t := range ts {
		b.WriteString("\n<li")
		b.WriteString(string(v.LangOf(t)))
		b.WriteString(">")
		b.link("", v.Href(t.Path))
		b.text(t.Title)
		b.WriteString("</a>\n<span class=\"meta\">")
		b.text(v.Words.Date(t.Date))
		if t.Location != "" {
			b.WriteString(" · ")
			b.text(t.Location)
		}
		b.WriteString("</span>")
		if t.Summary != "" {
			b.WriteString("\n<p>")
			b.text(t.Summary)
			b.WriteString("</p>")
		}
		if speakers && len(t.Speakers) > 0 {
			b.WriteString("\n<p class=\"meta\">")
			for i, a := range t.Speakers {
				if i > 0 {
					b.WriteString(", ")
				}
				b.text(a.Speaker.Name)
			}
			b.WriteString("</p>")
		}
		b.WriteString("</li>")
	}
	return b.result()
}

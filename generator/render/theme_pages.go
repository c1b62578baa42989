package render

import (
	"fmt"
	"net/url"
	"path"
	"strings"

	"github.com/verbatim-archive/verbatim/generator/model"
)

// videoExt are the extensions of media that the theme shows in a <video>
// rather than an <audio> player.
var videoExt = map[string]bool{".mp4": true, ".m4v": true, ".webm": true, ".ogv": true, ".mov": true}

// entries pairs each transcript with the speaker's role and turns in it,
// with their excerpts: the model's, or where it left them (a one-off
// build), those Bodies kept.
func (r *renderer) entries(sp *model.Speaker, ts []*model.Transcript) ([]Entry, error) {
	out := make([]Entry, 0, len(ts))
	for _, t := range ts {
		e := Entry{Transcript: t}
		for _, a := range t.Speakers {
			if a.Speaker == sp {
				e.Role = a.Role
			}
		}
		var ns []int
		for _, tu := range t.Turns {
			if tu.Speaker == sp {
				e.Turns = append(e.Turns, tu)
				ns = append(ns, tu.N)
			}
		}
		if len(ns) > 0 && r.bodies.LeavesExcerpts() {
			exc, ok := r.bodies.Excerpts(t, ns)
			if !ok {
				var err error
				if exc, err = r.excerpts(t, ns); err != nil {
					return nil, err
				}
			}
			for i := range e.Turns {
				e.Turns[i].Excerpt = exc[i]
			}
		}
		out = append(out, e)
	}
	return out, nil
}

// excerpts makes the excerpts of t's turns numbered ns from its body, for
// the rare transcript whose excerpts Bodies could not give back.
func (r *renderer) excerpts(t *model.Transcript, ns []int) ([]string, error) {
	_, doc, err := r.markdown(t.Body, t.DocOptions())
	if err != nil {
		return nil, err
	}
	var out []string
	for _, tu := range doc.Turns() {
		if len(out) < len(ns) && tu.N == ns[len(out)] {
			out = append(out, model.Excerpt(tu.Text))
		}
	}
	if len(out) != len(ns) {
		return nil, fmt.Errorf("%s: its turns changed while the site was being built: build again", t.File)
	}
	return out, nil
}

// Colour is the palette index of a speaker, the same on every page.
func (v *View) Colour(speakerID string) int {
	if v.Stats == nil {
		return 0
	}
	return v.Stats.Colour[speakerID]
}

// YearBar is one year of a speaker's timeline.
type YearBar struct {
	model.YearCount
	Percent int // bar length, against the busiest year of any speaker
}

// Timeline is the page's speaker's appearances by year, oldest first.
func (v *View) Timeline() []YearBar {
	if v.Stats == nil || v.Speaker == nil {
		return nil
	}
	years := v.Stats.Years[v.Speaker.ID]
	out := make([]YearBar, len(years))
	for i, y := range years {
		out[i] = YearBar{YearCount: y}
		if v.Stats.MaxYear > 0 {
			out[i].Percent = (y.Transcripts*100 + v.Stats.MaxYear - 1) / v.Stats.MaxYear
		}
	}
	return out
}

// Passage is the "speaker × topic" turns of a speaker and a topic, or nil.
func (v *View) Passage(speakerID, topicID string) *model.Passages {
	if v.Stats == nil {
		return nil
	}
	return v.Stats.Passage(speakerID, topicID)
}

// TurnsOn is the URL of the search page listing every turn of a speaker in
// the transcripts of a topic: the "speaker × topic" view, which the search
// index serves rather than a page for every pair (thousands of pages that
// repeat the speaker pages' excerpts).
func (v *View) TurnsOn(speakerID, topicID string) string {
	q := url.Values{"speaker": {speakerID}, "topic": {topicID}}
	return v.Link("search/?" + q.Encode())
}

// Percent is n as a whole percentage of total, rounded up so that a
// non-zero count never draws an empty bar.
func (v *View) Percent(n, total int) int {
	if total <= 0 {
		return 0
	}
	return (n*100 + total - 1) / total
}

// MediaKind says which player the transcript's media needs: "video" or
// "audio", from the extension of its URL's path.
func (v *View) MediaKind() string {
	if v.Transcript == nil {
		return ""
	}
	p := v.Transcript.Media
	if u, err := url.Parse(p); err == nil {
		p = u.Path
	}
	if videoExt[strings.ToLower(path.Ext(p))] {
		return "video"
	}
	return "audio"
}

// HasCode says whether the page's body holds highlighted code, so that
// only such pages load the highlighting stylesheets.
func (v *View) HasCode() bool {
	return strings.Contains(string(v.Body), `class="chroma`)
}

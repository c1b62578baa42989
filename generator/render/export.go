package render

import (
	"fmt"

	"github.com/verbatim-archive/verbatim/generator/captions"
	"github.com/verbatim-archive/verbatim/generator/markdown"
	"github.com/verbatim-archive/verbatim/generator/model"
)

// HasCaptions says whether the page's transcript has timestamps, and so
// index.vtt and transcript.json beside it, which the page links to.
func (v *View) HasCaptions() bool {
	return v.Transcript != nil && timed(v.Transcript.Turns)
}

func timed(turns []model.Turn) bool {
	for _, tu := range turns {
		if tu.Time != "" {
			return true
		}
	}
	return false
}

// captions writes a timed transcript's turns as WebVTT (index.vtt) and as
// the podcast namespace's JSON (transcript.json), so players and podcast
// apps can show them and an import of either gives the turns back.
func (r *renderer) captions(t *model.Transcript, turns []markdown.Turn) error {
	if !timed(t.Turns) {
		return nil
	}
	names := map[string]string{}
	for _, a := range t.Speakers {
		names[a.Speaker.ID] = a.Speaker.Name
	}
	segs := make([]captions.Segment, len(turns))
	for i, tu := range turns {
		name := names[tu.Speaker]
		if name == "" {
			name = tu.Speaker
		}
		segs[i] = captions.Segment{Speaker: name, Start: float64(tu.Seconds), Timed: tu.Time != "", Text: tu.Text}
	}
	if err := r.w.Write(t.Path+"index.vtt", captions.WebVTT(segs)); err != nil {
		return err
	}
	js, err := captions.PodcastJSON(segs)
	if err != nil {
		return fmt.Errorf("%s: %w", t.File, err)
	}
	return r.w.Write(t.Path+"transcript.json", js)
}

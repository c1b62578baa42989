package render

import (
	"github.com/verbatim-archive/verbatim/generator/captions"
	"github.com/verbatim-archive/verbatim/generator/markdown"
	"github.com/verbatim-archive/verbatim/generator/model"
)

// HasCaptions says whether the page's transcript has a recording and
// timestamps, and so index.vtt beside it, which the page links to.
func (v *View) HasCaptions() bool {
	return v.Transcript != nil && captioned(v.Transcript)
}

// captioned says whether t gets index.vtt: captions are for a recording,
// so a transcript needs one (media) and timestamps to place them. Without
// a recording its times are in index.json, which holds everything the
// captions would.
func captioned(t *model.Transcript) bool {
	if t.Media == "" {
		return false
	}
	for _, tu := range t.Turns {
		if tu.Time != "" {
			return true
		}
	}
	return false
}

// captions writes a captioned transcript's turns as WebVTT (index.vtt),
// the file a <track>, a podcast feed's transcript tag or a captions
// editor fetches by URL; an import of it gives the turns back. No other
// captions format is written: each would repeat the same turns and times
// (index.json holds them already, for any other use).
func (r *renderer) captions(t *model.Transcript, turns []markdown.Turn) error {
	if !captioned(t) {
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
	return r.w.Write(t.Path+"index.vtt", captions.WebVTT(segs))
}

package importer

import (
	"errors"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/verbatim-archive/verbatim/generator/captions"
)

// captions makes turns of SRT or WebVTT cues: a voice span names the
// speaker, and so does a label at the start of a cue's text, once the file
// shows it is one.
func (p *parse) captions(src string, format Format) error {
	read := captions.ReadSRT
	if format == VTT {
		read = captions.ReadVTT
	}
	f, err := read(src)
	if err != nil {
		return p.captionError(err)
	}
	p.t.Title = f.Title
	p.captionWarnings(f.Warnings)
	if len(f.Cues) == 0 {
		return p.errorAt(0, "no cues: an empty %s file", strings.ToUpper(string(format)))
	}
	// Cues out of order are sorted by their start; overlapping ones keep
	// their order in the file.
	cues := f.Cues
	sort.SliceStable(cues, func(a, b int) bool { return cues[a].Start < cues[b].Start })

	var segs []segment
	var cands []label
	for _, c := range cues {
		for k, sp := range c.Spans {
			s := segment{line: c.Line, speaker: sp.Voice, text: sp.Text, start: c.Start, timed: true,
				// Verbatim's own export names each cue after its turn
				// ("t12"), so two turns of one speaker in a row stay two
				// turns.
				newTurn: k == 0 && turnIDRE.MatchString(c.ID)}
			if s.speaker == "" {
				if lb, ok := splitLabel(s.text); ok {
					cands = append(cands, lb)
				}
			}
			segs = append(segs, s)
		}
	}
	// A caption's first words are where captioners name speakers, so
	// a name there needs less evidence than in prose.
	accepted := p.accept(cands, true)
	kept := segs[:0]
	for _, s := range segs {
		if s.speaker == "" {
			if lb, ok := splitLabel(s.text); ok && accepted[foldLabel(lb.name)] {
				s.speaker, s.text = lb.name, lb.rest
			}
		}
		if strings.TrimSpace(s.text) == "" {
			continue // an empty cue, or a speaker's name and nothing said
		}
		kept = append(kept, s)
	}
	p.assemble(kept)
	return nil
}

// podcastJSON makes turns of the podcast namespace's JSON segments.
func (p *parse) podcastJSON(src string) error {
	f, err := captions.ReadPodcastJSON([]byte(src))
	if err != nil {
		return p.captionError(err)
	}
	if len(f.Cues) == 0 {
		return p.errorAt(0, "\"segments\" is empty")
	}
	out := make([]segment, 0, len(f.Cues))
	for _, c := range f.Cues {
		sp := c.Spans[0]
		// Verbatim's own export names each segment after its turn, so two
		// turns of one speaker in a row stay two turns; other segments of
		// one speaker in a row are pieces of one turn.
		s := segment{speaker: cleanName(sp.Voice), text: sp.Text, start: c.Start, timed: c.Timed, newTurn: turnIDRE.MatchString(c.ID)}
		if strings.TrimSpace(s.text) == "" {
			continue
		}
		out = append(out, s)
	}
	p.assemble(out)
	return nil
}

// turnIDRE is the id captions' writers give a cue: its turn's anchor.
var turnIDRE = regexp.MustCompile(`^t\d+$`)

// captionError places a caption reader's error in the file.
func (p *parse) captionError(err error) error {
	var e *captions.Error
	if errors.As(err, &e) {
		return p.errorAt(e.Line, "%s", e.Msg)
	}
	return p.errorAt(0, "%v", err)
}

func (p *parse) captionWarnings(ws []captions.Warning) {
	for _, w := range ws {
		p.warn(w.Line, "%s", w.Msg)
	}
}

// parseClock reads a timestamp as caption files write them, which is how
// the text reader reads one in front of a label too.
func parseClock(s string) (time.Duration, bool) { return captions.ParseClock(s) }

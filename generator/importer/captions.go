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
		if w, ok := firstDropped(f.Warnings); ok {
			return p.errorAt(w.Line, "%s; the file has no cue that can be read", w.Msg)
		}
		return p.errorAt(0, "no cues: an empty %s file", strings.ToUpper(string(format)))
	}
	if f.Rolling {
		p.t.Shape = "YouTube rolling captions (WebVTT)"
		if format == SRT {
			p.t.Shape = "YouTube rolling captions (SRT)"
		}
	}
	// Cues out of order are sorted by their start; overlapping ones keep
	// their order in the file.
	cues := f.Cues
	sort.SliceStable(cues, func(a, b int) bool { return cues[a].Start < cues[b].Start })
	segs := p.cueSegments(cues, true)
	if f.Rolling {
		segs = p.unnamed(segs)
	}
	p.assemble(segs)
	return nil
}

// firstDropped is the first warning about a cue left out.
func firstDropped(ws []captions.Warning) (captions.Warning, bool) {
	for _, w := range ws {
		if strings.HasPrefix(w.Msg, "cannot read the cue time") {
			return w, true
		}
	}
	return captions.Warning{}, false
}

// cueSegments makes segments of cues, a segment a span. Where labels is
// true, a span without a voice that starts with a label ("Ann: Hi") is
// that speaker's; cues without text are left out.
func (p *parse) cueSegments(cues []captions.Cue, labels bool) []segment {
	var segs []segment
	var cands []label
	for _, c := range cues {
		for k, sp := range c.Spans {
			p.inputWords += len(strings.Fields(sp.Text))
			s := segment{line: c.Line, speaker: sp.Voice, text: sp.Text, start: c.Start, timed: c.Timed,
				// Verbatim's own export names each cue after its turn
				// ("t12"), so two turns of one speaker in a row stay two
				// turns.
				newTurn: k == 0 && turnIDRE.MatchString(c.ID)}
			if s.speaker == "" && labels {
				if lb, ok := splitLabel(s.text); ok {
					cands = append(cands, lb)
				}
			}
			segs = append(segs, s)
		}
	}
	// A caption's first words are where captioners name speakers, so
	// a name there needs less evidence than in prose.
	accepted := map[string]bool{}
	if labels {
		accepted = p.accept(cands, true)
	}
	kept := segs[:0]
	for _, s := range segs {
		if s.speaker == "" && labels {
			if lb, ok := splitLabel(s.text); ok && accepted[foldLabel(lb.name)] {
				s.speaker, s.text = lb.name, lb.rest
			}
		}
		if strings.TrimSpace(s.text) == "" {
			continue // an empty cue, or a speaker's name and nothing said
		}
		kept = append(kept, s)
	}
	return kept
}

// A turn of a file that names no speaker runs as long as the recording:
// paceTurns cuts it into turns of about a minute each, so that the
// transcript keeps a timestamp to every minute or so. A turn ends at the
// first segment past turnPace that follows the end of a sentence, or at
// the first past twice that.
const turnPace = time.Minute

func paceTurns(segs []segment) []segment {
	var start time.Duration
	for i := range segs {
		s := &segs[i]
		if i == 0 || s.speaker != "" || !s.timed {
			start = s.start
			continue
		}
		prev := strings.TrimRight(segs[i-1].text, `"'”’) `)
		ended := strings.HasSuffix(prev, ".") || strings.HasSuffix(prev, "?") || strings.HasSuffix(prev, "!")
		if run := s.start - start; (run >= turnPace && ended) || run >= 2*turnPace {
			s.newTurn = true
			start = s.start
		}
	}
	return segs
}

// json makes turns of a JSON transcript: the podcast namespace's segments
// as they are; Whisper's and caption tools' cues as captions, a caption
// tool's text read for labels as SRT's is.
func (p *parse) json(src string) error {
	f, err := captions.ReadJSON([]byte(src))
	if err != nil {
		return p.captionError(err)
	}
	p.captionWarnings(f.Warnings)
	p.t.Shape = f.Shape
	if f.Shape == "" {
		return p.podcastJSON(f)
	}
	if len(f.Cues) == 0 {
		return p.errorAt(0, "no cues: the %s is empty", f.Shape)
	}
	segs := p.cueSegments(f.Cues, !strings.HasPrefix(f.Shape, "Whisper"))
	p.assemble(p.unnamed(segs))
	return nil
}

// unnamed gives the segments of a file that names no speaker to
// "Unknown", in turns of about a minute (paceTurns), and says so; other
// files' segments it returns as they are.
func (p *parse) unnamed(segs []segment) []segment {
	for _, s := range segs {
		if s.speaker != "" {
			return segs
		}
	}
	if len(segs) == 0 {
		return segs
	}
	p.warn(0, "no speaker is named in the file: every word is given to \"Unknown\" (name them with --speaker \"Unknown=id\")")
	segs[0].speaker = "Unknown"
	return paceTurns(segs)
}

// podcastJSON makes turns of the podcast namespace's JSON segments.
func (p *parse) podcastJSON(f *captions.File) error {
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

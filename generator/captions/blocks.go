package captions

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"
)

// block is a run of lines without a blank one: in SRT and WebVTT a cue, a
// header or a comment.
type block struct {
	line  int      // 1-based, of the first
	lines []string // white space at their ends taken off
}

// splitBlocks splits a file at its blank lines.
func splitBlocks(src string) []block {
	var out []block
	open := false // the last line was part of the last block
	for i, l := range strings.Split(src, "\n") {
		l = strings.TrimRightFunc(l, unicode.IsSpace)
		switch {
		case l == "":
			open = false
		case open:
			last := &out[len(out)-1]
			last.lines = append(last.lines, l)
		default:
			out = append(out, block{line: i + 1, lines: []string{l}})
			open = true
		}
	}
	return out
}

// readCues reads blocks as SRT cues: a timing line, first or after the
// cue's identifier, then the text, which spans makes the cue's spans of. A
// block without a timing line after a cue is more of its text: a blank
// line inside a cue, which some tools write. A cue whose time cannot be
// read is left out with a warning, as players leave it out, and so is
// text that would have been more of it.
func readCues(f *File, blocks []block, spans func(text []string) []Span) error {
	var cues []pending
	dropped := false // the last cue was left out
	for _, b := range blocks {
		t := slices.IndexFunc(b.lines[:min(len(b.lines), 2)], func(l string) bool { return strings.Contains(l, "-->") })
		if t < 0 {
			if k, ok := looksTimed(b); ok {
				f.dropCue(b.line+k, b.lines[k], b.lines[k+1:])
				dropped = true
				continue
			}
			if len(cues) == 0 && !dropped {
				return errorAt(b.line, "expected a cue time such as \"00:00:01,000 --> 00:00:04,000\", found %q", clip(b.lines[0]))
			}
			if dropped {
				f.dropText(b.line, b.lines)
				continue
			}
			c := &cues[len(cues)-1]
			c.text = append(c.text, b.lines...)
			f.warn(b.line, "text without a cue time: taken as more of the cue above")
			continue
		}
		start, end, ok := readTiming(b.lines[t])
		if !ok {
			f.dropCue(b.line+t, b.lines[t], b.lines[t+1:])
			dropped = true
			continue
		}
		dropped = false
		c := pending{Cue: Cue{Line: b.line + t, Start: start, End: end, Timed: true}, text: slices.Clone(b.lines[t+1:])}
		if t == 1 {
			c.ID = strings.TrimSpace(b.lines[0])
		}
		cues = append(cues, c)
	}
	// YouTube's automatic captions converted to SRT roll as they do in
	// WebVTT.
	cues, f.Rolling = unroll(cues)
	f.setCues(cues, spans)
	return nil
}

// pending is a cue whose text lines are still to be read into spans.
type pending struct {
	Cue
	text []string
}

// setCues reads the cues' text into spans.
func (f *File) setCues(cues []pending, spans func(text []string) []Span) {
	f.Cues = make([]Cue, len(cues))
	for i, c := range cues {
		c.Spans = spans(c.text)
		f.Cues[i] = c.Cue
	}
}

// dropCue notes a cue left out because its timing line, at line, cannot
// be read: the warning quotes its text, so that no word goes unreported.
func (f *File) dropCue(line int, timing string, text []string) {
	if words := joinWords(strings.Join(text, " ")); words != "" {
		f.warn(line, fmt.Sprintf("cannot read the cue time %q: the cue is left out, as a player leaves it out; its text: %q", clip(timing), clipText(words)))
		return
	}
	f.warn(line, fmt.Sprintf("cannot read the cue time %q: the line is left out, as a player leaves it out", clip(timing)))
}

// dropText notes text after a cue that was left out: more of that cue.
func (f *File) dropText(line int, text []string) {
	f.warn(line, fmt.Sprintf("text without a cue time after a cue left out: left out with it: %q", clipText(joinWords(strings.Join(text, " ")))))
}

// brokenTimingRE is a timing line gone wrong: a time, then some arrow.
var brokenTimingRE = regexp.MustCompile(`^\s*\d+(?::\d+)*(?:[.,]\d+)?\s*(?:-+>|=+>|→|–>|—>|-{2,}|to)\s*\d`)

// looksTimed finds the timing line, among the first two, of a block
// without "-->" that meant to be a cue.
func looksTimed(b block) (int, bool) {
	for k := 0; k < len(b.lines) && k < 2; k++ {
		if brokenTimingRE.MatchString(b.lines[k]) {
			return k, true
		}
	}
	return 0, false
}

package captions

import (
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

// readCues reads blocks as SRT and WebVTT cues: a timing line, first or
// after the cue's identifier, then the text, which spans makes the cue's
// spans of. A block without a timing line after a cue is more of its
// text: a blank line inside a cue, which some tools write.
func readCues(f *File, blocks []block, spans func(text []string) []Span) error {
	type pending struct {
		Cue
		text []string
	}
	var cues []pending
	for _, b := range blocks {
		t := slices.IndexFunc(b.lines[:min(len(b.lines), 2)], func(l string) bool { return strings.Contains(l, "-->") })
		if t < 0 {
			if k, ok := looksTimed(b); ok {
				return errorAt(b.line+k, "cannot read the cue time %q: want \"start --> end\"", clip(b.lines[k]))
			}
			if len(cues) == 0 {
				return errorAt(b.line, "expected a cue time such as \"00:00:01,000 --> 00:00:04,000\", found %q", clip(b.lines[0]))
			}
			c := &cues[len(cues)-1]
			c.text = append(c.text, b.lines...)
			f.warn(b.line, "text without a cue time: taken as more of the cue above")
			continue
		}
		timing := b.lines[t]
		m := timingRE.FindStringSubmatch(strings.TrimSpace(timing))
		if m == nil {
			return errorAt(b.line+t, "cannot read the cue time %q", clip(timing))
		}
		start, ok1 := ParseClock(m[1])
		end, ok2 := ParseClock(m[2])
		if !ok1 || !ok2 {
			return errorAt(b.line+t, "cannot read the cue time %q", clip(timing))
		}
		c := pending{Cue: Cue{Line: b.line + t, Start: start, End: end, Timed: true}, text: slices.Clone(b.lines[t+1:])}
		if t == 1 {
			c.ID = strings.TrimSpace(b.lines[0])
		}
		cues = append(cues, c)
	}
	f.Cues = make([]Cue, len(cues))
	for i, c := range cues {
		c.Spans = spans(c.text)
		f.Cues[i] = c.Cue
	}
	return nil
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

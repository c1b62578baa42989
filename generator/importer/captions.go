package importer

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// timingRE is a cue's timing line, SRT or WebVTT: "00:00:01,000 -->
// 00:00:04,000", "00:01.000 --> 00:04.000", and the "0.860 --> 7.380" some
// tools write, with cue settings or SRT coordinates after it.
var timingRE = regexp.MustCompile(`^(\d+(?::\d{1,2}){0,2}(?:[.,]\d+)?)\s*-->\s*(\d+(?::\d{1,2}){0,2}(?:[.,]\d+)?)(?:\s|$)`)

// cue is one caption as read from the file.
type cue struct {
	line       int // of the timing line
	id         string
	start, end time.Duration
	lines      []string
}

// captions reads SRT or WebVTT: both are blocks of a timing line and text,
// separated by blank lines; WebVTT adds a header, NOTE, STYLE and REGION
// blocks, cue settings and voice spans.
func (p *parse) captions(src string, format Format) error {
	lines := splitLines(src)
	var cues []cue
	i := 0
	if format == VTT {
		for i < len(lines) && lines[i].blank {
			i++
		}
		if i < len(lines) && strings.HasPrefix(lines[i].text, "WEBVTT") {
			// "WEBVTT - Harbour Talk, episode 12": the text after the
			// signature names the file.
			if title := strings.Trim(lines[i].text[len("WEBVTT"):], " \t-–—:"); title != "" {
				p.t.Title = title
			}
			for i < len(lines) && !lines[i].blank {
				i++ // the header and its metadata lines
			}
		} else {
			p.warn(0, "no WEBVTT header: read as WebVTT all the same")
		}
	}
	for i < len(lines) {
		if lines[i].blank {
			i++
			continue
		}
		j := i
		for j < len(lines) && !lines[j].blank {
			j++
		}
		block := lines[i:j]
		i = j
		if format == VTT {
			first := block[0].text
			if first == "NOTE" || strings.HasPrefix(first, "NOTE ") || strings.HasPrefix(first, "NOTE\t") ||
				first == "STYLE" || first == "REGION" {
				continue
			}
		}
		t := -1
		for k := 0; k < len(block) && k < 2; k++ {
			if strings.Contains(block[k].text, "-->") {
				t = k
				break
			}
		}
		if l, ok := looksTimed(block); t < 0 && ok {
			return p.errorAt(l.n, "cannot read the cue time %q: want \"start --> end\"", clip(l.text))
		}
		if t < 0 {
			if len(cues) > 0 {
				// A blank line inside a cue's text, which some tools write.
				c := &cues[len(cues)-1]
				for _, l := range block {
					c.lines = append(c.lines, l.text)
				}
				p.warn(block[0].n, "text without a cue time: taken as more of the cue above")
				continue
			}
			return p.errorAt(block[0].n, "expected a cue time such as \"00:00:01,000 --> 00:00:04,000\", found %q", clip(block[0].text))
		}
		tl := block[t]
		m := timingRE.FindStringSubmatch(strings.TrimSpace(tl.text))
		if m == nil {
			return p.errorAt(tl.n, "cannot read the cue time %q", clip(tl.text))
		}
		start, ok1 := parseClock(m[1])
		end, ok2 := parseClock(m[2])
		if !ok1 || !ok2 {
			return p.errorAt(tl.n, "cannot read the cue time %q", clip(tl.text))
		}
		c := cue{line: tl.n, start: start, end: end}
		if t == 1 {
			c.id = strings.TrimSpace(block[0].text)
		}
		for _, l := range block[t+1:] {
			c.lines = append(c.lines, l.text)
		}
		cues = append(cues, c)
	}
	if len(cues) == 0 {
		return p.errorAt(0, "no cues: an empty %s file", strings.ToUpper(string(format)))
	}
	// Cues out of order are sorted by their start; overlapping ones keep
	// their order in the file.
	sort.SliceStable(cues, func(a, b int) bool { return cues[a].start < cues[b].start })

	var segs []segment
	var cands []label
	for _, c := range cues {
		var parts []segment
		if format == VTT {
			parts = vttPayload(c.lines)
		} else {
			parts = []segment{{text: srtPayload(c.lines)}}
		}
		for k, s := range parts {
			s.line, s.start, s.timed = c.line, c.start, true
			// Verbatim's own export names each cue after its turn ("t12"),
			// so two turns of one speaker in a row stay two turns.
			s.newTurn = k == 0 && turnIDRE.MatchString(c.id)
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

var turnIDRE = regexp.MustCompile(`^t\d+$`)

// brokenTimingRE is a timing line gone wrong: a time, then some arrow.
var brokenTimingRE = regexp.MustCompile(`^\s*\d+(?::\d+)*(?:[.,]\d+)?\s*(?:-+>|=+>|→|–>|—>|-{2,}|to)\s*\d`)

// looksTimed finds the timing line of a block without "-->" that meant to
// be a cue.
func looksTimed(block []textLine) (textLine, bool) {
	for k := 0; k < len(block) && k < 2; k++ {
		if brokenTimingRE.MatchString(block[k].text) {
			return block[k], true
		}
	}
	return textLine{}, false
}

// parseClock reads "hh:mm:ss.mmm", "mm:ss,mmm", "ss.mmm" or "hh:mm:ss".
func parseClock(s string) (time.Duration, bool) {
	frac := ""
	if i := strings.IndexAny(s, ".,"); i >= 0 {
		s, frac = s[:i], s[i+1:]
	}
	parts := strings.Split(s, ":")
	if len(parts) > 3 {
		return 0, false
	}
	var secs int64
	for k, part := range parts {
		n, err := strconv.ParseInt(part, 10, 64)
		if err != nil || n < 0 || n > 1e6 || (k > 0 && n > 59) {
			return 0, false
		}
		secs = secs*60 + n
	}
	d := time.Duration(secs) * time.Second
	if frac != "" {
		if len(frac) > 3 {
			frac = frac[:3]
		}
		for len(frac) < 3 {
			frac += "0"
		}
		ms, err := strconv.Atoi(frac)
		if err != nil {
			return 0, false
		}
		d += time.Duration(ms) * time.Millisecond
	}
	return d, true
}

// srtTagRE matches what SRT files put around text: HTML-like tags for
// italics and colour, and the {\an8} positioning of ASS.
var srtTagRE = regexp.MustCompile(`</?(?i:i|b|u|s|font)\b[^>]*>|\{\\[^}]*\}`)

func srtPayload(lines []string) string {
	return joinWords(srtTagRE.ReplaceAllString(strings.Join(lines, "\n"), ""))
}

// vttTagRE matches WebVTT's cue tags: voices, classes, italics, ruby,
// language, and karaoke timestamps.
var vttTagRE = regexp.MustCompile(`<(/?)([a-z]*|\d[\d:.]*)((?:\.[^\s>]*)?)(?:[ \t]+([^>]*))?>`)

// vttPayload splits a cue's text at its voice spans: "<v Sarah>Hi</v>
// <v Tom>Hello" is two segments.
func vttPayload(lines []string) []segment {
	text := strings.Join(lines, "\n")
	var out []segment
	cur := segment{}
	var b strings.Builder
	flush := func() {
		cur.text = joinWords(unescapeVTT(b.String()))
		if cur.text != "" || cur.speaker != "" {
			out = append(out, cur)
		}
		b.Reset()
	}
	last := 0
	for _, m := range vttTagRE.FindAllStringSubmatchIndex(text, -1) {
		b.WriteString(text[last:m[0]])
		last = m[1]
		closing := m[3] > m[2]
		tag := text[m[4]:m[5]]
		if tag != "v" || closing {
			continue
		}
		name := ""
		if m[8] >= 0 {
			name = strings.TrimSpace(unescapeVTT(text[m[8]:m[9]]))
		}
		flush()
		cur = segment{speaker: name}
	}
	b.WriteString(text[last:])
	flush()
	return out
}

// unescapeVTT reads the character references WebVTT allows.
func unescapeVTT(s string) string {
	if !strings.Contains(s, "&") {
		return s
	}
	return vttEntities.Replace(s)
}

var vttEntities = strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&nbsp;", "\u00a0",
	"&lrm;", "\u200e", "&rlm;", "\u200f", "&quot;", `"`, "&apos;", "'", "&#39;", "'")

// joinWords makes one line of a caption's wrapped lines.
func joinWords(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func clip(s string) string {
	s = strings.TrimSpace(s)
	if r := []rune(s); len(r) > 60 {
		return string(r[:60]) + "…"
	}
	return s
}

package captions

import (
	"regexp"
	"strings"
	"unicode"
)

// ReadVTT reads WebVTT captions as the WebVTT parsing rules have a
// browser read them (w3c.github.io/webvtt, "collect a WebVTT block"): a
// "WEBVTT" header; blocks separated by empty lines; a line holding "-->"
// as the block's first line, or its second after a cue identifier, is the
// cue's timing line, and anywhere later it starts the next block. A cue
// whose time cannot be read is left out with a warning quoting its text;
// NOTE, STYLE and REGION blocks are skipped; voice spans name the
// speaker. It reads more than a browser where the meaning is plain: no
// header, SRT's comma in times, times without hours (see readTiming), and
// text after a cue past an empty line, which is taken as more of it.
// Rolling captions (each line repeated in the next cue, as YouTube's
// automatic captions are) are read with every line once: see unroll.
func ReadVTT(src string) (*File, error) {
	src = strings.ReplaceAll(strings.ReplaceAll(src, "\r\n", "\n"), "\r", "\n")
	lines := strings.Split(src, "\n")
	f := &File{}
	i := 0
	for i < len(lines) && strings.TrimSpace(lines[i]) == "" {
		i++
	}
	if i < len(lines) && strings.HasPrefix(lines[i], "WEBVTT") {
		// "WEBVTT - Harbour Talk, episode 12": the text after the
		// signature names the file.
		f.Title = strings.Trim(strings.TrimRightFunc(lines[i][len("WEBVTT"):], unicode.IsSpace), " \t-–—:")
		i++
		// The header's metadata lines ("Kind: captions"), up to an empty
		// line or a timing line, which starts the first cue.
		for i < len(lines) && lines[i] != "" && !strings.Contains(lines[i], "-->") {
			i++
		}
	} else {
		f.warn(0, "no WEBVTT header: read as WebVTT all the same")
	}
	var cues []pending
	dropped := false // the last cue was left out
	for {
		for i < len(lines) && lines[i] == "" {
			i++
		}
		if i >= len(lines) {
			break
		}
		var b vttBlock
		b, i = collectBlock(lines, i)
		switch {
		case b.skipped():
		case b.timing < 0:
			body := block{line: b.line, lines: b.pre}
			switch k, timed := looksTimed(body); {
			case timed:
				f.dropCue(b.line+k, b.pre[k], b.pre[k+1:])
				dropped = true
			case dropped:
				f.dropText(b.line, b.pre)
			case len(cues) == 0:
				return nil, errorAt(b.line, "expected a cue time such as \"00:00:01.000 --> 00:00:04.000\", found %q", clip(b.pre[0]))
			default:
				c := &cues[len(cues)-1]
				c.text = append(c.text, b.pre...)
				f.warn(b.line, "text without a cue time: taken as more of the cue above")
			}
		default:
			start, end, ok := readTiming(lines[b.timing])
			if !ok {
				f.dropCue(b.timing+1, lines[b.timing], b.text)
				dropped = true
				continue
			}
			dropped = false
			c := pending{Cue: Cue{Line: b.timing + 1, Start: start, End: end, Timed: true}, text: b.text}
			if len(b.pre) > 0 {
				c.ID = strings.TrimSpace(b.pre[0])
			}
			cues = append(cues, c)
		}
	}
	cues, f.Rolling = unroll(cues)
	f.setCues(cues, vttSpans)
	return f, nil
}

// vttBlock is a block of a WebVTT file as the parsing rules collect it.
type vttBlock struct {
	line   int      // 1-based, of its first line
	pre    []string // the lines before the timing line: the cue's identifier; all of them when there is none
	timing int      // the timing line's index in the file, -1 when there is none
	text   []string // the lines after the timing line
}

// collectBlock collects the block that starts at lines[i] and returns
// the index of the line after it.
func collectBlock(lines []string, i int) (vttBlock, int) {
	b := vttBlock{line: i + 1, timing: -1}
	for n := 1; i < len(lines) && lines[i] != ""; n++ {
		l := lines[i]
		if strings.Contains(l, "-->") {
			if b.timing >= 0 || n > 2 {
				break // the next block's first line
			}
			b.timing = i
			i++
			continue
		}
		if b.timing >= 0 {
			b.text = append(b.text, l)
		} else {
			b.pre = append(b.pre, l)
		}
		i++
	}
	return b, i
}

// skipped says whether a block is one to pass over without a word: a
// comment, a style sheet, a region, or white space.
func (b vttBlock) skipped() bool {
	if len(b.pre) == 0 {
		return false
	}
	if notCue(strings.TrimRightFunc(b.pre[0], unicode.IsSpace)) {
		return true
	}
	if b.timing >= 0 {
		return false
	}
	for _, l := range b.pre {
		if strings.TrimSpace(l) != "" {
			return false
		}
	}
	return true
}

// notCue says whether a block whose first line is first is one of
// WebVTT's blocks other than cues: a comment, a style sheet, a region.
func notCue(first string) bool {
	return first == "NOTE" || strings.HasPrefix(first, "NOTE ") || strings.HasPrefix(first, "NOTE\t") ||
		first == "STYLE" || first == "REGION"
}

// vttTagRE matches WebVTT's cue tags: voices, classes, italics, ruby,
// language, and karaoke timestamps.
var vttTagRE = regexp.MustCompile(`<(/?)([a-z]*|\d[\d:.]*)((?:\.[^\s>]*)?)(?:[ \t]+([^>]*))?>`)

// vttSpans splits a cue's text at its voice spans: "<v Sarah>Hi</v>
// <v Tom>Hello" is two spans. Other tags are left out.
func vttSpans(lines []string) []Span {
	text := strings.Join(lines, "\n")
	var out []Span
	cur := Span{}
	var b strings.Builder
	flush := func() {
		cur.Text = joinWords(unescapeVTT(b.String()))
		if cur.Text != "" || cur.Voice != "" {
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
		cur = Span{Voice: name}
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

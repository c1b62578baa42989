package captions

import (
	"regexp"
	"strings"
)

// ReadVTT reads WebVTT captions: SRT's blocks of a timing line and text,
// after a "WEBVTT" header, with NOTE, STYLE and REGION blocks, cue
// settings, and voice spans that name the speaker.
func ReadVTT(src string) (*File, error) {
	f := &File{}
	blocks := splitBlocks(src)
	if len(blocks) > 0 && strings.HasPrefix(blocks[0].lines[0], "WEBVTT") {
		// "WEBVTT - Harbour Talk, episode 12": the text after the
		// signature names the file.
		f.Title = strings.Trim(blocks[0].lines[0][len("WEBVTT"):], " \t-–—:")
		blocks = blocks[1:] // the header and its metadata lines
	} else {
		f.warn(0, "no WEBVTT header: read as WebVTT all the same")
	}
	cues := blocks[:0]
	for _, b := range blocks {
		if !notCue(b.lines[0]) {
			cues = append(cues, b)
		}
	}
	if err := readCues(f, cues, vttSpans); err != nil {
		return nil, err
	}
	return f, nil
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

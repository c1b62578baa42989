package captions

import (
	"regexp"
	"strings"
)

// ReadSRT reads SubRip captions: blocks of a number, a timing line and
// text, separated by blank lines.
func ReadSRT(src string) (*File, error) {
	f := &File{}
	if err := readCues(f, splitBlocks(src), srtSpans); err != nil {
		return nil, err
	}
	return f, nil
}

// srtTagRE matches what SRT files put around text: HTML-like tags for
// italics and colour, and the {\an8} positioning of ASS.
var srtTagRE = regexp.MustCompile(`</?(?i:i|b|u|s|font)\b[^>]*>|\{\\[^}]*\}`)

// srtSpans is an SRT cue's text as one span: SRT has no voices.
func srtSpans(lines []string) []Span {
	return []Span{{Text: joinWords(srtTagRE.ReplaceAllString(strings.Join(lines, "\n"), ""))}}
}

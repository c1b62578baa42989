package importer

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/verbatim-archive/verbatim/generator/captions"
)

// segment is a piece of timed text with perhaps a speaker: a cue, a part
// of a cue with several voices, or a JSON segment.
type segment struct {
	line    int
	speaker string // label as written; "" continues the current speaker
	start   time.Duration
	timed   bool
	newTurn bool   // starts a turn even if the speaker is the same
	text    string // paragraphs separated by blank lines
}

// assemble makes turns of segments: consecutive segments of one speaker are
// one turn, which starts when its first segment does.
func (p *parse) assemble(segs []segment) {
	var cur *Turn
	// The paragraph being written, kept in a builder: a monologue of
	// thousands of cues would be quadratic as string concatenation.
	var para strings.Builder
	flush := func() {
		if cur != nil && para.Len() > 0 {
			cur.Paragraphs = append(cur.Paragraphs, para.String())
		}
		para.Reset()
	}
	warned := false
	for _, s := range segs {
		var id string
		switch {
		case s.speaker != "":
			id = p.reg.id(s.speaker)
		case cur != nil:
			id = cur.Speaker
		default:
			id = p.reg.id("Unknown")
			if !warned {
				p.warn(s.line, "text before the first speaker's name: given to the speaker \"Unknown\"")
				warned = true
			}
		}
		if cur == nil || id != cur.Speaker || s.newTurn {
			flush()
			p.t.Turns = append(p.t.Turns, Turn{Speaker: id, Start: s.start, Timed: s.timed, Line: s.line})
			cur = &p.t.Turns[len(p.t.Turns)-1]
		}
		for i, text := range captions.Paragraphs(s.text) {
			if i > 0 {
				flush()
			}
			appendText(&para, text)
		}
	}
	flush()
}

// appendText appends the words of the next cue or segment: after a space,
// unless they start with punctuation, as word-level JSON does.
func appendText(b *strings.Builder, text string) {
	if b.Len() > 0 {
		r, _ := utf8.DecodeRuneInString(text)
		if !strings.ContainsRune(",.;:!?%)]}'’”…", r) {
			b.WriteByte(' ')
		}
	}
	b.WriteString(text)
}

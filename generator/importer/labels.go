package importer

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// label is a speaker label found at the start of a paragraph or a cue.
type label struct {
	name string // as written, without colon or brackets
	rest string // the words after the label
	// weak is a label that is one only where the file shows it is: the
	// "Q" of "Q Thank you", with a single space.
	weak bool
}

// maxLabel bounds the search for a label's colon, so a long sentence with
// a colon in it is never read as a name.
const maxLabel = 64

// splitLabel reads a speaker label at the start of s: "Name: words",
// "**Name:** words", "**Name**: words", "[Name] words" or "[Name]: words",
// and the "Q  words" of some press offices, where a no-break space or two
// spaces stand for the colon. It says nothing of whether the name is a
// speaker; the caller decides that, knowing the rest of the file.
func splitLabel(s string) (label, bool) {
	s = strings.TrimLeftFunc(s, unicode.IsSpace)
	if rest, ok := strings.CutPrefix(s, ">>"); ok {
		s = strings.TrimLeftFunc(rest, unicode.IsSpace)
	}
	switch {
	case strings.HasPrefix(s, "**"):
		end := strings.Index(s[2:], "**")
		if end < 0 {
			return label{}, false
		}
		inner, after := s[2:2+end], s[4+end:]
		switch {
		case strings.HasSuffix(inner, ":"):
			inner = strings.TrimSuffix(inner, ":")
		case strings.HasPrefix(after, ":"):
			after = after[1:]
		default:
			return label{}, false
		}
		return finishLabel(inner, after)
	case strings.HasPrefix(s, "["):
		end := strings.IndexByte(s, ']')
		if end < 0 || end > maxLabel {
			return label{}, false
		}
		after := strings.TrimPrefix(s[end+1:], ":")
		if strings.TrimSpace(after) == "" {
			// "[Music]" alone is a sound, not a speaker with nothing to say.
			return label{}, false
		}
		return finishLabel(s[1:end], after)
	}
	// Before any colon: in "Q   On another topic: As …" the colon is the
	// question's.
	for _, q := range []string{"Q", "A"} {
		if rest, ok := strings.CutPrefix(s, q); ok && standsForColon(rest) {
			return label{name: q, rest: strings.TrimLeftFunc(rest, unicode.IsSpace)}, true
		}
	}
	for i, r := range s {
		if i > maxLabel {
			break
		}
		if r == ':' {
			return finishLabel(s[:i], s[i+1:])
		}
		if r == '\n' {
			break
		}
	}
	return label{}, false
}

// standsForColon says whether the white space at the start of s is what
// press offices put after a "Q" instead of a colon: a no-break space or a
// tab in it, or two spaces or more ("Q <NBSP>Thank you").
func standsForColon(s string) bool {
	ws := s[:len(s)-len(strings.TrimLeftFunc(s, unicode.IsSpace))]
	return strings.ContainsAny(ws, "\u00a0\t") || len(ws) >= 2
}

// textLabel reads a label at the start of a line of text: a label
// splitLabel reads, or a weak "Q" followed by one space and the start of a
// sentence ("Q Thank you", "Q — to Surfside", "Q (Inaudible.)"), as briefing
// pages copied as text have it. A single "A" stays text: "A coup".
func textLabel(s string) (label, bool) {
	if lb, ok := splitLabel(s); ok {
		return lb, true
	}
	s = strings.TrimLeftFunc(s, unicode.IsSpace)
	rest, ok := strings.CutPrefix(s, "Q ")
	if !ok {
		return label{}, false
	}
	r, _ := utf8.DecodeRuneInString(rest)
	if !unicode.IsUpper(r) && !unicode.IsDigit(r) && !strings.ContainsRune("—–-(“\"‘'", r) {
		return label{}, false
	}
	return label{name: "Q", rest: rest, weak: true}, true
}

// finishLabel checks the name and what follows it: white space or nothing.
func finishLabel(name, after string) (label, bool) {
	if after != "" {
		r, _ := utf8.DecodeRuneInString(after)
		if !unicode.IsSpace(r) {
			return label{}, false
		}
	}
	name = strings.Join(strings.Fields(name), " ")
	if !nameLike(name) || notSpeakers[strings.ToLower(name)] {
		return label{}, false
	}
	rest := strings.TrimLeftFunc(after, unicode.IsSpace)
	// "Question (retranslated from Lao):" is the questioner speaking; how
	// the words reached us belongs with the words.
	if i := strings.IndexByte(name, '('); i > 0 {
		qual := name[i:]
		name = strings.TrimSpace(name[:i])
		rest = strings.TrimSpace(qual + " " + rest)
	}
	return label{name: name, rest: rest}, true
}

// accept decides which of the labels found are speakers: one given with
// --speaker, one such as "Question", one that comes back; and, in a file
// that has such labels (or in captions: loose is true), a name of several words, or a single word followed
// by a capital ("Gillian: Hi"). "Tonight: bridges" and "Background: ..."
// once are text.
func (p *parse) accept(cands []label, loose bool) map[string]bool {
	count := map[string]int{}
	strong := map[string]bool{} // seen at least once not weak
	var order []string
	for _, lb := range cands {
		k := foldLabel(lb.name)
		if count[k] == 0 {
			order = append(order, k)
		}
		count[k]++
		strong[k] = strong[k] || !lb.weak
	}
	accepted := map[string]bool{}
	for _, k := range order {
		_, anon := anonymous[k]
		if anon && strong[k] || count[k] >= 2 || p.reg.known(k) {
			accepted[k] = true
		}
	}
	if len(accepted) == 0 && !loose {
		return accepted
	}
	for _, lb := range cands {
		k := foldLabel(lb.name)
		r, _ := utf8.DecodeRuneInString(lb.rest)
		if len(strings.Fields(lb.name)) >= 2 || lb.rest == "" || unicode.IsUpper(r) {
			accepted[k] = true
		}
	}
	return accepted
}

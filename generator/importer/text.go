package importer

import (
	"regexp"
	"strings"
	"time"
	"unicode"
)

// headerLines is how far into a file its title and date are looked for:
// past a banner, a site name and a breadcrumb, but not into the body.
const headerLines = 12

// boilerplateRE matches the lines web pages put around the words:
// navigation, banners, sign-up prompts, share buttons, copyright.
var boilerplateRE = regexp.MustCompile(`(?i)join now|join the mailing list|mailing list|subscribe|sign up|sign in|log ?in\b|newsletter|cookies?\b|skip to|^\s*(menu|home|search|share|print|email|tweet|back)\s*$|share (this|on)|print version|follow us|all rights reserved|©|copyright|back to top|advertisement|read more|related (articles|stories|posts|news)|^\s*tags?:|[›»]|\|.*\||download (pdf|app)|open in app|listen to this`)

// toolBannerRE matches the line a transcription tool adds to its export:
// "Transcribed by https://otter.ai", "Transcript generated with Descript".
var toolBannerRE = regexp.MustCompile(`(?i)^\W*(?:transcribed|transcript(?:ion)?|exported|generated|created|made|powered)\b.{0,40}\b(?:by|with|from|using|on)\b.{0,40}\b(?:otter\.ai|otter|rev(?:\.com)?|temi(?:\.com)?|scribie(?:\.com)?|happy ?scribe|descript|trint|sonix|whisper)\b`)

func boilerplate(s string) bool { return boilerplateRE.MatchString(s) || toolBannerRE.MatchString(s) }

// textLine is one line of a text file.
type textLine struct {
	n     int // 1-based line number
	text  string
	blank bool
}

// leadingTimeRE is a timestamp in front of a label: "[00:12:34] Name:",
// "00:12 Name:".
var leadingTimeRE = regexp.MustCompile(`^\[?((?:\d{1,2}:)?\d{1,2}:\d{2})\]?\s+`)

// text reads a transcript copied from a web page or a word processor.
func (p *parse) text(src string) error {
	lines := splitLines(src)
	start, err := p.frontMatter(lines)
	if err != nil {
		return err
	}
	lines = lines[start:]
	open := p.openers(lines)
	firstLabel := len(lines)
	for i, l := range lines {
		if _, ok := open.match(l.text); ok && !l.blank {
			firstLabel = i
			break
		}
	}
	body, header := p.header(lines, firstLabel)
	paras := p.dropTrailer(paragraphs(lines[body:], open))
	opening := p.turns(paras, open)
	p.openingRemarks(opening, header)
	for _, t := range p.t.Turns {
		if len(t.Paragraphs) == 0 {
			p.warn(t.Line, "%s's turn has no words", p.reg.byID[t.Speaker].Label())
		}
	}
	return nil
}

// openers finds the lines that open turns: the labels of the contract and
// of web pages (accepted), or a transcription tool's layout.
type openers interface {
	match(s string) (opener, bool)
}

// openers decides how the file's turns open: in the layout --format named,
// else in the tool's layout that opens the most turns, else with labels.
func (p *parse) openers(lines []textLine) openers {
	if p.layout != nil {
		p.t.Layout = p.layout.name
		return p.layout
	}
	acc := p.acceptLabels(lines)
	labelled := 0
	var first textLine
	var firstLabel opener
	for _, l := range lines {
		if o, ok := acc.match(l.text); ok && !l.blank {
			if labelled++; labelled == 1 {
				first, firstLabel = l, o
			}
		}
	}
	if ly := chooseLayout(lines, labelled); ly != nil {
		p.t.Layout = ly.name
		if labelled > 0 {
			// The labels' words go to the layout's turns around them:
			// the words of one speaker given to another, unless a
			// person checks.
			p.warn(first.n, "%s open with a label (%q) but the file is read in the %s layout, which opens more turns: their words are in the turns around them; if the labels are the turns, change the layout's lines so that they are not read as turns",
				countOf(labelled, "paragraph"), firstLabel.name+":", ly.name)
		}
		return ly
	}
	return acc
}

// accepted is the labels, folded, that name the speakers of a file.
type accepted map[string]bool

// opener is the start of a line that opens a turn.
type opener struct {
	label
	at    time.Duration
	timed bool // at is from a timestamp before the label
}

// match reads the label of an accepted speaker at the start of s, after a
// timestamp if there is one.
func (acc accepted) match(s string) (opener, bool) {
	var o opener
	if m := leadingTimeRE.FindStringSubmatch(s); m != nil {
		if d, ok := parseClock(m[1]); ok {
			o.at, o.timed = d, true
			s = s[len(m[0]):]
		}
	}
	lb, ok := textLabel(s)
	if !ok || !acc[foldLabel(lb.name)] {
		return opener{}, false
	}
	o.label = lb
	return o, true
}

// para is a paragraph of a text file and the line it starts on.
type para struct {
	line int
	text string
}

// paragraphs joins lines into paragraphs: blocks between blank lines, and
// a new one at each label. A file with no blank lines at all has one
// paragraph a line.
func paragraphs(lines []textLine, open openers) []para {
	hasBlank := false
	for _, l := range lines {
		if l.blank {
			hasBlank = true
			break
		}
	}
	var paras []para
	var block []string // lines of the paragraph being read
	flush := func() {
		if len(block) > 0 {
			paras[len(paras)-1].text = strings.Join(block, " ")
			block = block[:0]
		}
	}
	for _, l := range lines {
		if l.blank {
			flush()
			continue
		}
		o, labelled := open.match(l.text)
		if o.weak && len(block) > 0 {
			// "Q Street" inside a paragraph is words, not a question.
			labelled = false
		}
		if len(block) > 0 && hasBlank && !labelled {
			block = append(block, strings.TrimSpace(l.text))
			continue
		}
		flush()
		paras = append(paras, para{line: l.n})
		block = append(block, strings.TrimSpace(l.text))
		if labelled && o.rest == "" {
			// A label alone on its line ("Mira Hale  0:07"): the words
			// below are the turn's first paragraph, not part of the label.
			flush()
		}
	}
	flush()
	return paras
}

// dropTrailer drops the sign-up prompts and share buttons after the last
// words.
func (p *parse) dropTrailer(paras []para) []para {
	for len(paras) > 0 {
		last := paras[len(paras)-1]
		if len(strings.Fields(last.text)) > 12 || !boilerplate(last.text) {
			break
		}
		p.t.Dropped = append(p.t.Dropped, Dropped{last.line, last.text})
		paras = paras[:len(paras)-1]
	}
	return paras
}

// turns makes a turn of each labelled paragraph and the paragraphs after
// it, and gives the paragraphs before the first label.
func (p *parse) turns(paras []para, open openers) (opening []para) {
	var cur *Turn
	for _, pa := range paras {
		if o, ok := open.match(pa.text); ok {
			p.t.Turns = append(p.t.Turns, Turn{Speaker: p.reg.id(o.name), Start: o.at, Timed: o.timed, Line: pa.line})
			cur = &p.t.Turns[len(p.t.Turns)-1]
			if o.rest != "" {
				cur.Paragraphs = append(cur.Paragraphs, o.rest)
			}
			continue
		}
		if cur == nil {
			opening = append(opening, pa)
			continue
		}
		cur.Paragraphs = append(cur.Paragraphs, pa.text)
	}
	return opening
}

// openingRemarks gives the paragraphs before the first label to whoever
// the header says is speaking, from the first that reads as remarks; the
// short lines before it (a venue, a time of day), or all of them when the
// header names no one, are the preamble.
func (p *parse) openingRemarks(opening []para, header string) {
	speaker := ""
	if len(p.t.Turns) > 0 && len(opening) > 0 {
		speaker = p.namedIn(header)
	}
	prose := -1
	if speaker != "" {
		for i, pa := range opening {
			if isProse(pa.text) {
				prose = i
				break
			}
		}
	}
	for i, pa := range opening {
		if prose >= 0 && i >= prose {
			break
		}
		p.t.Preamble = append(p.t.Preamble, pa.text)
	}
	if prose < 0 {
		return
	}
	t := Turn{Speaker: speaker, Line: opening[prose].line}
	for _, pa := range opening[prose:] {
		t.Paragraphs = append(t.Paragraphs, pa.text)
	}
	p.t.Turns = append([]Turn{t}, p.t.Turns...)
	p.warn(t.Line, "the opening remarks have no label: given to %s, whom the header names", p.reg.byID[speaker].Label())
}

func splitLines(src string) []textLine {
	raw := strings.Split(src, "\n")
	out := make([]textLine, len(raw))
	for i, l := range raw {
		l = strings.TrimRightFunc(l, unicode.IsSpace)
		out[i] = textLine{n: i + 1, text: l, blank: strings.TrimFunc(l, unicode.IsSpace) == ""}
	}
	return out
}

// acceptLabels decides which label-like starts of lines are speakers.
func (p *parse) acceptLabels(lines []textLine) accepted {
	var cands []label
	for _, l := range lines {
		if lb, ok := textLabel(leadingTimeRE.ReplaceAllString(l.text, "")); ok {
			cands = append(cands, lb)
		}
	}
	return p.accept(cands, false)
}

// Punctuation about a date in a dateline: around it, and between a place
// or title and the date after it.
const (
	aroundDate = " \t\u00a0,.;:|–—-·•/()"
	beforeDate = " \t\u00a0,;:|–—-·•/("
)

// header finds the title, date and place in the lines before the first
// label, drops the boilerplate before the title, and returns where the body
// starts and the text of the header, in which the speaker of unlabelled
// opening remarks is named.
func (p *parse) header(lines []textLine, firstLabel int) (int, string) {
	var idx []int // non-blank lines the header may hold
	for i := 0; i < firstLabel && len(idx) < headerLines; i++ {
		if !lines[i].blank {
			idx = append(idx, i)
		}
	}
	if len(idx) == 0 {
		return 0, ""
	}
	if p.t.Title != "" {
		// Front matter said it all; what comes before the first label is
		// the preamble.
		return 0, p.t.Title
	}
	titleAt, dateAt := p.title(lines, idx)
	if titleAt < 0 {
		return 0, ""
	}
	for k := 0; k < titleAt; k++ {
		if k != dateAt {
			l := lines[idx[k]]
			p.t.Dropped = append(p.t.Dropped, Dropped{l.n, strings.TrimSpace(l.text)})
		}
	}
	k := p.afterTitle(lines, idx, max(titleAt, dateAt)+1)
	if k < len(idx) {
		return idx[k], p.t.Title
	}
	return idx[len(idx)-1] + 1, p.t.Title
}

// title finds the title among the header lines idx and the dateline, sets
// the transcript's title, date and place from them, and gives their
// places in idx (-1: none).
func (p *parse) title(lines []textLine, idx []int) (titleAt, dateAt int) {
	dateAt = -1
	var dm dateMatch
	for k, i := range idx {
		s := lines[i].text
		m, ok := findDate(s)
		if !ok {
			continue
		}
		if !dateOnly(s, m) && strings.Trim(s[m.end:], aroundDate) != "" && m.start > 0 {
			continue // a date in the middle of a sentence
		}
		dateAt, dm = k, m
		break
	}
	if dateAt < 0 {
		// No date: the title is the first line that is not boilerplate,
		// if it reads as one.
		for k, i := range idx {
			if boilerplate(lines[i].text) {
				continue
			}
			if isTitle(lines[i].text) {
				p.t.Title = cleanTitle(lines[i].text)
				return k, -1
			}
			break
		}
		return -1, -1
	}
	s := lines[idx[dateAt]].text
	p.t.Date = dm.date
	before := strings.Trim(s[:dm.start], beforeDate)
	if len(strings.Fields(before)) >= 3 {
		// "Remarks at a news conference, Vientiane, July 7, 2021"
		p.t.Title, p.t.Location = splitPlace(before)
		return dateAt, dateAt
	}
	if nameLike(before) {
		p.t.Location = before
	}
	// The title is the last line before the date that is not
	// boilerplate, else the line after it.
	titleAt = -1
	for k := dateAt - 1; k >= 0; k-- {
		if !boilerplate(lines[idx[k]].text) {
			titleAt = k
			break
		}
	}
	if titleAt < 0 && dateAt+1 < len(idx) && isTitle(lines[idx[dateAt+1]].text) {
		titleAt = dateAt + 1
	}
	if titleAt >= 0 {
		p.t.Title = cleanTitle(lines[idx[titleAt]].text)
	}
	return titleAt, dateAt
}

// afterTitle reads or drops, from idx[k] on, the lines that may follow a
// title (datelines, "Place:" lines and boilerplate) and gives the place in
// idx of the first line of anything else.
func (p *parse) afterTitle(lines []textLine, idx []int, k int) int {
	for ; k < len(idx); k++ {
		l := lines[idx[k]]
		s := strings.TrimSpace(l.text)
		if m, ok := findDate(s); ok && dateOnly(s, m) {
			if p.t.Date == "" {
				p.t.Date = m.date
			}
			continue
		}
		if m, ok := findDate(s); ok && m.start > 0 && strings.Trim(s[m.end:], aroundDate) == "" {
			if place := strings.Trim(s[:m.start], beforeDate); nameLike(place) {
				if p.t.Date == "" {
					p.t.Date = m.date
				}
				if p.t.Location == "" {
					p.t.Location = place
				}
				continue
			}
		}
		if v, ok := fieldValue(s, "place", "location", "venue"); ok {
			p.t.Location = v
			continue
		}
		if boilerplate(s) && len(strings.Fields(s)) <= 12 {
			p.t.Dropped = append(p.t.Dropped, Dropped{l.n, s})
			continue
		}
		break
	}
	return k
}

// splitPlace takes the place off the end of a title in a dateline such as
// "Remarks at a news conference, Vientiane, July 7, 2021".
func splitPlace(s string) (title, place string) {
	s = cleanTitle(s)
	i := strings.LastIndex(s, ",")
	if i > 0 {
		cand := strings.TrimSpace(s[i+1:])
		if nameLike(cand) && len(strings.Fields(cand)) <= 4 && len(strings.Fields(s[:i])) >= 3 {
			return cleanTitle(s[:i]), cand
		}
	}
	return s, ""
}

func cleanTitle(s string) string {
	// A Markdown export's title is a heading: "# Episode 4".
	s = strings.TrimLeft(strings.TrimSpace(s), "#")
	s = strings.Join(strings.Fields(s), " ")
	return strings.Trim(s, " ,;:|–—-·•/")
}

// isTitle says whether a line can be a title: not a sentence of the body.
func isTitle(s string) bool {
	s = strings.TrimSpace(s)
	n := len(strings.Fields(s))
	return n > 0 && n <= 40 && !strings.HasSuffix(s, ".") || n > 0 && n <= 12
}

// isProse tells a paragraph of remarks from a header line left over: a
// sentence ends it, or it is long.
func isProse(s string) bool {
	s = strings.TrimSpace(s)
	if len(strings.Fields(s)) >= 15 {
		return true
	}
	return strings.ContainsAny(s[max(0, len(s)-4):], ".,!?;:…\"”’)")
}

// fieldValue reads "Key: value" for one of the keys.
func fieldValue(s string, keys ...string) (string, bool) {
	k, v, ok := strings.Cut(s, ":")
	if !ok {
		return "", false
	}
	k = strings.ToLower(strings.TrimSpace(k))
	for _, want := range keys {
		if k == want {
			return strings.TrimSpace(v), strings.TrimSpace(v) != ""
		}
	}
	return "", false
}

// namedIn returns the id of the speaker the header names first, or "": a
// speaker is named by their whole name or, for a name of several words,
// by its last word ("Psaki" names "MS. PSAKI").
func (p *parse) namedIn(header string) string {
	low := strings.ToLower(header)
	best, at := "", len(low)+1
	for _, t := range p.t.Turns {
		sp := p.reg.byID[t.Speaker]
		if sp == nil || sp.Role != "" {
			continue
		}
		for _, name := range append([]string{sp.Name}, sp.Aliases...) {
			cands := []string{strings.ToLower(name)}
			if w := strings.Fields(name); len(w) >= 2 && len([]rune(w[len(w)-1])) >= 3 {
				cands = append(cands, strings.ToLower(strings.Trim(w[len(w)-1], ".")))
			}
			for _, c := range cands {
				if i := wordIndex(low, c); i >= 0 && i < at {
					best, at = sp.ID, i
				}
			}
		}
	}
	return best
}

// wordIndex finds w in s as whole words.
func wordIndex(s, w string) int {
	if w == "" {
		return -1
	}
	for off := 0; ; {
		i := strings.Index(s[off:], w)
		if i < 0 {
			return -1
		}
		i += off
		before := i == 0 || !isWordRune(lastRune(s[:i]))
		after := i+len(w) == len(s) || !isWordRune(firstRune(s[i+len(w):]))
		if before && after {
			return i
		}
		off = i + 1
	}
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func firstRune(s string) rune {
	for _, r := range s {
		return r
	}
	return 0
}

func lastRune(s string) rune {
	r := []rune(s)
	if len(r) == 0 {
		return 0
	}
	return r[len(r)-1]
}

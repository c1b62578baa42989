package markdown

import (
	"bytes"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// FindingKind says what a Finding is about.
type FindingKind int

const (
	// FindLabel is text at the start of a paragraph shaped like a speaker
	// label that names no speaker of the transcript, so it starts no turn.
	FindLabel FindingKind = iota + 1
	// FindNoteUnused is a footnote defined but never referred to, or
	// defined a second time: it is not shown at all.
	FindNoteUnused
	// FindNoteUndefined is a reference to a footnote that is not defined:
	// it shows as the text "[^name]".
	FindNoteUndefined
	// FindTimeOrder is a turn whose timestamp is earlier than the one of
	// the timed turn before it.
	FindTimeOrder
	// FindTimeNoMedia is the first timestamp of a transcript that has no
	// media, so its timestamps link nowhere.
	FindTimeNoMedia
	// FindLabelSpelling is a label that names a speaker of the transcript
	// spelt otherwise (case, accents, punctuation, spacing): it starts
	// that speaker's turn.
	FindLabelSpelling
	// FindMisattribution is a label a few letters from a speaker's: it
	// starts no turn, so its words go to the speaker before it. Almost
	// certainly a typo, and a wrong attribution if published.
	FindMisattribution
	// FindBadTime is a timestamp that cannot be read in front of a label:
	// the label starts no turn, so its words go to the speaker before it.
	FindBadTime
)

// Misattributes says whether a finding is words given to the wrong
// speaker: check fails on it, and every build warns of it.
func (k FindingKind) Misattributes() bool { return k == FindMisattribution || k == FindBadTime }

// Finding is something in a body that parses but is probably not what the
// author meant.
type Finding struct {
	Kind    FindingKind
	Line    int    // line in the file (DocOptions.FirstLine counts)
	Subject string // what it is about, as written: a label, a note name, a timestamp
	Message string // what is wrong and what to do, for a person
}

// ReferenceKind says how a body refers to a file.
type ReferenceKind int

const (
	// RefImage is an image: ![text](path).
	RefImage ReferenceKind = iota + 1
	// RefLink is a link to a path of the site that is not a cross-link:
	// [text](files/report.pdf) or [text](/about/).
	RefLink
)

// Reference is an image or link whose destination is a path rather than a
// URL with a scheme. Whether its target exists depends on the site and its
// output, which only the caller knows; the path is as written, to be
// resolved against the URL of the page the body is shown on.
type Reference struct {
	Kind ReferenceKind
	Dest string
	Line int
}

// inspection is what Findings needs that parsing would otherwise drop.
type inspection struct {
	notes []Finding // footnotes defined but never referred to, or twice
}

// Inspect parses a body as Parse does and also keeps what Findings needs
// and a build does not, such as footnotes defined but never referred to,
// which goldmark leaves out of the document.
func (c *Converter) Inspect(body []byte, d DocOptions) *Document {
	return c.parse(body, d, &inspection{})
}

// Findings lists what in the body is probably a mistake, in line order.
// A Document from Parse rather than Inspect cannot tell of footnotes
// defined but never used.
func (d *Document) Findings() []Finding {
	if d.root == nil || d.st == nil {
		return nil
	}
	st := d.st
	var out []Finding
	if st.insp != nil {
		out = append(out, st.insp.notes...)
	}
	out = append(out, st.notes...)
	out = append(out, d.undefinedNotes()...)
	out = append(out, d.timeFindings()...)
	sortFindings(out)
	return out
}

func sortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool { return fs[i].Line < fs[j].Line })
}

// References lists the images and links of the body whose destination is
// a path of the site, in document order. Cross-links are not among them:
// Links has those.
func (d *Document) References() []Reference {
	if d.root == nil || d.st == nil {
		return nil
	}
	var out []Reference
	_ = ast.Walk(d.root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		var kind ReferenceKind
		var dest []byte
		switch n := n.(type) {
		case *ast.Image:
			kind, dest = RefImage, n.Destination
		case *ast.Link:
			kind, dest = RefLink, n.Destination
		default:
			return ast.WalkContinue, nil
		}
		if isSitePath(string(dest)) {
			out = append(out, Reference{Kind: kind, Dest: string(dest), Line: d.st.line(nodeOffset(n))})
		}
		return ast.WalkContinue, nil
	})
	return out
}

// isSitePath says whether a destination is a path on the site: not empty,
// not only a fragment, with no scheme and no host of its own.
func isSitePath(dest string) bool {
	if dest == "" || dest[0] == '#' || strings.HasPrefix(dest, "//") {
		return false
	}
	// A scheme ends at the first ':' before any '/', '?' or '#'.
	if i := strings.IndexAny(dest, ":/?#"); i >= 0 && dest[i] == ':' {
		return false
	}
	return true
}

// nodeOffset is where a node starts in the source: its own position, or
// that of the nearest ancestor that has one.
func nodeOffset(n ast.Node) int {
	for ; n != nil; n = n.Parent() {
		if p := n.Pos(); p >= 0 {
			return p
		}
		if n.Type() == ast.TypeBlock && n.Lines().Len() > 0 {
			return n.Lines().At(0).Start
		}
	}
	return 0
}

// noteKeeper records, for Inspect, the footnotes that goldmark's footnote
// transformer is about to drop because nothing refers to them.
type noteKeeper struct{}

func (noteKeeper) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	st := stateOf(pc)
	if st == nil || st.insp == nil {
		return
	}
	// The list stands where the first definition was, which may be inside
	// a block quote or a list item, so the whole tree is searched.
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		list, ok := n.(*east.FootnoteList)
		if !entering || !ok {
			return ast.WalkContinue, nil
		}
		seen := map[string]int{}
		for c := list.FirstChild(); c != nil; c = c.NextSibling() {
			fn, ok := c.(*east.Footnote)
			if !ok {
				continue
			}
			ref := string(fn.Ref)
			line := st.line(fn.Pos())
			if first, dup := seen[ref]; dup {
				st.insp.notes = append(st.insp.notes, Finding{Kind: FindNoteUnused, Line: line, Subject: ref,
					Message: "footnote [^" + ref + "] is defined twice (first on line " + strconv.Itoa(first) + "); only the first definition is shown"})
				continue
			}
			seen[ref] = line
			if fn.Index < 0 {
				st.insp.notes = append(st.insp.notes, Finding{Kind: FindNoteUnused, Line: line, Subject: ref,
					Message: "footnote [^" + ref + "] is defined but nothing refers to it, so it is not shown: add [^" + ref + "] where it belongs, or delete it"})
			}
		}
		return ast.WalkSkipChildren, nil
	})
}

// undefinedNotes finds "[^name]" left as text: goldmark makes a reference
// only of a name that is defined.
func (d *Document) undefinedNotes() []Finding {
	src := d.src
	var out []Finding
	_ = ast.Walk(d.root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.CodeSpan, *ast.RawHTML:
			return ast.WalkSkipChildren, nil
		case *ast.Text:
			seg := n.Segment
			for i := seg.Start; i < seg.Stop && i+1 < len(src); i++ {
				if src[i] != '[' || src[i+1] != '^' || (i > 0 && src[i-1] == '\\') {
					continue
				}
				end := bytes.IndexAny(src[i+2:], "]\n[")
				if end <= 0 || src[i+2+end] != ']' {
					continue
				}
				name := string(src[i+2 : i+2+end])
				if strings.TrimSpace(name) == "" {
					continue
				}
				// "[^name]:" at the start of a line would have been a
				// definition; elsewhere it is still a reference.
				out = append(out, Finding{Kind: FindNoteUndefined, Line: d.st.line(i), Subject: name,
					Message: "footnote [^" + name + "] is referred to but not defined, so it shows as text: add a line \"[^" + name + "]: the note\""})
				i += 2 + end
			}
		}
		return ast.WalkContinue, nil
	})
	return out
}

// timeFindings checks the turns' timestamps: in order, and with media to
// link to.
func (d *Document) timeFindings() []Finding {
	var out []Finding
	var prev *Turn
	noMedia := d.st.opts.MediaURL == ""
	for i := range d.turns {
		t := &d.turns[i]
		if t.Time == "" {
			continue
		}
		if noMedia {
			out = append(out, Finding{Kind: FindTimeNoMedia, Line: t.Line, Subject: t.Time,
				Message: "turns have timestamps but the transcript has no media: set media in the front matter so that each timestamp plays the recording from its moment"})
			noMedia = false
		}
		if prev != nil && t.Seconds < prev.Seconds {
			out = append(out, Finding{Kind: FindTimeOrder, Line: t.Line, Subject: t.Time,
				Message: "timestamp " + t.Time + " is earlier than the one before it, " + prev.Time + " on line " + strconv.Itoa(prev.Line)})
		}
		prev = t
	}
	return out
}

// Misattributions lists the findings of the body that give words to the
// wrong speaker (see FindingKind.Misattributes), which a build parses for
// anyway: every build can warn of them.
func (d *Document) Misattributions() []Finding {
	if d.st == nil {
		return nil
	}
	var out []Finding
	for _, f := range d.st.notes {
		if f.Kind.Misattributes() {
			out = append(out, f)
		}
	}
	return out
}

// LabelLike counts the paragraphs of a transcript that start like a speaker
// label of no speaker, and gives the first: a transcript with no turns and
// such paragraphs has lost its speakers, not its labels.
func (d *Document) LabelLike() (int, Finding) {
	if d.st == nil {
		return 0, Finding{}
	}
	return d.st.labelLike, d.st.firstLabelLike
}

// unlisted looks at a paragraph of a transcript that starts with no label
// as listed. A label spelt otherwise is its speaker's (ok); a near miss, a
// time that cannot be read before a label, and other text shaped like a
// label start no turn and are noted for Findings.
func (st *docState) unlisted(line []byte, last bool, at int) (label, bool) {
	ll, ok := readLabelLike(line, last)
	if !ok {
		return label{}, false
	}
	key := NormalizeLabel(ll.name)
	if st.opts.NotSpeakers[FoldLabel(key)] {
		return label{}, false
	}
	n := st.line(at)
	written := strconv.Quote(key + ":")
	note := func(kind FindingKind, msg string) {
		st.notes = append(st.notes, Finding{Kind: kind, Line: n, Subject: key, Message: msg})
	}
	st.labelLike++
	if st.labelLike == 1 {
		st.firstLabelLike = Finding{Kind: FindLabel, Line: n, Subject: key, Message: written}
	}
	if ids := st.opts.Ambiguous[FoldLabel(key)]; len(ids) > 1 {
		note(FindMisattribution, ambiguousMessage(written, ids))
		return label{}, false
	}
	if ll.badTime {
		note(FindBadTime, "cannot read the timestamp in "+ll.written+", so "+written+
			" starts no turn and its words would go to the speaker before it: write the time as [hh:mm:ss]")
		return label{}, false
	}
	if id, ok := st.bySpelling(key); ok {
		listed := st.listedLabel(id, key)
		note(FindLabelSpelling, spellingNote(written, listed))
		return label{speaker: id, label: listed, time: ll.time, seconds: ll.seconds, end: skipSpaces(line, ll.after, true)}, true
	}
	if near, ok := st.nearMiss(key); ok {
		note(FindMisattribution, nearMissMessage(written, near))
		return label{}, false
	}
	if len(st.labels) == 0 && len(st.opts.Speakers) == 0 {
		return label{}, false // no speakers to compare with: see LabelLike
	}
	near, dist := st.nearestLabel(key)
	if !ll.bold && !(ll.timed && !ll.bare) && (dist > typoDistance(key) || dist < 0) {
		return label{}, false
	}
	msg := ll.written + " looks like a speaker label, but " + strconv.Quote(key) + " is not the name or an alias of one speaker of this transcript, so it starts no turn"
	if hint := st.labelHint(key, near, dist); hint != "" {
		msg += ": " + hint
	}
	note(FindLabel, msg)
	return label{}, false
}

// listedLabel is the label as listed that a name spelt otherwise stands for.
func (st *docState) listedLabel(id, name string) string {
	f := FoldLabel(name)
	var same []string
	for l, lid := range st.labels {
		if lid == id && FoldLabel(l) == f {
			same = append(same, l)
		}
	}
	return closest(name, same)
}

// labelLike is what readLabelLike found.
type labelLike struct {
	name    string // as written
	written string // the whole label as written, for messages
	bold    bool
	timed   bool
	bare    bool // timed, without brackets
	badTime bool
	time    string
	seconds int
	after   int // after the colon
}

// maxLabelName bounds what may pass for a name: a label is a few words.
const (
	maxLabelName  = 60
	maxLabelWords = 6
)

// readLabelLike reads "[time] **Name:**", "[time] **Name**:" or
// "[time] Name:" at the start of a line, as matchLabel does, but accepting
// any name that could be one.
func readLabelLike(line []byte, last bool) (labelLike, bool) {
	var ll labelLike
	h, ok := readLabelHead(line)
	if !ok {
		return ll, false
	}
	ll.timed, ll.bare, ll.badTime, ll.bold = h.timed, h.bare, h.badTime, h.bold
	ll.time, ll.seconds = h.time, h.seconds
	name, after := h.name, h.after
	if !h.bold {
		i := h.name0
		c := bytes.IndexByte(line[i:min(len(line), i+maxLabelName+1)], ':')
		if c < 0 {
			return ll, false
		}
		name, after = line[i:i+c], i+c+1
	}
	if !spaceOrEnd(line, after, last) || !plausibleName(name) {
		return ll, false
	}
	ll.name = string(name)
	ll.after = after
	ll.written = strconv.Quote(string(line[h.start:after]))
	return ll, true
}

// plausibleName says whether text could be a speaker's name or role: a few
// words with a letter, and none of Markdown's punctuation.
func plausibleName(b []byte) bool {
	s := strings.TrimSpace(string(b))
	if s == "" || len(s) > maxLabelName || len(strings.Fields(s)) > maxLabelWords {
		return false
	}
	if strings.ContainsAny(s, "*_[]()<>`|#!?;") {
		return false
	}
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// typoDistance is how far plain text before a colon may be from a label and
// still be taken for a misspelt one: plain "Words:" is common in speech, so
// only short distances on names long enough to misspell count.
func typoDistance(key string) int {
	n := utf8.RuneCountInString(key)
	switch {
	case n < 5:
		return 0
	case n < 9:
		return 1
	}
	return 2
}

// nearestLabel returns the label closest to key, ignoring case, and its
// distance; -1 when there are no labels.
func (st *docState) nearestLabel(key string) (string, int) {
	best, bestD, bestExact := "", -1, 0
	k := strings.ToLower(key)
	for l := range st.labels {
		d := EditDistance(k, strings.ToLower(l))
		// Of labels equally far apart but for case, the one written
		// most like key wins: "Ms Voss" means "Ms. Voss", not "MS. VOSS".
		exact := EditDistance(key, l)
		if bestD < 0 || d < bestD || (d == bestD && (exact < bestExact || (exact == bestExact && l < best))) {
			best, bestD, bestExact = l, d, exact
		}
	}
	return best, bestD
}

// labelHint suggests a fix: the label the author probably meant, or the
// speaker whose name holds the word, who could take it as an alias.
func (st *docState) labelHint(key, near string, dist int) string {
	if near != "" && dist >= 0 && dist <= max(typoDistance(key), 2) {
		if dist == 0 {
			return "labels match exactly, case included: did you mean " + strconv.Quote(near) + "?"
		}
		return "did you mean " + strconv.Quote(near) + "?"
	}
	lk := strings.ToLower(key)
	for _, id := range sortedKeys(st.opts.Speakers) {
		name := st.opts.Speakers[id].Name
		for _, w := range strings.Fields(name) {
			if strings.ToLower(strings.Trim(w, ".,")) == lk {
				return "add " + strconv.Quote(key) + " to the aliases of " + name + " (" + id + ")"
			}
		}
	}
	return "list the speaker in the front matter, or add the label to a speaker's aliases"
}

func sortedKeys(m map[string]Speaker) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// EditDistance is the optimal string alignment distance between a and b,
// in runes: insertions, deletions, substitutions and swaps of neighbours
// each count one, so "Lavorv" is one from "Lavrov".
func EditDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

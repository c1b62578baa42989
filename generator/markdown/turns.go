package markdown

import (
	"bytes"
	"strconv"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// kindTurn is the node kind of a speaker turn.
var kindTurn = ast.NewNodeKind("VerbatimTurn")

// turnNode is a speaker turn. The label transformer leaves it empty in front
// of the labelled paragraph; the grouping transformer then moves the turn's
// blocks into it and fills in what the renderer needs.
type turnNode struct {
	ast.BaseBlock
	n       int
	speaker string // id
	name    string
	time    string // hh:mm:ss or ""
	seconds int
	line    int
	// The numbers of removed turns whose addresses lead here: before
	// the turn, into it (merged), after it (the last turn only).
	before, merged, after []int
	removed, mergedLabel  string // of the marks of removed turns' addresses (DocOptions.Words)
}

func (n *turnNode) Kind() ast.NodeKind { return kindTurn }

func (n *turnNode) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{
		"N": strconv.Itoa(n.n), "Speaker": n.speaker, "Time": n.time,
	}, nil)
}

// turns is the extension for speaker turns.
type turns struct{}

func (turns) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		// After link reference definitions (100), which open a paragraph
		// with a bracket too and take precedence, and before tables (200),
		// so that a table may follow a label on its line.
		parser.WithParagraphTransformers(util.Prioritized(labelTransformer{}, 150)),
		// After the footnote list has settled at the end (999) and the
		// editor's notes and sidenotes have their own nodes, which the
		// turns' text leaves out.
		parser.WithASTTransformers(util.Prioritized(turnGrouper{}, 1010)),
	)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(turnRenderer{}, 100)))
}

// labelTransformer cuts a speaker label from the start of a top-level
// paragraph and leaves a turnNode in front of it.
type labelTransformer struct{}

func (labelTransformer) Transform(p *ast.Paragraph, reader text.Reader, pc parser.Context) {
	st := stateOf(pc)
	parent := p.Parent()
	// A transcript's body has a label map, empty when it lists no
	// speakers; other bodies have none, and no turns.
	if st == nil || (len(st.labels) == 0 && st.opts.Labels == nil) || parent == nil || parent.Kind() != ast.KindDocument {
		return
	}
	lines := p.Lines()
	if lines.Len() == 0 {
		return
	}
	src := reader.Source()
	first := lines.At(0)
	if first.Start < 0 || first.Stop > len(src) || first.Start > first.Stop {
		return
	}
	line := src[first.Start:first.Stop]
	lb, ok := st.matchLabel(line, lines.Len() == 1)
	if !ok {
		if lb, ok = st.unlisted(line, lines.Len() == 1, first.Start); !ok {
			return
		}
	}
	name := lb.label
	if sp, ok := st.opts.Speakers[lb.speaker]; ok && sp.Name != "" {
		name = sp.Name
	}
	t := &turnNode{
		speaker: lb.speaker,
		name:    name,
		time:    lb.time,
		seconds: lb.seconds,
		line:    st.line(first.Start),
		// The same string in every turn: no copy.
		removed:     st.opts.Words.turnRemoved(),
		mergedLabel: st.opts.Words.turnMerged(),
	}
	t.SetPos(first.Start)
	parent.InsertBefore(parent, p, t)

	rest := text.NewSegments()
	if cut := first.Start + lb.end; cut < first.Stop {
		rest.Append(text.NewSegment(cut, first.Stop))
	}
	for i := 1; i < lines.Len(); i++ {
		rest.Append(lines.At(i))
	}
	if rest.Len() == 0 {
		// The words follow in the next paragraph.
		parent.RemoveChild(parent, p)
		return
	}
	p.SetLines(rest)
}

// label is a speaker label found at the start of a paragraph.
type label struct {
	speaker string // id
	label   string // the name as written, normalised
	time    string
	seconds int
	end     int // offset in the line after the label and the space after it
}

var (
	boldMark = []byte("**")
	bom      = []byte("\ufeff")
)

// matchLabel reads a label at the start of the first line of a paragraph;
// last says whether the paragraph ends with that line.
func (st *docState) matchLabel(line []byte, last bool) (label, bool) {
	var lb label
	h, ok := readLabelHead(line)
	if !ok || h.badTime {
		return lb, false
	}
	lb.time, lb.seconds = h.time, h.seconds
	after := h.after
	if h.bold {
		if !spaceOrEnd(line, after, last) {
			return lb, false
		}
		key := NormalizeLabel(string(h.name))
		id, ok := st.labels[key]
		if !ok || key == "" {
			return lb, false
		}
		lb.speaker, lb.label = id, key
	} else {
		// A name is no longer than the longest label, give or take the
		// folded white space, so the search for its colon stops early even
		// on a long line full of colons.
		i := h.name0
		limit := min(len(line), i+4*st.maxLabel+16)
		for c := i; c < limit; c++ {
			if line[c] != ':' || !spaceOrEnd(line, c+1, last) {
				continue
			}
			key := NormalizeLabel(string(line[i:c]))
			if id, ok := st.labels[key]; ok && key != "" {
				lb.speaker, lb.label, after = id, key, c+1
				break
			}
		}
		if after < 0 {
			return lb, false
		}
	}
	lb.end = skipSpaces(line, after, true)
	return lb, true
}

// labelHead is the part of a label every reader of labels reads alike.
type labelHead struct {
	start   int // after indentation and a byte order mark
	timed   bool
	bare    bool // the time has no brackets: "00:01:02 Name:"
	badTime bool // a time was meant but cannot be read; the rest is read all the same
	time    string
	seconds int
	name0   int // where the name starts, after the timestamp
	bold    bool
	name    []byte // a bold label's name
	after   int    // after a bold label's colon; -1 for a plain label
}

// readLabelHead reads the start of "[time] **Name:**", "[time] **Name**:"
// or "[time] Name:" at the start of a line: indentation, a byte order mark,
// the timestamp, and a bold label whole. A plain label's name, which only
// the caller can tell from the words after it, is left from name0 on.
func readLabelHead(line []byte) (labelHead, bool) {
	h := labelHead{after: -1}
	i := 0
	for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
		i++
	}
	if bytes.HasPrefix(line[i:], bom) {
		i += len(bom)
	}
	h.start = i
	if i < len(line) && (line[i] == '[' || line[i] == '(' || (line[i] >= '0' && line[i] <= '9')) {
		time, secs, n, state := readTime(line[i:])
		switch state {
		case noTime:
			if line[i] == '[' || line[i] == '(' {
				return h, false // "[Applause]", "(laughs)": not a label
			}
		case badTime:
			// Read on to the end of the would-be time, so the caller can
			// tell whether a label follows it.
			n = bytes.IndexAny(line[i:], " \t")
			if n < 0 {
				return h, false
			}
			h.badTime = true
			fallthrough
		case goodTime:
			j := skipSpaces(line, i+n, false)
			if j == i+n {
				return h, false
			}
			h.timed, h.bare, h.time, h.seconds, i = true, line[i] != '[' && line[i] != '(', time, secs, j
		}
	}
	h.name0 = i
	if !bytes.HasPrefix(line[i:], boldMark) {
		return h, true
	}
	start := i + len(boldMark)
	k := bytes.Index(line[start:], boldMark)
	if k < 0 {
		return h, false
	}
	inner := line[start : start+k]
	closing := start + k + len(boldMark)
	switch {
	case len(inner) > 0 && inner[len(inner)-1] == ':':
		h.name, h.after = inner[:len(inner)-1], closing
	case closing < len(line) && line[closing] == ':':
		h.name, h.after = inner, closing+1
	default:
		return h, false
	}
	h.bold = true
	return h, true
}

// spaceOrEnd says whether a label's colon at line[pos-1] ends the label:
// white space follows it, or the paragraph ends.
func spaceOrEnd(line []byte, pos int, last bool) bool {
	if pos >= len(line) {
		return last
	}
	r, _ := utf8.DecodeRune(line[pos:])
	return isSpace(r)
}

// skipSpaces returns the offset of the first non-space at or after pos; line
// ends count as space only when newlines is set.
func skipSpaces(line []byte, pos int, newlines bool) int {
	for pos < len(line) {
		r, size := utf8.DecodeRune(line[pos:])
		if !isSpace(r) || (!newlines && (r == '\n' || r == '\r')) {
			break
		}
		pos += size
	}
	return pos
}

// timeState says what readTime found at the start of a line.
type timeState int

const (
	noTime   timeState = iota // nothing like a time
	goodTime                  // a time, read
	badTime                   // digits and colons that mean a time but cannot be one: "[00:61:00]"
)

// maxTimeDigits bounds the hours of a timestamp: a recording of 9,999 hours
// is long enough, and the bound keeps the seconds in an int on every system.
const maxTimeDigits = 4

// readTime reads a turn's timestamp at the start of b, as people and tools
// write them: "[hh:mm:ss]", "(hh:mm:ss)" or bare "hh:mm:ss" before white
// space; "mm:ss" too; one or two digits a field after the first; and a
// fraction of a second (".5", ",250"), which is dropped: a timestamp shows
// whole seconds, and rounding down keeps its link at or before the words.
// It returns the time as hh:mm:ss (more digits for hours past 99), in
// seconds, and the length read, closing bracket included.
func readTime(b []byte) (string, int, int, timeState) {
	i := 0
	var closer byte
	if len(b) > 0 && (b[0] == '[' || b[0] == '(') {
		closer = ']'
		if b[0] == '(' {
			closer = ')'
		}
		i = 1
	}
	var parts [4]int
	var digits [4]int
	np := 0
	for np < len(parts) {
		start, v := i, 0
		for i < len(b) && b[i] >= '0' && b[i] <= '9' && i-start <= maxTimeDigits {
			v = v*10 + int(b[i]-'0')
			i++
		}
		if i == start {
			break
		}
		parts[np], digits[np] = v, i-start
		np++
		if i >= len(b) || b[i] != ':' {
			break
		}
		i++
	}
	if np < 2 {
		if np == 1 && i < len(b) && b[i] == ':' {
			return "", 0, 0, badTime // "[00::00]"
		}
		return "", 0, 0, noTime
	}
	if i < len(b) && (b[i] == '.' || b[i] == ',') && i+1 < len(b) && b[i+1] >= '0' && b[i+1] <= '9' {
		i++
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
	}
	if closer != 0 {
		if i >= len(b) || b[i] != closer {
			return "", 0, 0, badTime
		}
		i++
	} else if i < len(b) {
		if r, _ := utf8.DecodeRune(b[i:]); !isSpace(r) {
			return "", 0, 0, noTime // "10:30am", a ratio: not a timestamp
		}
	}
	if np > 3 || digits[np-1] > 2 || parts[np-1] > 59 {
		return "", 0, 0, badTime
	}
	h, m, s := 0, parts[0], parts[1]
	if np == 3 {
		h, m, s = parts[0], parts[1], parts[2]
		if digits[1] > 2 || m > 59 || digits[0] > maxTimeDigits {
			return "", 0, 0, badTime
		}
	} else if digits[0] > 2 {
		return "", 0, 0, badTime // "[123:45]": minutes past 99 are written with hours
	}
	secs := h*3600 + m*60 + s
	return formatTime(secs), secs, i, goodTime
}

// formatTime writes seconds as hh:mm:ss, with as many digits as the hours
// need past 99.
func formatTime(secs int) string {
	b := make([]byte, 0, 8)
	two := func(v int) {
		b = append(b, byte('0'+v/10%10), byte('0'+v%10))
	}
	if h := secs / 3600; h > 99 {
		b = strconv.AppendInt(b, int64(h), 10)
	} else {
		two(h)
	}
	b = append(b, ':')
	two(secs / 60 % 60)
	b = append(b, ':')
	two(secs % 60)
	return string(b)
}

// turnGrouper moves the blocks that follow each label into its turn and
// records the turns.
type turnGrouper struct{}

func (turnGrouper) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	st := stateOf(pc)
	if st == nil {
		return
	}
	var cur *turnNode
	count := 0
	for c := doc.FirstChild(); c != nil; {
		next := c.NextSibling()
		switch c.Kind() {
		case kindTurn:
			cur = c.(*turnNode)
			count++
			cur.n = count
		case ast.KindHeading, ast.KindThematicBreak, east.KindFootnoteList, kindEndnotes:
			cur = nil
		default:
			if cur != nil {
				cur.AppendChild(cur, c)
			}
		}
		c = next
	}
	if count == 0 {
		return
	}

	bt := &blockText{src: st.src}
	st.turns = make([]Turn, 0, count)
	for c := doc.FirstChild(); c != nil; c = c.NextSibling() {
		t, ok := c.(*turnNode)
		if !ok {
			continue
		}
		bt.Reset()
		for b := t.FirstChild(); b != nil; b = b.NextSibling() {
			bt.block(b)
		}
		st.turns = append(st.turns, Turn{
			N:       t.n,
			Speaker: t.speaker,
			Time:    t.time,
			Seconds: t.seconds,
			Text:    string(bt.out),
			Words:   countWords(bt.out),
			Line:    t.line,
		})
	}
}

type turnRenderer struct{}

func (turnRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindTurn, renderTurn)
}

// renderTurn writes a turn as a div: its label, then its blocks, with no
// wrapper around them. Every byte here is written once for each turn of
// the archive, so the label is known by its place (the turn's first
// paragraph), carries no class, and says nothing the page says
// elsewhere: its first link is the turn's permanent link, its time (which
// a script makes play the recording from there) or, without a time, the
// speaker's name; the page's header links each speaker to their page.
func renderTurn(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	t := node.(*turnNode)
	if !entering {
		_, _ = w.WriteString("</div>\n")
		writeRemoved(w, t.after, t.removed)
		return ast.WalkContinue, nil
	}
	writeRemoved(w, t.before, t.removed)
	id := "t" + strconv.Itoa(t.n)
	_, _ = w.WriteString(`<div class="turn" id="`)
	_, _ = w.WriteString(id)
	_, _ = w.WriteString(`" data-speaker="`)
	writeEscaped(w, t.speaker)
	_, _ = w.WriteString(`"><p>`)
	if t.time != "" {
		_, _ = w.WriteString(`<a href="#` + id + `">` + t.time + `</a> <b>`)
		writeEscaped(w, t.name)
		_, _ = w.WriteString(`</b>`)
	} else {
		_, _ = w.WriteString(`<b><a href="#` + id + `">`)
		writeEscaped(w, t.name)
		_, _ = w.WriteString(`</a></b>`)
	}
	_, _ = w.WriteString("</p>\n")
	writeRemoved(w, t.merged, t.mergedLabel)
	return ast.WalkContinue, nil
}

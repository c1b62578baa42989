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
	n         int
	speaker   string // id
	name      string
	time      string // hh:mm:ss or ""
	seconds   int
	line      int
	timeHref  string // link to the moment in the recording, or ""
	speakerTo string // URL of the speaker's page, or ""
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
	if st == nil || len(st.labels) == 0 || parent == nil || parent.Kind() != ast.KindDocument {
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
	lb, ok := st.matchLabel(src[first.Start:first.Stop], lines.Len() == 1)
	if !ok {
		return
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
	if !ok {
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
	if i < len(line) && line[i] == '[' {
		time, secs, n, ok := parseTimestamp(line[i:])
		if !ok {
			return h, false
		}
		j := skipSpaces(line, i+n, false)
		if j == i+n {
			return h, false
		}
		h.timed, h.time, h.seconds, i = true, time, secs, j
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

// parseTimestamp reads "[h:mm:ss]", "[hh:mm:ss]" or "[mm:ss]" at the start
// of b and returns it as hh:mm:ss, in seconds, and its length.
func parseTimestamp(b []byte) (string, int, int, bool) {
	var parts [3]int
	np := 0
	i := 1
	for {
		start, v := i, 0
		for i < len(b) && i-start < 2 && b[i] >= '0' && b[i] <= '9' {
			v = v*10 + int(b[i]-'0')
			i++
		}
		digits := i - start
		if digits == 0 || (np > 0 && digits != 2) || i >= len(b) {
			return "", 0, 0, false
		}
		parts[np] = v
		np++
		if b[i] == ']' {
			i++
			break
		}
		if b[i] != ':' || np == len(parts) {
			return "", 0, 0, false
		}
		i++
	}
	if np < 2 {
		return "", 0, 0, false
	}
	h, m, s := 0, parts[0], parts[1]
	if np == 3 {
		h, m, s = parts[0], parts[1], parts[2]
		if m > 59 {
			return "", 0, 0, false
		}
	}
	if s > 59 {
		return "", 0, 0, false
	}
	secs := h*3600 + m*60 + s
	return formatTime(secs), secs, i, true
}

func formatTime(secs int) string {
	b := make([]byte, 0, 8)
	two := func(v int) {
		b = append(b, byte('0'+v/10%10), byte('0'+v%10))
	}
	two(secs / 3600)
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

	type resolved struct {
		url string
		ok  bool
	}
	speakers := map[string]resolved{}
	media := st.opts.MediaURL
	if !st.unsafe && isDangerousURL(media) {
		media = ""
	}
	bt := &blockText{src: st.src}
	st.turns = make([]Turn, 0, count)
	for c := doc.FirstChild(); c != nil; c = c.NextSibling() {
		t, ok := c.(*turnNode)
		if !ok {
			continue
		}
		r, seen := speakers[t.speaker]
		if !seen {
			r.url, r.ok = st.resolve(Link{Kind: LinkSpeaker, Target: t.speaker, Line: t.line})
			speakers[t.speaker] = r
		}
		if r.ok {
			t.speakerTo = r.url
		}
		if t.time != "" && media != "" {
			t.timeHref = media + "#t=" + strconv.Itoa(t.seconds)
		}
		bt.out.Reset()
		for b := t.FirstChild(); b != nil; b = b.NextSibling() {
			bt.block(b)
		}
		words := bt.out.String()
		st.turns = append(st.turns, Turn{
			N:       t.n,
			Speaker: t.speaker,
			Time:    t.time,
			Seconds: t.seconds,
			Text:    words,
			Words:   countWords(words),
			Line:    t.line,
		})
	}
}

type turnRenderer struct{}

func (turnRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindTurn, renderTurn)
}

func renderTurn(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		_, _ = w.WriteString("</div>\n</section>\n")
		return ast.WalkContinue, nil
	}
	t := node.(*turnNode)
	id := "t" + strconv.Itoa(t.n)
	_, _ = w.WriteString(`<section class="turn" id="`)
	_, _ = w.WriteString(id)
	_, _ = w.WriteString(`" data-speaker="`)
	writeEscaped(w, t.speaker)
	_, _ = w.WriteString(`">` + "\n" + `<p class="turn-label">`)
	if t.time != "" {
		if t.timeHref != "" {
			_, _ = w.WriteString(`<a class="turn-time" href="`)
			writeURL(w, t.timeHref)
			_, _ = w.WriteString(`">`)
			_, _ = w.WriteString(t.time)
			_, _ = w.WriteString(`</a> `)
		} else {
			_, _ = w.WriteString(`<span class="turn-time">`)
			_, _ = w.WriteString(t.time)
			_, _ = w.WriteString(`</span> `)
		}
	}
	if t.speakerTo != "" {
		_, _ = w.WriteString(`<a class="speaker" href="`)
		writeURL(w, t.speakerTo)
		_, _ = w.WriteString(`">`)
		writeEscaped(w, t.name)
		_, _ = w.WriteString(`</a>`)
	} else {
		_, _ = w.WriteString(`<span class="speaker">`)
		writeEscaped(w, t.name)
		_, _ = w.WriteString(`</span>`)
	}
	_, _ = w.WriteString(` <a class="turn-anchor" href="#`)
	_, _ = w.WriteString(id)
	_, _ = w.WriteString(`" aria-label="Link to this turn">#</a></p>` + "\n" + `<div class="turn-body">` + "\n")
	return ast.WalkContinue, nil
}

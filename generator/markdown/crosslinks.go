package markdown

import (
	"bytes"
	"net/url"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// kindCrossLink is the node kind of a cross-link: a wiki link, or a relative
// link to a Markdown source file.
var kindCrossLink = ast.NewNodeKind("VerbatimCrossLink")

// crossLink holds its text as children. The transformer resolves it, so the
// renderer only writes what it finds here.
type crossLink struct {
	ast.BaseInline
	link    Link
	written string       // the target as the author wrote it, for a broken link's title
	raw     text.Segment // the whole "[[...]]", put back as text where a link cannot be
	wiki    bool
	named   bool   // a wiki link with its own |text
	title   []byte // of a Markdown link
	href    string // with its fragment
	ok      bool   // resolved
}

func (n *crossLink) Kind() ast.NodeKind { return kindCrossLink }

func (n *crossLink) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Target": n.link.Target, "Href": n.href}, nil)
}

// crossLinks is the extension for cross-links.
type crossLinks struct{}

func (crossLinks) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		// Before goldmark's link parser (200), which would otherwise take
		// the first '[' as the start of a link text.
		parser.WithInlineParsers(util.Prioritized(wikiParser{}, 199)),
		parser.WithASTTransformers(util.Prioritized(crossLinker{}, 1002)),
	)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(crossLinkRenderer{}, 100)))
}

// wikiParser reads [[target]] and [[target|text]] on one line.
type wikiParser struct{}

func (wikiParser) Trigger() []byte { return []byte{'['} }

func (wikiParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if seg.Padding != 0 || len(line) < 5 || line[0] != '[' || line[1] != '[' {
		return nil
	}
	end := -1
	for i := 2; i+1 < len(line) && end < 0; i++ {
		switch line[i] {
		case '\n', '\r', '[':
			return nil
		case ']':
			if line[i+1] != ']' {
				return nil
			}
			end = i
		}
	}
	// Followed by '(' the brackets are a link whose text is "[text]", as
	// CommonMark reads them.
	if end < 0 || (end+2 < len(line) && line[end+2] == '(') {
		return nil
	}

	inner := line[2:end]
	targetEnd, textStart := len(inner), len(inner)
	if bar := bytes.IndexByte(inner, '|'); bar >= 0 {
		targetEnd, textStart = bar, bar+1
		// In a table cell the bar must be escaped, or it would end the cell.
		if bar > 0 && inner[bar-1] == '\\' {
			targetEnd = bar - 1
		}
	}
	ts, te := trimSpan(inner, 0, targetEnd)
	written := string(inner[ts:te])
	l := Link{}
	id := written
	switch {
	case strings.HasPrefix(written, "speaker:"):
		l.Kind, id = LinkSpeaker, strings.TrimSpace(written[len("speaker:"):])
	case strings.HasPrefix(written, "topic:"):
		l.Kind, id = LinkTopic, strings.TrimSpace(written[len("topic:"):])
	}
	l.Target = id
	if hash := strings.IndexByte(id, '#'); hash >= 0 {
		l.Target, l.Fragment = strings.TrimSpace(id[:hash]), strings.TrimSpace(id[hash+1:])
	}
	if l.Target == "" {
		return nil
	}

	// The text shown: what follows the bar, else the target without its
	// kind, both as written.
	xs, xe := te-len(id), te
	named := false
	if textStart < len(inner) {
		if s, e := trimSpan(inner, textStart, len(inner)); s < e {
			xs, xe, named = s, e, true
		}
	}
	start := seg.Start + 2
	n := &crossLink{
		link:    l,
		written: written,
		raw:     text.NewSegment(seg.Start, seg.Start+end+2),
		wiki:    true,
		named:   named,
	}
	n.AppendChild(n, ast.NewTextSegment(text.NewSegment(start+xs, start+xe)))
	n.SetPos(seg.Start)
	block.Advance(end + 2)
	return n
}

// trimSpan narrows b[s:e] to leave out white space at either end.
func trimSpan(b []byte, s, e int) (int, int) {
	for s < e {
		r, size := utf8.DecodeRune(b[s:e])
		if !isSpace(r) {
			break
		}
		s += size
	}
	for e > s {
		r, size := utf8.DecodeLastRune(b[s:e])
		if !isSpace(r) {
			break
		}
		e -= size
	}
	return s, e
}

// crossLinker turns relative links to Markdown files into cross-links, puts
// wiki links inside link text back as text, and resolves every cross-link.
type crossLinker struct{}

func (crossLinker) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	st := stateOf(pc)
	if st == nil {
		return
	}
	var found []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering && (n.Kind() == kindCrossLink || n.Kind() == ast.KindLink) {
			found = append(found, n)
		}
		return ast.WalkContinue, nil
	})
	// found is in document order, so a link is converted before any wiki
	// link inside it is looked at.
	for _, n := range found {
		var cl *crossLink
		switch n := n.(type) {
		case *crossLink:
			if insideLink(n) {
				if p := n.Parent(); p != nil {
					p.ReplaceChild(p, n, ast.NewTextSegment(n.raw))
				}
				continue
			}
			cl = n
		case *ast.Link:
			cl = st.sourceLink(n)
			if cl == nil {
				continue
			}
		}
		cl.link.Line = st.line(cl.Pos())
		if u, ok := st.resolve(cl.link); ok {
			cl.href, cl.ok = u, true
			if cl.link.Fragment != "" {
				cl.href += "#" + cl.link.Fragment
			}
			if cl.wiki && !cl.named {
				st.nameLink(cl)
			}
		}
		st.links = append(st.links, cl.link)
	}
}

func insideLink(n ast.Node) bool {
	for p := n.Parent(); p != nil; p = p.Parent() {
		switch p.Kind() {
		case ast.KindLink, ast.KindImage, kindCrossLink:
			return true
		}
	}
	return false
}

// sourceLink replaces a relative link to a Markdown file by a cross-link,
// or returns nil for any other link.
func (st *docState) sourceLink(n *ast.Link) *crossLink {
	dest := string(util.URLEscape(n.Destination, true))
	if dest == "" || strings.ContainsAny(dest[:1], "/#?") {
		return nil
	}
	// A scheme ends at the first ':' before any '/', '?' or '#'.
	if i := strings.IndexAny(dest, ":/?#"); i >= 0 && dest[i] == ':' {
		return nil
	}
	p, frag := dest, ""
	if i := strings.IndexByte(p, '#'); i >= 0 {
		p, frag = p[:i], p[i+1:]
	}
	if i := strings.IndexByte(p, '?'); i >= 0 {
		p = p[:i]
	}
	if len(p) < len(".md") || !strings.EqualFold(p[len(p)-len(".md"):], ".md") {
		return nil
	}
	if u, err := url.PathUnescape(p); err == nil {
		p = u
	}
	if u, err := url.PathUnescape(frag); err == nil {
		frag = u
	}
	cl := &crossLink{
		link: Link{
			Kind:     LinkSource,
			Target:   path.Clean(path.Join(path.Dir(st.opts.SourcePath), p)),
			Fragment: frag,
		},
		written: string(n.Destination),
		title:   n.Title,
	}
	cl.SetPos(n.Pos())
	for c := n.FirstChild(); c != nil; {
		next := c.NextSibling()
		cl.AppendChild(cl, c)
		c = next
	}
	if parent := n.Parent(); parent != nil {
		parent.ReplaceChild(parent, n, cl)
	}
	return cl
}

type crossLinkRenderer struct{}

func (crossLinkRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindCrossLink, renderCrossLink)
}

func renderCrossLink(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		_, _ = w.WriteString("</a>")
		return ast.WalkContinue, nil
	}
	n := node.(*crossLink)
	if !n.ok {
		// No href: in watch mode the author sees the link is broken, and
		// a reader of a page built anyway is not sent nowhere.
		_, _ = w.WriteString(`<a class="broken-link" title="broken link: `)
		writeEscaped(w, n.written)
		_, _ = w.WriteString(`">`)
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString(`<a href="`)
	writeURL(w, n.href)
	_ = w.WriteByte('"')
	if n.title != nil {
		_, _ = w.WriteString(` title="`)
		html.DefaultWriter.Write(w, n.title)
		_ = w.WriteByte('"')
	}
	_ = w.WriteByte('>')
	return ast.WalkContinue, nil
}

// nameLink shows a wiki link written without text by its target's name, as
// the Resolver gives it, rather than by a slug or id.
func (st *docState) nameLink(cl *crossLink) {
	t, ok := st.resolver.(Titler)
	if !ok {
		return
	}
	name := t.Title(cl.link)
	if name == "" {
		return
	}
	if n, ok := strings.CutPrefix(cl.link.Fragment, "t"); ok && cl.link.Kind == LinkTranscript && n != "" && strings.Trim(n, "0123456789") == "" {
		name += ", turn " + n
	}
	for c := cl.FirstChild(); c != nil; c = cl.FirstChild() {
		cl.RemoveChild(cl, c)
	}
	cl.AppendChild(cl, ast.NewString([]byte(name)))
}

package markdown

import (
	"strconv"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

var (
	kindSidenote = ast.NewNodeKind("VerbatimSidenote")
	kindNoteBack = ast.NewNodeKind("VerbatimNoteBack")
	kindEndnotes = ast.NewNodeKind("VerbatimEndnotes")
	kindEndnote  = ast.NewNodeKind("VerbatimEndnote")
)

// sidenote stands where a footnote is referenced and shows the note there.
type sidenote struct {
	ast.BaseInline
	index  int // the note's number
	ref    int // 0 for the first reference to the note, 1 for the next...
	prefix string
	note   *endnote
	nested bool // in a note itself: shown as a plain reference, or a note
	// referring to itself would be shown inside itself forever
	inText bool // nested, to a note the text shows: the reference leads there
}

func (n *sidenote) Kind() ast.NodeKind { return kindSidenote }

func (n *sidenote) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Index": strconv.Itoa(n.index), "Ref": strconv.Itoa(n.ref)}, nil)
}

// noteBack leads from a note in the endnote list back to one reference.
type noteBack struct {
	ast.BaseInline
	index, ref int
	prefix     string
	label      string // DocOptions.Words
}

func (n *noteBack) Kind() ast.NodeKind { return kindNoteBack }

func (n *noteBack) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// endnotes is the list at the end of the body of the notes that no
// sidenote shows (referred to only from another note, or from nowhere),
// which the theme shows in print. A note beside the text is not repeated
// there: that would write every note twice on every page.
type endnotes struct {
	ast.BaseBlock
	empty bool // every note is shown beside the text: nothing to write
}

func (n *endnotes) Kind() ast.NodeKind { return kindEndnotes }

func (n *endnotes) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

type endnote struct {
	ast.BaseBlock
	index  int
	prefix string
	shown  bool // beside the text, by a sidenote: not written again
}

func (n *endnote) Kind() ast.NodeKind { return kindEndnote }

func (n *endnote) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Index": strconv.Itoa(n.index)}, nil)
}

// noteID is "<kind>-<prefix>-<n>", with "-<k>" for the k-th reference to a
// note from the second on, so ids stay unique across documents on one page
// and across references to one note.
func noteID(kind, prefix string, index, ref int) string {
	id := kind + "-"
	if prefix != "" {
		id += prefix + "-"
	}
	id += strconv.Itoa(index)
	if ref > 0 {
		id += "-" + strconv.Itoa(ref+1)
	}
	return id
}

// sidenotes is the extension that keeps goldmark's footnote syntax and
// renders the notes beside the text.
type sidenotes struct{ r *sidenoteRenderer }

func (e sidenotes) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithBlockParsers(util.Prioritized(extension.NewFootnoteBlockParser(), 999)),
		parser.WithInlineParsers(util.Prioritized(extension.NewFootnoteParser(), 101)),
		parser.WithASTTransformers(
			// Just before goldmark's, which drops notes nothing refers to.
			util.Prioritized(noteKeeper{}, 998),
			util.Prioritized(extension.NewFootnoteASTTransformer(), 999),
			util.Prioritized(sidenoter{}, 1001),
		),
	)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(e.r, 100)))
}

// sidenoter replaces goldmark's footnote nodes, once its transformer has
// numbered them and gathered the notes at the end, by nodes that carry the
// document's id prefix.
type sidenoter struct{}

func (sidenoter) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	st := stateOf(pc)
	list, ok := doc.LastChild().(*east.FootnoteList)
	if st == nil || !ok {
		return
	}
	prefix := st.opts.IDPrefix
	var links []*east.FootnoteLink
	var backs []*east.FootnoteBacklink
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			switch n := n.(type) {
			case *east.FootnoteLink:
				links = append(links, n)
			case *east.FootnoteBacklink:
				backs = append(backs, n)
			}
		}
		return ast.WalkContinue, nil
	})

	notes := map[int]*endnote{}
	list2 := &endnotes{}
	for c := list.FirstChild(); c != nil; {
		next := c.NextSibling()
		if fn, ok := c.(*east.Footnote); ok {
			en := &endnote{index: fn.Index, prefix: prefix}
			for b := fn.FirstChild(); b != nil; {
				nb := b.NextSibling()
				en.AppendChild(en, b)
				b = nb
			}
			notes[fn.Index] = en
			list2.AppendChild(list2, en)
		}
		c = next
	}
	doc.ReplaceChild(doc, list, list2)

	type refKey struct{ index, ref int }
	nested := map[refKey]bool{}
	shown := map[int]bool{} // notes a sidenote shows in the text
	var sns []*sidenote
	for _, l := range links {
		parent := l.Parent()
		if parent == nil {
			continue
		}
		sn := &sidenote{index: l.Index, ref: l.RefIndex, prefix: prefix, note: notes[l.Index]}
		sn.nested = sn.note == nil || insideNote(l)
		if sn.nested {
			nested[refKey{l.Index, l.RefIndex}] = true
		} else {
			shown[l.Index] = true
		}
		sns = append(sns, sn)
		parent.ReplaceChild(parent, l, sn)
	}
	for _, sn := range sns {
		sn.inText = sn.nested && shown[sn.index]
	}
	// The notes stay in the tree, where the walks for links and text find
	// them; only their rendering at the end is left out.
	list2.empty = true
	for idx, en := range notes {
		en.shown = shown[idx]
		list2.empty = list2.empty && en.shown
	}
	for _, b := range backs {
		parent := b.Parent()
		if parent == nil {
			continue
		}
		// A reference inside a note has no id to go back to.
		if nested[refKey{b.Index, b.RefIndex}] {
			parent.RemoveChild(parent, b)
			continue
		}
		parent.ReplaceChild(parent, b, &noteBack{index: b.Index, ref: b.RefIndex, prefix: prefix, label: st.opts.Words.noteBack()})
	}
}

func insideNote(n ast.Node) bool {
	for p := n.Parent(); p != nil; p = p.Parent() {
		if p.Kind() == kindEndnote {
			return true
		}
	}
	return false
}

// sidenoteRenderer renders a note's content at each reference to it, which
// takes the whole renderer: New sets it once goldmark has built it.
type sidenoteRenderer struct {
	renderer renderer.Renderer
}

func (r *sidenoteRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindSidenote, r.renderSidenote)
	reg.Register(kindNoteBack, renderNoteBack)
	reg.Register(kindEndnotes, renderEndnotes)
	reg.Register(kindEndnote, renderEndnote)
}

func (r *sidenoteRenderer) renderSidenote(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*sidenote)
	num := strconv.Itoa(n.index)
	if n.nested {
		_, _ = w.WriteString(`<a class="footnote-ref" href="#`)
		if n.inText {
			writeEscaped(w, noteID("fnref", n.prefix, n.index, 0))
		} else {
			writeEscaped(w, noteID("fn", n.prefix, n.index, 0))
		}
		_, _ = w.WriteString(`">`)
		_, _ = w.WriteString(num)
		_, _ = w.WriteString(`</a>`)
		return ast.WalkSkipChildren, nil
	}
	ref := noteID("fnref", n.prefix, n.index, n.ref)
	toggle := noteID("sn", n.prefix, n.index, n.ref)
	_, _ = w.WriteString(`<label for="`)
	writeEscaped(w, toggle)
	_, _ = w.WriteString(`" class="sidenote-number" id="`)
	writeEscaped(w, ref)
	_, _ = w.WriteString(`">`)
	_, _ = w.WriteString(num)
	_, _ = w.WriteString(`</label><input type="checkbox" id="`)
	writeEscaped(w, toggle)
	// The checkbox and the note's number carry no class: the theme knows
	// them by their places, after the label and first in the note.
	_, _ = w.WriteString(`"><span class="sidenote" role="note"><b>`)
	_, _ = w.WriteString(num)
	_, _ = w.WriteString(`</b> `)
	if err := r.renderInline(w, src, n.note); err != nil {
		return ast.WalkStop, err
	}
	// No "↩" link back: the note stands beside its number, or, opened
	// on a narrow screen, right after it.
	_, _ = w.WriteString(`</span>`)
	return ast.WalkSkipChildren, nil
}

// renderInline writes a note as phrasing content, which is all a <span>
// may hold: the inlines of its paragraphs joined by <br>, and the plain text
// of any other block.
func (r *sidenoteRenderer) renderInline(w util.BufWriter, src []byte, note *endnote) error {
	first := true
	sep := func() {
		if !first {
			_, _ = w.WriteString("<br>")
		}
		first = false
	}
	for b := note.FirstChild(); b != nil; b = b.NextSibling() {
		switch b.Kind() {
		case kindNoteBack:
		case ast.KindParagraph, ast.KindTextBlock:
			sep()
			for c := b.FirstChild(); c != nil; c = c.NextSibling() {
				if c.Kind() == kindNoteBack {
					continue
				}
				if err := r.renderer.Render(w, src, c); err != nil {
					return err
				}
			}
		default:
			bt := blockText{src: src}
			bt.block(b)
			for _, line := range strings.Split(string(bt.out), "\n") {
				if line != "" {
					sep()
					writeEscaped(w, line)
				}
			}
		}
	}
	return nil
}

func renderNoteBack(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		n := node.(*noteBack)
		_, _ = w.WriteString(` <a href="#`)
		writeEscaped(w, noteID("fnref", n.prefix, n.index, n.ref))
		_, _ = w.WriteString(`" class="footnote-back" aria-label="`)
		writeEscaped(w, n.label)
		_, _ = w.WriteString(`">↩</a>`)
	}
	return ast.WalkContinue, nil
}

func renderEndnotes(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if node.(*endnotes).empty {
		return ast.WalkSkipChildren, nil
	}
	if entering {
		_, _ = w.WriteString("<section class=\"footnotes\" role=\"doc-endnotes\">\n<ol>\n")
	} else {
		_, _ = w.WriteString("</ol>\n</section>\n")
	}
	return ast.WalkContinue, nil
}

func renderEndnote(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*endnote)
	if n.shown {
		return ast.WalkSkipChildren, nil
	}
	if entering {
		_, _ = w.WriteString(`<li id="`)
		writeEscaped(w, noteID("fn", n.prefix, n.index, 0))
		// Its number, since the notes the list leaves out leave gaps.
		_, _ = w.WriteString(`" value="` + strconv.Itoa(n.index) + "\">\n")
	} else {
		_, _ = w.WriteString("</li>\n")
	}
	return ast.WalkContinue, nil
}

package markdown

import (
	"bytes"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

var (
	kindAlertMarker = ast.NewNodeKind("VerbatimAlertMarker")
	kindEditorNote  = ast.NewNodeKind("VerbatimEditorNote")
)

// alertTypes are GitHub's alert types: the marker between "[!" and "]", and
// the title shown.
var alertTypes = [...]struct{ marker, class, title string }{
	{"NOTE", "note", "Note"},
	{"TIP", "tip", "Tip"},
	{"IMPORTANT", "important", "Important"},
	{"WARNING", "warning", "Warning"},
	{"CAUTION", "caution", "Caution"},
}

// alertMarker is left as the first child of a blockquote whose first line
// is an alert's marker, for the transformer to find once the blockquote is
// complete: a paragraph transformer runs while the blockquote is still open
// and cannot replace it then.
type alertMarker struct {
	ast.BaseBlock
	typ int
}

func (n *alertMarker) Kind() ast.NodeKind { return kindAlertMarker }

func (n *alertMarker) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// editorNote is a GitHub-style alert: a note by the editor, apart from the
// words spoken.
type editorNote struct {
	ast.BaseBlock
	typ int
}

func (n *editorNote) Kind() ast.NodeKind { return kindEditorNote }

func (n *editorNote) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Type": alertTypes[n.typ].class}, nil)
}

// alerts is the extension for editor's notes.
type alerts struct{}

func (alerts) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithParagraphTransformers(util.Prioritized(alertTransformer{}, 151)),
		parser.WithASTTransformers(util.Prioritized(alertBuilder{}, 1000)),
	)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(alertRenderer{}, 100)))
}

// alertTransformer finds the marker. As on GitHub, the marker stands alone
// on the first line of a blockquote that is not nested in another block.
type alertTransformer struct{}

func (alertTransformer) Transform(p *ast.Paragraph, reader text.Reader, pc parser.Context) {
	bq := p.Parent()
	if bq == nil || bq.Kind() != ast.KindBlockquote || p.PreviousSibling() != nil ||
		bq.Parent() == nil || bq.Parent().Kind() != ast.KindDocument {
		return
	}
	lines := p.Lines()
	if lines.Len() == 0 {
		return
	}
	first := lines.At(0)
	v := bytes.TrimSpace(first.Value(reader.Source()))
	if len(v) < 4 || v[0] != '[' || v[1] != '!' || v[len(v)-1] != ']' {
		return
	}
	typ := -1
	for i, a := range alertTypes {
		if bytes.EqualFold(v[2:len(v)-1], []byte(a.marker)) {
			typ = i
		}
	}
	if typ < 0 {
		return
	}
	bq.InsertBefore(bq, p, &alertMarker{typ: typ})
	if lines.Len() == 1 {
		bq.RemoveChild(bq, p)
		return
	}
	rest := text.NewSegments()
	for i := 1; i < lines.Len(); i++ {
		rest.Append(lines.At(i))
	}
	p.SetLines(rest)
}

// alertBuilder replaces each marked blockquote by an editor's note.
type alertBuilder struct{}

func (alertBuilder) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	for c := doc.FirstChild(); c != nil; {
		next := c.NextSibling()
		if m, ok := c.FirstChild().(*alertMarker); ok && c.Kind() == ast.KindBlockquote {
			note := &editorNote{typ: m.typ}
			c.RemoveChild(c, m)
			for b := c.FirstChild(); b != nil; {
				nb := b.NextSibling()
				note.AppendChild(note, b)
				b = nb
			}
			doc.ReplaceChild(doc, c, note)
		}
		c = next
	}
}

type alertRenderer struct{}

func (alertRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindEditorNote, renderEditorNote)
	reg.Register(kindAlertMarker, func(util.BufWriter, []byte, ast.Node, bool) (ast.WalkStatus, error) {
		return ast.WalkContinue, nil
	})
}

func renderEditorNote(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		_, _ = w.WriteString("</aside>\n")
		return ast.WalkContinue, nil
	}
	a := alertTypes[node.(*editorNote).typ]
	_, _ = w.WriteString(`<aside class="editor-note editor-note-`)
	_, _ = w.WriteString(a.class)
	_, _ = w.WriteString(`" role="note">` + "\n" + `<p class="editor-note-title">`)
	_, _ = w.WriteString(a.title)
	_, _ = w.WriteString("</p>\n")
	return ast.WalkContinue, nil
}

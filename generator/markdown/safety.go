package markdown

import (
	"bytes"
	stdhtml "html"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

func writeEscaped(w util.BufWriter, s string) {
	_, _ = w.WriteString(stdhtml.EscapeString(s))
}

// writeURL writes a URL for an attribute: percent-encoding what may not
// stand in a URL, then escaping for HTML.
func writeURL(w util.BufWriter, u string) {
	_, _ = w.Write(util.EscapeHTML(util.URLEscape([]byte(u), false)))
}

// isDangerousURL says whether following a URL runs code or loads content
// the author did not see as a link. Browsers ignore leading control
// characters and spaces, and the case of the scheme, so this does too.
func isDangerousURL(u string) bool {
	u = strings.TrimLeft(u, "\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\v\f\r\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
	for _, scheme := range []string{"javascript:", "vbscript:", "data:", "file:"} {
		if len(u) >= len(scheme) && strings.EqualFold(u[:len(scheme)], scheme) {
			return true
		}
	}
	return false
}

// safeHTML is the extension that escapes raw HTML instead of dropping it,
// so that a reader sees what the author wrote, and that keeps dangerous
// URLs from becoming links.
type safeHTML struct {
	unsafe bool
	base   string // the site's base path: see Options.BasePath
}

func (e safeHTML) Extend(m goldmark.Markdown) {
	r := safeRenderer{unsafe: e.unsafe, base: e.base, image: goldmarkImage(e.unsafe)}
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(r, 100)))
}

type safeRenderer struct {
	unsafe bool
	base   string
	image  renderer.NodeRendererFunc // goldmark's own, which renderImage wraps
}

func (r safeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindRawHTML, r.renderRawHTML)
	reg.Register(ast.KindHTMLBlock, r.renderHTMLBlock)
	reg.Register(ast.KindLink, r.renderLink)
	reg.Register(ast.KindAutoLink, r.renderAutoLink)
	reg.Register(ast.KindImage, r.renderImage)
}

func (r safeRenderer) renderRawHTML(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	n := node.(*ast.RawHTML)
	for i := 0; i < n.Segments.Len(); i++ {
		seg := n.Segments.At(i)
		if r.unsafe {
			_, _ = w.Write(seg.Value(src))
		} else {
			_, _ = w.Write(util.EscapeHTML(seg.Value(src)))
		}
	}
	return ast.WalkSkipChildren, nil
}

func (r safeRenderer) renderHTMLBlock(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.HTMLBlock)
	if r.unsafe {
		for i := 0; i < n.Lines().Len(); i++ {
			seg := n.Lines().At(i)
			html.DefaultWriter.SecureWrite(w, seg.Value(src))
		}
		if n.HasClosure() {
			html.DefaultWriter.SecureWrite(w, n.ClosureLine.Value(src))
		}
		return ast.WalkContinue, nil
	}
	// Shown as text, in a paragraph of its own, as GitHub shows HTML it
	// will not run.
	var b bytes.Buffer
	for i := 0; i < n.Lines().Len(); i++ {
		seg := n.Lines().At(i)
		b.Write(seg.Value(src))
	}
	if n.HasClosure() {
		b.Write(n.ClosureLine.Value(src))
	}
	_, _ = w.WriteString(`<p class="raw-html">`)
	_, _ = w.Write(util.EscapeHTML(bytes.TrimRight(b.Bytes(), " \t\r\n")))
	_, _ = w.WriteString("</p>\n")
	return ast.WalkContinue, nil
}

// renderLink is goldmark's, except that a dangerous destination leaves the
// anchor without an href, so that it is not a link at all rather than a link
// to the page itself.
func (r safeRenderer) renderLink(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Link)
	if !entering {
		_, _ = w.WriteString("</a>")
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString("<a")
	dest := util.URLEscape(underBase(r.base, n.Destination), true)
	if r.unsafe || !isDangerousURL(string(dest)) {
		_, _ = w.WriteString(` href="`)
		_, _ = w.Write(util.EscapeHTML(dest))
		_ = w.WriteByte('"')
	}
	if n.Title != nil {
		_, _ = w.WriteString(` title="`)
		html.DefaultWriter.Write(w, n.Title)
		_ = w.WriteByte('"')
	}
	if n.Attributes() != nil {
		html.RenderAttributes(w, n, html.LinkAttributeFilter)
	}
	_ = w.WriteByte('>')
	return ast.WalkContinue, nil
}

func (r safeRenderer) renderAutoLink(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.AutoLink)
	url := util.URLEscape(n.URL(src), false)
	if n.AutoLinkType == ast.AutoLinkEmail && !bytes.HasPrefix(bytes.ToLower(url), []byte("mailto:")) {
		url = append([]byte("mailto:"), url...)
	}
	_, _ = w.WriteString("<a")
	if r.unsafe || !isDangerousURL(string(url)) {
		_, _ = w.WriteString(` href="`)
		_, _ = w.Write(util.EscapeHTML(url))
		_ = w.WriteByte('"')
	}
	if n.Attributes() != nil {
		html.RenderAttributes(w, n, html.LinkAttributeFilter)
	}
	_ = w.WriteByte('>')
	_, _ = w.Write(util.EscapeHTML(n.Label(src)))
	_, _ = w.WriteString("</a>")
	return ast.WalkContinue, nil
}

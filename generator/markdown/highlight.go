package markdown

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// highlighting is the extension that highlights fenced code with chroma.
// Classes rather than inline styles let a theme choose the colours, with
// HighlightCSS.
type highlighting struct{ r *codeRenderer }

func newHighlighting() highlighting {
	return highlighting{&codeRenderer{
		// The formatter writes only the tokens: the renderer writes the
		// <pre><code> itself, to give it the block's language.
		formatter: chromahtml.New(chromahtml.WithClasses(true), chromahtml.PreventSurroundingPre(true)),
		// With classes the style is not written into the HTML; the
		// formatter only needs one.
		style: styles.Fallback,
	}}
}

func (e highlighting) Extend(m goldmark.Markdown) {
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(e.r, 100)))
}

type codeRenderer struct {
	formatter *chromahtml.Formatter
	style     *chroma.Style
}

func (r *codeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindFencedCodeBlock, r.renderCode)
	reg.Register(ast.KindCodeBlock, r.renderCode)
}

func (r *codeRenderer) renderCode(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	var lang []byte
	if n, ok := node.(*ast.FencedCodeBlock); ok {
		lang = n.Language(src)
	}
	var code []byte
	lines := node.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		code = append(code, seg.Value(src)...)
	}
	_, _ = w.WriteString(`<pre class="chroma"><code`)
	if len(lang) > 0 {
		_, _ = w.WriteString(` class="language-`)
		html.DefaultWriter.Write(w, lang)
		_ = w.WriteByte('"')
	}
	_ = w.WriteByte('>')
	if hl, ok := r.highlight(string(lang), code); ok {
		_, _ = w.Write(hl)
	} else {
		_, _ = w.Write(util.EscapeHTML(code))
	}
	_, _ = w.WriteString("</code></pre>\n")
	return ast.WalkContinue, nil
}

// highlight returns the highlighted code, or false for a language chroma
// does not know.
func (r *codeRenderer) highlight(lang string, code []byte) (out []byte, ok bool) {
	if lang == "" {
		return nil, false
	}
	lexer := lexers.Get(lang)
	if lexer == nil {
		return nil, false
	}
	// Chroma's lexers are many regular expressions written by many hands;
	// a lexer that fails on odd code must cost only the colours of that
	// block, not the build.
	defer func() {
		if recover() != nil {
			out, ok = nil, false
		}
	}()
	tokens, ok := stableTokens(chroma.Coalesce(lexer), string(code))
	if !ok {
		return nil, false
	}
	var buf bytes.Buffer
	if err := r.formatter.Format(&buf, r.style, chroma.Literator(tokens...)); err != nil {
		return nil, false
	}
	return buf.Bytes(), true
}

// tokenTries bounds how often a block is lexed before it is shown without
// colours.
const tokenTries = 4

// stableTokens lexes code until two runs in a row agree. Chroma gives
// each of a lexer's regular expressions 250 ms to match and takes one that
// runs out for no match, so on a machine loaded past its cores the same
// code could come out in other colours from one build to the next; a
// build's output must depend on its input alone. Two runs agree at once
// but on such a machine, and each costs microseconds for a code block.
func stableTokens(lexer chroma.Lexer, code string) ([]chroma.Token, bool) {
	var prev []chroma.Token
	for range tokenTries {
		it, err := lexer.Tokenise(nil, code)
		if err != nil {
			return nil, false
		}
		tokens := it.Tokens()
		if prev != nil && slices.Equal(tokens, prev) {
			return tokens, true
		}
		prev = tokens
	}
	return nil, false
}

func highlightCSS(style string) ([]byte, error) {
	s := styles.Get(style)
	// Get falls back to a default style for an unknown name.
	if s == nil || (s == styles.Fallback && !strings.EqualFold(style, s.Name)) {
		return nil, fmt.Errorf("unknown highlight style %q", style)
	}
	var buf bytes.Buffer
	if err := chromahtml.New(chromahtml.WithClasses(true)).WriteCSS(&buf, s); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

package markdown

import (
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// kindSpaceLine is the node kind of a line that holds only white space of
// which some is not ASCII, such as the no-break spaces of text pasted from a
// web page. CommonMark sees such a line as text, so without this parser it
// would glue the paragraphs on either side into one, and the label of the
// second would not start a paragraph.
var kindSpaceLine = ast.NewNodeKind("VerbatimSpaceLine")

type spaceLine struct{ ast.BaseBlock }

func (n *spaceLine) Kind() ast.NodeKind { return kindSpaceLine }

func (n *spaceLine) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// spaceLines is the extension that reads such lines as blank lines.
type spaceLines struct{}

func (spaceLines) Extend(m goldmark.Markdown) {
	// Before every other block parser, so that an indented one is not
	// taken for code.
	m.Parser().AddOptions(parser.WithBlockParsers(util.Prioritized(spaceLineParser{}, 50)))
}

type spaceLineParser struct{}

// Trigger lists the first bytes of the UTF-8 encodings of the non-ASCII
// spaces isSpace knows: U+0085 and U+00A0; U+1680; U+2000 to U+205F; U+3000;
// U+FEFF.
func (spaceLineParser) Trigger() []byte { return []byte{0xc2, 0xe1, 0xe2, 0xe3, 0xef} }

func (spaceLineParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, _ := reader.PeekLine()
	pos := pc.BlockOffset()
	if pos < 0 || pos >= len(line) || !onlySpaces(line[pos:]) {
		return nil, parser.NoChildren
	}
	reader.AdvanceToEOL()
	return &spaceLine{}, parser.NoChildren
}

func onlySpaces(b []byte) bool {
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if !isSpace(r) {
			return false
		}
		b = b[size:]
	}
	return true
}

func (spaceLineParser) Continue(ast.Node, text.Reader, parser.Context) parser.State {
	return parser.Close
}

// Close drops the node: like a blank line, it only separates blocks.
func (spaceLineParser) Close(node ast.Node, _ text.Reader, _ parser.Context) {
	if p := node.Parent(); p != nil {
		p.RemoveChild(p, node)
	}
}

func (spaceLineParser) CanInterruptParagraph() bool { return true }

func (spaceLineParser) CanAcceptIndentedLine() bool { return true }

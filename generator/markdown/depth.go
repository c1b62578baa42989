package markdown

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// MaxNesting is how deep block quotes and lists may nest, counted in
// blocks from the document: a quote or list item deeper than that is read
// as text of the block around it. goldmark's parser costs time in the
// square of the depth on a line (a line of 100,000 '>' takes a minute),
// and no transcript nests past a handful of levels.
const MaxNesting = 64

// depthLimited is a container's block parser that refuses to open past
// MaxNesting, so that the line goes to the paragraph parser instead.
type depthLimited struct{ parser.BlockParser }

func (p depthLimited) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	depth := 0
	for n := parent; n != nil; n = n.Parent() {
		if depth++; depth > MaxNesting {
			return nil, parser.NoChildren
		}
	}
	return p.BlockParser.Open(parent, reader, pc)
}

// newParser is goldmark's default parser with its quote and list parsers
// bounded in depth.
func newParser() parser.Parser {
	blocks := parser.DefaultBlockParsers()
	for i, b := range blocks {
		// goldmark gives its list (300), list item (400) and block quote
		// (800) parsers these priorities.
		if v, ok := b.Value.(parser.BlockParser); ok && (b.Priority == 300 || b.Priority == 400 || b.Priority == 800) {
			blocks[i] = util.Prioritized(depthLimited{v}, b.Priority)
		}
	}
	return parser.NewParser(
		parser.WithBlockParsers(blocks...),
		parser.WithInlineParsers(parser.DefaultInlineParsers()...),
		parser.WithParagraphTransformers(parser.DefaultParagraphTransformers()...),
	)
}

// Package markdown turns the Markdown body of one transcript, profile or page
// into a parsed document: speaker turns, cross-links, sidenotes, editor's
// notes and highlighted code are goldmark extensions (block/paragraph parsers,
// inline parsers, AST transformers and node renderers), never regular
// expressions over the source or the HTML.
//
// A Converter is built once per build and is safe for concurrent use. The
// same body is parsed twice in a build: once so the model can learn its
// turns and links, once more when its page is rendered, so that no build
// holds the HTML of the whole archive in memory.
package markdown

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// LinkKind says what a cross-link points at.
type LinkKind int

const (
	// LinkTranscript is [[slug]], [[slug|text]] or [[slug#t12]].
	LinkTranscript LinkKind = iota
	// LinkSpeaker is [[speaker:id]].
	LinkSpeaker
	// LinkTopic is [[topic:id]].
	LinkTopic
	// LinkSource is a relative Markdown link to a source file, such as
	// [text](../2021/other.md); Target is the content-relative path
	// ("transcripts/2021/other.md"), cleaned with path.Clean, which starts
	// with "../" when the link leaves content/.
	LinkSource
)

// Link is one cross-link found in a body.
type Link struct {
	Kind     LinkKind
	Target   string // slug, speaker id, topic id, or content-relative path
	Fragment string // without '#': "t12", a heading id, or ""
	Line     int    // line in the file (DocOptions.FirstLine counts the body's first line)
}

// Resolver gives the URL of a cross-link's target, or ok=false when there is
// none; the URL carries no fragment: the converter adds "#"+Fragment.
type Resolver interface {
	Resolve(l Link) (url string, ok bool)
}

// Titler is a Resolver that can also name a target; a wiki link written
// without "|text" then shows the name (a transcript's title, a speaker's
// name) instead of the slug or id.
type Titler interface {
	Title(l Link) string
}

// Options hold what is the same for every document of a build.
type Options struct {
	UnsafeHTML bool     // raw HTML passes through; otherwise it is escaped
	Resolver   Resolver // nil: every cross-link renders as broken
	// BasePath is the path the site is published under ("/repo/"; "" or
	// "/" for the root of a domain). Links and images written from the
	// site's root ("/about/", "/images/a.png") are rendered under it, so
	// that they lead to the same page wherever the site is published.
	BasePath string
}

// Speaker is what the converter needs of one speaker of a document.
type Speaker struct {
	Name string // shown in the turn's label
}

// DocOptions hold what differs between documents.
type DocOptions struct {
	SourcePath string            // content-relative path of the file, "transcripts/2021/a.md"
	FirstLine  int               // line of the file on which the body starts (1-based)
	Labels     map[string]string // NormalizeLabel(name or alias) -> speaker id; nil for a body that is not a transcript's
	// NotSpeakers holds the labels (by FoldLabel) that name no one, such
	// as "Break" or "Music": text, and no warning either.
	NotSpeakers map[string]bool
	// Ambiguous holds the labels (by FoldLabel) that two or more speakers
	// of the transcript answer to, each with their ids. Such a label
	// starts no turn, since whose it is cannot be told; where the text
	// uses one, its words would go to the speaker before it, so it is
	// noted as a misattribution at its line.
	Ambiguous map[string][]string
	Speakers  map[string]Speaker
	MediaURL  string // the recording, which timestamps are checked against (findings)
	IDPrefix  string // prefix for footnote/sidenote ids, unique per document
	// Numbers, when set, are the turns' numbers in document order, and
	// Removed the addresses of turns an edit removed (see Renumber); by
	// default turns are numbered 1 to n.
	Numbers []int
	Removed []RemovedTurn
	// Words are the labels the document's links carry for readers who
	// hear the page, in its language; empty ones are English.
	Words Words
}

// Words are the labels of the links the converter adds to a document.
type Words struct {
	NoteBack string // a note's "↩" link: "Back to text"
	// The marks at the addresses of turns an edit removed (see Renumber).
	TurnRemoved string // "A turn removed from this transcript stood here; …"
	TurnMerged  string // "A turn merged into this one stood here."
}

// noteBack and the others are the labels, English where w has none.
func (w Words) noteBack() string { return or(w.NoteBack, "Back to text") }
func (w Words) turnRemoved() string {
	return or(w.TurnRemoved, "A turn removed from this transcript stood here; the words that followed it are below.")
}
func (w Words) turnMerged() string {
	return or(w.TurnMerged, "A turn merged into this one stood here.")
}

func or(s, dflt string) string {
	if s == "" {
		return dflt
	}
	return s
}

// Turn is one speaker turn.
type Turn struct {
	N       int    // the turn's number (1-based, in document order unless DocOptions.Numbers say otherwise); the element id is "t<N>"
	Speaker string // speaker id
	Time    string // "hh:mm:ss", "" without a timestamp
	Seconds int    // Time in seconds
	Text    string // plain text of the words spoken: paragraphs joined by "\n\n", no footnote marks, no editor's notes
	Words   int
	Line    int // line of the label in the file
}

// Heading is a heading of the body, for a table of contents.
type Heading struct {
	Level int
	Text  string
	ID    string
}

// Converter parses and renders bodies.
type Converter struct {
	opts Options
	md   goldmark.Markdown
	// unlinked is md without GFM's autolinks, for the bodies in which
	// none can start (mayAutolink).
	unlinked goldmark.Markdown
}

// New builds a converter.
func New(o Options) *Converter {
	return &Converter{opts: o, md: newMarkdown(o, true), unlinked: newMarkdown(o, false)}
}

// newMarkdown builds the converter's goldmark, with or without GFM's
// autolinks (extension.Linkify): GFM is the other three of its extensions
// and Linkify.
func newMarkdown(o Options, autolinks bool) goldmark.Markdown {
	notes := &sidenoteRenderer{}
	rendererOptions := []renderer.Option{}
	if o.UnsafeHTML {
		rendererOptions = append(rendererOptions, html.WithUnsafe())
	}
	var gfm []goldmark.Extender // in extension.GFM's order
	if autolinks {
		gfm = append(gfm, extension.Linkify)
	}
	gfm = append(gfm, extension.Table, extension.Strikethrough, extension.TaskList)
	md := goldmark.New(
		goldmark.WithParser(newParser()),
		goldmark.WithExtensions(gfm...),
		goldmark.WithExtensions(
			spaceLines{},
			sidenotes{notes},
			alerts{},
			crossLinks{},
			turns{},
			safeHTML{unsafe: o.UnsafeHTML, base: o.BasePath},
			newHighlighting(),
		),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
		goldmark.WithRendererOptions(rendererOptions...),
	)
	notes.renderer = md.Renderer()
	return md
}

// mayAutolink reports whether an autolink of GFM may start in body: one
// starts only at "http:", "https:", "ftp:" or "www.", or is an address
// with an "@" (goldmark's linkify). goldmark asks its autolinks parser at
// every space of every paragraph, which was a sixth of parsing a
// transcript; a body without any of these is parsed without it, to the
// same document (TestUnlinkedSame).
func mayAutolink(body []byte) bool {
	return bytes.IndexByte(body, '@') >= 0 || bytes.Contains(body, []byte("http")) ||
		bytes.Contains(body, []byte("ftp:")) || bytes.Contains(body, []byte("www."))
}

// Parse parses a body. It never fails: Markdown has no syntax errors.
//
// The Document refers to body, which must not change while it is in use.
func (c *Converter) Parse(body []byte, d DocOptions) *Document {
	return c.parse(body, d, nil)
}

// parse is Parse; insp, when not nil, also keeps what Findings needs and a
// build does not (see Inspect), so that a build parses at the same cost.
func (c *Converter) parse(body []byte, d DocOptions, insp *inspection) (doc *Document) {
	st := newDocState(c, body, d)
	st.insp = insp
	defer func() {
		// A bug here or in a library must not crash a build or a watch
		// session over one file; Render reports it, as an error of that file.
		if v := recover(); v != nil {
			doc = &Document{c: c, src: body, failed: fmt.Errorf("markdown: %v", v)}
		}
	}()
	pc := parser.NewContext(parser.WithIDs(newHeadingIDs()))
	pc.Set(stateKey, st)
	md := c.md
	if !mayAutolink(body) {
		md = c.unlinked
	}
	root := md.Parser().Parse(text.NewReader(body), parser.WithContext(pc))
	doc = &Document{
		c:        c,
		md:       md,
		src:      body,
		root:     root,
		turns:    st.turns,
		links:    st.links,
		headings: headings(root, body),
		st:       st,
	}
	if d.Numbers != nil {
		doc.Renumber(d.Numbers, d.Removed)
	}
	return doc
}

// Document is one parsed body.
type Document struct {
	c        *Converter
	md       goldmark.Markdown // what parsed it, and renders it
	src      []byte
	root     ast.Node
	turns    []Turn
	links    []Link
	headings []Heading
	failed   error     // why the body could not be parsed; root is nil then
	st       *docState // kept for Findings: options, labels, line numbers
}

// Size is the length of the Markdown the document was parsed from.
func (d *Document) Size() int { return len(d.src) }

// Turns lists the speaker turns in document order.
func (d *Document) Turns() []Turn { return append([]Turn(nil), d.turns...) }

// Links lists every cross-link in document order, resolved or not.
func (d *Document) Links() []Link { return append([]Link(nil), d.links...) }

// Headings lists the headings in document order.
func (d *Document) Headings() []Heading { return append([]Heading(nil), d.headings...) }

// Render writes the body as HTML.
func (d *Document) Render(w io.Writer) (err error) {
	if d.failed != nil {
		return d.failed
	}
	bw := bufferedTo(w)
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("markdown: rendering: %v", v)
		}
	}()
	if err := d.md.Renderer().Render(bw, d.src, d.root); err != nil {
		return err
	}
	return bw.Flush()
}

// bufferedTo is w as goldmark's renderer writes to it: a bytes.Buffer as
// it is, being a buffer already, rather than behind a bufio.Writer made
// for each document, which copied every byte of the HTML once more.
func bufferedTo(w io.Writer) util.BufWriter {
	if b, ok := w.(*bytes.Buffer); ok {
		return bytesWriter{b}
	}
	return bufio.NewWriter(w)
}

// bytesWriter is a bytes.Buffer as a util.BufWriter: everything written
// is in the buffer at once, nothing waits to be flushed.
type bytesWriter struct{ *bytes.Buffer }

func (bytesWriter) Flush() error  { return nil }
func (bytesWriter) Buffered() int { return 0 }

func headings(root ast.Node, src []byte) []Heading {
	var hs []Heading
	var b bytes.Buffer
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		h, ok := n.(*ast.Heading)
		if !entering || !ok {
			return ast.WalkContinue, nil
		}
		b.Reset()
		inlineText(&b, h, src)
		id := ""
		if v, ok := h.AttributeString("id"); ok {
			switch v := v.(type) {
			case []byte:
				id = string(v)
			case string:
				id = v
			}
		}
		hs = append(hs, Heading{Level: h.Level, Text: squash(b.String()), ID: id})
		return ast.WalkSkipChildren, nil
	})
	return hs
}

// NormalizeLabel folds white space (no-break spaces too) to single spaces and
// trims it, so that a label pasted from a web page matches the name it
// spells.
func NormalizeLabel(s string) string {
	if isNormalLabel(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	pending := false
	for _, r := range s {
		if isSpace(r) {
			pending = b.Len() > 0
			continue
		}
		if pending {
			b.WriteByte(' ')
			pending = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// HighlightCSS returns the stylesheet of a chroma style for the classes the
// converter writes; an unknown style is an error.
func HighlightCSS(style string) ([]byte, error) { return highlightCSS(style) }

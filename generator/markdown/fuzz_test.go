package markdown

import (
	"bytes"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/yuin/goldmark/util"
	"golang.org/x/net/html"

	"github.com/verbatim-archive/verbatim/generator/internal/sitetest"
)

// fuzzSeeds are the golden fixtures, the nasty inputs of TestNoPanic and a
// few shapes aimed at labels and cross-links.
func fuzzSeeds(f *testing.F) {
	for _, fx := range fixtures {
		if b, err := os.ReadFile(filepath.Join("testdata", fx.name+".md")); err == nil {
			f.Add(string(b))
		}
	}
	for _, in := range nasty {
		f.Add(in)
	}
	for _, in := range []string{
		"Q: a\n\nA: b\n\n---\n\nafter\n\n# h\n\nQ: c",
		"Q:\n\nwords\n\nQ:",
		"[00:01] Q: x\n[1:00:01] A: y\n\n[01:02] **Q:** z",
		"\ufeffQ: bom\r\nA: crlf\rQ: cr",
		"Q: | a | b |\n|---|---|\n| 1 | 2 |",
		"Q: x[^1]\n\n[^1]: note\n\nA: y\n\n> [!NOTE]\n> editor",
		"Q: x\n===",
		"Q: x\n    code\n\n```go\nA: no\n```\nA: yes",
		"[[a|b]] [[speaker:x#t1]] [[topic: y ]] [[a\\|b]] [t](../x.md#t2) [[[[x]]]]",
		"[[x]](http://a) [a [[b]] c](/d) ![[[e]]](f.png) `[[g]]`",
		"[[#frag]] [[a#]] [[speaker:]] [[ |t]]",
		"Q:\u00a0nbsp MS.\u00a0\u00a0VOSS:\u200bzwsp",
	} {
		f.Add(in)
	}
}

// fuzzLabels are the speakers of FuzzTurns. No display names are given,
// so a turn's label shows the label as written.
func fuzzLabels() map[string]string {
	return map[string]string{"Q": "q", "A": "a", "MS. VOSS": "voss", "Bob Smith": "bob", "Ada": "ada"}
}

// FuzzTurns checks the turn parser's promise: every byte of a body ends up
// in exactly one turn, or outside all turns (the preamble, or after a
// heading or thematic break ends a turn), and none is lost or doubled. The
// observable is the rendered HTML and Document.Turns: the turn sections
// match Turns one to one, none nests in another, and the letters and
// digits of the page are those of the same body rendered with no speakers
// (where no label is cut), less exactly the letters of the labels; each
// turn's Text is the words of its section.
func FuzzTurns(f *testing.F) {
	fuzzSeeds(f)
	c := New(Options{})
	f.Fuzz(func(t *testing.T, in string) {
		if len(in) > 64<<10 {
			return
		}
		sitetest.Bounded(t, 10*time.Second, func() { checkTurns(t, c, in) })
	})
}

func checkTurns(t *testing.T, c *Converter, in string) {
	body := []byte(in)
	doc := c.Parse(body, DocOptions{Labels: fuzzLabels(), FirstLine: 1})
	plain := c.Parse(body, DocOptions{FirstLine: 1})
	a, b := render(t, doc), render(t, plain)
	turns := doc.Turns()

	var sections []*html.Node
	var lettersA []rune
	var visit func(n *html.Node, inTurn bool)
	visit = func(n *html.Node, inTurn bool) {
		if n.Type == html.ElementNode && sitetest.HasClass(n, "turn") {
			if inTurn {
				t.Fatalf("a turn inside a turn:\n%s", a)
			}
			sections = append(sections, n)
			inTurn = true
		}
		if sitetest.IsTurnLabel(n) {
			return
		}
		if n.Type == html.TextNode {
			lettersA = appendLetters(lettersA, n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			visit(c, inTurn)
		}
	}
	visit(sitetest.ParseHTML(t, a), false)

	if len(sections) != len(turns) {
		t.Fatalf("%d turn sections, %d turns:\n%s", len(sections), len(turns), a)
	}
	lines := strings.Split(in, "\n")
	labelLetters := 0
	for i, s := range sections {
		tu := turns[i]
		if tu.N != i+1 || sitetest.Attr(s, "id") != "t"+strconv.Itoa(i+1) || sitetest.Attr(s, "data-speaker") != tu.Speaker {
			t.Fatalf("turn %d is %+v, its section id=%q data-speaker=%q", i+1, tu, sitetest.Attr(s, "id"), sitetest.Attr(s, "data-speaker"))
		}
		if tu.Line < 1 || tu.Line > len(lines) || (i > 0 && tu.Line < turns[i-1].Line) {
			t.Fatalf("turn %d on line %d (of %d), after turn %d on line %d", i+1, tu.Line, len(lines), i, turns[max(i-1, 0)].Line)
		}
		if !subsequence(appendLetters(nil, tu.Text), appendLetters(nil, sitetest.Text(s))) {
			t.Fatalf("turn %d's Text %q holds words its section does not:\n%s", i+1, tu.Text, a)
		}
		// What was cut: the name (shown as written, so its letters are
		// the label's) and the timestamp's digits as the source has them.
		name := sitetest.Find(s, func(n *html.Node) bool {
			return n.Type == html.ElementNode && n.Data == "b" && n.Parent != nil && sitetest.IsTurnLabel(n.Parent)
		})
		if name == nil {
			t.Fatalf("turn %d has no speaker name", i+1)
		}
		labelLetters += len(appendLetters(nil, sitetest.Text(name)))
		line := strings.TrimLeft(lines[tu.Line-1], " \t")
		line = strings.TrimPrefix(line, "\ufeff")
		if strings.HasPrefix(line, "[") {
			if end := strings.IndexByte(line, ']'); end > 0 {
				labelLetters += len(appendLetters(nil, line[1:end]))
			}
		}
	}
	lettersB := appendLetters(nil, sitetest.Text(sitetest.ParseHTML(t, b)))
	if !subsequence(lettersA, lettersB) || len(lettersA)+labelLetters != len(lettersB) {
		t.Fatalf("text lost or doubled: %d letters with turns + %d in labels, %d without turns\nwith turns:\n%s\nwithout:\n%s",
			len(lettersA), labelLetters, len(lettersB), a, b)
	}
}

// FuzzCrossLinks checks the cross-link parser with a resolver that knows
// every target: no panic or hang; every link is whole (a target, a line of
// the body, a clean source path) and every resolved link is one anchor
// whose href is the resolver's URL.
func FuzzCrossLinks(f *testing.F) {
	fuzzSeeds(f)
	c := New(Options{Resolver: allResolver{}})
	f.Fuzz(func(t *testing.T, in string) {
		if len(in) > 64<<10 {
			return
		}
		sitetest.Bounded(t, 10*time.Second, func() {
			doc := c.Parse([]byte(in), DocOptions{SourcePath: "transcripts/2021/a.md", FirstLine: 3})
			out := render(t, doc)
			lines := strings.Count(in, "\n") + 1
			links := doc.Links()
			for _, l := range links {
				if l.Target == "" || l.Line < 3 || l.Line >= 3+lines {
					t.Fatalf("link %+v (body of %d lines from line 3)", l, lines)
				}
				if l.Kind == LinkSource && path.Clean(l.Target) != l.Target {
					t.Fatalf("source link target %q is not clean", l.Target)
				}
			}
			want := map[string]bool{}
			for _, l := range links {
				if u, ok := (allResolver{}).Resolve(l); ok {
					if l.Fragment != "" {
						u += "#" + l.Fragment
					}
					want[string(util.URLEscape([]byte(u), false))] = true
				}
			}
			got := map[string]bool{}
			sitetest.Walk(sitetest.ParseHTML(t, out), func(x *html.Node) {
				if href := sitetest.Attr(x, "href"); x.Type == html.ElementNode && x.Data == "a" && strings.HasPrefix(href, "/resolved/") {
					if !want[href] {
						t.Fatalf("anchor to %q, which no link found leads to:\n%s", href, out)
					}
					got[href] = true
				}
			})
			for u := range want {
				if !got[u] {
					t.Fatalf("no anchor to %q of a link found:\n%s", u, out)
				}
			}
		})
	})
}

// allResolver resolves every link to a URL under /resolved/. FuzzCrossLinks
// gives no speakers, so no turn asks it for a speaker's page.
type allResolver struct{}

func (allResolver) Resolve(l Link) (string, bool) {
	return "/resolved/" + strconv.Itoa(int(l.Kind)) + "/" + url.PathEscape(l.Target) + "/", true
}

// FuzzPipeline runs everything a build asks of one transcript's body, as
// check does too, with hostile media URLs, and holds the HTML to the
// promise of safe output: no element, attribute or URL that runs script,
// whatever the body says, while raw HTML is off.
func FuzzPipeline(f *testing.F) {
	fuzzSeeds(f)
	f.Add("<script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x onerror=alert(1)>\n\n<javascript:alert(1)>")
	f.Add("[x]( JAVASCRIPT:alert(1)) [y](&#106;avascript:alert(1)) [z](java\nscript:alert(1)) ![i](data:text/html,x)")
	f.Add("[a]: javascript:alert(1)\n\n[b][a] [a]\n\n<div onclick=alert(1)>\n\n</div>")
	c := New(Options{Resolver: fakeResolver{}})
	media := []string{"", "https://media.example.org/a.mp3", "javascript:alert(1)", "\"><script>alert(1)</script>", " data:text/html,x"}
	f.Fuzz(func(t *testing.T, in string) {
		if len(in) > 64<<10 {
			return
		}
		sitetest.Bounded(t, 10*time.Second, func() {
			d := cast()
			d.MediaURL = media[len(in)%len(media)]
			d.IDPrefix = "p"
			doc := c.Inspect([]byte(in), d)
			if doc.failed != nil {
				t.Fatalf("parse: %v", doc.failed)
			}
			lines := strings.Count(in, "\n") + 1
			for _, fd := range doc.Findings() {
				if fd.Line < d.FirstLine || fd.Line >= d.FirstLine+lines {
					t.Fatalf("finding on line %d, outside the body: %+v", fd.Line, fd)
				}
			}
			doc.References()
			doc.Headings()
			out := render(t, doc)
			assertInert(t, out)
		})
	})
}

// assertInert fails on anything in a rendered body that would run script.
func assertInert(t *testing.T, out string) {
	t.Helper()
	sitetest.Walk(sitetest.ParseHTML(t, out), func(n *html.Node) {
		if n.Type != html.ElementNode {
			return
		}
		switch n.Data {
		case "script", "iframe", "object", "embed", "style", "base", "form", "meta", "link", "svg", "math":
			t.Fatalf("<%s> element in the output:\n%s", n.Data, out)
		}
		for _, a := range n.Attr {
			k := strings.ToLower(a.Key)
			if strings.HasPrefix(k, "on") || k == "style" || k == "srcdoc" || k == "formaction" {
				t.Fatalf("attribute %s=%q in the output:\n%s", a.Key, a.Val, out)
			}
			if (k == "href" || k == "src" || k == "action" || k == "xlink:href") && isDangerousURL(a.Val) {
				t.Fatalf("%s=%q in the output:\n%s", a.Key, a.Val, out)
			}
		}
	})
}

func render(t *testing.T, doc *Document) string {
	t.Helper()
	var b bytes.Buffer
	if err := doc.Render(&b); err != nil {
		t.Fatalf("render: %v", err)
	}
	return b.String()
}

// appendLetters keeps the letters and digits of s: what a reader reads,
// whatever Markdown made of the punctuation and spaces around them.
func appendLetters(out []rune, s string) []rune {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			out = append(out, r)
		}
	}
	return out
}

func subsequence(a, b []rune) bool {
	i := 0
	for _, r := range b {
		if i < len(a) && a[i] == r {
			i++
		}
	}
	return i == len(a)
}

// TestDeepNesting: containers nested as deep as a line allows are parsed
// and rendered in bounded time and without exhausting the stack.
func TestDeepNesting(t *testing.T) {
	t.Parallel()
	c := New(Options{})
	for _, in := range []string{
		strings.Repeat(">", 100000) + " x",
		strings.Repeat("> ", 50000) + "x",
		strings.Repeat("- ", 50000) + "x",
		strings.Repeat("1. ", 30000) + "x",
		strings.Repeat("> - ", 25000) + "x",
		strings.Repeat("*", 50000) + "x" + strings.Repeat("*", 50000),
		strings.Repeat("[", 50000) + "x" + strings.Repeat("](y)", 50000),
	} {
		sitetest.Bounded(t, 20*time.Second, func() {
			doc := c.Parse([]byte(in), DocOptions{})
			if doc.failed != nil {
				t.Fatalf("%.20q…: %v", in, doc.failed)
			}
			render(t, doc)
		})
	}
}

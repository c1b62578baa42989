package pipeline_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/verbatim-archive/verbatim/generator/internal/sitetest"
	"github.com/verbatim-archive/verbatim/generator/pipeline"
	"golang.org/x/net/html"
)

// Payloads that try every context a field can end up in: HTML text, an
// attribute, a URL, a script (JSON inside <script>), CDATA in XML. Each
// carries its field's name, so that a failure says where it came from, and
// the word "pwned", which no template or theme file holds.
func payload(field string) string {
	return `<script>alert('pwned-` + field + `')</script>"><img src=x onerror=alert('pwned-` + field + `')>` +
		`'><svg onload=alert('pwned')> ]]></title></content><script>pwned</script> {"a":"</script><script>pwned-` + field + `</script>"} &lt;b&gt;`
}

const jsURL = `javascript:alert('pwned')`

// hostileSite is an archive whose every field an author or contributor
// writes holds payloads.
func hostileSite(unsafeHTML bool) map[string]string {
	p := payload
	yq := func(s string) string { // a YAML double-quoted string
		b, _ := json.Marshal(s)
		return string(b)
	}
	site := "title: " + yq(p("site-title")) + "\n" +
		"description: " + yq(p("site-description")) + "\n" +
		"author: " + yq(p("site-author")) + "\n" +
		"language: " + yq(`en"><script>alert('pwned-lang')</script>`) + "\n" +
		"base_url: " + yq(`https://example.org/a"b<c>'d/`) + "\n" +
		"params:\n  x: " + yq(p("site-params")) + "\n"
	if unsafeHTML {
		site += "unsafe_html: true\n"
	}
	eve := `Eve"><img src=x onerror=alert('pwned-name')>`
	body := `Preamble ` + p("preamble") + `

**` + eve + `:** Words ` + p("turn") + ` and a note[^1].

Q: [link text ` + p("linktext") + `](` + jsURL + `) and [data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)
and [vb](vbscript:msgbox) and [spaced]( JaVaScRiPt:alert('pwned')) and <javascript:alert('pwned')>
and [ref][r] and ![img](javascript:alert('pwned')) and [title](https://example.org/ "` + strings.ReplaceAll(p("linktitle"), `"`, `&quot;`) + `")
and [esc](&#106;avascript:alert('pwned')) and [tab](java	script:alert('pwned')).

[r]: javascript:alert('pwned')

<script>alert('pwned-raw')</script>

<div onclick="alert('pwned-rawblock')">block</div>

> [!WARNING]
> Editor ` + p("alert") + `

## Heading ` + p("heading") + `

` + "```html\n</script><script>alert('pwned-code')</script>\n```" + `

[^1]: Footnote ` + p("footnote") + ` [x](` + jsURL + `)
`
	return map[string]string{
		"content/site.yaml": site,
		"content/transcripts/2024/hostile.md": `---
title: ` + yq(p("title")) + `
date: 2024-03-05
summary: ` + yq(p("summary")) + `
location: ` + yq(p("location")) + `
source: ` + yq(`https://example.org/"><script>alert('pwned-source')</script>`) + `
media: ` + yq(`https://example.org/a.mp3?"><img src=x onerror=alert('pwned-media')>`) + `
language: ` + yq(`de"><script>alert('pwned-tlang')</script>`) + `
custom: ` + yq(p("param")) + `
speakers:
  - eve
  - {id: question, name: ` + yq(p("qname")) + `, role: ` + yq(p("qrole")) + `, aliases: [Q, ` + yq(p("qalias")) + `]}
topics: [` + yq(p("topic")) + `, harbour]
---

` + body,
		"content/transcripts/2024/second.md": `---
title: Second
date: 2024-03-06
speakers: [eve]
topics: [harbour]
---

**` + eve + `:** See [[hostile]] and [[hostile#t1]] and [[speaker:eve]] and [[topic:harbour]].
`,
		"content/speakers/eve.md": `---
name: ` + yq(eve) + `
role: ` + yq(p("role")) + `
aliases: [` + yq(p("alias")) + `]
---

Biography ` + p("bio") + ` [x](` + jsURL + `)
`,
		"content/topics/harbour.md": `---
title: ` + yq(p("topic-title")) + `
---

Description ` + p("topic-desc") + `
`,
		"content/pages/about.md": `---
title: ` + yq(p("page-title")) + `
---

Page ` + p("page") + `
`,
	}
}

// TestNoScriptInjection builds the hostile archive and reads every file of
// the output in its own syntax: no script element, event handler or
// javascript: URL may come from what the authors wrote, whatever file it
// lands in, including files added later (search indexes): the walk is
// generic.
func TestNoScriptInjection(t *testing.T) {
	t.Parallel()
	for _, unsafeHTML := range []bool{false, true} {
		name := "raw HTML escaped"
		if unsafeHTML {
			name = "unsafe_html"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			src := sitetest.Site(t, hostileSite(unsafeHTML))
			out := filepath.Join(t.TempDir(), "public")
			if _, err := pipeline.Run(pipeline.Options{Source: src, Destination: out}); err != nil {
				t.Fatalf("the hostile archive does not build:\n%v", err)
			}
			inspectOutput(t, out, unsafeHTML)
			if !unsafeHTML {
				payloadsShown(t, out)
			}
		})
	}
}

// inspectOutput checks every file of a built site. With unsafe_html on, the
// bodies' raw HTML is meant to pass, so only what came from other fields
// (front matter, settings, names) must be inert.
func inspectOutput(t *testing.T, out string, unsafeHTML bool) {
	t.Helper()
	counts := map[string]int{}
	for rel, s := range sitetest.Files(t, out) {
		data := []byte(s)
		ext := strings.ToLower(path.Ext(rel))
		counts[ext]++
		switch ext {
		case ".html", ".htm":
			checkHTMLInert(t, rel, data, unsafeHTML)
		case ".xml":
			checkXMLInert(t, rel, data, unsafeHTML)
		case ".json":
			checkJSONInert(t, rel, data)
		case ".js", ".css", ".svg", ".png", ".jpg", ".woff2":
			// Theme and static files, copied as they are: not the authors' text.
		default:
			// Text formats (WebVTT, robots.txt, CNAME) are never read as
			// HTML, but a tag in them shows that text went out unescaped.
			if bytes.Contains(data, []byte("<script")) || bytes.Contains(data, []byte("<img")) {
				t.Errorf("%s: holds a raw tag from the payloads", rel)
			}
		}
	}
	if counts[".html"] < 8 || counts[".xml"] < 2 || counts[".json"] < 1 {
		t.Errorf("too few files checked: %v", counts)
	}
}

// fromPayload says whether an executable thing came from the payloads: the
// theme writes nothing with "pwned" in it. With unsafe_html, raw HTML from
// bodies is let through on purpose; payloads from other fields never are.
func fromPayload(s string, unsafeHTML bool) bool {
	if !strings.Contains(s, "pwned") && !strings.Contains(s, "alert(") {
		return false
	}
	if unsafeHTML {
		for _, body := range []string{"pwned-raw", "pwned-rawblock", "pwned')", "pwned-turn", "pwned-preamble", "pwned-linktext", "pwned-alert", "pwned-heading", "pwned-footnote", "pwned-bio", "pwned-topic-desc", "pwned-page", "pwned-code"} {
			if strings.Contains(s, body) {
				return false
			}
		}
		if strings.TrimSpace(s) == "pwned" {
			return false
		}
	}
	return true
}

func checkHTMLInert(t *testing.T, rel string, data []byte, unsafeHTML bool) {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		t.Errorf("%s: %v", rel, err)
		return
	}
	sitetest.Walk(doc, func(n *html.Node) {
		if n.Type != html.ElementNode {
			return
		}
		switch n.Data {
		case "script":
			if sitetest.Attr(n, "type") == "application/ld+json" {
				// Data, which no browser runs: it must be JSON, with no
				// "<" that could end the script or open a comment.
				var v any
				if text := sitetest.Text(n); strings.Contains(text, "<") || json.Unmarshal([]byte(text), &v) != nil {
					t.Errorf("%s: JSON-LD that is not inert JSON: %q", rel, text)
				}
				return
			}
			src := sitetest.Attr(n, "src")
			if !unsafeHTML && (src == "" || !strings.HasSuffix(src, ".js") || fromPayload(sitetest.Text(n), false)) {
				t.Errorf("%s: a <script src=%q> holding %q", rel, src, sitetest.Text(n))
			}
			if fromPayload(sitetest.Text(n)+src, unsafeHTML) {
				t.Errorf("%s: a script from the payloads: %q", rel, sitetest.Text(n))
			}
		case "iframe", "object", "embed", "base", "svg", "math":
			if !unsafeHTML {
				t.Errorf("%s: a <%s> element", rel, n.Data)
			}
		case "img":
			if sitetest.Attr(n, "src") == "x" && !unsafeHTML {
				t.Errorf("%s: an <img src=x> from the payloads", rel)
			}
		}
		for _, a := range n.Attr {
			k := strings.ToLower(a.Key)
			if strings.HasPrefix(k, "on") && (!unsafeHTML || fromPayload(a.Val, unsafeHTML)) {
				t.Errorf("%s: <%s %s=%q>", rel, n.Data, a.Key, a.Val)
			}
			switch k {
			case "href", "src", "action", "formaction", "poster", "data", "xlink:href", "cite", "background":
				if dangerousURL(a.Val) && (!unsafeHTML || fromPayload(a.Val, unsafeHTML)) {
					t.Errorf("%s: <%s %s=%q>", rel, n.Data, a.Key, a.Val)
				}
			case "content":
				if strings.EqualFold(sitetest.Attr(n, "http-equiv"), "refresh") && strings.Contains(strings.ToLower(a.Val), "javascript:") {
					t.Errorf("%s: a refresh to %q", rel, a.Val)
				}
			}
		}
	})
}

// dangerousURL is what a browser would run or render as a document when
// followed, after the leading spaces and controls it ignores.
func dangerousURL(u string) bool {
	u = strings.ToLower(strings.TrimLeft(u, "\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\v\f\r\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f "))
	u = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1 // browsers drop these inside a scheme
		}
		return r
	}, u)
	for _, s := range []string{"javascript:", "vbscript:", "data:", "file:"} {
		if strings.HasPrefix(u, s) {
			return true
		}
	}
	return false
}

// checkXMLInert parses a feed or sitemap with encoding/xml; the text of
// elements marked type="html" (Atom) is HTML to a feed reader, so it is
// held to the rules of a page.
func checkXMLInert(t *testing.T, rel string, data []byte, unsafeHTML bool) {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(data))
	var stack []xml.StartElement
	var buf strings.Builder
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Errorf("%s: not well-formed XML: %v", rel, err)
			return
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			stack = append(stack, tok)
			buf.Reset()
			for _, a := range tok.Attr {
				if a.Name.Local == "href" && dangerousURL(a.Value) {
					t.Errorf("%s: <%s href=%q>", rel, tok.Name.Local, a.Value)
				}
			}
		case xml.CharData:
			buf.Write(tok)
		case xml.EndElement:
			if len(stack) == 0 {
				break
			}
			start := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			s := buf.String()
			buf.Reset()
			switch start.Name.Local {
			case "loc", "uri", "id":
				if dangerousURL(s) {
					t.Errorf("%s: <%s>%s</%s>", rel, start.Name.Local, s, start.Name.Local)
				}
			}
			for _, a := range start.Attr {
				if a.Name.Local == "type" && (a.Value == "html" || a.Value == "xhtml") {
					checkHTMLInert(t, rel+" <"+start.Name.Local+">", []byte("<!DOCTYPE html><body>"+s), unsafeHTML)
				}
			}
		}
	}
}

// checkJSONInert parses a JSON file. Its strings are data: escaped or not,
// they run nothing while the file is served as JSON; what must hold is that
// the file parses (a payload did not break out of a string) and that no URL
// in it is a javascript: URL.
func checkJSONInert(t *testing.T, rel string, data []byte) {
	t.Helper()
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Errorf("%s: not JSON: %v", rel, err)
		return
	}
	var visit func(key string, v any)
	visit = func(key string, v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				visit(k, x)
			}
		case []any:
			for _, x := range v {
				visit(key, x)
			}
		case string:
			k := strings.ToLower(key)
			if (strings.Contains(k, "url") || k == "href" || k == "source" || k == "media" || k == "link") && dangerousURL(v) {
				t.Errorf("%s: %s: %q", rel, key, v)
			}
		}
	}
	visit("", v)
}

// payloadsShown keeps TestNoScriptInjection honest: the payloads must be
// in the pages, as text, or the test proves nothing.
func payloadsShown(t *testing.T, out string) {
	t.Helper()
	pages := sitetest.Pages(t, out)
	pg := pages["transcripts/hostile/index.html"]
	if pg == nil {
		t.Fatal("no page for the hostile transcript")
	}
	shown := sitetest.Text(pg.Doc)
	for _, field := range []string{"title", "turn", "preamble", "linktext", "alert", "heading", "footnote"} {
		if !strings.Contains(shown, "<script>alert('pwned-"+field+"')</script>") {
			t.Errorf("the payload of %s is not shown as text on the transcript's page", field)
		}
	}
	if !strings.Contains(shown, "<script>alert('pwned-raw')</script>") {
		t.Error("raw HTML is not shown as text")
	}
	// A javascript: link is not clickable: its anchor has no href at all.
	for _, a := range sitetest.FindAll(pg.Doc, func(n *html.Node) bool { return n.Type == html.ElementNode && n.Data == "a" }) {
		if strings.Contains(sitetest.Text(a), "link text") && sitetest.Attr(a, "href") != "" {
			t.Errorf("the javascript: link has href %q", sitetest.Attr(a, "href"))
		}
	}
}

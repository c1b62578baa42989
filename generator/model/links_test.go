package model_test

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/verbatim-archive/verbatim/generator/internal/sitetest"
	"github.com/verbatim-archive/verbatim/generator/markdown"
	"golang.org/x/net/html"
)

// linked is an archive whose transcripts, profile, topic description and
// page link to each other in every way the contract allows.
var linked = map[string]string{
	"site.yaml":            "title: T\nbase_url: https://example.org/repo/\n",
	"speakers/ann.md":      "---\nname: Ann Lee\n---\nSpoke at [[a]] and [[a#t2]].\n",
	"topics/tides.md":      "---\ntitle: Tides and Currents\n---\nSee [[c]].\n",
	"pages/about.md":       "---\ntitle: About\n---\nStart with [[b|the second hearing]].\n",
	"transcripts/a.md":     transcript("title: The First Hearing\ndate: 2020-01-01\nspeakers: [ann, bo]\ntopics: [tides]", "Ann Lee: One.\n\nbo: Two.\n\n## The vote\n\nAnn Lee: Three.\n"),
	"transcripts/b.md":     transcript("title: B\ndate: 2020-01-02\nspeakers: [bo]", "bo: See [[a]], [[a#t2]], [[a#the-vote]], [[a|the hearing]], [[speaker:ann]], [[topic:tides]] and [the file](a.md).\n"),
	"transcripts/c.md":     transcript("title: C\ndate: 2020-01-03\nspeakers: [bo]", "bo: Back to [[a]], on to [[b]], and [[c]] itself.\n"),
	"transcripts/d.md":     transcript("title: D\ndate: 2020-01-04\nspeakers: [bo]", "bo: No links.\n"),
	"transcripts/e.md":     transcript("title: E\ndate: 2020-01-05\nspeakers: [bo]\ndraft: true", "bo: [[a]]\n"),
	"transcripts/f.md":     transcript("title: F\ndate: 2020-01-06\nspeakers: [bo]", "bo: [[d]] [[d]] [[d#t1]]\n"),
	"transcripts/g.md":     transcript("title: G\ndate: 2020-01-07\nspeakers: [bo]", "bo: [x](sub/h.md#t1)\n"),
	"transcripts/sub/h.md": transcript("title: H\ndate: 2020-01-08\nspeakers: [bo]", "bo: Hi.\n"),
}

// Cross-links tie the archive together: each transcript lists the others
// it links to once, each is listed by those that link to it (newest
// first), a link to itself is neither, and a profile, topic description or
// page keeps the transcripts it names; drafts left out link to nothing.
func TestCrossLinks(t *testing.T) {
	t.Parallel()
	site := build(t, linked)
	for _, c := range []struct{ slug, links, backlinks string }{
		{"a", "", "c b"},
		{"b", "a", "c"},
		{"c", "a b", ""},
		{"d", "", "f"},
		{"f", "d", ""},
		{"g", "h", ""},
		{"h", "", "g"},
	} {
		tr := site.BySlug[c.slug]
		if got := strings.Join(slugs(tr.Links), " "); got != c.links {
			t.Errorf("%s links to %q, want %q", c.slug, got, c.links)
		}
		if got := strings.Join(slugs(tr.Backlinks), " "); got != c.backlinks {
			t.Errorf("%s is linked from %q, want %q", c.slug, got, c.backlinks)
		}
	}
	if _, ok := site.BySlug["e"]; ok {
		t.Error("a draft is in the model without Drafts")
	}
	for what, got := range map[string][]string{
		"ann's profile":      slugs(site.SpeakerBy["ann"].Bio.Links),
		"tides' description": slugs(site.TopicBy["tides"].Description.Links),
		"the page about/":    slugs(site.Pages[0].Body.Links),
	} {
		want := map[string][]string{"ann's profile": {"a"}, "tides' description": {"c"}, "the page about/": {"b"}}[what]
		if !slices.Equal(got, want) {
			t.Errorf("%s links to %v, want %v", what, got, want)
		}
	}
}

// A cross-link resolves to its target's address under the base URL's path,
// and one written without text shows its target's name.
func TestCrossLinkTargets(t *testing.T) {
	t.Parallel()
	site := build(t, linked)
	for _, c := range []struct {
		link       markdown.Link
		url, title string
	}{
		{markdown.Link{Kind: markdown.LinkTranscript, Target: "a"}, "/repo/transcripts/a/", "The First Hearing"},
		{markdown.Link{Kind: markdown.LinkSpeaker, Target: "ann"}, "/repo/speakers/ann/", "Ann Lee"},
		{markdown.Link{Kind: markdown.LinkTopic, Target: "tides"}, "/repo/topics/tides/", "Tides and Currents"},
		{markdown.Link{Kind: markdown.LinkSource, Target: "transcripts/sub/h.md"}, "/repo/transcripts/h/", ""},
		{markdown.Link{Kind: markdown.LinkSource, Target: "speakers/ann.md"}, "/repo/speakers/ann/", ""},
		{markdown.Link{Kind: markdown.LinkSource, Target: "pages/about.md"}, "/repo/about/", ""},
		{markdown.Link{Kind: markdown.LinkTranscript, Target: "e"}, "", ""},
	} {
		url, ok := site.Resolve(c.link)
		if url != c.url || ok != (c.url != "") {
			t.Errorf("%+v resolves to %q, %v; want %q", c.link, url, ok, c.url)
		}
		if got := site.Title(c.link); got != c.title {
			t.Errorf("%+v is titled %q, want %q", c.link, got, c.title)
		}
	}

	// As b's page shows them.
	b := site.BySlug["b"]
	var buf bytes.Buffer
	if err := site.Markdown.Parse(b.Body.Source, b.DocOptions()).Render(&buf); err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	for _, a := range sitetest.FindAll(sitetest.ParseHTML(t, buf.String()), func(n *html.Node) bool { return n.Type == html.ElementNode && n.Data == "a" }) {
		got[sitetest.Attr(a, "href")] = append(got[sitetest.Attr(a, "href")], sitetest.Text(a))
	}
	for href, want := range map[string][]string{
		"/repo/transcripts/a/":          {"The First Hearing", "the hearing", "the file"},
		"/repo/transcripts/a/#t2":       {"The First Hearing, turn 2"},
		"/repo/transcripts/a/#the-vote": {"The First Hearing"},
		"/repo/speakers/ann/":           {"Ann Lee"},
		"/repo/topics/tides/":           {"Tides and Currents"},
	} {
		if !slices.Equal(got[href], want) {
			t.Errorf("links to %s show %q, want %q", href, got[href], want)
		}
	}
}

// A link that leads nowhere is an error naming its file and line, whatever
// the body that holds it.
func TestBrokenCrossLinks(t *testing.T) {
	t.Parallel()
	target := transcript("title: T\ndate: 2020-01-01\nspeakers: [ann]", "ann: One.\n\n## Votes\n\nann: Two.\n")
	tr := func(body string) string {
		return transcript("title: A\ndate: 2020-01-02\nspeakers: [ann]", "ann: Words.\n\n"+body+"\n")
	}
	for _, c := range []struct {
		name, file, text, want string
	}{
		{"unknown transcript", "transcripts/a.md", tr("[[nowhere]]"), "content/transcripts/a.md:8: link to unknown transcript [[nowhere]]"},
		{"turn past the last", "transcripts/a.md", tr("[[t#t3]]"), "content/transcripts/a.md:8: link to turn t3 of t, which has 2 turns"},
		{"turn zero", "transcripts/a.md", tr("[[t#t0]]"), "content/transcripts/a.md:8: link to turn t0 of t, which has 2 turns"},
		{"unknown heading", "transcripts/a.md", tr("[[t#nothing]]"), "content/transcripts/a.md:8: link to #nothing in t, which has no such turn or heading"},
		{"unknown speaker", "transcripts/a.md", tr("[[speaker:bob]]"), "content/transcripts/a.md:8: link to unknown speaker [[speaker:bob]]"},
		{"unknown topic", "transcripts/a.md", tr("[[topic:none]]"), "content/transcripts/a.md:8: link to unknown topic [[topic:none]]"},
		{"missing file", "transcripts/a.md", tr("[x](missing.md)"), "content/transcripts/a.md:8: link to content/transcripts/missing.md, which does not exist"},
		{"file outside content", "transcripts/a.md", tr("[x](../../x.md)"), "content/transcripts/a.md:8: link to ../x.md, which is outside content/"},
		{"a draft", "transcripts/a.md", tr("[[d]]"), "content/transcripts/a.md:8: link to unknown transcript [[d]]"},
		{"from a profile", "speakers/ann.md", "---\nname: Ann\n---\n\nSee [[nowhere]].\n", "content/speakers/ann.md:5: link to unknown transcript [[nowhere]]"},
		{"from a topic", "topics/x.md", "---\ntitle: X\n---\n[[t#t9]]\n", "content/topics/x.md:4: link to turn t9 of t, which has 2 turns"},
		{"from a page", "pages/about.md", "---\ntitle: About\n---\n[[speaker:nobody]]\n", "content/pages/about.md:4: link to unknown speaker [[speaker:nobody]]"},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			files := map[string]string{
				"transcripts/t.md": target,
				"transcripts/d.md": transcript("title: D\ndate: 2020-01-03\nspeakers: [ann]\ndraft: true", ""),
				c.file:             c.text,
			}
			if got := buildErrs(t, files); !strings.Contains(got, c.want) {
				t.Errorf("errors\n%s\ndo not say\n%s", got, c.want)
			}
		})
	}
	// And the links that lead somewhere are no error.
	build(t, map[string]string{"transcripts/t.md": target, "transcripts/a.md": tr("[[t#t2]] [[t#votes]] [[speaker:ann]] [x](t.md#t1)")})
}

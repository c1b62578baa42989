package pipeline_test

import (
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/verbatim-archive/verbatim/generator/internal/sitetest"
	"github.com/verbatim-archive/verbatim/generator/pipeline"
	"golang.org/x/net/html"
)

const original = "---\ntitle: Briefing\ndate: 2024-01-01\nlanguage: en\nspeakers: [Ann Lee, Bo Chen]\n---\n\nAnn Lee: One.\n\nBo Chen: Two.\n\nAnn Lee: Three.\n"

// TestSideBySide builds a transcript with its Russian translation: both
// pages link to each other with hreflang alternates (also in the
// sitemap), and the side-by-side view sets turn N of the original beside
// turn N of the translation, each half in its language and linking to its
// own turn, the speaker named once.
func TestSideBySide(t *testing.T) {
	t.Parallel()
	site := sitetest.Site(t, map[string]string{
		"content/site.yaml":            "title: T\nbase_url: https://owner.github.io/repo/\n",
		"content/transcripts/brief.md": original,
		"content/transcripts/brief-ru.md": "---\ntitle: Брифинг\ndate: 2024-01-01\nlanguage: ru\ntranslation_of: brief\n" +
			"speakers:\n  - {id: ann-lee, aliases: [Энн Ли]}\n  - {id: bo-chen, aliases: [Бо Чен]}\n---\n\nЭнн Ли: Один.\n\nБо Чен: Два.\n\nЭнн Ли: Три.\n",
	})
	out := filepath.Join(t.TempDir(), "public")
	res := mustBuild(t, pipeline.Options{Source: site, Destination: out})
	if len(res.Warnings) > 0 {
		t.Errorf("warnings: %v", res.Warnings)
	}
	checkLinks(t, out, "/repo/", "owner.github.io")
	checkXML(t, out)

	for page, other := range map[string]string{"transcripts/brief/index.html": "ru", "transcripts/brief-ru/index.html": "en"} {
		doc := sitetest.ParseHTML(t, read(t, out, page))
		var langs []string
		for _, l := range sitetest.FindAll(doc, func(n *html.Node) bool {
			return n.Data == "link" && sitetest.Attr(n, "rel") == "alternate" && sitetest.Attr(n, "hreflang") != ""
		}) {
			langs = append(langs, sitetest.Attr(l, "hreflang")+" "+sitetest.Attr(l, "href"))
		}
		want := []string{"en https://owner.github.io/repo/transcripts/brief/", "ru https://owner.github.io/repo/transcripts/brief-ru/"}
		if !slices.Equal(langs, want) {
			t.Errorf("%s: hreflang alternates %q, want %q", page, langs, want)
		}
		v := sitetest.Find(doc, func(n *html.Node) bool { return sitetest.HasClass(n, "versions") })
		if v == nil {
			t.Errorf("%s: no Also in", page)
			continue
		}
		a := sitetest.Find(v, func(n *html.Node) bool { return n.Data == "a" && sitetest.Attr(n, "hreflang") == other })
		if a == nil || sitetest.Attr(a, "lang") != other {
			t.Errorf("%s: Also in has no link in %s marked with its language", page, other)
		}
	}
	if sm := read(t, out, "sitemap.xml"); !strings.Contains(sm, `<xhtml:link rel="alternate" hreflang="ru" href="https://owner.github.io/repo/transcripts/brief-ru/"></xhtml:link>`) {
		t.Error("sitemap.xml has no xhtml:link to the translation")
	}
	page, _ := url.Parse("/repo/transcripts/brief/")
	if sitetest.Find(sitetest.ParseHTML(t, read(t, out, "transcripts/brief/index.html")), func(n *html.Node) bool {
		href, err := url.Parse(sitetest.Attr(n, "href"))
		return n.Data == "a" && err == nil && page.ResolveReference(href).Path == "/repo/transcripts/brief-ru/side-by-side/"
	}) == nil {
		t.Error("the original does not link to the side-by-side view")
	}

	doc := sitetest.ParseHTML(t, read(t, out, "transcripts/brief-ru/side-by-side/index.html"))
	pairs := sitetest.FindAll(doc, func(n *html.Node) bool { return sitetest.HasClass(n, "pair") })
	want := [][2]string{{"One.", "Один."}, {"Two.", "Два."}, {"Three.", "Три."}}
	if len(pairs) != len(want) {
		t.Fatalf("%d pairs, want %d", len(pairs), len(want))
	}
	speakers := []string{"ann-lee", "bo-chen", "ann-lee"}
	for i, p := range pairs {
		if got := sitetest.Attr(p, "data-speaker"); got != speakers[i] {
			t.Errorf("pair %d: speaker %q, want %q", i+1, got, speakers[i])
		}
		if names := sitetest.FindAll(p, func(n *html.Node) bool { return sitetest.HasClass(n, "pair-speaker") }); len(names) != 1 {
			t.Errorf("pair %d names its speaker %d times", i+1, len(names))
		}
		halves := sitetest.FindAll(p, func(n *html.Node) bool { return sitetest.HasClass(n, "pair-half") })
		if len(halves) != 2 {
			t.Fatalf("pair %d has %d halves", i+1, len(halves))
		}
		for h, lang := range []string{"en", "ru"} {
			text := strings.TrimSpace(sitetest.Text(sitetest.Find(halves[h], func(n *html.Node) bool { return n.Data == "p" })))
			if text != want[i][h] || sitetest.Attr(halves[h], "lang") != lang {
				t.Errorf("pair %d, half %d: %q in %q, want %q in %q", i+1, h+1, text, sitetest.Attr(halves[h], "lang"), want[i][h], lang)
			}
			slug := map[string]string{"en": "brief", "ru": "brief-ru"}[lang]
			link := sitetest.Find(halves[h], func(n *html.Node) bool { return n.Data == "a" })
			if href := sitetest.Attr(link, "href"); link == nil || href != "/repo/transcripts/"+slug+"/#t"+string(rune('1'+i)) {
				t.Errorf("pair %d, half %d links to %q", i+1, h+1, href)
			}
		}
	}
}

// TestTranslationWarnings: a translation whose turns part from its
// original's is built, with a warning naming the first turn where they
// part in both files.
func TestTranslationWarnings(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, body, want string }{
		{"speaker order", "Ann Lee: Un.\n\nAnn Lee: Deux.\n\nBo Chen: Trois.\n",
			`content/transcripts/b-fr.md:11: translation of "brief": turn 2 is ann-lee's here and bo-chen's in the original (content/transcripts/brief.md:10): the side-by-side view pairs the two from here on`},
		{"a turn more", "Ann Lee: Un.\n\nBo Chen: Deux.\n\nAnn Lee: Trois.\n\nBo Chen: Quatre.\n",
			`content/transcripts/b-fr.md:15: translation of "brief": 4 turns here, 3 in the original (content/transcripts/brief.md): turn 4 has nothing beside it`},
		{"a turn less", "Ann Lee: Un.\n\nBo Chen: Deux.\n",
			`content/transcripts/b-fr.md:5: translation of "brief": 2 turns here, 3 in the original: its turn 3 (content/transcripts/brief.md:12) has nothing beside it`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			site := sitetest.Site(t, map[string]string{
				"content/transcripts/brief.md": original,
				"content/transcripts/b-fr.md":  "---\ntitle: Point\ndate: 2024-01-01\nlanguage: fr\ntranslation_of: brief\nspeakers: [Ann Lee, Bo Chen]\n---\n\n" + tc.body,
			})
			res := mustBuild(t, pipeline.Options{Source: site, Destination: filepath.Join(t.TempDir(), "public"), BaseURL: "https://example.org/"})
			var got []string
			for _, w := range res.Warnings {
				got = append(got, strings.ReplaceAll(w, site+string(filepath.Separator), ""))
			}
			if !slices.Equal(got, []string{tc.want}) {
				t.Errorf("warnings %q\nwant %q", got, tc.want)
			}
		})
	}
}

package pipeline_test

import (
	"fmt"
	"io/fs"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/verbatim-archive/verbatim/generator/i18n"
	"github.com/verbatim-archive/verbatim/generator/internal/sitetest"
	"github.com/verbatim-archive/verbatim/generator/pipeline"
	"github.com/verbatim-archive/verbatim/themes"
	"golang.org/x/net/html"
)

// languageSite is a small archive in the language lang: four speakers
// with 1, 2, 5 and 21 turns in one transcript of 7 July 2021, its words
// (names, title, body) in no language the theme has, so that every word
// of the theme's on its pages is the theme's. extra files are added.
func languageSite(t *testing.T, lang string, extra map[string]string) string {
	t.Helper()
	var body strings.Builder
	for who, n := range map[string]int{"Aaa": 1, "Bbb": 2, "Ccc": 5, "Ddd": 21} {
		for i := range n {
			fmt.Fprintf(&body, "%s: Xyz %d.\n\n", who, i)
		}
	}
	files := map[string]string{
		"content/site.yaml": "title: Qqq\nlanguage: " + lang + "\npaginate: 1\n",
		"content/transcripts/one.md": "---\ntitle: Zzz\ndate: 2021-07-07\nspeakers: [Aaa, Bbb, Ccc, Ddd]\ntopics: [Ttt]\n" +
			"source: https://example.org/x\nmedia: https://example.org/x.mp3\n---\n\n## Hhh\n\n" + body.String(),
		"content/transcripts/two.md": "---\ntitle: Www\ndate: 2020-01-02\nspeakers: [Eee]\ntopics: [Ttt]\n---\n\nEee: Xyz[^1] [[one]].\n\n[^1]: Nnn.\n",
	}
	for k, v := range extra {
		files[k] = v
	}
	src := sitetest.Site(t, files)
	out := filepath.Join(t.TempDir(), "public")
	mustBuild(t, pipeline.Options{Source: src, Destination: out})
	return out
}

// TestThemeLanguages builds the small archive in each built-in language
// and checks its page words, the plural forms at 1, 2, 5 and 21 turns, the
// transcript's date and the pages' lang and dir.
func TestThemeLanguages(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		lang, dir, nav, date string
		turns                [4]string // 1, 2, 5, 21
	}{
		{"en", "", "Speakers", "7 July 2021", [4]string{"1 turn", "2 turns", "5 turns", "21 turns"}},
		{"ru", "", "Выступающие", "7 июля 2021 г.", [4]string{"1 выступление", "2 выступления", "5 выступлений", "21 выступление"}},
		{"fr", "", "Intervenants", "7 juillet 2021", [4]string{"1 intervention", "2 interventions", "5 interventions", "21 interventions"}},
		{"de", "", "Sprecher", "7. Juli 2021", [4]string{"1 Wortbeitrag", "2 Wortbeiträge", "5 Wortbeiträge", "21 Wortbeiträge"}},
		{"es", "", "Oradores", "7 de julio de 2021", [4]string{"1 intervención", "2 intervenciones", "5 intervenciones", "21 intervenciones"}},
		{"ar", "rtl", "المتحدثون", "7 يوليو 2021", [4]string{"مداخلة واحدة", "مداخلتان", "5 مداخلات", "21 مداخلةً"}},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			t.Parallel()
			out := languageSite(t, tc.lang, nil)
			pages := sitetest.Pages(t, out)
			for path, p := range pages {
				root := sitetest.Find(p.Doc, func(n *html.Node) bool { return n.Type == html.ElementNode && n.Data == "html" })
				if got := sitetest.Attr(root, "lang"); got != tc.lang {
					t.Errorf("%s: lang %q, want %q", path, got, tc.lang)
				}
				if got := sitetest.Attr(root, "dir"); got != tc.dir {
					t.Errorf("%s: dir %q, want %q", path, got, tc.dir)
				}
			}
			if nav := text(t, pages, "index.html", `nav a[href="/speakers/"]`); nav != tc.nav {
				t.Errorf("navigation: %q, want %q", nav, tc.nav)
			}
			if d := text(t, pages, "transcripts/one/index.html", "header.transcript-header time"); d != tc.date {
				t.Errorf("date: %q, want %q", d, tc.date)
			}
			for i, who := range []string{"aaa", "bbb", "ccc", "ddd"} {
				meta := text(t, pages, "speakers/"+who+"/index.html", "header.speaker-header p.meta")
				if !strings.Contains(meta, tc.turns[i]) {
					t.Errorf("%s: %q, want %q in it", who, meta, tc.turns[i])
				}
			}
		})
	}
}

// text is the text of the first element of a page that sel finds: a tag,
// with a class (tag.class) or an attribute (tag[attr="value"]), under an
// ancestor (the selector's first word).
func text(t *testing.T, pages map[string]*sitetest.Page, path, sel string) string {
	t.Helper()
	p, ok := pages[path]
	if !ok {
		t.Fatalf("no page %s", path)
	}
	parts := strings.Fields(sel)
	var n *html.Node = p.Doc
	for _, part := range parts {
		n = sitetest.Find(n, matcher(part))
		if n == nil {
			t.Fatalf("%s: nothing matches %q", path, sel)
		}
	}
	return strings.Join(strings.Fields(sitetest.Text(n)), " ")
}

var selector = regexp.MustCompile(`^(\w+)(?:\.([\w-]+))?(?:\[(\w+)="([^"]*)"\])?$`)

func matcher(s string) func(*html.Node) bool {
	m := selector.FindStringSubmatch(s)
	return func(n *html.Node) bool {
		if m == nil || n.Type != html.ElementNode || n.Data != m[1] {
			return false
		}
		if m[2] != "" && !sitetest.HasClass(n, m[2]) {
			return false
		}
		return m[3] == "" || sitetest.Attr(n, m[3]) == m[4]
	}
}

// englishPhrases are the pieces of text of the English translation file:
// each phrase cut at its fields, those of three letters or more.
func englishPhrases(t *testing.T) []string {
	t.Helper()
	sub, err := fs.Sub(themes.Default, "default")
	if err != nil {
		t.Fatal(err)
	}
	c, err := i18n.Load(i18n.Source{FS: sub, Dir: "themes/default"})
	if err != nil {
		t.Fatal(err)
	}
	en := c.Lang("en")
	field := regexp.MustCompile(`\{\{[^}]*\}\}|<[^>]*>`)
	letters := regexp.MustCompile(`\pL{3,}`)
	var out []string
	for _, k := range en.Keys() {
		for _, form := range en.Forms(k) {
			for _, piece := range field.Split(form, -1) {
				piece = strings.TrimSpace(piece)
				if letters.MatchString(piece) && piece != "Verbatim" {
					out = append(out, piece)
				}
			}
		}
	}
	return out
}

// inCode reports whether a text is inside <code>: field names, file names
// and program lines (the data page's), which are the same in every
// language.
func inCode(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.Type == html.ElementNode && p.Data == "code" {
			return true
		}
	}
	return false
}

// TestThemeRussianHasNoEnglish walks every page of a site with language:
// ru, with every kind of page and a list long enough for a pager, and
// checks that no phrase of the English file is on it, in its text or in
// the attributes a reader hears or sees (aria-label, placeholder, title,
// label).
func TestThemeRussianHasNoEnglish(t *testing.T) {
	t.Parallel()
	out := languageSite(t, "ru", map[string]string{"content/pages/about.md": "---\ntitle: Ooo\n---\n\nPpp.\n"})
	phrases := englishPhrases(t)
	pages := sitetest.Pages(t, out)
	if len(pages) < 10 {
		t.Fatalf("only %d pages", len(pages))
	}
	for path, p := range pages {
		var words []string
		if nos := sitetest.Find(p.Doc, func(n *html.Node) bool { return n.Data == "noscript" }); nos != nil && nos.FirstChild != nil {
			// Parsed as a browser with scripts parses it: text, the
			// markup in it unparsed.
			words = append(words, regexp.MustCompile(`<[^>]*>`).ReplaceAllString(nos.FirstChild.Data, " "))
		}
		sitetest.Walk(p.Doc, func(n *html.Node) {
			switch {
			case n.Type == html.TextNode && (n.Parent == nil || n.Parent.Data != "style" && n.Parent.Data != "script" && n.Parent.Data != "noscript") && !inCode(n):
				words = append(words, n.Data)
			case n.Type == html.ElementNode:
				for _, a := range []string{"aria-label", "placeholder", "title", "label", "alt"} {
					if v, ok := sitetest.LookupAttr(n, a); ok {
						words = append(words, v)
					}
				}
			}
		})
		all := strings.Join(strings.Fields(strings.Join(words, " ")), " ")
		for _, ph := range phrases {
			if strings.Contains(all, ph) {
				t.Errorf("%s: English %q on a Russian page", path, ph)
			}
		}
	}
}

// TestThemeOwnTranslation: a site's themes/default/i18n/ru.yaml changes
// one phrase; the other phrases stay the built-in Russian ones. A
// right-to-left transcript in a left-to-right site has its page in its own
// language and direction, with its scripts' words beside.
func TestThemeOwnTranslation(t *testing.T) {
	t.Parallel()
	out := languageSite(t, "ru", map[string]string{
		"themes/default/i18n/ru.yaml":  "speakers: Ораторы\n",
		"content/transcripts/three.md": "---\ntitle: Sss\ndate: 2022-03-04\nlanguage: ar\nspeakers: [Aaa]\n---\n\nAaa: Xyz.\n",
	})
	pages := sitetest.Pages(t, out)
	if got := text(t, pages, "index.html", `nav a[href="/speakers/"]`); got != "Ораторы" {
		t.Errorf("the site's phrase: %q", got)
	}
	if got := text(t, pages, "index.html", `nav a[href="/topics/"]`); got != "Темы" {
		t.Errorf("a phrase the site leaves: %q", got)
	}
	root := sitetest.Find(pages["transcripts/three/index.html"].Doc, func(n *html.Node) bool { return n.Type == html.ElementNode && n.Data == "html" })
	if sitetest.Attr(root, "lang") != "ar" || sitetest.Attr(root, "dir") != "rtl" {
		t.Errorf("the Arabic transcript's page: lang %q dir %q", sitetest.Attr(root, "lang"), sitetest.Attr(root, "dir"))
	}
	if got := text(t, pages, "transcripts/three/index.html", "header.transcript-header time"); got != "4 مارس 2022" {
		t.Errorf("its date: %q", got)
	}
	// On the Russian speaker's page (one transcript a page, the newest
	// first), the Arabic transcript is marked as Arabic, right to left.
	var marked []string
	sitetest.Walk(pages["speakers/aaa/index.html"].Doc, func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "article" {
			marked = append(marked, sitetest.Attr(n, "lang")+"/"+sitetest.Attr(n, "dir"))
		}
	})
	if strings.Join(marked, " ") != "ar/rtl" {
		t.Errorf("the speaker's transcripts: lang/dir %q, want the Arabic one marked", marked)
	}
	for _, f := range []string{"assets/i18n/ru.json", "assets/i18n/ar.json"} {
		if _, ok := sitetest.Files(t, out)[f]; !ok {
			t.Errorf("no %s", f)
		}
	}
}

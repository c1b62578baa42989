package pipeline_test

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/verbatim-archive/verbatim/generator/internal/sitetest"
	"github.com/verbatim-archive/verbatim/generator/pipeline"
	"golang.org/x/net/html"
)

// A site published under a sub-path keeps its Markdown links and images
// written from the site's root ("/about/", "/img/a.png") working: they are
// written under the sub-path, and lead to files of the site.
func TestSiteRootPathsUnderSubPath(t *testing.T) {
	t.Parallel()
	src := sitetest.Site(t, map[string]string{
		"content/site.yaml":           "title: Sub\nbase_url: https://owner.github.io/repo/\n",
		"content/static/img/a.png":    "png",
		"content/pages/about.md":      "---\ntitle: About\n---\n\n![Map](/img/a.png) and [the list](/transcripts/).\n",
		"content/speakers/ann-lee.md": "---\nname: Ann Lee\n---\n\n[About](/about/#main).\n",
		"content/transcripts/a.md": "---\ntitle: A\ndate: 2024-01-02\nspeakers: [ann-lee]\n---\n\n" +
			"**Ann Lee:** See ![the map](/img/a.png \"Map\") and [about us](/about/).[^1]\n\n[^1]: Also ![small](/img/a.png).\n",
	})
	out := filepath.Join(t.TempDir(), "public")
	mustBuild(t, pipeline.Options{Source: src, Destination: out})
	pages := sitetest.Pages(t, out)

	for _, tc := range []struct {
		page, tag, attr string
		want            []string
	}{
		{"transcripts/a/index.html", "img", "src", []string{"/repo/img/a.png", "/repo/img/a.png"}},
		{"transcripts/a/index.html", "a", "href", []string{"/repo/about/"}},
		{"about/index.html", "img", "src", []string{"/repo/img/a.png"}},
		{"about/index.html", "a", "href", []string{"/repo/transcripts/"}},
		{"speakers/ann-lee/index.html", "a", "href", []string{"/repo/about/#main"}},
	} {
		pg := pages[tc.page]
		if pg == nil {
			t.Fatalf("no %s", tc.page)
		}
		// The values inside <main>: what the Markdown wrote, and the
		// theme's links, which are under /repo/ as well.
		var got []string
		sitetest.Walk(pg.Doc, func(n *html.Node) {
			if n.Type == html.ElementNode && n.Data == tc.tag && inMain(n) {
				if v := sitetest.Attr(n, tc.attr); v != "" && !strings.HasPrefix(v, "#") {
					got = append(got, v)
				}
			}
		})
		for _, w := range tc.want {
			if !slices.Contains(got, w) {
				t.Errorf("%s: %s %s values %q, want %q among them", tc.page, tc.tag, tc.attr, got, w)
			}
		}
		for _, g := range got {
			if !strings.HasPrefix(g, "/repo/") {
				t.Errorf("%s: %s %s=%q is not under /repo/", tc.page, tc.tag, tc.attr, g)
			}
		}
	}
	// Every link and image leads to a file of the site under /repo/.
	checkLinks(t, out, "/repo/", "owner.github.io")
}

// The 404 page is served at every missing address, so it names no
// canonical URL: one would claim the page is the home page, or itself.
func TestNotFoundPageHasNoCanonical(t *testing.T) {
	t.Parallel()
	src := sitetest.Site(t, map[string]string{
		"content/site.yaml":        "title: Sub\nbase_url: https://owner.github.io/repo/\n",
		"content/transcripts/a.md": "---\ntitle: A\ndate: 2024-01-02\nspeakers: [Ann]\n---\n\nAnn: Hello.\n",
	})
	out := filepath.Join(t.TempDir(), "public")
	mustBuild(t, pipeline.Options{Source: src, Destination: out})
	pages := sitetest.Pages(t, out)
	canonical := func(name string) []string {
		var hrefs []string
		sitetest.Walk(pages[name].Doc, func(n *html.Node) {
			if n.Type == html.ElementNode && n.Data == "link" && sitetest.Attr(n, "rel") == "canonical" {
				hrefs = append(hrefs, sitetest.Attr(n, "href"))
			}
		})
		return hrefs
	}
	if got := canonical("404.html"); len(got) != 0 {
		t.Errorf("404.html has canonical links %q", got)
	}
	// The other pages keep theirs, so the test fails if canonical links
	// go altogether.
	for name, want := range map[string]string{
		"index.html":               "https://owner.github.io/repo/",
		"transcripts/a/index.html": "https://owner.github.io/repo/transcripts/a/",
	} {
		if got := canonical(name); len(got) != 1 || got[0] != want {
			t.Errorf("%s: canonical %q, want %q", name, got, want)
		}
	}
}

func inMain(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.Type == html.ElementNode && p.Data == "main" {
			return true
		}
	}
	return false
}

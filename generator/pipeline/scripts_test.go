package pipeline_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/verbatim-archive/verbatim/generator/internal/sitetest"
	"github.com/verbatim-archive/verbatim/generator/pipeline"
)

// TestNamesInAnyScript builds a site whose speakers, topics and file names
// are written in Japanese, Arabic and Russian letters only, under a GitHub
// Pages project path: every page is written at its UTF-8 path, every link,
// feed and sitemap URL to it is percent-encoded and resolves, and Russian
// names keep their transliterated ids.
func TestNamesInAnyScript(t *testing.T) {
	t.Parallel()
	site := sitetest.Site(t, map[string]string{
		"content/site.yaml":                 "title: Scripts\nbase_url: https://owner.github.io/repo/\n",
		"content/transcripts/記者会見.md":       "---\ntitle: 記者会見\ndate: 2024-01-01\nspeakers: [岸田文雄, 記者]\ntopics: [外交]\n---\n\n岸田文雄: 本日は。\n\n記者: 質問です。\n\nSee [[موتمر-صحفي#t1]] and [[speaker:محمد-بن-سلمان]].\n",
		"content/transcripts/مؤتمر صحفي.md": "---\ntitle: مؤتمر صحفي\ndate: 2024-01-02\nslug: موتمر-صحفي\nspeakers: [محمد بن سلمان]\n---\n\nمحمد بن سلمان: مرحبا.\n\n[back](記者会見.md)\n",
		"content/transcripts/брифинг.md":    "---\ntitle: Брифинг\ndate: 2024-01-03\nspeakers: [Сергей Лавров]\ntopics: [Внешняя политика]\n---\n\nСергей Лавров: Добрый день. [[記者会見]]\n",
		"content/speakers/岸田文雄.md":          "---\nname: 岸田文雄\nrole: 首相\n---\n",
	})
	out := filepath.Join(t.TempDir(), "public")
	res := mustBuild(t, pipeline.Options{Source: site, Destination: out})
	if len(res.Warnings) > 0 {
		t.Errorf("warnings: %v", res.Warnings)
	}
	for _, p := range []string{
		"transcripts/記者会見/index.html",
		"transcripts/موتمر-صحفي/index.html",
		"transcripts/brifing/index.html",
		"speakers/岸田文雄/index.html",
		"speakers/記者/index.html",
		"speakers/محمد-بن-سلمان/index.html",
		"speakers/sergei-lavrov/index.html",
		"topics/外交/index.html",
		"topics/vneshnyaya-politika/index.html",
	} {
		if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(p))); err != nil {
			t.Errorf("missing %s", p)
		}
	}
	page := read(t, out, "transcripts/記者会見/index.html")
	for _, want := range []string{
		`href="/repo/speakers/%E5%B2%B8%E7%94%B0%E6%96%87%E9%9B%84/"`,
		`href="/repo/transcripts/%D9%85%D9%88%D8%AA%D9%85%D8%B1-%D8%B5%D8%AD%D9%81%D9%8A/#t1"`,
		`href="/repo/speakers/%D9%85%D8%AD%D9%85%D8%AF-%D8%A8%D9%86-%D8%B3%D9%84%D9%85%D8%A7%D9%86/"`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("transcripts/記者会見/index.html has no %s", want)
		}
	}
	// No link, feed entry or sitemap URL carries a raw non-ASCII byte.
	raw := regexp.MustCompile(`(?:href|src)="[^"]*[^\x00-\x7f][^"]*"|<loc>[^<]*[^\x00-\x7f][^<]*</loc>`)
	for p, s := range sitetest.Files(t, out) {
		if strings.HasSuffix(p, ".html") || strings.HasSuffix(p, ".xml") {
			if m := raw.FindString(s); m != "" {
				t.Errorf("%s: a URL not percent-encoded: %s", p, m)
			}
		}
	}
	sm := read(t, out, "sitemap.xml")
	if !strings.Contains(sm, "<loc>https://owner.github.io/repo/transcripts/%E8%A8%98%E8%80%85%E4%BC%9A%E8%A6%8B/</loc>") {
		t.Error("sitemap.xml has no percent-encoded URL of 記者会見")
	}
	checkLinks(t, out, "/repo/", "owner.github.io")
	checkXML(t, out)
}

func read(t *testing.T, out, rel string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

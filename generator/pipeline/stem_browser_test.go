package pipeline_test

import (
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/verbatim-archive/verbatim/generator/browser"
	"github.com/verbatim-archive/verbatim/generator/internal/sitetest"
	"github.com/verbatim-archive/verbatim/generator/pipeline"
	"github.com/verbatim-archive/verbatim/generator/serve"
)

// TestSearchInflectedInBrowser searches an archive in Russian and French
// in Chromium: a word finds the turns with its inflected forms, each
// transcript stemmed in its own language, the query in the languages the
// archive has.
func TestSearchInflectedInBrowser(t *testing.T) {
	t.Parallel()
	ctx := browser.Start(t, 120*time.Second)
	site := sitetest.Site(t, map[string]string{
		"content/site.yaml": "title: Briefings\nlanguage: ru\n",
		"content/transcripts/brifing.md": "---\ntitle: Брифинг\ndate: 2024-01-01\nspeakers: [Мария Захарова, Вопрос]\n---\n\n" +
			"Мария Захарова: Слово Сергею Лаврову.\n\nВопрос: Спасибо. Вопрос Лаврову о переговорах.\n\n" +
			"Мария Захарова: Позиция Лаврова известна.\n\nВопрос: Ещё вопрос о NATO.\n",
		"content/transcripts/point-presse.md": "---\ntitle: Point de presse\ndate: 2024-01-02\nlanguage: fr\nspeakers: [Ministre, Question]\n---\n\n" +
			"Ministre: Les négociations continuent.\n\nQuestion: Et la négociation sur le port ?\n\n" +
			"Ministre: Nous négocions chaque jour.\n\nQuestion: Merci pour NATO.\n",
	})
	out := t.TempDir()
	mustBuild(t, pipeline.Options{Source: site, Destination: out})
	srv, err := serve.New(serve.Options{Dir: out, BasePath: "/"})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	for _, tc := range []struct {
		query string
		want  []string // slug#tN
	}{
		{"NATO", []string{"brifing#t4", "point-presse#t4"}},
		{"NATO&lang=fr", []string{"point-presse#t4"}},
		{"Лавров", []string{"brifing#t1", "brifing#t2", "brifing#t3"}},
		{"Лаврову переговоры", []string{"brifing#t2"}},
		{"négociation", []string{"point-presse#t1", "point-presse#t2"}},
		{"negociations port", []string{"point-presse#t2"}},
	} {
		if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/search/?q="+strings.Replace(url.QueryEscape(tc.query), "%26lang%3D", "&lang=", 1))); err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range waitResults(t, ctx) {
			got = append(got, strings.Replace(strings.TrimPrefix(r.Href, "/transcripts/"), "/#", "#", 1))
			if len(r.Marks) == 0 {
				t.Errorf("%q: %s: no word marked in %q", tc.query, r.Href, r.Snippet)
			}
		}
		// Results from the transcript in French, in a site in Russian,
		// are marked with their language.
		lang := "ru"
		if tc.query == "NATO" {
			lang = "" // both
			facet := eval[[]string](t, ctx, `[...document.querySelectorAll("button[data-facet=lang]")].map(b => b.dataset.value + " " + b.lang + " " + b.querySelector(".count").textContent)`)
			if want := []string{"fr fr 1", "ru ru 1"}; !slices.Equal(facet, want) {
				t.Errorf("language filter %q, want %q", facet, want)
			}
		} else if strings.HasPrefix(tc.want[0], "point-presse") {
			lang = "fr"
		}
		if marked := eval[bool](t, ctx, `[...document.querySelectorAll("#search-results li")].every(li => "`+lang+`" === "" || (li.dataset.lang || "ru") === "`+lang+`")`); lang != "" && !marked {
			t.Errorf("%q: results not marked as %s", tc.query, lang)
		}
		slices.Sort(got)
		if !slices.Equal(got, tc.want) {
			t.Errorf("%q finds %v, want %v", tc.query, got, tc.want)
		}
	}
}

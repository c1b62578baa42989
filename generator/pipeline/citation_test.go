package pipeline_test

import (
	"encoding/json"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/verbatim-archive/verbatim/generator/internal/sitetest"
	"github.com/verbatim-archive/verbatim/generator/pipeline"
	"golang.org/x/net/html"
)

// citationSite is an archive whose names and titles hold what could end
// a script or an attribute.
var citationSite = map[string]string{
	"content/site.yaml": "title: The </script> Record\ndescription: An archive.\nbase_url: https://example.org/archive/\n",
	"content/transcripts/a.md": "---\ntitle: \"Tides & </script><b>floods\"\ndate: 2024-03-05\nlocation: Town Hall, \"Room 2\"\n" +
		"summary: The tides, then the floods.\nsource: https://example.org/src\nspeakers: [ann, bob]\n---\n\nAnn: Words.\n\nBob: More words.\n",
	"content/transcripts/b.md": "---\ntitle: Plain\ndate: 2024-03-06\nspeakers: [bob]\n---\n\nBob: Only words.\n",
	"content/speakers/ann.md":  "---\nname: Ann <Lee>\naliases: [Ann]\n---\n",
	"content/speakers/bob.md":  "---\nname: Bob \"Bo\" Ray\naliases: [Bob]\n---\n",
}

// ldPage is what a transcript page's JSON-LD holds that citations read.
type ldPage struct {
	Context string `json:"@context"`
	Type    string `json:"@type"`
	Name    string `json:"name"`
	Date    string `json:"dateCreated"`
	Place   *struct {
		Type string `json:"@type"`
		Name string `json:"name"`
	} `json:"locationCreated"`
	Author []struct {
		Type string `json:"@type"`
		Name string `json:"name"`
	} `json:"author"`
	URL      string `json:"url"`
	IsPartOf struct {
		Type string `json:"@type"`
		Name string `json:"name"`
		URL  string `json:"url"`
	} `json:"isPartOf"`
}

// headMeta is a page's <meta name|property> values, by name, in order.
func headMeta(doc *html.Node) map[string][]string {
	m := map[string][]string{}
	sitetest.Walk(doc, func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "meta" {
			name := sitetest.Attr(n, "name") + sitetest.Attr(n, "property")
			m[name] = append(m[name], sitetest.Attr(n, "content"))
		}
	})
	return m
}

// linkedData parses the page's JSON-LD; ok is false when it has none.
func linkedData(t *testing.T, doc *html.Node) (ld ldPage, ok bool) {
	t.Helper()
	n := sitetest.Find(doc, func(n *html.Node) bool {
		return n.Type == html.ElementNode && n.Data == "script" && sitetest.Attr(n, "type") == "application/ld+json"
	})
	if n == nil {
		return ld, false
	}
	if err := json.Unmarshal([]byte(sitetest.Text(n)), &ld); err != nil {
		t.Fatalf("JSON-LD: %v\n%s", err, sitetest.Text(n))
	}
	return ld, true
}

// A transcript page carries the Highwire Press tags Zotero's Embedded
// Metadata translator reads (title, authors, date; og:type website makes it
// a web page of the site named by og:site_name, not a journal article) and
// schema.org JSON-LD; other pages carry neither.
func TestCitationMetadata(t *testing.T) {
	t.Parallel()
	src := sitetest.Site(t, citationSite)
	out := filepath.Join(t.TempDir(), "public")
	mustBuild(t, pipeline.Options{Source: src, Destination: out})
	pages := sitetest.Pages(t, out)
	for _, tc := range []struct {
		page, title, date, description, place string
		authors                               []string
	}{
		{"transcripts/a/index.html", "Tides & </script><b>floods", "2024-03-05", "The tides, then the floods.", `Town Hall, "Room 2"`, []string{"Ann <Lee>", `Bob "Bo" Ray`}},
		{"transcripts/b/index.html", "Plain", "2024-03-06", "An archive.", "", []string{`Bob "Bo" Ray`}},
	} {
		t.Run(tc.page, func(t *testing.T) {
			pg := pages[tc.page]
			if pg == nil {
				t.Fatal("no page")
			}
			meta := headMeta(pg.Doc)
			for name, want := range map[string][]string{
				"citation_title": {tc.title}, "citation_author": tc.authors, "citation_date": {tc.date},
				"og:type": {"website"}, "og:site_name": {"The </script> Record"}, "description": {tc.description},
			} {
				if !reflect.DeepEqual(meta[name], want) {
					t.Errorf("meta %s: %q, want %q", name, meta[name], want)
				}
			}
			ld, ok := linkedData(t, pg.Doc)
			if !ok {
				t.Fatal("no JSON-LD")
			}
			// The page's address is its canonical link, not repeated.
			if ld.Context != "https://schema.org" || ld.Type != "CreativeWork" || ld.Name != tc.title || ld.Date != tc.date || ld.URL != "" {
				t.Errorf("JSON-LD %+v", ld)
			}
			if got := ld.IsPartOf; got.Type != "WebSite" || got.Name != "The </script> Record" || got.URL != "https://example.org/archive/" {
				t.Errorf("JSON-LD isPartOf %+v", got)
			}
			if (ld.Place == nil) != (tc.place == "") || ld.Place != nil && (ld.Place.Name != tc.place || ld.Place.Type != "Place") {
				t.Errorf("JSON-LD locationCreated %+v, want %q", ld.Place, tc.place)
			}
			var names []string
			for _, a := range ld.Author {
				if a.Type != "Person" {
					t.Errorf("JSON-LD author %+v", a)
				}
				names = append(names, a.Name)
			}
			if !reflect.DeepEqual(names, tc.authors) {
				t.Errorf("JSON-LD authors %q, want %q", names, tc.authors)
			}
		})
	}
	for _, p := range []string{"index.html", "speakers/ann/index.html", "transcripts/index.html"} {
		if _, ok := linkedData(t, pages[p].Doc); ok || headMeta(pages[p].Doc)["citation_title"] != nil {
			t.Errorf("%s carries a transcript's citation metadata", p)
		}
	}
}

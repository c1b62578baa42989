package pipeline_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/verbatim-archive/verbatim/generator/check"
	"golang.org/x/net/html"
)

// writeSite lays out a site from a map of path -> contents in a temp folder.
func writeSite(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for p, s := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// page is one parsed HTML file of the output.
type page struct {
	ids   map[string]bool
	links []string // href and src values
	doc   *html.Node
}

// readOutput parses every HTML file under out.
func readOutput(t *testing.T, out string) map[string]*page {
	t.Helper()
	pages := map[string]*page{}
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		doc, err := html.Parse(bytes.NewReader(b))
		if err != nil {
			return err
		}
		pg := &page{ids: map[string]bool{}, doc: doc}
		walk(doc, func(n *html.Node) {
			for _, a := range n.Attr {
				switch a.Key {
				case "id":
					pg.ids[a.Val] = true
				case "href", "src":
					pg.links = append(pg.links, a.Val)
				}
			}
		})
		rel, _ := filepath.Rel(out, p)
		pages[filepath.ToSlash(rel)] = pg
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return pages
}

func walk(n *html.Node, f func(*html.Node)) {
	f(n)
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, f)
	}
}

// checkLinks follows every internal href and src of every page (resolved
// against the page's own URL, as a browser would) to a file of the output,
// and every #fragment to an id of that file, with the same checker as
// generator check; with a host, it also holds every feed, sitemap, JSON and
// canonical URL to the base URL. basePath is the path the site is served
// under ("/" or "/repo/"); host is the base URL's host, if any.
func checkLinks(t *testing.T, out, basePath, host string) *check.OutputReport {
	t.Helper()
	base := basePath
	if host != "" {
		base = "https://" + host + basePath
	}
	r, err := check.Output(out, base)
	if err != nil {
		t.Fatal(err)
	}
	if r.Pages == 0 {
		t.Fatal("no HTML files in the output")
	}
	for _, f := range r.Findings {
		t.Error(f)
	}
	if r.Links == 0 {
		t.Error("no internal links were checked")
	}
	return r
}

// checkXML parses every .xml file of the output.
func checkXML(t *testing.T, out string) {
	t.Helper()
	n := 0
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".xml") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		dec := xml.NewDecoder(bytes.NewReader(b))
		for {
			_, err := dec.Token()
			if err != nil {
				if err.Error() == "EOF" {
					break
				}
				t.Errorf("%s: not well-formed XML: %v", p, err)
				break
			}
		}
		n++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Error("no XML files in the output")
	}
}

type indexJSON struct {
	Slug     string `json:"slug"`
	Title    string `json:"title"`
	Date     string `json:"date"`
	Speakers []struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	} `json:"speakers"`
	Topics []string `json:"topics"`
	Turns  []struct {
		N       int    `json:"n"`
		Speaker string `json:"speaker"`
		Time    string `json:"time"`
		Text    string `json:"text"`
	} `json:"turns"`
}

func readJSON(t *testing.T, out, slug string) indexJSON {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(out, "transcripts", slug, "index.json"))
	if err != nil {
		t.Fatal(err)
	}
	var j indexJSON
	if err := json.Unmarshal(b, &j); err != nil {
		t.Fatalf("%s/index.json: %v", slug, err)
	}
	return j
}

// textOf is the text content of the first element matching pred.
func find(n *html.Node, pred func(*html.Node) bool) *html.Node {
	if pred(n) {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := find(c, pred); f != nil {
			return f
		}
	}
	return nil
}

func findAll(n *html.Node, pred func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	walk(n, func(x *html.Node) {
		if pred(x) {
			out = append(out, x)
		}
	})
	return out
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasClass(n *html.Node, class string) bool {
	return n.Type == html.ElementNode && strings.Contains(" "+attr(n, "class")+" ", " "+class+" ")
}

func text(n *html.Node) string {
	var b strings.Builder
	walk(n, func(x *html.Node) {
		if x.Type == html.TextNode {
			b.WriteString(x.Data)
		}
	})
	return b.String()
}

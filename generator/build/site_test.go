package build_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

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
// and every #fragment to an id of that file. basePath is the path the site
// is served under ("/" or "/repo/"); host is the base URL's host, if any.
func checkLinks(t *testing.T, out, basePath, host string) {
	t.Helper()
	pages := readOutput(t, out)
	if len(pages) == 0 {
		t.Fatal("no HTML files in the output")
	}
	names := make([]string, 0, len(pages))
	for n := range pages {
		names = append(names, n)
	}
	sort.Strings(names)
	checked := 0
	for _, name := range names {
		pageURL := &url.URL{Path: basePath + strings.TrimSuffix(name, "index.html")}
		for _, link := range pages[name].links {
			u, err := url.Parse(link)
			if err != nil {
				t.Errorf("%s: unparsable link %q", name, link)
				continue
			}
			if u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https" {
				continue // mailto: and the like
			}
			if u.Host != "" && u.Host != host {
				continue // another site
			}
			abs := pageURL.ResolveReference(u)
			if !strings.HasPrefix(abs.Path, basePath) {
				t.Errorf("%s: link %q leaves the site's path %s", name, link, basePath)
				continue
			}
			rel := strings.TrimPrefix(abs.Path, basePath)
			if rel == "" || strings.HasSuffix(rel, "/") {
				rel += "index.html"
			}
			if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(rel))); err != nil {
				t.Errorf("%s: link %q: no file %s", name, link, rel)
				continue
			}
			checked++
			if u.Fragment != "" {
				target := pages[rel]
				if target == nil || !target.ids[u.Fragment] {
					t.Errorf("%s: link %q: no element with id %q in %s", name, link, u.Fragment, rel)
				}
			}
		}
	}
	if checked == 0 {
		t.Error("no internal links were checked")
	}
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

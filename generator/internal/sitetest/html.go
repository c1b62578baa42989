package sitetest

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// Page is one HTML file of a built site, parsed.
type Page struct {
	Doc   *html.Node
	IDs   map[string]bool // the id attributes it holds
	Links []string        // its href and src values, in document order
}

// Pages parses every HTML file below out, by slash path.
func Pages(t testing.TB, out string) map[string]*Page {
	t.Helper()
	pages := map[string]*Page{}
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		doc, err := html.Parse(strings.NewReader(string(b)))
		if err != nil {
			return err
		}
		pg := &Page{IDs: map[string]bool{}, Doc: doc}
		Walk(doc, func(n *html.Node) {
			for _, a := range n.Attr {
				switch a.Key {
				case "id":
					pg.IDs[a.Val] = true
				case "href", "src":
					pg.Links = append(pg.Links, a.Val)
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

// ParseHTML parses s as a page, failing the test if it cannot.
func ParseHTML(t testing.TB, s string) *html.Node {
	t.Helper()
	n, err := html.Parse(strings.NewReader(s))
	if err != nil {
		t.Fatalf("not HTML: %v", err)
	}
	return n
}

// Walk calls f for n and every node below it, in document order.
func Walk(n *html.Node, f func(*html.Node)) {
	f(n)
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		Walk(c, f)
	}
}

// Find is the first node from n down, in document order, for which pred
// holds; nil if none does.
func Find(n *html.Node, pred func(*html.Node) bool) *html.Node {
	if pred(n) {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := Find(c, pred); f != nil {
			return f
		}
	}
	return nil
}

// FindAll is every node from n down for which pred holds, in document order.
func FindAll(n *html.Node, pred func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	Walk(n, func(x *html.Node) {
		if pred(x) {
			out = append(out, x)
		}
	})
	return out
}

// LookupAttr is the value of n's attribute key, and whether n has it.
func LookupAttr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// Attr is the value of n's attribute key, "" when it has none.
func Attr(n *html.Node, key string) string {
	v, _ := LookupAttr(n, key)
	return v
}

// HasClass says whether n is an element of the class.
func HasClass(n *html.Node, class string) bool {
	return n.Type == html.ElementNode && strings.Contains(" "+Attr(n, "class")+" ", " "+class+" ")
}

// IsTurnLabel says whether n is a turn's label: the first element of a
// turn (class "turn"), a paragraph.
func IsTurnLabel(n *html.Node) bool {
	if n.Type != html.ElementNode || n.Data != "p" || n.Parent == nil || !HasClass(n.Parent, "turn") {
		return false
	}
	for c := n.Parent.FirstChild; c != n; c = c.NextSibling {
		if c.Type == html.ElementNode {
			return false
		}
	}
	return true
}

// Text is the text below n, as written.
func Text(n *html.Node) string {
	var b strings.Builder
	Walk(n, func(x *html.Node) {
		if x.Type == html.TextNode {
			b.WriteString(x.Data)
		}
	})
	return b.String()
}

package markdown

import (
	"bytes"
	"strings"
	"testing"
)

// Links and images written from the site's root are rendered under the
// base path; every other destination is left as written, and the document
// still reports the destinations as written.
func TestSiteRootPathsUnderBasePath(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		base, body string
		want       []string
		refs       []string // References' Dest, as written
	}{
		{"/repo/", "![A map](/img/a.png \"The map\")", []string{`<img src="/repo/img/a.png" alt="A map" title="The map">`}, []string{"/img/a.png"}},
		{"/repo/", "[About](/about/)", []string{`<a href="/repo/about/">About</a>`}, []string{"/about/"}},
		{"/repo/", "[Top](/)", []string{`<a href="/repo/">Top</a>`}, []string{"/"}},
		{"/repo/", "[x](/a%20b/?q=1#f)", []string{`<a href="/repo/a%20b/?q=1#f">x</a>`}, nil},
		{"/repo/", "[x][r]\n\n[r]: /about/", []string{`<a href="/repo/about/">x</a>`}, nil},
		{"/repo/", "Text.[^1]\n\n[^1]: See ![m](/m.png) and [it](/about/).", []string{`src="/repo/m.png"`, `href="/repo/about/"`}, nil},
		{"/repo/", "[![inner](/i.png)](/about/)", []string{`<a href="/repo/about/"><img src="/repo/i.png" alt="inner"></a>`}, nil},
		// Not from the site's root: as written.
		{"/repo/", "[x](//cdn.example.org/a.js) [y](https://example.org/) [z](images/a.png) [w](#t3) ![v](../b.png)",
			[]string{`href="//cdn.example.org/a.js"`, `href="https://example.org/"`, `href="images/a.png"`, `href="#t3"`, `src="../b.png"`}, nil},
		{"/repo/", `[x](/\evil.example.org)`, []string{`href="/%5Cevil.example.org"`}, nil},
		// A site at the root of its domain: nothing to add.
		{"/", "![m](/img/a.png) [a](/about/)", []string{`src="/img/a.png"`, `href="/about/"`}, nil},
		{"", "![m](/img/a.png)", []string{`src="/img/a.png"`}, nil},
	} {
		c := New(Options{Resolver: fakeResolver{}, BasePath: tc.base})
		doc := c.Parse([]byte(tc.body+"\n"), DocOptions{SourcePath: "pages/p.md", FirstLine: 1})
		var b bytes.Buffer
		if err := doc.Render(&b); err != nil {
			t.Fatal(err)
		}
		for _, w := range tc.want {
			if !strings.Contains(b.String(), w) {
				t.Errorf("base %q, %q:\n%s\nwant %s", tc.base, tc.body, b.String(), w)
			}
		}
		if tc.refs != nil {
			var got []string
			for _, r := range doc.References() {
				got = append(got, r.Dest)
			}
			if strings.Join(got, " ") != strings.Join(tc.refs, " ") {
				t.Errorf("base %q, %q: references %q, want %q", tc.base, tc.body, got, tc.refs)
			}
		}
	}
}

// A dangerous destination stays without its URL, from the root or not.
func TestSiteRootPathsStaySafe(t *testing.T) {
	t.Parallel()
	c := New(Options{BasePath: "/repo/"})
	doc := c.Parse([]byte("![x](javascript:alert(1)) [y](javascript:alert(2))\n"), DocOptions{FirstLine: 1})
	var b bytes.Buffer
	if err := doc.Render(&b); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "javascript") || !strings.Contains(b.String(), `<img src="" alt="x">`) {
		t.Errorf("rendered:\n%s", b.String())
	}
}

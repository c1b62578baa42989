package pipeline_test

import (
	"strings"
	"testing"

	"github.com/verbatim-archive/verbatim/generator/check"
	"github.com/verbatim-archive/verbatim/generator/internal/sitetest"
	"github.com/verbatim-archive/verbatim/generator/pipeline"
)

// mustBuild builds the site opt names, failing the test if it cannot.
func mustBuild(t *testing.T, opt pipeline.Options) *pipeline.Result {
	t.Helper()
	res, err := pipeline.Run(opt)
	if err != nil {
		t.Fatalf("build failed:\n%v", err)
	}
	return res
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

// checkXML parses every .xml file of the output, which must be
// well-formed, and hold nothing a feed reader would run.
func checkXML(t *testing.T, out string) {
	t.Helper()
	n := 0
	for p, s := range sitetest.Files(t, out) {
		if strings.HasSuffix(p, ".xml") {
			checkXMLInert(t, p, []byte(s), false)
			n++
		}
	}
	if n == 0 {
		t.Error("no XML files in the output")
	}
}

package check_test

import (
	"strings"
	"testing"

	"github.com/verbatim-archive/verbatim/generator/check"
	"github.com/verbatim-archive/verbatim/generator/internal/sitetest"
)

// A site larger than the size to warn above (GitHub Pages' 1 GB unless
// told) is a warning of check, naming its heaviest files; a site within it
// is not.
func TestCheckWarnsOfAHeavySite(t *testing.T) {
	dir := sitetest.Site(t, map[string]string{
		"content/transcripts/a.md": front("A", "[ann]", "") + "**Ann:** Hello.\n",
	})
	for _, c := range []struct {
		above int64
		warns bool
	}{{0, false}, {1000, true}} {
		r, err := check.Run(check.Options{Source: dir, WarnAbove: c.above})
		if err != nil {
			t.Fatal(err)
		}
		var heavy []check.Finding
		for _, f := range r.Findings {
			if strings.Contains(f.Message, "GitHub Pages") {
				heavy = append(heavy, f)
			}
		}
		if got := len(heavy) == 1 && heavy[0].Severity == check.Warning && strings.Contains(heavy[0].Message, "largest files are assets/"); got != c.warns {
			t.Errorf("above %d bytes: warned %v, want %v: %+v", c.above, got, c.warns, r.Findings)
		}
	}
}

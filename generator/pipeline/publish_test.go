package pipeline_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/verbatim-archive/verbatim/generator/internal/sitetest"
	"github.com/verbatim-archive/verbatim/generator/pipeline"
)

// --base-url wins over base_url in site.yaml, in every page, feed and
// sitemap entry.
func TestBaseURLFlagWins(t *testing.T) {
	t.Parallel()
	dir := sitetest.Site(t, map[string]string{
		"content/site.yaml":        "title: X\nbase_url: https://example.org/old/\n",
		"content/transcripts/a.md": "---\ntitle: A\ndate: 2020-01-01\nspeakers: [ann]\n---\nann: Hi.\n",
		"content/transcripts/b.md": "---\ntitle: B\ndate: 2020-01-02\nspeakers: [ann]\n---\nann: See [[a#t1]].\n",
	})
	for _, tc := range []struct {
		name, flag, basePath, host, absent string
	}{
		{"site.yaml", "", "/old/", "example.org", "owner.github.io"},
		{"flag", "https://owner.github.io/repo/", "/repo/", "owner.github.io", "example.org"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			out := filepath.Join(t.TempDir(), "public")
			mustBuild(t, pipeline.Options{Source: dir, Destination: out, BaseURL: tc.flag})
			checkLinks(t, out, tc.basePath, tc.host)
			for rel, b := range sitetest.Files(t, out) {
				if strings.Contains(b, tc.absent) {
					t.Errorf("%s mentions %s", rel, tc.absent)
				}
			}
		})
	}
}

// CNAME is written from site.yaml's cname, or copied from content/static;
// a file the author wrote wins over the setting.
func TestCNAME(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  string // "" for no CNAME
	}{
		{"none", nil, ""},
		{"cname setting", map[string]string{"content/site.yaml": "cname: archive.example.org\n"}, "archive.example.org\n"},
		{"static file", map[string]string{"content/static/CNAME": "static.example.org\n"}, "static.example.org\n"},
		{"both", map[string]string{"content/site.yaml": "cname: archive.example.org\n", "content/static/CNAME": "static.example.org\n"}, "static.example.org\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			files := map[string]string{"content/transcripts/a.md": "---\ntitle: A\ndate: 2020-01-01\nspeakers: [ann]\n---\nann: Hi.\n"}
			for k, v := range tc.files {
				files[k] = v
			}
			dir := sitetest.Site(t, files)
			mustBuild(t, pipeline.Options{Source: dir})
			b, err := os.ReadFile(filepath.Join(dir, "public", "CNAME"))
			switch {
			case tc.want == "" && err == nil:
				t.Errorf("CNAME written: %q", b)
			case tc.want != "" && string(b) != tc.want:
				t.Errorf("CNAME = %q (%v), want %q", b, err, tc.want)
			}
			if _, err := os.Stat(filepath.Join(dir, "public", ".nojekyll")); err != nil {
				t.Error(".nojekyll is missing")
			}
		})
	}
}

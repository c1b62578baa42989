package load_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/verbatim-archive/verbatim/generator/internal/sitetest"
	"github.com/verbatim-archive/verbatim/generator/load"
)

// Update gives the source Site reads after each kind of change, and
// hands on the same *load.File for every file it did not read again.
func TestUpdateEqualsSite(t *testing.T) {
	t.Parallel()
	files := map[string]string{
		"content/transcripts/a.md":     "---\ntitle: A\n---\nOne.\n",
		"content/transcripts/b.md":     "---\ntitle: B\n---\nTwo.\n",
		"content/transcripts/sub/c.md": "---\ntitle: C\n---\nThree.\n",
		"content/pages/about.md":       "---\ntitle: About\n---\nHi.\n",
	}
	for _, c := range []struct {
		name, path, text string // text "" removes the file
		broken           bool   // the file cannot be read
	}{
		{"a transcript saved", "content/transcripts/b.md", "---\ntitle: B2\n---\nTwo more.\n", false},
		{"a page saved", "content/pages/about.md", "---\ntitle: About\n---\nHello.\n", false},
		{"a transcript added", "content/transcripts/sub/d.md", "---\ntitle: D\n---\nFour.\n", false},
		{"a transcript removed", "content/transcripts/a.md", "", false},
		{"a transcript broken", "content/transcripts/b.md", "---\ntitle: [\n---\n", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			dir := sitetest.Site(t, files)
			prev, err := load.Site(dir)
			if err != nil {
				t.Fatal(err)
			}
			abs := filepath.Join(dir, filepath.FromSlash(c.path))
			if c.text == "" {
				err = os.Remove(abs)
			} else {
				err = os.WriteFile(abs, []byte(c.text), 0o644)
			}
			if err != nil {
				t.Fatal(err)
			}
			got, gotErr := load.Update(prev, []string{abs})
			want, wantErr := load.Site(dir)
			if (gotErr != nil) != c.broken || (wantErr != nil) != c.broken {
				t.Fatalf("errors %v and %v; want them %v", gotErr, wantErr, c.broken)
			}
			if g, w := listing(got), listing(want); g != w {
				t.Errorf("Update gives\n%s\nSite gives\n%s", g, w)
			}
			old := map[string]*load.File{}
			for _, fs := range prev.Files {
				for _, f := range fs {
					old[f.Path] = f
				}
			}
			for _, fs := range got.Files {
				for _, f := range fs {
					if same := old[f.Path] == f; same == ("content/"+f.Path == c.path) {
						t.Errorf("%s: handed on as it was: %v", f.Path, same)
					}
				}
			}
		})
	}
}

// listing writes out each section's files in order, with their sums.
func listing(src *load.Source) string {
	var b strings.Builder
	for _, sec := range []load.Section{load.Transcripts, load.Speakers, load.Topics, load.Pages} {
		for _, f := range src.Files[sec] {
			b.WriteString(string(sec) + " " + f.Path + " " + f.Name + " " + string(f.Body) + "\n")
		}
	}
	return b.String()
}
